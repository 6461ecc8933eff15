//! 回避 (issue 15 item 7): a staff member declares a conflict on a case, or a leader of the
//! case's line gives one; the recused user can no longer open, find or act on the case until a
//! leader lifts it; every step audited; bad input refused with nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, name: &str) -> i64 {
    t.app.authenticate(&t.token(name).await).await.unwrap().id
}

fn listed(list: &Value, id: i64) -> bool {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id)
}

#[tokio::test]
async fn a_recused_user_neither_sees_nor_acts_until_a_leader_lifts_it() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let number = case["number"].as_str().unwrap().to_owned();
    let handler = t.token("handler").await;
    assert_eq!(t.case(&handler, id).await.0, 200);
    assert!(listed(&t.list(&handler, "per_page=200").await, id));

    // No reason: refused, nothing stored.
    let path = format!("/api/v1/cases/{id}/recusals");
    let (status, e) = t.post_json(&path, Some(&handler), &json!({})).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["reason"].is_string(), "{e}");
    let (_, none) = t.get(&path, Some(&t.token("county").await)).await;
    assert_eq!(none.as_array().unwrap().len(), 0, "{none}");

    // The handler declares a conflict: the case is gone for them — page, list, number, step.
    let (status, mine) = t
        .post_json(
            &path,
            Some(&handler),
            &json!({"reason": "信访人系本人亲属"}),
        )
        .await;
    assert_eq!(status, 201, "{mine}");
    assert_eq!(mine[0]["self_declared"], true, "{mine}");
    let (status, e) = t.case(&handler, id).await;
    assert_eq!((status, e["code"].as_str()), (404, Some("case.not_found")));
    assert!(!listed(&t.list(&handler, "per_page=200").await, id));
    let found = t.list(&handler, &format!("q={number}")).await;
    assert!(!listed(&found, id), "{found}");
    let (status, _) = t.act(&handler, id, json!({"action": "accept"})).await;
    assert_eq!(status, 404);
    // Others of the unit go on.
    assert_eq!(t.case(&t.token("county").await, id).await.0, 200);

    // A leader of the line gives a recusal to another; not a registrar; not to someone outside.
    let registrar2 = user_id(&t, "registrar2").await;
    let (status, _) = t
        .post_json(
            &path,
            Some(&registrar),
            &json!({"user_id": registrar2, "reason": "曾参与该事项前期处理"}),
        )
        .await;
    assert_eq!(status, 403);
    let leader = t.token("leader").await;
    let sibling = user_id(&t, "sibling").await;
    let (status, e) = t
        .post_json(
            &path,
            Some(&leader),
            &json!({"user_id": sibling, "reason": "曾参与该事项前期处理"}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["user_id"].is_string(), "{e}");
    let (status, all) = t
        .post_json(
            &path,
            Some(&leader),
            &json!({"user_id": registrar2, "reason": "曾参与该事项前期处理"}),
        )
        .await;
    assert_eq!(status, 201, "{all}");
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    assert_eq!(t.case(&t.token("registrar2").await, id).await.0, 404);
    let handler_id = user_id(&t, "handler").await;
    let (status, e) = t
        .post_json(
            &path,
            Some(&leader),
            &json!({"user_id": handler_id, "reason": "再次回避"}),
        )
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("recusal.exists")));
    // Out of the case's line, no recusals to read.
    let (status, _) = t.get(&path, Some(&t.token("sibling").await)).await;
    assert_eq!(status, 404);

    // Lifting: a leader of the line, with a reason; once.
    let first = all[0]["id"].as_i64().unwrap();
    let lift = format!("/api/v1/recusals/{first}/lift");
    let (status, _) = t
        .post_json(
            &lift,
            Some(&registrar),
            &json!({"reason": "亲属关系核实不存在"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, e) = t.post_json(&lift, Some(&leader), &json!({})).await;
    assert_eq!(status, 422, "{e}");
    let (status, lifted) = t
        .post_json(
            &lift,
            Some(&leader),
            &json!({"reason": "亲属关系核实不存在"}),
        )
        .await;
    assert_eq!(status, 200, "{lifted}");
    assert_eq!(lifted["lifted"], true);
    assert_eq!(t.case(&handler, id).await.0, 200, "back on the case");
    let (status, e) = t
        .post_json(&lift, Some(&leader), &json!({"reason": "再次解除"}))
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("recusal.lifted")));
    let (status, e) = t
        .post_json(
            "/api/v1/recusals/999999/lift",
            Some(&leader),
            &json!({"reason": "解除"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("recusal.not_found"))
    );

    // Every step is in the audit chain.
    let auditor = t.token("auditor").await;
    for (action, n) in [("case.recuse", 2), ("case.recusal_lift", 1)] {
        let (_, audit) = t
            .get(
                &format!("/api/v1/audit?action={action}&per_page=50"),
                Some(&auditor),
            )
            .await;
        assert_eq!(
            audit["items"].as_array().unwrap().len(),
            n,
            "{action}: {audit}"
        );
    }
}
