//! 回避 reaches the notifications: a user recused from a case hears nothing more of it — not in
//! the notifications (API and page), the supervision orders or the warnings about it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_recused_user_hears_nothing_more_of_the_case() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let number = case["number"].as_str().unwrap().to_owned();
    // Months later the case is overdue and the scan has run: its office hears of it.
    t.clock.set_today("2026-10-30");
    t.app.enqueue_daily_scan().await.unwrap();
    t.app.run_ready_jobs("test").await.unwrap();
    let registrar = t.token("registrar").await;
    let (status, before) = t.get("/api/v1/notifications", Some(&registrar)).await;
    assert_eq!(status, 200, "{before}");
    assert!(before.to_string().contains(&number), "{before}");

    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{id}/recusals"),
            Some(&registrar),
            &json!({"reason": "信访人系本人亲属"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let (_, after) = t.get("/api/v1/notifications", Some(&registrar)).await;
    assert!(!after.to_string().contains(&number), "{after}");
    let cookie = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &cookie, "/notifications").await;
    assert!(
        !page.contains(&number),
        "the notifications page names the case"
    );
    let (_, orders) = t
        .get("/api/v1/supervisions?per_page=200", Some(&registrar))
        .await;
    assert!(!orders.to_string().contains(&number), "{orders}");
    // The overdue warning about the case is gone for them, as a list row and as a page.
    let (_, warnings) = t
        .get("/api/v1/warnings?per_page=200", Some(&registrar))
        .await;
    assert!(!warnings.to_string().contains(&number), "{warnings}");
    let warning = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|n| n["warning_id"].as_i64())
        .expect("the overdue warning was a notification before");
    let (status, _) = t
        .get(&format!("/api/v1/warnings/{warning}"), Some(&registrar))
        .await;
    assert_eq!(status, 404);
    // Others of the office still hear of it.
    let county = t.token("county").await;
    let (_, theirs) = t.get("/api/v1/notifications", Some(&county)).await;
    let (_, their_orders) = t
        .get("/api/v1/supervisions?per_page=200", Some(&county))
        .await;
    assert!(
        theirs.to_string().contains(&number) || their_orders.to_string().contains(&number),
        "{theirs} {their_orders}"
    );
}
