//! The 领导督查 page (issue 14 items 4–6): leaders and supervisors see the last month's frozen
//! scorecard with every figure linked to its cases and a workbook download, the year's
//! supervision per unit, the cases each leader took, and the 责任追究 records with a form that
//! names every problem at once and keeps what was typed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

/// The first `href` on the page that starts with `prefix`, unescaped.
fn first_link(html: &str, prefix: &str) -> String {
    let at = html.find(&format!("href=\"{prefix}")).expect(prefix) + 6;
    let end = html[at..].find('"').unwrap() + at;
    html[at..end].replace("&amp;", "&")
}

#[tokio::test]
async fn leaders_see_the_frozen_scorecard_supervision_and_accountability() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.county, "2026-06-10"))
        .await;
    let number = case["number"].as_str().unwrap().to_owned();
    let city = t.token("city").await;
    let city_id = t.app.authenticate(&city).await.unwrap().id;
    t.act_ok(
        &city,
        case["id"].as_i64().unwrap(),
        json!({"action": "own", "leader_user_id": city_id}),
    )
    .await;
    t.clock.set_today("2026-07-02");

    // Not for a registrar.
    let clerk = sign_in(&t, "registrar").await;
    let (status, _) = get(&t, &clerk, "/leaders").await;
    assert_eq!(status, 403);
    let (_, home) = get(&t, &clerk, "/").await;
    assert!(!home.contains("href=\"/leaders\""));

    let boss = sign_in(&t, "city").await;
    let (status, html) = get(&t, &boss, "/leaders").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("href=\"/leaders\" aria-current=\"page\""),
        "nav"
    );
    assert!(
        html.contains("考评排名") && html.contains("· 2026-06"),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"frozen\"") && html.contains("冻结"),
        "{html}"
    );
    assert!(
        html.contains("某区教育局") && html.contains("邻区教育局"),
        "{html}"
    );
    // The case the city's leader took is in the table of leaders.
    let tallies = &html[html.find("data-testid=\"leader-tallies\"").unwrap()..];
    assert!(tallies.contains("<td class=\"num\">1</td>"), "{tallies}");

    // A figure opens its cases; the workbook downloads.
    let href = first_link(&html, "/leaders/cases?");
    let (status, cases) = get(&t, &boss, &href).await;
    assert_eq!(status, 200, "{href}: {cases}");
    assert!(cases.contains("data-testid=\"total\""), "{cases}");
    let res = client()
        .get(t.url("/leaders/scorecard.xlsx?month=2026-06"))
        .header("cookie", &boss)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("2026-06")
    );

    // The 责任追究 form: every problem at once, what was typed kept.
    let csrf = csrf_of(&html);
    let (status, again) = post(
        &t,
        &boss,
        "/leaders/accountability",
        &[
            ("_csrf", &csrf),
            ("unit_id", &t.units.county.to_string()),
            ("person", "李某（科长）"),
            ("measure", "interview"),
            ("on", "2026-07-01"),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("data-testid=\"errors\""), "{again}");
    assert!(
        again.contains("追责依据") && again.contains("value=\"李某（科长）\""),
        "{again}"
    );
    // A case number out of sight is refused like an unknown one.
    let (status, again) = post(
        &t,
        &boss,
        "/leaders/accountability",
        &[
            ("_csrf", &csrf),
            ("unit_id", &t.units.county.to_string()),
            ("grounds", "shirking_or_overdue"),
            ("measure", "interview"),
            ("on", "2026-07-01"),
            ("description", "约谈"),
            ("case_numbers", "999999-2026-000001"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("999999-2026-000001"), "{again}");
    let (status, _) = post(
        &t,
        &boss,
        "/leaders/accountability",
        &[
            ("_csrf", &csrf),
            ("unit_id", &t.units.county.to_string()),
            ("person", "李某（科长）"),
            ("grounds", "shirking_or_overdue"),
            ("grounds", "no_acceptance_notice"),
            ("measure", "interview"),
            ("on", "2026-07-01"),
            ("description", "未按期书面告知，约谈相关负责人"),
            ("case_numbers", &number),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &boss, "/leaders?done=accountability").await;
    let section = &html[html.find("data-testid=\"accountability\"").unwrap()..];
    assert!(
        section.contains("李某（科长）") && section.contains(&number),
        "{section}"
    );
    assert!(section.contains("第四十四条"), "{section}");

    // The 带案下访 form offers the units of the city's scope, down to its schools, and none
    // above or beside it.
    let visit_form = &html[html.find("id=\"fv-unit\"").unwrap()..];
    let visit_form = &visit_form[..visit_form.find("</select>").unwrap()];
    assert!(
        visit_form.contains(&format!("value=\"{}\"", t.units.school)),
        "{visit_form}"
    );
    assert!(
        !visit_form.contains(&format!("value=\"{}\"", t.units.province)),
        "{visit_form}"
    );
    // A missing case refused with what was typed kept (and the other form left alone), then
    // recorded.
    let leader_id = city_id.to_string();
    let (status, again) = post(
        &t,
        &boss,
        "/leaders/field-visits",
        &[
            ("_csrf", &csrf),
            ("leader_user_id", &leader_id),
            ("unit_id", &t.units.school.to_string()),
            ("on", "2026-07-01"),
            ("place", "某区第一小学"),
            ("outcome", "当面答复"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("data-testid=\"visit-errors\""), "{again}");
    assert!(again.contains("value=\"某区第一小学\""), "{again}");
    assert!(!again.contains("data-testid=\"errors\""), "{again}");
    let (status, _) = post(
        &t,
        &boss,
        "/leaders/field-visits",
        &[
            ("_csrf", &csrf),
            ("leader_user_id", &leader_id),
            ("unit_id", &t.units.school.to_string()),
            ("on", "2026-07-01"),
            ("place", "某区第一小学"),
            ("case_numbers", &number),
            ("outcome", "市局领导带案下访，当面答复家长"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &boss, "/leaders?done=visit").await;
    let section = &html[html.find("data-testid=\"field-visits\"").unwrap()..];
    assert!(
        section.contains("市局领导带案下访") && section.contains(&number),
        "{section}"
    );
    assert!(html.contains("已记录带案下访"), "{html}");

    // The county's own leader opens the page but never sees the record about the county.
    let county_leader = sign_in(&t, "leader").await;
    let (status, html) = get(&t, &county_leader, "/leaders").await;
    assert_eq!(status, 200);
    assert!(!html.contains("李某（科长）"), "{html}");
}
