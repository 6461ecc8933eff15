//! The `cluster` signal (issue 13 item 1) groups petitions about one matter: the same concerned
//! unit, the same field of petition work (a top-level category, with the categories below it)
//! and texts alike. Three people writing the same words about one school raise a cluster when
//! they write in one field, even through its subcategories, and none when one of them writes in
//! another field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

async fn petition(t: &TestApp, token: &str, category: &str, name: &str, phone: &str) {
    let mut v = letter(t.units.school, "2026-06-29");
    v["category"] = json!(category);
    v["title"] = json!("反映学校违规收取资料费");
    v["content"] = json!("学校要求家长缴纳资料费和借读费，未出示收费依据，请求核查并退还。");
    v["petitioners"] = json!([{"name": name, "phone": phone}]);
    t.register(token, &v).await;
}

async fn clusters(t: &TestApp, token: &str) -> i64 {
    let (status, v) = t.get("/api/v1/warnings?kind=cluster", Some(token)).await;
    assert_eq!(status, 200, "{v}");
    v["total"].as_i64().unwrap()
}

#[tokio::test]
async fn one_field_makes_a_cluster_and_another_field_does_not_join_it() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    petition(&t, &registrar, "fees", "王芳", "13900000001").await;
    petition(&t, &registrar, "workload", "李强", "13900000002").await;
    petition(
        &t,
        &registrar,
        "fees.illegal_charges",
        "赵敏",
        "13900000003",
    )
    .await;
    assert_eq!(
        clusters(&t, &registrar).await,
        0,
        "two people in the field of fees and one in another field: no cluster of three"
    );
    petition(&t, &registrar, "fees.refunds", "孙丽", "13900000004").await;
    assert_eq!(
        clusters(&t, &registrar).await,
        1,
        "a third person in the field of fees (a subcategory) completes the cluster"
    );
}
