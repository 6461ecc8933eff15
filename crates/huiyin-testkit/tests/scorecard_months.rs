//! 考评 frozen monthly and exported (issue 14 item 6): a completed month's scorecard is frozen
//! the first time it is asked for and never changes afterwards, while the live figures of the
//! same days move on; the current month is refused; a scorecard downloads as xlsx.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::{letter, spawn_app};
use serde_json::Value;

fn items(card: &Value) -> Value {
    card["items"].clone()
}

#[tokio::test]
async fn a_completed_month_is_frozen_and_never_changes_while_live_figures_move_on() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.county, "2026-06-10"))
        .await;
    let city = t.token("city").await;

    // June is not over: no frozen scorecard yet; a month that does not read is refused.
    let (status, v) = t
        .get("/api/v1/stats/scorecard?month=2026-06", Some(&city))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["month"].is_string(), "{v}");
    let (status, v) = t
        .get("/api/v1/stats/scorecard?month=2026-13", Some(&city))
        .await;
    assert_eq!(status, 422, "{v}");

    // In July, June is frozen the first time it is asked for.
    t.clock.set_today("2026-07-02");
    let city = t.token("city").await;
    let (status, frozen) = t
        .get("/api/v1/stats/scorecard?month=2026-06", Some(&city))
        .await;
    assert_eq!(status, 200, "{frozen}");
    assert_eq!(frozen["month"], "2026-06");
    assert_eq!(frozen["from"], "2026-06-01");
    assert_eq!(frozen["to"], "2026-06-30");
    let frozen_at = frozen["frozen_at"].as_str().unwrap().to_owned();
    assert!(frozen_at.starts_with("2026-07-02"), "{frozen}");

    // Weeks later a June case is recorded late and the first one is overdue: the live figures
    // of June change, the frozen ones do not.
    t.clock.set_today("2026-07-20");
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.county, "2026-06-15"))
        .await;
    let city = t.token("city").await;
    let (_, live) = t
        .get(
            "/api/v1/stats/scorecard?from=2026-06-01&to=2026-06-30",
            Some(&city),
        )
        .await;
    assert_ne!(
        items(&live),
        items(&frozen),
        "the live figures moved on: {live}"
    );
    let (_, again) = t
        .get("/api/v1/stats/scorecard?month=2026-06", Some(&city))
        .await;
    assert_eq!(items(&again), items(&frozen), "{again}");
    assert_eq!(again["frozen_at"], frozen_at.as_str());

    // The scorecard as a workbook: every scored unit by name, the month in the note.
    let res = reqwest::Client::new()
        .get(t.url("/api/v1/stats/scorecard?month=2026-06&format=xlsx"))
        .bearer_auth(&city)
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
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut s = String::new();
        zip.by_index(i).unwrap().read_to_string(&mut s).unwrap();
        text.push_str(&s);
    }
    for i in frozen["items"].as_array().unwrap() {
        assert!(text.contains(i["unit_name"].as_str().unwrap()), "{text}");
    }
    assert!(
        text.contains("2026-06") && text.contains("及时受理率"),
        "{text}"
    );
    let (status, v) = t
        .get("/api/v1/stats/scorecard?format=pdf", Some(&city))
        .await;
    assert_eq!(status, 422, "{v}");
}
