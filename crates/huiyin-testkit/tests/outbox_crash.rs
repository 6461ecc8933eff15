//! Crash safety of outbox delivery (issue 13 item 2): the worker writes an SMS/e-mail as a spool
//! file named by the message's id (temporary file + rename) and only then marks the row sent.
//! A crash between the two leaves the row pending with its file already written; the next pass
//! writes the same file again (at-least-once, the id in the name is the gateway's idempotency
//! key), so each message ends as exactly one file and a sent row — nothing lost, no second file.
//! A crash before the rename leaves only a hidden temporary file, which the next pass replaces.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::collections::BTreeSet;
use std::path::Path;

use huiyin_app::AppConfig;
use huiyin_testkit::{letter, spawn_app_with};
use serde_json::{Value, json};

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_crash_between_the_spool_file_and_the_sent_mark_neither_loses_nor_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let (sms, email) = (dir.path().join("sms"), dir.path().join("email"));
    std::fs::create_dir(&sms).unwrap();
    std::fs::create_dir(&email).unwrap();
    let config = AppConfig {
        sms_spool_dir: Some(sms.clone()),
        email_spool_dir: Some(email.clone()),
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    let registrar = t.token("registrar").await;
    let admin = t.token("admin").await;
    // A red sensitive warning: SMS to the office and the leaders, e-mail to the office.
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(3);
    v["content"] = json!("再不退费就从教学楼跳楼");
    v["petitioners"] = json!([{"name": "李娜", "representative": true}]);
    t.register(&registrar, &v).await;

    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(
        (pass.sent, pass.failed, pass.waiting),
        (5, 0, 0),
        "{pass:?}"
    );
    let (_, all) = t.get("/api/v1/outbox", Some(&admin)).await;
    let spooled: Vec<Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["channel"] != "in_app")
        .cloned()
        .collect();
    assert_eq!(spooled.len(), 3, "{all}");
    let expected = |channel: &str| -> BTreeSet<String> {
        spooled
            .iter()
            .filter(|m| m["channel"] == channel)
            .map(|m| format!("huiyin-{}.json", m["id"]))
            .collect()
    };
    assert_eq!(names(&sms), expected("sms"));
    assert_eq!(names(&email), expected("email"));

    // The crash: the files are written, the rows never marked sent. One SMS also crashed
    // before its rename, leaving a half-written temporary file.
    let ids: Vec<String> = spooled.iter().map(|m| m["id"].to_string()).collect();
    t.app
        .store_for_tests()
        .execute_for_tests(&format!(
            "UPDATE outbox SET status = 'pending', sent_at = NULL, attempts = 0, \
             next_attempt_at = {}, last_error = NULL WHERE id IN ({})",
            t.app.now_ms(),
            ids.join(", ")
        ))
        .await
        .unwrap();
    let first_sms = expected("sms").into_iter().next().unwrap();
    let tmp = sms.join(format!(".{first_sms}.tmp"));
    std::fs::write(&tmp, b"{\"id\": ").unwrap();
    let (_, again) = t.get("/api/v1/outbox?status=pending", Some(&admin)).await;
    assert_eq!(again["total"], 3, "{again}");

    // The next pass delivers them again: the same names, overwritten, no temporary left.
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!((pass.sent, pass.failed), (3, 0), "{pass:?}");
    assert_eq!(names(&sms), expected("sms"));
    assert_eq!(names(&email), expected("email"));
    for m in &spooled {
        let d = if m["channel"] == "sms" { &sms } else { &email };
        let body: Value = serde_json::from_slice(
            &std::fs::read(d.join(format!("huiyin-{}.json", m["id"]))).unwrap(),
        )
        .unwrap();
        assert_eq!(body["id"], m["id"], "{body}");
        assert!(!body["text"].as_str().unwrap().contains("跳楼"), "{body}");
    }
    let (_, after) = t.get("/api/v1/outbox", Some(&admin)).await;
    assert_eq!(
        (after["sent"].clone(), after["pending"].clone()),
        (json!(5), json!(0)),
        "{after}"
    );
    for m in after["items"].as_array().unwrap() {
        assert_eq!(m["status"], "sent", "{m}");
        assert!(m["sent_at"].is_string(), "{m}");
    }
    // A further pass finds nothing due and writes nothing.
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(pass.sent, 0);
    assert_eq!(names(&sms).len() + names(&email).len(), 3);
}
