//! The statutory workflow through the API: every step, dated, on the timeline.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

fn decision(outcome: &str) -> serde_json::Value {
    json!({"outcome": outcome, "opinion": "经调查核实，学校收取借读费缺乏依据。", "basis": "《义务教育法》第二条；《信访工作条例》第三十二条"})
}

#[tokio::test]
async fn a_letter_goes_all_the_way_to_finality() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let school = t.token("school").await;
    let city = t.token("city").await;

    let case = t
        .register(&registrar, &letter(t.units.school, "2026-03-02"))
        .await;
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["status"], "registered");
    assert_eq!(case["receiving_unit_id"], t.units.county_office);
    assert!(case["number"].as_str().unwrap().starts_with("110105-2026-"));
    let disposal = &case["deadlines"][0];
    assert_eq!(
        (disposal["kind"].as_str(), disposal["due_on"].as_str()),
        (Some("disposal"), Some("2026-03-17"))
    );
    assert!(
        disposal["explanation"]
            .as_str()
            .unwrap()
            .contains("2026-03-02")
    );
    for a in [
        "forward", "assign", "accept", "reject", "redirect", "divert",
    ] {
        assert!(
            case["allowed_actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == a),
            "{a} missing: {}",
            case["allowed_actions"]
        );
    }

    let c = t
        .act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-03-03"}),
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["handling_unit_id"].as_i64()),
        (Some("forwarded"), Some(t.units.school))
    );
    let kinds: Vec<_> = c["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(
        kinds.contains(&"acceptance_notice".to_owned()) && kinds.contains(&"objection".to_owned())
    );
    // The county no longer handles it; a step by the county now answers 403.
    let (s, v) = t
        .act(&county, id, json!({"action": "accept", "on": "2026-03-04"}))
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("case.not_handling_unit"))
    );

    let c = t
        .act_ok(&school, id, json!({"action": "accept", "on": "2026-03-05"}))
        .await;
    assert_eq!(c["status"], "accepted");
    assert_eq!(
        c["deadlines"][0]["due_on"], "2026-05-06",
        "60 days from 2026-03-05 end on 05-04, in the Labour Day holiday"
    );
    let c = t.act_ok(&school, id, json!({"action": "extend", "days": 30, "reason": "需调取多年收费档案", "on": "2026-03-20"})).await;
    assert!(
        c["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "extended")
    );
    assert_eq!(
        c["deadlines"][0]["due_on"], "2026-06-03",
        "60 + 30 days from 2026-03-05"
    );
    let (s, v) = t
        .act(
            &school,
            id,
            json!({"action": "extend", "days": 5, "reason": "再次延期", "on": "2026-03-21"}),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (409, Some("case.extension_used")));

    let mut body = decision("not_supported");
    body["action"] = json!("issue_opinion");
    body["on"] = json!("2026-04-01");
    let c = t.act_ok(&school, id, body).await;
    assert_eq!(c["status"], "opinion_issued");
    assert_eq!(c["opinion"]["outcome"], "not_supported");
    let c = t
        .act_ok(
            &school,
            id,
            json!({"action": "evaluate", "grade": "dissatisfied", "on": "2026-04-02"}),
        )
        .await;
    assert_eq!(c["evaluations"][0]["grade"], "dissatisfied");

    let c = t
        .act_ok(
            &school,
            id,
            json!({"action": "request_review", "on": "2026-04-10"}),
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["handling_unit_id"].as_i64()),
        (Some("review_requested"), Some(t.units.county))
    );
    let mut body = decision("explained");
    body["action"] = json!("decide_review");
    body["on"] = json!("2026-04-25");
    let c = t.act_ok(&county, id, body).await;
    assert_eq!(c["status"], "review_decided");

    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "request_rereview", "on": "2026-05-06"}),
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["handling_unit_id"].as_i64()),
        (Some("rereview_requested"), Some(t.units.city))
    );
    t.act_ok(
        &city,
        id,
        json!({"action": "start_hearing", "on": "2026-05-08"}),
    )
    .await;
    let c = t
        .act_ok(
            &city,
            id,
            json!({"action": "end_hearing", "on": "2026-05-12"}),
        )
        .await;
    // 30 days from 2026-05-06 with 5 hearing days not counted: 2026-06-10.
    assert_eq!(c["deadlines"][0]["due_on"], "2026-06-10");
    let mut body = decision("not_supported");
    body["action"] = json!("decide_rereview");
    body["on"] = json!("2026-05-20");
    let c = t.act_ok(&city, id, body).await;
    assert_eq!(c["status"], "final");

    // The timeline has every step with its day and who took it.
    let (s, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&city))
        .await;
    assert_eq!(s, 200);
    let steps: Vec<_> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        steps,
        [
            "register",
            "forward",
            "accept",
            "extend",
            "issue_opinion",
            "evaluate",
            "request_review",
            "decide_review",
            "request_rereview",
            "start_hearing",
            "end_hearing",
            "decide_rereview"
        ]
    );
    let days: Vec<_> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["on"].as_str().unwrap().to_owned())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["actor"].as_str().unwrap().is_empty())
    );

    // The same petitioner about the same matter again: not to be accepted (Art. 36 ¶3).
    let again = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let again_id = again["id"].as_i64().unwrap();
    assert!(
        again["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "after_final"),
        "{}",
        again["flags"]
    );
    assert!(
        again["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["case_id"] == id)
    );
    let (s, v) = t
        .act(&registrar, again_id, json!({"action": "accept"}))
        .await;
    assert_eq!((s, v["code"].as_str()), (409, Some("case.after_final")));
    let leader = t.token("leader").await;
    let (s, v) = t.act(&leader, again_id, json!({"action": "accept"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (409, Some("case.after_final")),
        "a reason is required"
    );
    let c = t
        .act_ok(
            &leader,
            again_id,
            json!({"action": "accept", "override_reason": "信访人提出新的事实和证据"}),
        )
        .await;
    assert_eq!(c["status"], "accepted");
}

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

#[tokio::test]
async fn headline_rates_count_what_happened() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    // Case A: received 06-01, accepted in time (06-05), opinion 06-10, evaluated satisfied.
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, a, json!({"action": "accept", "on": "2026-06-05"}))
        .await;
    let mut op = decision("supported");
    op["action"] = json!("issue_opinion");
    op["on"] = json!("2026-06-10");
    t.act_ok(&county, a, op).await;
    t.act_ok(
        &county,
        a,
        json!({"action": "evaluate", "grade": "satisfied", "on": "2026-06-11"}),
    )
    .await;
    // Case B: received 06-01, never decided: its 15-day deadline (06-16) has passed by 06-30.
    let mut other = letter(t.units.school2, "2026-06-01");
    other["petitioners"] = json!([{"name": "周平"}]);
    t.register(&registrar, &other).await;
    // Case C: received 06-25, undecided, deadline not yet passed: not counted as due.
    other["petitioners"] = json!([{"name": "吴刚"}]);
    other["received_on"] = json!("2026-06-25");
    t.register(&registrar, &other).await;

    let (s, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-01&to=2026-06-30",
            Some(&county),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["counts"]["received"], 3);
    let rate = |k: &str| {
        v["rates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == k)
            .unwrap()
            .clone()
    };
    let acc = rate("timely_acceptance");
    assert_eq!(
        (acc["numerator"].as_i64(), acc["denominator"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(acc["percent"], 50.0);
    assert!(acc["formula_zh"].as_str().unwrap().contains("÷"));
    let con = rate("on_time_conclusion");
    assert_eq!(
        (con["numerator"].as_i64(), con["denominator"].as_i64()),
        (Some(1), Some(1))
    );
    let sat = rate("satisfaction");
    assert_eq!(
        (sat["numerator"].as_i64(), sat["denominator"].as_i64()),
        (Some(1), Some(1))
    );
    // A sibling sees none of it; the period filter works.
    let sibling = t.token("sibling").await;
    let (_, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-01&to=2026-06-30",
            Some(&sibling),
        )
        .await;
    assert_eq!(v["counts"]["received"], 0);
    let (_, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-02&to=2026-06-30",
            Some(&county),
        )
        .await;
    assert_eq!(v["counts"]["received"], 1);
    let (s, _) = t
        .get(
            "/api/v1/stats/rates?from=2026-07-01&to=2026-06-01",
            Some(&county),
        )
        .await;
    assert_eq!(s, 422);
}
