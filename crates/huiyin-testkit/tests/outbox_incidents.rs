//! Incident messages through the outbox (issue 13 item 2): recording an incident announces each
//! report it owes to the incident's unit (事件待报告, office and leaders in-app) in the same
//! transaction, with the level, the recipient and the deadline but nothing of the incident's
//! title or description.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn recording_an_incident_writes_its_report_due_messages() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let county = t.token("county").await;
    let admin = t.token("admin").await;
    let body = json!({
        "title": "家长聚集第一小学校门口",
        "level": "major",
        "unit_id": t.units.school,
        "occurred_at": "2026-06-30T11:45:00+08:00",
        "people_count": 40,
        "description": "约40名家长因学区划片调整在校门口聚集，要求与校长对话。",
    });
    let (status, v) = t.post_json("/api/v1/incidents", Some(&county), &body).await;
    assert_eq!(status, 201, "{v}");
    let owed = v["reports"].as_array().unwrap().len();
    assert_eq!(owed, 4, "{v}");

    let (status, all) = t.get("/api/v1/outbox?per_page=200", Some(&admin)).await;
    assert_eq!(status, 200, "{all}");
    let msgs: Vec<Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["event"] == "incident_report_due")
        .cloned()
        .collect();
    // One message per report owed and audience (office, leaders), in-app.
    assert_eq!(msgs.len(), owed * 2, "{all}");
    for m in &msgs {
        assert_eq!(m["incident_id"], v["id"], "{m}");
        assert_eq!(m["recipient_unit_id"], t.units.school, "{m}");
        assert_eq!(m["channel"], "in_app", "{m}");
        assert_eq!(m["status"], "pending", "{m}");
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("较大") && text.contains("报告"), "{text}");
        assert!(
            !text.contains("家长") && !text.contains("学区"),
            "no content: {text}"
        );
    }
    // The worker delivers them like any other message.
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(pass.sent, msgs.len(), "{pass:?}");
}
