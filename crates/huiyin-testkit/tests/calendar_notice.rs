//! A year of the holiday calendar loaded from the State Council's notice in one step (issue 12
//! item 9): previewed (nothing stored), then loaded (the year's days replaced, the year left
//! provisional until an administrator marks it complete, open cases re-timed); text that
//! cannot be read is refused naming its line and changes nothing; only administrators load.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

const NOTICE_2027: &str = "国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）、2月20日（周六）上班。
三、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。";

/// A 2028 notice whose 元旦 begins on 2027-12-31.
const NOTICE_2028: &str = "国务院办公厅关于2028年部分节假日安排的通知
一、元旦：2027年12月31日（周五）至2028年1月2日（周日）放假，共3天。";

async fn calendar_year(t: &TestApp, year: i64) -> Option<Value> {
    let (_, cal) = t.get("/api/v1/calendar", None).await;
    cal["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .cloned()
}

async fn explanation_2027(t: &TestApp) -> String {
    let (_, v) = t
        .get(
            "/api/v1/calendar/deadline?start=2027-03-01&days=15&unit=working",
            None,
        )
        .await;
    v["explanation"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_notice_is_previewed_then_loaded_and_the_year_stays_provisional() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let body = |text: &str, confirm: bool| json!({"year": 2027, "text": text, "confirm": confirm});

    // Only an administrator, as for every calendar change.
    let registrar = t.token("registrar").await;
    let (status, _) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&registrar),
            &body(NOTICE_2027, true),
        )
        .await;
    assert_eq!(status, 403);
    assert!(calendar_year(&t, 2027).await.is_none());

    // The preview stores nothing.
    let (status, p) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&admin),
            &body(NOTICE_2027, false),
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["entries"].as_array().unwrap().len(), 18, "{p}");
    assert_eq!(
        (p["added"].as_u64(), p["changed"].as_u64()),
        (Some(18), Some(0))
    );
    assert_eq!(p["entries"][0]["date"], "2027-01-01");
    assert_eq!(p["entries"][0]["change"], "added");
    assert_eq!(p["was_complete"], false);
    let open_cases = p["open_cases"].as_u64().unwrap();
    assert!(
        calendar_year(&t, 2027).await.is_none(),
        "a preview stores nothing"
    );

    // Unreadable text: 422 naming the line; nothing changes.
    let bad = NOTICE_2027.replace("共7天", "共6天");
    let (status, e) = t
        .post_json("/api/v1/calendar/notice", Some(&admin), &body(&bad, true))
        .await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "calendar.notice_unreadable");
    let line = e["fields"]["text"].as_str().unwrap();
    assert!(line.contains("第3行「春节」"), "{e}");
    assert!(calendar_year(&t, 2027).await.is_none(), "nothing stored");
    let (status, e) = t
        .post_json("/api/v1/calendar/notice", Some(&admin), &body("  ", false))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (422, Some("calendar.notice_unreadable"))
    );

    // Loaded: the days are in, the year is not complete, its deadlines stay 暂定.
    let (status, r) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&admin),
            &body(NOTICE_2027, true),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["entries"].as_array().unwrap().len(), 18);
    assert_eq!(r["complete"], false);
    assert_eq!(r["retimed"].as_u64(), Some(open_cases), "{r}");
    let y = calendar_year(&t, 2027).await.unwrap();
    assert_eq!(y["complete"], false);
    assert_eq!(y["entries"].as_array().unwrap().len(), 18);
    assert!(explanation_2027(&t).await.contains("暂定"));
    // Audited as every calendar change.
    let auditor = t.token("auditor").await;
    let (_, audit) = t
        .get("/api/v1/audit?action=config.calendar", Some(&auditor))
        .await;
    assert!(audit.to_string().contains("2027"), "{audit}");

    // Loaded again: every day the same; marked complete with the existing action.
    let (_, p) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&admin),
            &body(NOTICE_2027, false),
        )
        .await;
    assert_eq!(
        (p["added"].as_u64(), p["changed"].as_u64()),
        (Some(0), Some(0))
    );
    let (status, _) = t
        .post_json(
            "/api/v1/calendar/years/2027/complete",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(!explanation_2027(&t).await.contains("暂定"));

    // A 2028 notice beginning on 2027-12-31 adds that day to 2027, which stays complete.
    let (status, p) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&admin),
            &json!({"year": 2028, "text": NOTICE_2028}),
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["previous"][0]["date"], "2027-12-31", "{p}");
    let (status, r) = t
        .post_json(
            "/api/v1/calendar/notice",
            Some(&admin),
            &json!({"year": 2028, "text": NOTICE_2028, "confirm": true}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let y2027 = calendar_year(&t, 2027).await.unwrap();
    assert_eq!(y2027["complete"], true);
    assert_eq!(y2027["entries"].as_array().unwrap().len(), 19);
    let y2028 = calendar_year(&t, 2028).await.unwrap();
    assert_eq!(
        (
            y2028["complete"].as_bool(),
            y2028["entries"].as_array().unwrap().len()
        ),
        (Some(false), 2)
    );
}

#[tokio::test]
async fn the_calendar_page_previews_and_loads_a_notice_keeping_bad_text() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (status, page) = get(&t, &cookie, "/admin/calendar?year=2027").await;
    assert_eq!(status, 200);
    assert!(page.contains("从国务院通知导入"), "{page}");
    let csrf = csrf_of(&page);

    let bad = NOTICE_2027.replace("2月6日（周六）", "2月6日（周日）");
    let (status, page) = post(
        &t,
        &cookie,
        "/admin/calendar/notice",
        &[
            ("_csrf", &csrf),
            ("year", "2027"),
            ("op", "preview"),
            ("notice", &bad),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("第3行「春节」"), "{page}");
    assert!(page.contains("2月6日（周日）"), "the text is kept");

    let (status, page) = post(
        &t,
        &cookie,
        "/admin/calendar/notice",
        &[
            ("_csrf", &csrf),
            ("year", "2027"),
            ("op", "preview"),
            ("notice", NOTICE_2027),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-testid=\"notice-days\""), "{page}");
    assert!(page.contains("data-date=\"2027-02-14\""));
    assert!(page.contains("导入并重算"), "{page}");
    assert!(page.contains("新增18天"), "{page}");
    assert!(
        calendar_year(&t, 2027).await.is_none(),
        "a preview stores nothing"
    );

    let (status, _) = post(
        &t,
        &cookie,
        "/admin/calendar/notice",
        &[
            ("_csrf", &csrf),
            ("year", "2027"),
            ("op", "confirm"),
            ("notice", NOTICE_2027),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get(&t, &cookie, "/admin/calendar?year=2027&retimed=0&loaded=18").await;
    assert!(page.contains("已从国务院通知载入18天"), "{page}");
    assert!(page.contains("data-testid=\"year-incomplete\""), "{page}");
    assert!(page.contains("data-date=\"2027-05-05\""));

    // Any other role gets the 403 page and nothing changes.
    let registrar = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &registrar, "/").await;
    let csrf = csrf_of(&page);
    let (status, _) = post(
        &t,
        &registrar,
        "/admin/calendar/notice",
        &[
            ("_csrf", &csrf),
            ("year", "2028"),
            ("op", "confirm"),
            ("notice", NOTICE_2028),
        ],
    )
    .await;
    assert_eq!(status, 403);
    assert!(calendar_year(&t, 2028).await.is_none());
}
