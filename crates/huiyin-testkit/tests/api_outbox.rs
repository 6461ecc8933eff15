//! Notifications through the outbox (issue 13 item 2): a warning raised at registration writes
//! its messages in the registration's transaction; the worker delivers in-app messages into the
//! notification list and SMS/e-mail into the spool directory, retrying a failing spool later;
//! escalation writes messages to the unit above; an accusation's warning reaches nobody of the
//! accused unit and no text carries its content.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::AppConfig;
use huiyin_testkit::{TestApp, letter, spawn_app, spawn_app_with};
use serde_json::{Value, json};

fn red_visit(t: &TestApp, content: &str) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(3);
    v["content"] = json!(content);
    v["petitioners"] = json!([{"name": "李娜", "representative": true}]);
    v
}

async fn outbox(t: &TestApp, token: &str, query: &str) -> Value {
    let (status, v) = t.get(&format!("/api/v1/outbox?{query}"), Some(token)).await;
    assert_eq!(status, 200, "{query}: {v}");
    v
}

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_warning_s_messages_are_written_with_the_registration_and_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let sms = dir.path().join("sms");
    let email = dir.path().join("email");
    std::fs::create_dir(&email).unwrap();
    // The SMS spool does not exist yet: its deliveries fail and are retried.
    let config = AppConfig {
        sms_spool_dir: Some(sms.clone()),
        email_spool_dir: Some(email.clone()),
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    let registrar = t.token("registrar").await;
    let admin = t.token("admin").await;
    // An ordinary letter raises no warning and writes no message.
    t.register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    assert_eq!(outbox(&t, &admin, "").await["total"], 0);

    // "跳楼" is a red sensitive warning at the county.
    t.register(&registrar, &red_visit(&t, "再不退费就从教学楼跳楼"))
        .await;
    let all = outbox(&t, &admin, "").await;
    let msgs = items(&all);
    assert_eq!(all["pending"], 5, "{all}");
    for m in &msgs {
        assert_eq!(m["event"], "warning_raised");
        assert_eq!(m["recipient_unit_id"], t.units.county, "{m}");
        assert!(m["text"].as_str().unwrap().contains("红色预警"), "{m}");
        assert!(
            !m["text"].as_str().unwrap().contains("跳楼"),
            "no content: {m}"
        );
    }
    let mut channels: Vec<(String, String)> = msgs
        .iter()
        .map(|m| {
            (
                m["audience"].as_str().unwrap().into(),
                m["channel"].as_str().unwrap().into(),
            )
        })
        .collect();
    channels.sort();
    assert_eq!(
        channels,
        vec![
            ("leaders".into(), "in_app".into()),
            ("leaders".into(), "sms".into()),
            ("office".into(), "email".into()),
            ("office".into(), "in_app".into()),
            ("office".into(), "sms".into()),
        ]
    );
    // The county's office sees the same; the sibling county none; an auditor may not ask.
    assert_eq!(outbox(&t, &registrar, "").await["total"], 5);
    assert_eq!(outbox(&t, &t.token("sibling").await, "").await["total"], 0);
    let (status, _) = t
        .get("/api/v1/outbox", Some(&t.token("auditor").await))
        .await;
    assert_eq!(status, 403);
    let (status, e) = t.get("/api/v1/outbox?status=lost", Some(&admin)).await;
    assert_eq!(status, 422, "{e}");
    // By channel: the office's and the leaders' SMS; a channel that does not read is refused.
    let by_sms = outbox(&t, &admin, "channel=sms").await;
    assert_eq!(by_sms["total"], 2, "{by_sms}");
    assert!(
        items(&by_sms).iter().all(|m| m["channel"] == "sms"),
        "{by_sms}"
    );
    assert_eq!(
        outbox(&t, &admin, "status=pending&channel=email").await["total"],
        1
    );
    let (status, e) = t.get("/api/v1/outbox?channel=pigeon", Some(&admin)).await;
    assert_eq!(
        (status, e["code"].clone()),
        (422, json!("request.invalid")),
        "{e}"
    );

    // Not in the notification list before delivery.
    let (_, n) = t
        .get("/api/v1/notifications", Some(&t.token("leader").await))
        .await;
    assert!(!n.to_string().contains("\"message\""), "{n}");

    // The worker's pass through the job queue.
    assert!(t.app.enqueue_outbox_delivery().await.unwrap());
    assert!(t.app.run_ready_jobs("runner").await.unwrap() >= 1);
    let after = outbox(&t, &admin, "").await;
    assert_eq!(
        (after["sent"].clone(), after["failed"].clone()),
        (json!(3), json!(2)),
        "{after}"
    );
    let failed = items(&outbox(&t, &admin, "status=failed").await);
    for m in &failed {
        assert_eq!(m["channel"], "sms");
        assert!(m["last_error"].as_str().unwrap().contains("spool"), "{m}");
        assert_eq!(m["attempts"], 1);
    }
    // The e-mail is a file named by the message, for the county's office (not the leader-only).
    let files: Vec<_> = std::fs::read_dir(&email)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let mail: Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    let to: Vec<&str> = mail["to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        to.contains(&"registrar") && to.contains(&"county"),
        "{to:?}"
    );
    assert!(!to.contains(&"school"), "{to:?}");

    // In-app: the leader's notification list and unread count carry it.
    let (_, n) = t
        .get("/api/v1/notifications", Some(&t.token("leader").await))
        .await;
    let mine: Vec<&Value> = n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "message")
        .collect();
    // A leader also does case work: both the office's and the leaders' message.
    assert_eq!(mine.len(), 2, "{n}");
    assert!(mine[0]["link"].as_str().unwrap().starts_with("/warnings/"));

    // The spool appears; nothing happens before the retry time, then it is sent.
    std::fs::create_dir(&sms).unwrap();
    t.app.deliver_outbox().await.unwrap();
    assert_eq!(outbox(&t, &admin, "status=failed").await["total"], 2);
    t.clock.set_millis(t.app.now_ms() + 3 * 60_000);
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(pass.sent, 2, "{pass:?}");
    assert_eq!(std::fs::read_dir(&sms).unwrap().count(), 2);
    assert_eq!(outbox(&t, &admin, "").await["sent"], 5);

    // A retry asks a failed message; a sent one is a conflict, an unknown one not found.
    let id = msgs[0]["id"].as_i64().unwrap();
    let (status, e) = t
        .post_json(
            &format!("/api/v1/outbox/{id}/retry"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, e["code"].clone()),
        (409, json!("outbox.not_failed")),
        "{e}"
    );
    let (status, e) = t
        .post_json("/api/v1/outbox/999999/retry", Some(&admin), &json!({}))
        .await;
    assert_eq!(
        (status, e["code"].clone()),
        (404, json!("outbox.not_found")),
        "{e}"
    );
}

