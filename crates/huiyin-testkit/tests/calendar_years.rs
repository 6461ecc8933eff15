//! A holiday year counts as official only when an administrator marks it complete (issue 12
//! item 9): one day entered for a year not loaded begins the year, but its deadlines stay
//! provisional (暂定) until the year is confirmed whole.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn explanation(t: &TestApp) -> String {
    let (status, v) = t
        .get(
            "/api/v1/calendar/deadline?start=2027-03-01&days=15&unit=working",
            None,
        )
        .await;
    assert_eq!(status, 200, "{v}");
    v["explanation"].as_str().unwrap().to_owned()
}

fn year_of(cal: &Value, year: i64) -> Option<Value> {
    cal["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .cloned()
}

#[tokio::test]
async fn a_year_begun_by_one_day_stays_provisional_until_marked_complete() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    assert!(explanation(&t).await.contains("暂定"), "2027 is not loaded");

    let (status, v) = t
        .post_json(
            "/api/v1/calendar/days",
            Some(&admin),
            &json!({"op": "set", "date": "2027-01-01", "kind": "off", "name": "元旦",
                    "source": "国务院办公厅关于2027年部分节假日安排的通知"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    assert_eq!(year_of(&cal, 2027).unwrap()["complete"], false, "{cal}");
    assert_eq!(year_of(&cal, 2026).unwrap()["complete"], true);
    assert!(
        explanation(&t).await.contains("暂定"),
        "one day does not make a year official"
    );
    assert!(cal["toml"].as_str().unwrap().contains("complete = false"));

    // Only an administrator confirms, and only a loaded year.
    let registrar = t.token("registrar").await;
    let (status, _) = t
        .post_json(
            "/api/v1/calendar/years/2027/complete",
            Some(&registrar),
            &json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, e) = t
        .post_json(
            "/api/v1/calendar/years/2031/complete",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "calendar.invalid");
    assert!(
        e["fields"]["year"].as_str().unwrap().contains("2031"),
        "{e}"
    );

    let (status, v) = t
        .post_json(
            "/api/v1/calendar/years/2027/complete",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    assert_eq!(year_of(&cal, 2027).unwrap()["complete"], true);
    assert!(!explanation(&t).await.contains("暂定"), "now official");
    // The year's days are kept; a further day edit keeps it complete.
    let (status, _) = t
        .post_json(
            "/api/v1/calendar/days",
            Some(&admin),
            &json!({"op": "set", "date": "2027-01-02", "kind": "off", "name": "元旦"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    let y = year_of(&cal, 2027).unwrap();
    assert_eq!(y["complete"], true);
    assert_eq!(y["entries"].as_array().unwrap().len(), 2);
}

/// The calendar page says a year is not confirmed and confirms it with one button.
#[tokio::test]
async fn the_calendar_page_confirms_a_year() {
    use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, page) = get(&t, &cookie, "/admin/calendar?year=2027").await;
    let csrf = csrf_of(&page);
    let (status, _) = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[
            ("_csrf", &csrf),
            ("year", "2027"),
            ("op", "set"),
            ("date", "2027-10-01"),
            ("kind", "off"),
            ("name", "国庆节"),
            ("source", "国务院办公厅关于2027年部分节假日安排的通知"),
        ],
    )
    .await;
    assert!(status == 303 || status == 200, "{status}");
    let (_, page) = get(&t, &cookie, "/admin/calendar?year=2027").await;
    assert!(page.contains("data-testid=\"year-incomplete\""), "{page}");
    let (_, page2026) = get(&t, &cookie, "/admin/calendar?year=2026").await;
    assert!(!page2026.contains("data-testid=\"year-incomplete\""));
    let (status, _) = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[("_csrf", &csrf), ("year", "2027"), ("op", "complete")],
    )
    .await;
    assert!(status == 303 || status == 200, "{status}");
    let (_, page) = get(&t, &cookie, "/admin/calendar?year=2027").await;
    assert!(!page.contains("data-testid=\"year-incomplete\""), "{page}");
    assert!(!explanation(&t).await.contains("暂定"));
}
