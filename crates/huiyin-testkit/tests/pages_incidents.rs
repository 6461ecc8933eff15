//! The incident pages (突发事件、群体性事件; issue 13 item 3): the list of one's scope with the
//! reports owed, late (迟报) and missing (漏报); the form recording one (every problem at once,
//! what was typed kept; cases typed by number); an incident's page with its reporting chain and
//! a report filed through it (a refusal first); the workbook; an incident out of sight is 404.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_core::clock::Clock;

use huiyin_testkit::pages::{client, csrf_of, get, post, post_form, sign_in};
use huiyin_testkit::{letter, spawn_app};

fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        all.push_str(&s);
    }
    all
}

#[tokio::test]
async fn an_incident_is_recorded_and_reported_through_its_pages() {
    let t = spawn_app().await; // 2026-06-30, 12:00 Beijing
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let number = case["number"].as_str().unwrap().to_owned();
    let case_id = case["id"].as_i64().unwrap();
    let (school, county_unit) = (t.units.school, t.units.county);

    let county = sign_in(&t, "county").await;
    let (status, html) = get(&t, &county, "/incidents").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("href=\"/incidents\" aria-current=\"page\""),
        "nav: {html}"
    );
    assert!(html.contains("data-testid=\"no-incidents\""), "{html}");
    let (_, warnings) = get(&t, &county, "/warnings").await;
    assert!(
        warnings.contains("data-testid=\"incidents-link\""),
        "{warnings}"
    );

    // Every problem at once — the unknown case number and the form's own — what was typed kept.
    let csrf = csrf_of(&html);
    let (status, again) = post(
        &t,
        &county,
        "/incidents",
        &[
            ("_csrf", &csrf),
            ("title", "家长聚集第一小学校门口"),
            ("level", "major"),
            ("unit_id", &school.to_string()),
            ("occurred_at", "昨天上午"),
            ("people_count", "40"),
            ("description", ""),
            ("case_numbers", "330106-2026-999999"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("data-testid=\"errors\""), "{again}");
    assert!(
        again.contains("330106-2026-999999不存在或无权查看")
            && again.contains("发生时间：请填写发生时间")
            && again.contains("请填写2至10000字"),
        "every problem: {again}"
    );
    assert!(
        again.contains("value=\"家长聚集第一小学校门口\"")
            && again.contains("value=\"昨天上午\"")
            && again.contains("value=\"330106-2026-999999\"")
            && again.contains("<option value=\"major\" selected>"),
        "kept: {again}"
    );
    assert!(again.contains("<details open>"), "the form stays open");

    let res = post_form(
        &t,
        &county,
        "/incidents",
        &[
            ("_csrf", &csrf),
            ("title", "家长聚集第一小学校门口"),
            ("level", "major"),
            ("unit_id", &school.to_string()),
            ("occurred_at", "2026-06-30 11:45"),
            ("people_count", "40"),
            (
                "description",
                "约40名家长因学区划片调整在校门口聚集，要求与校长对话。",
            ),
            ("case_numbers", &number),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let href = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(href.ends_with("?done=record"), "{href}");
    let href = href.trim_end_matches("?done=record").to_owned();

    let (_, list) = get(&t, &county, "/incidents").await;
    assert!(
        list.contains(&format!("href=\"{href}\"")) && list.contains("家长聚集第一小学校门口"),
        "{list}"
    );
    assert!(
        list.contains("应报4份，已报0份") && list.contains("data-status=\"reporting\""),
        "{list}"
    );
    assert!(list.contains("2026-06-30 11:45:00"), "occurred at: {list}");

    let (status, page) = get(&t, &county, &format!("{href}?done=record")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-testid=\"done\""), "{page}");
    assert!(
        page.contains(&format!("<a href=\"/cases/{case_id}\">{number}</a>")),
        "the linked case: {page}"
    );
    // 较大: a first and a written report to the school's body and to the county.
    for row in [
        format!("first-{school}"),
        format!("first-{county_unit}"),
        format!("written-{school}"),
        format!("written-{county_unit}"),
    ] {
        assert!(
            page.contains(&format!("data-report=\"{row}\"")),
            "{row}: {page}"
        );
    }
    assert!(
        page.contains("2026-06-30 12:15:00"),
        "the first reports' due time"
    );
    assert!(
        page.contains(&format!("data-form=\"to-{school}\""))
            && page.contains(&format!("data-form=\"to-{county_unit}\""))
            && page.contains("data-testid=\"no-follow-up\""),
        "{page}"
    );
    assert!(!page.contains("data-testid=\"missing\""), "{page}");

    // Forty minutes on, the first reports are missing (漏报).
    t.clock.set_millis(t.clock.now_millis() + 40 * 60_000);
    let county = sign_in(&t, "county").await;
    let (_, list) = get(&t, &county, "/incidents").await;
    assert!(
        list.contains("data-testid=\"missing\"") && list.contains("data-status=\"missing\""),
        "{list}"
    );
    let (_, page) = get(&t, &county, &href).await;
    assert_eq!(page.matches("data-testid=\"missing\"").count(), 2, "{page}");

    // A refused report keeps its form open with what was typed; then it is filed, late (迟报).
    let csrf = csrf_of(&page);
    let report = format!("{href}/report");
    let to_county = [
        ("_csrf", csrf.as_str()),
        ("form", &format!("to-{county_unit}")),
        ("to_unit_id", &county_unit.to_string()),
        ("content", "电"),
    ];
    let (status, refused) = post(&t, &county, &report, &to_county).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused.contains(&format!("<details open data-form=\"to-{county_unit}\""))
            && refused.contains(">电</textarea>")
            && refused.contains("请填写2至10000字"),
        "{refused}"
    );
    let mut filed = to_county;
    filed[3].1 = "电话报告区教育局值班室";
    let (status, _) = post(&t, &county, &report, &filed).await;
    assert_eq!(status, 303);
    let (_, page) = get(&t, &county, &format!("{href}?done=report")).await;
    assert!(page.contains("data-testid=\"done\""), "{page}");
    assert!(
        page.contains("2026-06-30 12:40:00")
            && page.contains("data-testid=\"late\"")
            && page.contains("电话报告区教育局值班室"),
        "reported, late: {page}"
    );
    assert_eq!(page.matches("data-testid=\"missing\"").count(), 1, "{page}");

    // The workbook holds the incident and its linked case.
    let res = client()
        .get(t.url("/incidents.xlsx"))
        .header("cookie", &county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let text = xlsx_text(&res.bytes().await.unwrap());
    assert!(
        text.contains("家长聚集第一小学校门口") && text.contains(&number),
        "{text}"
    );

    // Another county sees nothing: not in its list, and the page and its form are not found.
    let sibling = sign_in(&t, "sibling").await;
    let (_, theirs) = get(&t, &sibling, "/incidents").await;
    assert!(theirs.contains("data-testid=\"no-incidents\""), "{theirs}");
    let (status, _) = get(&t, &sibling, &href).await;
    assert_eq!(status, 404);
    let csrf = csrf_of(&theirs);
    let (status, _) = post(
        &t,
        &sibling,
        &report,
        &[
            ("_csrf", &csrf),
            ("to_unit_id", &county_unit.to_string()),
            ("content", "越权报告"),
        ],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = get(&t, &county, "/incidents/abc").await;
    assert_eq!(status, 404);
}
