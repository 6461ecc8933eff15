//! The demo accounts cover one chain of units (issue 12 item 11), so every flow can be tried
//! as shipped: a case forwarded to a school is accepted there by `school`; a county decision is
//! reviewed (复查) at the city by `city` and re-reviewed (复核) at the province by `province`.
//! Driven through the real binary started with `--demo`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Db, Server, beijing_today};
use serde_json::{Value, json};

async fn token(server: &Server, user: &str) -> String {
    let (status, v) = server.sign_in(user, "demo", None).await;
    assert_eq!(status, 200, "{user}: {v}");
    v["token"].as_str().unwrap().to_owned()
}

async fn act(server: &Server, token: &str, id: i64, body: Value) -> Value {
    let (status, v) = server
        .post(&format!("/api/v1/cases/{id}/actions"), Some(token), &body)
        .await;
    assert_eq!(status, 200, "{body}: {v}");
    v
}

async fn unit_of(server: &Server, user: &str) -> i64 {
    let t = token(server, user).await;
    let (_, me) = server.get("/api/v1/me", Some(&t)).await;
    me["user"]["unit_id"].as_i64().unwrap()
}

fn letter(concerned: i64, today: &str) -> Value {
    json!({"channel": "letter", "petition_type": "appeal", "category": "fees",
           "title": "反映学校违规收取借读费", "content": "学校收取借读费3000元，要求说明依据。",
           "demands": "退还借读费", "concerned_unit_id": concerned, "received_on": today,
           "petitioners": [{"name": "张伟", "phone": "13800138000"}]})
}

#[tokio::test]
async fn every_level_of_the_demo_chain_has_an_account_that_can_act() {
    let db = Db::fresh().await;
    let server = db.serve(&["--demo", "--demo-cases", "0"], &[]).await;
    let registrar = token(&server, "registrar").await;
    let today = beijing_today();

    // Forwarded to the school, accepted there.
    let school_unit = unit_of(&server, "school").await;
    let (status, v) = server
        .post(
            "/api/v1/cases",
            Some(&registrar),
            &letter(school_unit, &today),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    act(
        &server,
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": school_unit}),
    )
    .await;
    let v = act(
        &server,
        &token(&server, "school").await,
        id,
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!(v["status"], "accepted");

    // Decided at the county, reviewed at the city, re-reviewed at the province.
    let county = unit_of(&server, "leader").await;
    let (status, v) = server
        .post("/api/v1/cases", Some(&registrar), &letter(county, &today))
        .await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    act(&server, &registrar, id, json!({"action": "accept"})).await;
    let decision = |stage: &str| {
        json!({"action": stage, "outcome": "not_supported",
               "opinion": "经核查，收费有文件依据。", "basis": "《信访工作条例》第三十二条"})
    };
    act(
        &server,
        &token(&server, "leader").await,
        id,
        decision("issue_opinion"),
    )
    .await;
    let city = token(&server, "city").await;
    let v = act(&server, &city, id, json!({"action": "request_review"})).await;
    assert_eq!(v["handling_unit_id"], unit_of(&server, "city").await, "{v}");
    act(&server, &city, id, decision("decide_review")).await;
    let province = token(&server, "province").await;
    act(
        &server,
        &province,
        id,
        json!({"action": "request_rereview"}),
    )
    .await;
    let v = act(&server, &province, id, decision("decide_rereview")).await;
    assert_eq!(v["status"], "final", "{v}");
}
