//! Service of decisions (送达, issue 10 item 6) through the API and the case page: the 复查
//! window counts from the day the petitioner received the opinion (XFGZTL-2022 Art. 35).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::{Value, json};

fn kinds(case: &Value) -> Vec<String> {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_review_window_counts_from_service_not_from_issue() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-04-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept", "on": "2026-04-21"}))
        .await;
    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "issue_opinion", "on": "2026-05-04", "outcome": "explained",
                   "opinion": "经核查，收费有文件依据。", "basis": "《信访工作条例》第三十二条"}),
        )
        .await;
    assert!(
        c["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("awaiting_service"))
    );
    assert_eq!(c["opinion"]["awaiting_service"], true);
    assert!(
        !kinds(&c).contains(&"review_request".to_owned()),
        "no window before service: {c}"
    );
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("待送达"),
        "the case page says it awaits service"
    );
    // Closing is not possible: the window has not even started.
    let (status, e) = t.act(&county, id, json!({"action": "close"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("case.close_too_early"))
    );

    let (status, e) = t
        .act(&county, id, json!({"action": "serve", "method": "pigeon"}))
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["method"].is_string());
    let (status, e) = t
        .act(
            &county,
            id,
            json!({"action": "serve", "method": "post", "on": "2026-05-03"}),
        )
        .await;
    assert_eq!(status, 422, "not before the step before it: {e}");

    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "serve", "method": "post", "on": "2026-05-25"}),
        )
        .await;
    assert_eq!(c["opinion"]["served_on"], "2026-05-25");
    assert_eq!(c["opinion"]["service_method"], "post");
    assert!(
        !c["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("awaiting_service"))
    );
    let window = c["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "review_request")
        .expect("the window runs now")
        .clone();
    assert_eq!(window["start_on"], "2026-05-25");
    assert_eq!(window["due_on"], "2026-06-24", "30 days from service");
    let (status, e) = t
        .act(&county, id, json!({"action": "serve", "method": "direct"}))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("case.already_served"))
    );
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(page.contains("送达：2026-05-25（邮寄送达）"));

    // 2026-06-20 is more than 30 days after the issue, within 30 days of service (and
    // recorded while the window is open).
    t.clock.set_today("2026-06-22");
    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "request_review", "on": "2026-06-20"}),
        )
        .await;
    assert_eq!(c["status"], "review_requested");
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&county))
        .await;
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "serve" && e["on"] == "2026-05-25"),
        "{timeline}"
    );
}

#[tokio::test]
async fn a_review_request_recorded_after_the_window_closed_needs_a_leader() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-04-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    for step in [
        json!({"action": "accept", "on": "2026-04-02"}),
        json!({"action": "issue_opinion", "on": "2026-04-10", "outcome": "explained",
               "opinion": "经核查，收费有文件依据。", "basis": "《信访工作条例》第三十二条"}),
        json!({"action": "serve", "method": "direct", "on": "2026-04-10"}),
    ] {
        t.act_ok(&county, id, step).await;
    }
    // The petitioner's letter asking for review is dated 2026-04-20; it surfaces on 2026-06-30.
    let handler = t.token("handler").await;
    let (status, e) = t
        .act(
            &handler,
            id,
            json!({"action": "request_review", "on": "2026-04-20", "override_reason": "信件误投"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("case.late_record_needs_leader")),
        "{e}"
    );
    let leader = t.token("leader").await;
    let (status, e) = t
        .act(
            &leader,
            id,
            json!({"action": "request_review", "on": "2026-04-20"}),
        )
        .await;
    assert_eq!(status, 422, "a reason is needed: {e}");
    assert!(e["fields"]["override_reason"].is_string());
    let c = t
        .act_ok(
            &leader,
            id,
            json!({"action": "request_review", "on": "2026-04-20", "override_reason": "信件误投至其他科室"}),
        )
        .await;
    assert_eq!(c["status"], "review_requested");
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("信件误投至其他科室"),
        "the timeline keeps the reason"
    );
    assert!(
        page.contains("data-testid=\"recorded\""),
        "the timeline shows when it was recorded as well as the day it happened"
    );
}