#[tokio::test]
async fn without_a_spool_sms_waits_with_its_reason_and_a_failed_one_is_retried() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let admin = t.token("admin").await;
    t.register(&registrar, &red_visit(&t, "再不退费就从教学楼跳楼"))
        .await;
    t.app.deliver_outbox().await.unwrap();
    let pending = items(&outbox(&t, &admin, "status=pending").await);
    assert_eq!(pending.len(), 3, "sms and e-mail wait: {pending:?}");
    for m in &pending {
        let why = m["last_error"].as_str().unwrap();
        assert!(why.contains("spool_dir") && why.contains("未配置"), "{why}");
    }
}

#[tokio::test]
async fn escalation_writes_messages_to_the_unit_above() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let admin = t.token("admin").await;
    let mut v = letter(t.units.school, "2026-06-29");
    v["content"] = json!("家长说要找记者曝光");
    t.register(&registrar, &v).await;
    let (_, list) = t.get("/api/v1/warnings", Some(&registrar)).await;
    let w = list["items"][0]["id"].clone();
    let (status, r) = t
        .post_json(
            &format!("/api/v1/warnings/{w}/actions"),
            Some(&registrar),
            &json!({"action": "escalate", "note": "请上级协调"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let up: Vec<Value> = items(&outbox(&t, &admin, "").await)
        .into_iter()
        .filter(|m| m["event"] == "warning_escalated")
        .collect();
    assert!(!up.is_empty());
    assert!(
        up.iter().all(|m| m["recipient_unit_id"] == t.units.city),
        "{up:?}"
    );
    // Nobody acknowledges at the city: the job moves it up and tells the city's leaders.
    t.clock.set_millis(t.app.now_ms() + 8 * 24 * 3_600_000);
    assert_eq!(t.app.escalate_unacknowledged_warnings().await.unwrap(), 1);
    let admin = t.token("admin").await;
    let all = items(&outbox(&t, &admin, "").await);
    assert!(all.iter().any(|m| m["event"] == "warning_overdue_ack"
        && m["recipient_unit_id"] == t.units.city
        && m["audience"] == "leaders"));
    assert!(
        all.iter().any(
            |m| m["event"] == "warning_escalated" && m["recipient_unit_id"] == t.units.province
        )
    );
}

#[tokio::test]
async fn an_accusation_s_messages_reach_nobody_of_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut v = letter(t.units.county, "2026-06-29");
    v["petition_type"] = json!("accusation");
    v["title"] = json!("举报局长收受礼金");
    v["content"] = json!("举报区教育局局长收受礼金，否则向媒体曝光");
    t.register(&registrar, &v).await;
    let all = items(&outbox(&t, &t.token("province").await, "").await);
    assert!(!all.is_empty());
    for m in &all {
        assert_ne!(m["recipient_unit_id"], t.units.county, "{m}");
        let text = m.to_string();
        assert!(!text.contains("礼金") && !text.contains("张伟"), "{text}");
    }
    // The worker delivers; the county's own users read nothing of it.
    t.app.deliver_outbox().await.unwrap();
    for user in ["county", "leader", "handler", "registrar2", "school"] {
        let token = t.token(user).await;
        assert_eq!(outbox(&t, &token, "").await["total"], 0, "{user}");
        let (_, n) = t.get("/api/v1/notifications", Some(&token)).await;
        assert!(!n.to_string().contains("\"message\""), "{user}: {n}");
    }
}
