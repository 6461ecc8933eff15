//! Early warnings (预警, issue 13 first slice): the signals a registration raises in its own
//! transaction, the list and the page of a warning, its steps (acknowledge, escalate, resolve),
//! escalation one level up when nobody acknowledges in time, the `overdue` and `dissatisfied`
//! warnings, and clear errors for bad input.
//!
//! Escalation is in `escalation.rs`; the `dissatisfied`, `overdue` and `cluster` warnings in
//! `kinds.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod escalation;
mod kinds;

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// A visit of `people` about the first primary school, with `content`.
fn visit(t: &TestApp, people: u32, content: &str) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(people);
    v["content"] = json!(content);
    v["petitioners"] = json!([{"name": "王芳", "representative": true}]);
    v
}

async fn warnings(t: &TestApp, token: &str, query: &str) -> Value {
    let (status, v) = t
        .get(&format!("/api/v1/warnings?{query}"), Some(token))
        .await;
    assert_eq!(status, 200, "{query}: {v}");
    v
}

fn kinds_levels(list: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_owned(),
                w["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

async fn act(t: &TestApp, token: &str, id: &Value, body: Value) -> (u16, Value) {
    t.post_json(
        &format!("/api/v1/warnings/{id}/actions"),
        Some(token),
        &body,
    )
    .await
}

#[tokio::test]
async fn a_registration_raises_its_warnings_with_the_case_and_the_office_works_them() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;

    // An ordinary letter raises nothing.
    t.register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    assert_eq!(warnings(&t, &registrar, "").await["total"], 0);

    let case = t
        .register(
            &registrar,
            &visit(
                &t,
                12,
                "学校违规收取借读费，家长们说再不解决就进京上访，还要找记者曝光。",
            ),
        )
        .await;
    let all = warnings(&t, &registrar, "").await;
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(
        kinds_levels(&all),
        vec![
            ("beijing".into(), "orange".into()),
            ("collective".into(), "yellow".into()),
            ("sensitive".into(), "yellow".into()),
        ]
    );
    // Most urgent first; every warning names its case, its unit and why.
    assert_eq!(all["items"][0]["level"], "orange", "{all}");
    for w in all["items"].as_array().unwrap() {
        assert_eq!(w["case_ids"], json!([case["id"]]), "{w}");
        assert_eq!(
            w["unit_id"], t.units.county,
            "the registering office's body: {w}"
        );
        assert_eq!(w["status"], "open");
        assert!(w["raised_at"].as_str().unwrap().ends_with("+08:00"), "{w}");
    }
    let collective = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "collective")
        .unwrap()
        .clone();
    let why = collective["explanation"].as_str().unwrap();
    assert!(
        why.contains("12人") && why.contains("某区第一小学"),
        "{why}"
    );
    let sensitive = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "sensitive")
        .unwrap()
        .clone();
    assert!(sensitive["explanation"].as_str().unwrap().contains("曝光"));

    // Filters, and clear errors for bad ones.
    assert_eq!(
        warnings(&t, &registrar, "kind=collective").await["total"],
        1
    );
    assert_eq!(
        warnings(&t, &registrar, "status=resolved").await["total"],
        0
    );
    assert_eq!(
        warnings(&t, &registrar, &format!("unit_id={}", t.units.county)).await["total"],
        3
    );
    let (status, v) = t
        .get(
            "/api/v1/warnings?kind=flood&status=late&unit_id=x",
            Some(&registrar),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["kind", "status", "unit_id"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // Out of the sibling county's sight entirely.
    let sibling = t.token("sibling").await;
    assert_eq!(warnings(&t, &sibling, "").await["total"], 0);
    let (status, v) = t
        .get(
            &format!("/api/v1/warnings/{}", collective["id"]),
            Some(&sibling),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("warning.not_found"))
    );
    for bad in ["999999", "abc"] {
        let (status, v) = t
            .get(&format!("/api/v1/warnings/{bad}"), Some(&registrar))
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("warning.not_found")),
            "{bad}"
        );
        let (status, v) = t
            .post_json(
                &format!("/api/v1/warnings/{bad}/actions"),
                Some(&registrar),
                &json!({"action": "acknowledge"}),
            )
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("warning.not_found")),
            "{bad}"
        );
    }

    // 签收 once; a second is refused and changes nothing.
    let id = &collective["id"];
    let (status, v) = act(&t, &registrar, id, json!({"action": "acknowledge"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "acknowledged");
    let (status, v) = act(&t, &registrar, id, json!({"action": "acknowledge"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("warning.acknowledged")),
        "{v}"
    );
    // 处置完毕 needs a note; an unknown action is refused.
    let (status, v) = act(&t, &registrar, id, json!({"action": "resolve"})).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["note"].is_string(), "{v}");
    let (status, v) = act(&t, &registrar, id, json!({"action": "close"})).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["action"].is_string(), "{v}");
    let (status, v) = act(
        &t,
        &registrar,
        id,
        json!({"action": "resolve", "note": "已与家长代表座谈，学校退还借读费"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "resolved");
    assert_eq!(v["note"], "已与家长代表座谈，学校退还借读费");
    assert_eq!(v["actions"], json!([]), "nothing left to do: {v}");
    let (status, v) = act(&t, &registrar, id, json!({"action": "escalate"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("warning.resolved")),
        "{v}"
    );
    let (_, detail) = t
        .get(&format!("/api/v1/warnings/{id}"), Some(&registrar))
        .await;
    let steps: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["acknowledge", "resolve"], "{detail}");
    assert_eq!(
        warnings(&t, &registrar, "status=resolved").await["total"],
        1
    );
}
