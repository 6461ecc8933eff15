//! The `cluster` signal judged from the durable queue after the registration's commit (issue
//! 13 items 1 and 6; `cluster_queue.rs`): a case registered is never left unjudged, not by a
//! crash before its judging, and a batch of queued cases judged together raises and joins the
//! warnings their registrations one by one would have.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// The fees matter: near-identical texts (one word apart per petition).
fn fees(t: &TestApp, i: usize) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["category"] = json!("fees");
    v["title"] = json!("反映学校违规收取资料费");
    v["content"] = json!(format!(
        "学校要求家长缴纳资料费和借读费，未出示收费依据，请求核查并退还。（{}）",
        PARENTS[i]
    ));
    v
}

/// Another matter about the same school in the same field.
fn books(t: &TestApp) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["category"] = json!("fees");
    v["title"] = json!("反映学校强制订购教辅");
    v["content"] = json!("班主任要求学生统一订购教辅材料，不订购的学生被点名批评。");
    v
}

/// The parents who write, a different one each time.
const PARENTS: [&str; 9] = [
    "王芳", "李强", "赵敏", "孙丽", "周杰", "吴刚", "郑洁", "冯涛", "陈静",
];

fn from(mut v: Value, i: usize) -> Value {
    v["petitioners"] = json!([{"name": PARENTS[i], "phone": format!("1390000{i:04}")}]);
    v
}

/// The petitions of the tests, in order: seven parents about the fees, two about the books
/// among them.
fn petitions(t: &TestApp) -> Vec<Value> {
    (0..9)
        .map(|i| match i {
            2 | 6 => from(books(t), i),
            _ => from(fees(t, i), i),
        })
        .collect()
}

/// Each cluster warning: its level, explanation and how many cases it holds, in id order.
async fn cluster_warnings(t: &TestApp, token: &str) -> Vec<(String, String, usize)> {
    let (status, v) = t
        .get("/api/v1/warnings?kind=cluster&per_page=50", Some(token))
        .await;
    assert_eq!(status, 200, "{v}");
    let mut items: Vec<&Value> = v["items"].as_array().unwrap().iter().collect();
    items.sort_by_key(|w| w["id"].as_i64());
    items
        .iter()
        .map(|w| {
            (
                w["level"].as_str().unwrap().to_owned(),
                w["explanation"].as_str().unwrap().to_owned(),
                w["case_ids"].as_array().unwrap().len(),
            )
        })
        .collect()
}

async fn queued(t: &TestApp) -> i64 {
    t.app.cluster_queue_depth().await.expect("queue depth")
}

#[tokio::test]
async fn a_batch_judged_together_raises_what_registrations_one_by_one_raise() {
    // One by one: each registration judges its case before it answers.
    let one_by_one = spawn_app().await;
    let token = one_by_one.token("registrar").await;
    for p in petitions(&one_by_one) {
        one_by_one.register(&token, &p).await;
    }
    assert_eq!(queued(&one_by_one).await, 0);
    let expected = cluster_warnings(&one_by_one, &token).await;
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert_eq!(expected[0].2, 7, "the seven fees petitions: {expected:?}");

    // Together: the judge is at work while all nine are registered, so they wait in the queue
    // and are judged as one batch (the cluster raised at the third is joined by the rest).
    let together = spawn_app().await;
    let token = together.token("registrar").await;
    let held = together.app.hold_cluster_judge().await;
    for p in petitions(&together) {
        together.register(&token, &p).await;
    }
    assert_eq!(
        queued(&together).await,
        9,
        "nothing judged while the judge is held"
    );
    assert!(cluster_warnings(&together, &token).await.is_empty());
    drop(held);
    let judged = together
        .app
        .judge_cluster_queue_until_empty()
        .await
        .expect("judge");
    assert_eq!(judged, 9);
    assert_eq!(queued(&together).await, 0);
    assert_eq!(cluster_warnings(&together, &token).await, expected);
}

#[tokio::test]
async fn a_case_left_queued_by_a_crash_is_judged_by_the_next_server() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let p = petitions(&t);
    t.register(&token, &p[0]).await;
    t.register(&token, &p[1]).await;
    // The third is committed, but its judge never comes back (the server went down with the
    // judge's lock held): the case is registered and its cluster not yet raised.
    let held = t.app.hold_cluster_judge().await;
    t.register(&token, &p[3]).await;
    assert_eq!(queued(&t).await, 1);
    assert!(cluster_warnings(&t, &token).await.is_empty());
    // The next server over the database (an app of its own) finds the queued case and judges it.
    let next = huiyin_app::App::new(
        t.app.store_for_tests().clone(),
        std::sync::Arc::new(t.clock.clone()),
        huiyin_app::AppConfig::default(),
    )
    .await
    .expect("next server");
    assert_eq!(
        next.judge_cluster_queue_until_empty().await.expect("judge"),
        1
    );
    let raised = cluster_warnings(&t, &token).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0].2, 3, "{raised:?}");
    assert_eq!(queued(&t).await, 0);
    drop(held);
}

#[tokio::test]
async fn the_queue_is_the_operators_gauge() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let held = t.app.hold_cluster_judge().await;
    t.register(&token, &petitions(&t)[0]).await;
    let gauges = t.app.operations_gauges().await.expect("gauges");
    assert_eq!(gauges.cluster_queue, 1);
    drop(held);
    t.app
        .judge_cluster_queue_until_empty()
        .await
        .expect("judge");
    let gauges = t.app.operations_gauges().await.expect("gauges");
    assert_eq!(gauges.cluster_queue, 0);
}
