//! Cases belong to people (issue 12 item 1): within the handling unit the registrar or a
//! leader allots a case to a named 承办人 (分办), changes the handler with a reason (改派) or
//! takes it back (收回); a case that moves to another unit leaves its handler behind; "我的工作"
//! is the user's own cases and the unit's unallotted ones; lists filter by handler.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, user: &str) -> i64 {
    let token = t.token(user).await;
    let (status, me) = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    me["user"]["id"].as_i64().unwrap()
}

fn ids(v: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn a_case_is_allotted_reallotted_taken_back_and_left_behind_when_it_moves() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let handler = user_id(&t, "handler").await;
    let leader = user_id(&t, "leader").await;
    let sibling = user_id(&t, "sibling").await;
    let first = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    let second = t
        .register(&registrar, &letter(t.units.school, "2026-06-02"))
        .await["id"]
        .as_i64()
        .unwrap();

    // Only a handler or leader of the handling body, named by the registrar or a leader.
    for bad in [sibling, user_id(&t, "registrar2").await, 999_999] {
        let (status, e) = t
            .act(
                &registrar,
                first,
                json!({"action": "allot", "handler_user_id": bad}),
            )
            .await;
        assert_eq!(status, 422, "{bad}: {e}");
        assert!(e["fields"]["handler_user_id"].is_string(), "{e}");
    }
    let (status, e) = t
        .act(
            &t.token("handler").await,
            first,
            json!({"action": "allot", "handler_user_id": handler}),
        )
        .await;
    assert_eq!(status, 403, "a handler does not allot: {e}");
    let (status, e) = t.act(&registrar, first, json!({"action": "allot"})).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["handler_user_id"].is_string(), "{e}");

    let v = t
        .act_ok(
            &registrar,
            first,
            json!({"action": "allot", "handler_user_id": handler}),
        )
        .await;
    assert_eq!(v["handler_user_id"], handler);
    let name = v["handler_name"].as_str().unwrap().to_owned();
    assert!(!name.is_empty());
    assert!(
        v["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("take_back"))
    );
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{first}/timeline"), Some(&registrar))
        .await;
    assert!(
        timeline
            .to_string()
            .contains(&format!("分办：承办人{name}")),
        "{timeline}"
    );

    // "我的工作": the handler's own case and the unit's unallotted one; the leader sees only
    // the unallotted one.
    let handler_token = t.token("handler").await;
    let leader_token = t.token("leader").await;
    let (_, mine) = t.get("/api/v1/worklists/mine", Some(&handler_token)).await;
    assert_eq!(ids(&mine), [first, second], "{mine}");
    let (_, mine) = t.get("/api/v1/worklists/mine", Some(&leader_token)).await;
    assert_eq!(ids(&mine), [second], "{mine}");
    assert_eq!(ids(&t.list(&handler_token, "handler=me").await), [first]);
    assert_eq!(ids(&t.list(&leader_token, "handler=none").await), [second]);
    assert_eq!(
        ids(&t.list(&leader_token, &format!("handler={handler}")).await),
        [first]
    );
    let (status, e) = t
        .get("/api/v1/cases?handler=someone", Some(&leader_token))
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["handler"].is_string(), "{e}");

    // 改派 needs a reason; the same handler again is refused.
    let (status, e) = t
        .act(
            &leader_token,
            first,
            json!({"action": "allot", "handler_user_id": leader}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["reason"].is_string(), "{e}");
    let (status, _) = t
        .act(
            &leader_token,
            first,
            json!({"action": "allot", "handler_user_id": handler, "reason": "再派"}),
        )
        .await;
    assert_eq!(status, 422, "already with this handler");
    let v = t
        .act_ok(
            &leader_token,
            first,
            json!({"action": "allot", "handler_user_id": leader, "reason": "承办人休假"}),
        )
        .await;
    assert_eq!(v["handler_user_id"], leader);
    assert_eq!(ids(&t.list(&leader_token, "handler=me").await), [first]);

    // 收回, then nothing left to take back.
    let v = t
        .act_ok(
            &registrar,
            first,
            json!({"action": "take_back", "reason": "重新研究"}),
        )
        .await;
    assert!(v["handler_user_id"].is_null(), "{v}");
    let (status, e) = t
        .act(&registrar, first, json!({"action": "take_back"}))
        .await;
    assert_eq!(status, 409, "{e}");

    // A case forwarded to the school leaves its handler behind.
    t.act_ok(
        &registrar,
        second,
        json!({"action": "allot", "handler_user_id": handler}),
    )
    .await;
    let v = t
        .act_ok(
            &registrar,
            second,
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
    assert!(v["handler_user_id"].is_null(), "{v}");
    let (_, mine) = t.get("/api/v1/worklists/mine", Some(&handler_token)).await;
    assert_eq!(ids(&mine), [first], "{mine}");
}

#[tokio::test]
async fn the_case_page_allots_by_name_and_the_list_filters_by_handler() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let v = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_owned();
    let handler = user_id(&t, "handler").await;

    let cookie = sign_in(&t, "registrar").await;
    let (status, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("待分办"), "no handler yet");
    assert!(page.contains("name=\"handler_user_id\""), "the 分办 form");
    assert!(
        page.contains(&format!("<option value=\"{handler}\"")),
        "the handler is offered"
    );
    t.act_ok(
        &registrar,
        id,
        json!({"action": "allot", "handler_user_id": handler}),
    )
    .await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(!page.contains("待分办"), "the handler is named");
    assert!(page.contains("data-action=\"take_back\""));

    let cookie = sign_in(&t, "handler").await;
    let (_, page) = get(&t, &cookie, "/cases?handler=me").await;
    assert!(page.contains(&number), "the handler's own list");
    let (_, page) = get(&t, &cookie, "/cases?handler=none").await;
    assert!(!page.contains(&number), "not among the unallotted");
    let (_, page) = get(&t, &cookie, "/cases?queue=mine").await;
    assert!(page.contains(&number), "my work");
}
