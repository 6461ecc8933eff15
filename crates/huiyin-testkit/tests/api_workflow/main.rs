//! The statutory workflow through the API: every step, dated, on the timeline.
//!
//! A letter's whole way to finality is here; the rules of single steps are in `steps.rs`, the
//! headline rates in `rates.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod rates;
mod steps;

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
