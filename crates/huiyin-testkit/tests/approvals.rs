//! 待我审批 (issue 12 item 2): a handler asks for an extension and the leader approves or
//! refuses it; a handler drafts the 意见书 and the leader signs it off or returns it; an
//! objection waits for the unit that sent the case. Each waits in the deciding user's inbox,
//! with what was asked, by whom and since when.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

fn allowed(v: &Value, action: &str) -> bool {
    v["allowed_actions"]
        .as_array()
        .unwrap()
        .contains(&json!(action))
}

async fn inbox(t: &TestApp, user: &str) -> Value {
    let token = t.token(user).await;
    let (status, v) = t.get("/api/v1/worklists/approvals", Some(&token)).await;
    assert_eq!(status, 200, "{user}: {v}");
    v
}

#[tokio::test]
async fn extension_requests_and_opinion_drafts_wait_for_the_leader() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let handler = t.token("handler").await;
    let leader = t.token("leader").await;
    let id = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
    assert!(ids(&inbox(&t, "leader").await).is_empty());

    // The handler asks; the leader's inbox shows what, since when; the handler has no inbox.
    let (status, e) = t
        .act(
            &handler,
            id,
            json!({"action": "request_extension", "days": 20}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["reason"].is_string(), "{e}");
    let v = t
        .act_ok(
            &handler,
            id,
            json!({"action": "request_extension", "days": 20, "reason": "需现场核查"}),
        )
        .await;
    assert_eq!(v["pending"]["kind"], "extension", "{v}");
    assert_eq!(v["pending"]["days"], 20);
    assert!(!allowed(&v, "request_extension"), "one request at a time");
    let (status, _) = t.get("/api/v1/worklists/approvals", Some(&handler)).await;
    assert_eq!(status, 403, "a handler decides nothing");
    let mine = inbox(&t, "leader").await;
    assert_eq!(ids(&mine), [id]);
    assert_eq!(mine["items"][0]["pending"]["summary"], "需现场核查");
    let (_, counts) = t.get("/api/v1/worklists", Some(&leader)).await;
    let approvals = counts["worklists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue"] == "approvals")
        .cloned()
        .unwrap();
    assert_eq!(approvals["count"], 1, "{counts}");

    // Refused with a reason; asked again, approved by `extend`.
    let (status, _) = t
        .act(&leader, id, json!({"action": "deny_extension"}))
        .await;
    assert_eq!(status, 422);
    let v = t
        .act_ok(
            &leader,
            id,
            json!({"action": "deny_extension", "reason": "期限内可办结"}),
        )
        .await;
    assert!(v["pending"].is_null(), "{v}");
    assert!(ids(&inbox(&t, "leader").await).is_empty());
    t.act_ok(
        &handler,
        id,
        json!({"action": "request_extension", "days": 15, "reason": "仍需核查"}),
    )
    .await;
    let v = t
        .act_ok(
            &leader,
            id,
            json!({"action": "extend", "days": 15, "reason": "仍需核查"}),
        )
        .await;
    assert_eq!(v["extension_days"], 15);
    assert!(v["pending"].is_null());
    assert!(!allowed(&v, "request_extension"), "the extension is used");

    // The draft waits for 签发; returned, redrafted, signed off.
    let draft = json!({"action": "draft_opinion", "outcome": "supported",
                       "opinion": "经核查，学校收取借读费无依据，应予退还。", "basis": "《信访工作条例》第三十二条"});
    let v = t.act_ok(&handler, id, draft.clone()).await;
    assert_eq!(v["pending"]["kind"], "opinion_draft");
    assert_eq!(v["status"], "accepted", "a draft is not issued");
    assert_eq!(ids(&inbox(&t, "leader").await), [id]);
    let v = t
        .act_ok(
            &leader,
            id,
            json!({"action": "return_draft", "reason": "请补充核查经过"}),
        )
        .await;
    assert!(v["pending"].is_null());
    t.act_ok(&handler, id, draft).await;
    let v = t
        .act_ok(
            &leader,
            id,
            json!({"action": "issue_opinion", "outcome": "supported",
                   "opinion": "经核查，学校收取借读费无依据，应予退还。", "basis": "《信访工作条例》第三十二条"}),
        )
        .await;
    assert_eq!(v["status"], "opinion_issued");
    assert!(v["pending"].is_null());
    assert!(ids(&inbox(&t, "leader").await).is_empty());
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&leader))
        .await;
    let text = timeline.to_string();
    for note in [
        "申请延长办理期限20日",
        "不同意延期",
        "起草信访处理意见书",
        "退回意见书草稿",
    ] {
        assert!(text.contains(note), "{note}: {text}");
    }
}

#[tokio::test]
async fn an_objection_waits_for_the_sender_and_the_inbox_page_says_what() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    let school = t.token("school").await;
    t.act_ok(
        &school,
        id,
        json!({"action": "object", "reason": "不属本校职责"}),
    )
    .await;
    assert_eq!(
        ids(&inbox(&t, "registrar").await),
        [id],
        "the sender decides"
    );
    assert_eq!(ids(&inbox(&t, "leader").await), [id]);
    // The objecting school (its staff hold every case role) decides nothing here.
    assert!(
        ids(&inbox(&t, "school").await).is_empty(),
        "not the objector's"
    );
    let cookie = sign_in(&t, "registrar").await;
    let (status, page) = get(&t, &cookie, "/cases?queue=approvals").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("不属本校职责"),
        "the inbox says what is asked: {page}"
    );
    t.act_ok(&registrar, id, json!({"action": "deny_objection"}))
        .await;
    assert!(ids(&inbox(&t, "registrar").await).is_empty());
}

/// The leader's case page shows the draft waiting and the sign-off form filled in with it.
#[tokio::test]
async fn the_case_page_fills_the_sign_off_form_with_the_draft() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
    t.act_ok(
        &t.token("handler").await,
        id,
        json!({"action": "draft_opinion", "outcome": "explained",
               "opinion": "草稿正文：已向信访人解释收费依据。", "basis": "草稿依据：收费文件"}),
    )
    .await;
    let cookie = sign_in(&t, "leader").await;
    let (status, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("意见书草稿待签发"),
        "the fact says what waits"
    );
    assert!(
        page.contains("草稿正文：已向信访人解释收费依据。"),
        "the form is filled in"
    );
    assert!(
        page.contains("value=\"explained\" required checked"),
        "the outcome is chosen"
    );
    assert!(page.contains("data-action=\"return_draft\""));
    let (_, home) = get(&t, &cookie, "/").await;
    assert!(
        home.contains("href=\"/cases?queue=approvals\""),
        "the inbox tile"
    );
    assert!(
        home.contains("意见书草稿待签发"),
        "the leader's workbench leads with what waits for them: {home}"
    );
    // …and says who asked, as the inbox's own list does.
    let handler = t.app.authenticate(&t.token("handler").await).await.unwrap();
    assert!(
        home.contains(&format!("申请人：{}", handler.display_name)),
        "who asked: {home}"
    );
}
