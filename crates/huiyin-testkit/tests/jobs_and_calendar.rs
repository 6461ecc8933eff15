//! The deadline scanner (overdue, 催办, 督办; once per day on one instance) and calendar edits
//! that re-time open deadlines.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::sync::Arc;

use huiyin_app::{App, AppConfig};
use huiyin_store::Store;
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn scanner_marks_overdue_and_writes_supervision_once() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let late = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    let mut other = letter(t.units.school2, "2026-06-16");
    other["petitioners"][0] = json!({"name": "李娜"});
    let soon = t.register(&registrar, &other).await["id"].as_i64().unwrap();

    let report = t.app.scan_deadlines("instance-a").await.unwrap();
    assert!(report.ran);
    assert_eq!(report.overdue_marked, 1);
    assert_eq!(report.supervisions_created, 1);
    assert_eq!(
        report.reminders_created, 1,
        "due 2026-07-01, within three days"
    );
    let s = t
        .app
        .store_for_tests()
        .supervisions_of_case(late)
        .await
        .unwrap();
    assert_eq!(
        (
            s[0].kind.as_str(),
            s[0].unit_id,
            s[0].deadline_kind.as_str()
        ),
        ("supervise", t.units.county_office, "disposal")
    );
    assert_eq!(
        t.app
            .store_for_tests()
            .supervisions_of_case(soon)
            .await
            .unwrap()[0]
            .kind,
        "urge"
    );
    let (_, c) = t.case(&registrar, late).await;
    assert!(
        c["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "overdue")
    );

    // The same day again: nothing runs twice.
    assert!(!t.app.scan_deadlines("instance-b").await.unwrap().ran);
    // The next day it runs again but creates no duplicate orders.
    t.clock.set_today("2026-07-01");
    let next = t.app.scan_deadlines("instance-b").await.unwrap();
    assert!(next.ran);
    assert_eq!(next.supervisions_created, 0);
}

#[tokio::test]
async fn two_instances_on_one_database_do_not_double_run_the_scan() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    // A second app over the same database with its own connections, as a second
    // `huiyin serve` process would have.
    let second = second_app(&t).await;
    for round in 0..5 {
        let day = format!("2026-07-{:02}", round + 1);
        t.clock.set_today(&day);
        let (a, b) = tokio::join!(
            t.app.scan_deadlines("instance-a"),
            second.scan_deadlines("instance-b")
        );
        let ran = [a.unwrap().ran, b.unwrap().ran];
        assert_eq!(
            ran.iter().filter(|r| **r).count(),
            1,
            "{day}: exactly one instance scans, got {ran:?}"
        );
    }
    let runs = t
        .app
        .store_for_tests()
        .scan_runs("deadline_scan")
        .await
        .unwrap();
    assert_eq!(runs.len(), 5);
}

async fn second_app(t: &huiyin_testkit::TestApp) -> App {
    let store: Store = t.app.store_for_tests().reconnect().await.unwrap();
    App::new(
        store,
        Arc::new(t.clock.clone()),
        AppConfig {
            instance: "second".into(),
            ..AppConfig::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn calendar_changes_retime_open_deadlines() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-22"))
        .await["id"]
        .as_i64()
        .unwrap();
    let (_, before) = t.case(&registrar, id).await;
    assert_eq!(before["deadlines"][0]["due_on"], "2026-07-07");
    let admin = t.token("admin").await;
    // A (hypothetical) extra holiday on 2026-07-07 pushes the deadline to 07-08.
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    let edited = add_day_off(cal["toml"].as_str().unwrap(), "2026-07-07");
    let (s, v) = t
        .client
        .put(t.url("/api/v1/calendar"))
        .bearer_auth(&admin)
        .json(&json!({"toml": edited}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    let v: serde_json::Value = v.json().await.unwrap();
    assert_eq!(s, 200, "{v}");
    assert!(v["retimed"].as_u64().unwrap() >= 1);
    // Every open case is read; the one whose deadline moved is written.
    assert_eq!(v["read"], v["retimed"]);
    let written = v["written"].as_u64().unwrap();
    assert!(
        written >= 1 && written <= v["read"].as_u64().unwrap(),
        "{v}"
    );
    let (_, after) = t.case(&registrar, id).await;
    assert_eq!(
        after["deadlines"][0]["due_on"], "2026-07-08",
        "{}",
        after["deadlines"][0]["explanation"]
    );
    // Not an administrator: forbidden; invalid calendar: 422 and nothing changes.
    let (s, _) = t
        .client
        .put(t.url("/api/v1/calendar"))
        .bearer_auth(&registrar)
        .json(&json!({"toml": edited}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(s, 403);
    let res = t
        .client
        .put(t.url("/api/v1/calendar"))
        .bearer_auth(&admin)
        .json(&json!({"toml": "year = \"x\""}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let (_, still) = t.case(&registrar, id).await;
    assert_eq!(still["deadlines"][0]["due_on"], "2026-07-08");
}

/// Adds a one-day "off" entry to the 2026 year of a calendar TOML document.
fn add_day_off(toml_text: &str, day: &str) -> String {
    let mut doc: toml::Table = toml_text.parse().unwrap();
    let years = doc.get_mut("year").and_then(|y| y.as_array_mut()).unwrap();
    let y2026 = years
        .iter_mut()
        .find(|y| y.get("year").and_then(|v| v.as_integer()) == Some(2026))
        .unwrap();
    let off = y2026.get_mut("off").and_then(|o| o.as_array_mut()).unwrap();
    let mut entry = toml::Table::new();
    entry.insert("from".into(), toml::Value::String(day.into()));
    entry.insert("to".into(), toml::Value::String(day.into()));
    entry.insert("name".into(), toml::Value::String("测试假日".into()));
    off.push(toml::Value::Table(entry));
    let mut out = toml::Table::new();
    out.insert("year".into(), toml::Value::Array(vec![y2026.clone()]));
    toml::to_string(&out).unwrap()
}

#[tokio::test]
async fn the_daily_scan_goes_through_the_durable_queue_once() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let second = second_app(&t).await;
    // Both instances enqueue today's scan (and last week's spike scan): one row each.
    assert!(t.app.enqueue_daily_scan().await.unwrap());
    assert!(!second.enqueue_daily_scan().await.unwrap());
    let (a, b) = tokio::join!(
        t.app.run_ready_jobs("instance-a"),
        second.run_ready_jobs("instance-b")
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2, "each of the two jobs ran once");
    assert_eq!(
        t.app
            .store_for_tests()
            .scan_runs("deadline_scan")
            .await
            .unwrap()
            .len(),
        1
    );
    // Nothing is left to run.
    assert_eq!(t.app.run_ready_jobs("instance-a").await.unwrap(), 0);
    // A re-timing job runs through the same queue.
    assert!(t.app.enqueue_retime("test").await.unwrap());
    assert_eq!(second.run_ready_jobs("instance-b").await.unwrap(), 1);
}
