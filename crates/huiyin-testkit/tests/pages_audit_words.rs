//! The audit page in Chinese (issue 12 item 8): actions and results as words (转送,
//! 拒绝：<the rule>), people by name and unit, a search by action chosen in words, and a day's
//! identity views of one person folded into one line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_core::error::ErrorCode;
use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn the_trail_reads_as_words() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = t.token("leader").await;
    let kept = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&registrar, kept, json!({"action": "accept"}))
        .await;
    let (status, _) = t
        .act(
            &leader,
            kept,
            json!({"action": "extend", "days": 99, "reason": "太复杂"}),
        )
        .await;
    assert_eq!(status, 422);
    let sent = t
        .register(&registrar, &letter(t.units.school, "2026-06-02"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        sent,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    // Three identity views by the registrar today.
    let cookie = sign_in(&t, "registrar").await;
    for id in [kept, sent, kept] {
        let (status, _) = get(&t, &cookie, &format!("/cases/{id}")).await;
        assert_eq!(status, 200);
    }

    let auditor = sign_in(&t, "auditor").await;
    let (status, page) = get(&t, &auditor, "/audit").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(">转送<") || page.contains(">转送 "),
        "a step in words"
    );
    assert!(
        page.contains(&format!("拒绝：{}", ErrorCode::ExtensionTooLong.zh())),
        "a refusal with its rule"
    );
    assert!(page.contains("登记信访件"));
    assert!(page.contains("某区教育局信访办"), "the person's unit");
    assert!(
        page.contains("data-testid=\"grouped\">×"),
        "identity views folded"
    );
    assert!(
        page.contains("<option value=\"case.forward\"") && page.contains("办理：转送"),
        "the action is chosen in words"
    );
    let (_, forwards) = get(&t, &auditor, "/audit?action=case.forward").await;
    assert_eq!(
        forwards.matches("<tr data-action=").count(),
        1,
        "{forwards}"
    );
    assert!(forwards.contains("<option value=\"case.forward\" selected"));
}
