//! 联合接访 pages (issue 15 item 4): a session recorded through the list page's form (a refusal
//! first, what was typed kept), a case recorded by number, the session closed only when
//! confirmed; the case page names the session; the download.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn a_session_is_recorded_and_closed_through_the_pages() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let (a_id, a_number) = (a["id"].as_i64().unwrap(), a["number"].as_str().unwrap());
    let cookie = sign_in(&t, "county").await;
    let (status, html) = get(&t, &cookie, "/joint-receptions").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"no-sessions\""), "{html}");
    assert!(
        html.contains("aria-current=\"page\">联合接访"),
        "nav: {html}"
    );
    let csrf = csrf_of(&html);
    let (county, school) = (t.units.county.to_string(), t.units.school.to_string());
    let (status, again) = post(
        &t,
        &cookie,
        "/joint-receptions",
        &[
            ("_csrf", &csrf),
            ("on", "2026-06-29"),
            ("host_unit_id", &county),
            ("place", "区信访接待中心"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("请选择参加接访的部门"), "{again}");
    assert!(again.contains("value=\"区信访接待中心\""), "kept: {again}");
    let (status, _) = post(
        &t,
        &cookie,
        "/joint-receptions",
        &[
            ("_csrf", &csrf),
            ("on", "2026-06-29"),
            ("host_unit_id", &county),
            ("place", "区信访接待中心"),
            ("unit_ids", &school),
            ("on_duty", "王局长\n李科长"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, list) = get(&t, &cookie, "/joint-receptions").await;
    let at = list.find("data-session=\"").unwrap() + 14;
    let id: String = list[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let page = format!("/joint-receptions/{id}");
    let (status, _) = post(
        &t,
        &cookie,
        &format!("{page}/cases"),
        &[("_csrf", &csrf), ("case_number", a_number)],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &cookie, &page).await;
    assert!(html.contains(&format!("data-case=\"{a_id}\"")), "{html}");
    assert!(html.contains("王局长、李科长"), "{html}");
    let (_, case_page) = get(&t, &cookie, &format!("/cases/{a_id}")).await;
    assert!(
        case_page.contains("<dt>联合接访</dt><dd>2026-06-29 区信访接待中心（某区教育局）</dd>"),
        "{case_page}"
    );
    let (status, html) = post(
        &t,
        &cookie,
        &format!("{page}/close"),
        &[("_csrf", &csrf), ("summary", "当场受理1件")],
    )
    .await;
    assert_eq!(status, 422, "unconfirmed: {html}");
    assert!(html.contains("请勾选确认"), "{html}");
    let (status, _) = post(
        &t,
        &cookie,
        &format!("{page}/close"),
        &[
            ("_csrf", &csrf),
            ("summary", "当场受理1件"),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &cookie, &page).await;
    assert!(html.contains("data-testid=\"summary\""), "{html}");
    assert!(!html.contains("data-action=\"close\""), "{html}");
    let res = huiyin_testkit::pages::client()
        .get(t.url("/joint-receptions.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
