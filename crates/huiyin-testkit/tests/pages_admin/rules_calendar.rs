//! Categories and rules shown with their sources (in Chinese and English), and a calendar
//! change that re-times open cases.

use huiyin_testkit::pages::{client, csrf_of, get, post_form as post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn categories_and_rules_are_shown_with_their_sources() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, cats) = get(&t, &cookie, "/admin/categories").await;
    assert!(cats.contains("data-category=") && cats.contains("默认类型"));
    let (_, rules) = get(&t, &cookie, "/admin/rules").await;
    assert!(
        rules.contains("现行有效")
            && rules.contains("信访工作条例")
            && rules.contains("60个自然日")
    );
    let en = client()
        .get(t.url("/admin/rules"))
        .header("cookie", format!("{cookie}; hy_lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("In force") && en.contains("60 calendar days"));
}

#[tokio::test]
async fn a_calendar_change_retimes_open_cases() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let due_before = case["deadlines"][0]["due_on"].as_str().unwrap().to_owned();
    let cookie = sign_in(&t, "admin").await;
    let (status, html) = get(&t, &cookie, "/admin/calendar?year=2026").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"months\"") && html.contains("春节"));
    let csrf = csrf_of(&html);
    // A workday on a Wednesday is refused by the calendar's own check, translated.
    let bad = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[
            ("_csrf", &csrf),
            ("year", "2026"),
            ("op", "set"),
            ("date", "2026-07-08"),
            ("kind", "workday"),
            ("name", "测试"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("节假日安排数据有误"));
    // The 15-day limit ends on 2026-07-14; made a day off, the deadline moves.
    assert_eq!(due_before, "2026-07-14");
    let mut retimed = String::new();
    for day in ["2026-07-13", "2026-07-14"] {
        let ok = post(
            &t,
            &cookie,
            "/admin/calendar",
            &[
                ("_csrf", &csrf),
                ("year", "2026"),
                ("op", "set"),
                ("date", day),
                ("kind", "off"),
                ("name", "测试<b>假日</b>"),
            ],
        )
        .await;
        assert_eq!(ok.status(), 303, "{day}");
        retimed = ok.headers()["location"].to_str().unwrap().to_owned();
    }
    assert!(retimed.contains("retimed="), "{retimed}");
    let (_, after) = get(&t, &cookie, &retimed).await;
    assert!(after.contains("已重算期限的事项数：") && after.contains("data-date=\"2026-07-14\""));
    assert!(!after.contains("<b>假日</b>"), "holiday names are text");
    let (_, v) = t.case(&token, id).await;
    let due_after = v["deadlines"][0]["due_on"].as_str().unwrap().to_owned();
    assert_ne!(due_before, due_after, "the open case was re-timed");
    let removed = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[
            ("_csrf", &csrf),
            ("year", "2026"),
            ("op", "remove"),
            ("date", "2026-07-13"),
        ],
    )
    .await;
    assert_eq!(removed.status(), 303);
    let (_, gone) = get(&t, &cookie, removed.headers()["location"].to_str().unwrap()).await;
    assert!(
        !gone.contains("data-date=\"2026-07-13\"") && gone.contains("data-date=\"2026-07-14\"")
    );
}
