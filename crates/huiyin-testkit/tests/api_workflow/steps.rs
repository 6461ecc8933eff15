//! The rules of single steps: dated in order and never in the future, an objection (agreed by
//! the sender; refused after five working days), the steps that end a case, and accusations
//! never forwarded to the accused unit, whose staff never see the reporter.

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn steps_are_dated_in_order_and_never_in_the_future() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-10"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let (s, v) = t
        .act(
            &registrar,
            id,
            json!({"action": "accept", "on": "2026-07-01"}),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (422, Some("case.step_in_future")));
    let (s, v) = t
        .act(
            &registrar,
            id,
            json!({"action": "accept", "on": "2026-06-09"}),
        )
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (422, Some("case.step_before_previous"))
    );
    // Without `on` the step is dated today (2026-06-30 in these tests).
    let c = t.act_ok(&registrar, id, json!({"action": "accept"})).await;
    assert_eq!(c["last_step_on"], "2026-06-30");
}

#[tokio::test]
async fn objection_returns_the_case_after_the_sender_agrees() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-22"))
        .await;
    let id = case["id"].as_i64().unwrap();
    t.act_ok(&registrar, id, json!({"action": "assign", "to_unit_id": t.units.school, "report_due_on": "2026-07-31", "on": "2026-06-23"})).await;
    let c = t
        .act_ok(
            &school,
            id,
            json!({"action": "object", "reason": "该事项属于区教育局职责", "on": "2026-06-25"}),
        )
        .await;
    assert_eq!(c["status"], "objected");
    let (s, _) = t
        .act(&school, id, json!({"action": "approve_objection"}))
        .await;
    assert_eq!(s, 403, "the receiver cannot approve its own objection");
    let c = t
        .act_ok(&registrar, id, json!({"action": "approve_objection"}))
        .await;
    assert_eq!(
        (c["status"].as_str(), c["handling_unit_id"].as_i64()),
        (Some("registered"), Some(t.units.county_office))
    );
}

#[tokio::test]
async fn objection_after_five_working_days_is_refused() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = case["id"].as_i64().unwrap();
    // Forwarded Mon 2026-06-15: five working days are 06-16, 17, 18, 22, 23 (06-19 is 端午节).
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-06-15"}),
    )
    .await;
    let (s, v) = t
        .act(
            &school,
            id,
            json!({"action": "object", "reason": "不属于本校职责", "on": "2026-06-24"}),
        )
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (409, Some("case.objection_too_late")),
        "{v}"
    );
    // On the last day, recorded that day (recorded later it would need a leader's reason).
    t.clock.set_today("2026-06-23");
    let c = t
        .act_ok(
            &school,
            id,
            json!({"action": "object", "reason": "不属于本校职责", "on": "2026-06-23"}),
        )
        .await;
    assert_eq!(c["status"], "objected");
}

#[tokio::test]
async fn diversion_rejection_and_redirection_end_the_case() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    for (action, extra, status) in [
        (
            "divert",
            json!({"procedure": "personnel_arbitration"}),
            "diverted",
        ),
        (
            "reject",
            json!({"reason": "已受理，正在办理期间向上级重复提出"}),
            "not_accepted",
        ),
        (
            "redirect",
            json!({"reason": "请向区人力资源和社会保障局提出"}),
            "redirected",
        ),
    ] {
        let case = t
            .register(&registrar, &letter(t.units.school, "2026-06-01"))
            .await;
        let id = case["id"].as_i64().unwrap();
        let mut body = extra.clone();
        body["action"] = json!(action);
        let c = t.act_ok(&registrar, id, body).await;
        assert_eq!(c["status"], status);
        assert!(c["allowed_actions"].as_array().unwrap().is_empty());
        assert!(c["deadlines"].as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn accusations_are_not_forwarded_to_the_accused_and_its_staff_never_see_the_reporter() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-01");
    body["petition_type"] = json!("accusation");
    body["category"] = json!("teacher_conduct");
    let case = t.register(&registrar, &body).await;
    let id = case["id"].as_i64().unwrap();
    let (s, v) = t
        .act(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (409, Some("case.forward_to_accused"))
    );
    let school = t.token("school").await;
    let (s, _) = t.case(&school, id).await;
    assert_eq!(s, 404);
    assert_eq!(t.list(&school, "").await["total"], 0);
}
