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

/// Serves a second instance over the same database (as behind a load balancer): an app of its
/// own, whose kept shingles (`shingle_cache.rs`) start empty.
async fn second_instance(t: &TestApp) -> String {
    let app = huiyin_app::App::new(
        t.app.store_for_tests().clone(),
        std::sync::Arc::new(t.clock.clone()),
        huiyin_app::AppConfig::default(),
    )
    .await
    .expect("second app");
    huiyin_testkit::serve(
        app,
        huiyin_web::WebConfig {
            plain_http: true,
            ..Default::default()
        },
    )
    .await
}

/// The ids of the cases in the field of fees (its subcategories included), in order.
async fn fee_cases(t: &TestApp, token: &str) -> Vec<i64> {
    let (status, all) = t.get("/api/v1/cases?category=fees", Some(token)).await;
    assert_eq!(status, 200, "{all}");
    let mut ids: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

async fn cluster_cases(t: &TestApp, token: &str) -> Vec<i64> {
    let (status, v) = t.get("/api/v1/warnings?kind=cluster", Some(token)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["total"], 1, "{v}");
    let mut ids: Vec<i64> = v["items"][0]["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn an_instance_that_registered_none_of_a_cluster_still_finds_it() {
    let mut t = spawn_app().await;
    let registrar = t.token("registrar").await;
    petition(&t, &registrar, "fees", "王芳", "13900000001").await;
    petition(&t, &registrar, "fees", "李强", "13900000002").await;
    // The third registration reaches the second instance, which has seen none of the first
    // two: it reads their texts and raises the cluster.
    let second = second_instance(&t).await;
    let first = std::mem::replace(&mut t.address, second);
    petition(&t, &registrar, "fees", "赵敏", "13900000003").await;
    let (status, v) = t
        .get("/api/v1/warnings?kind=cluster", Some(&registrar))
        .await;
    assert_eq!((status, v["total"].as_i64()), (200, Some(1)), "{v}");
    // The fourth reaches the first instance again, which has not seen the third: it joins
    // the same cluster, which then holds all four.
    t.address = first;
    petition(&t, &registrar, "fees", "孙丽", "13900000004").await;
    let every = fee_cases(&t, &registrar).await;
    assert_eq!(every.len(), 4, "{every:?}");
    assert_eq!(cluster_cases(&t, &registrar).await, every);
    // Its people counted from the links (who petitioned in each is kept with it): four.
    let (_, v) = t
        .get("/api/v1/warnings?kind=cluster", Some(&registrar))
        .await;
    let explanation = v["items"][0]["explanation"].as_str().unwrap();
    assert!(explanation.contains("4名信访人、4件"), "{explanation}");
}

/// Registers a petition about the school in the field of fees with these texts.
async fn petition_saying(t: &TestApp, token: &str, texts: (&str, &str), who: (&str, &str)) {
    let mut v = letter(t.units.school, "2026-06-29");
    v["category"] = json!("fees");
    v["title"] = json!(texts.0);
    v["content"] = json!(texts.1);
    v["petitioners"] = json!([{"name": who.0, "phone": who.1}]);
    t.register(token, &v).await;
}

/// A petition's text as the signal compares it (`register::petition_text`), and its shingles.
fn shingles(texts: (&str, &str)) -> huiyin_text::Shingles {
    huiyin_text::Shingles::of(&format!("{}\n{}\n退还借读费", texts.0, texts.1))
}

#[tokio::test]
async fn a_cluster_judged_from_stored_sketches_states_its_exact_similarity() {
    let mut t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let earlier = [
        (
            "反映学校违规收取资料费",
            "学校要求家长缴纳资料费和借读费，未出示收费依据，请求核查并退还。",
        ),
        (
            "反映学校违规收取资料费和借读费",
            "学校向家长收取资料费和借读费，未出示收费依据，请求退还。",
        ),
        // Another matter at the same school in the same field: not one of the cluster.
        (
            "反映学校强制订购教辅",
            "班主任要求学生统一订购教辅材料，不订购的学生被点名批评。",
        ),
    ];
    let last = (
        "反映学校违规收取资料费和借读费",
        "学校要求家长缴纳资料费和借读费，未出示依据，请求退还。",
    );
    for (i, texts) in earlier.iter().enumerate() {
        petition_saying(
            &t,
            &registrar,
            *texts,
            (["王芳", "李强", "赵敏"][i], &format!("1390000000{i}")),
        )
        .await;
    }
    // What the signal must state: the least exact resemblance of the alike (the first two).
    let new = shingles(last);
    let exact: Vec<f64> = earlier
        .iter()
        .map(|e| new.similarity(&shingles(*e)))
        .collect();
    assert!(
        exact[0] >= 0.45 && exact[1] >= 0.45 && exact[2] < 0.3,
        "{exact:?}"
    );
    let least = exact[0].min(exact[1]);
    // The test means something only if the sketches' estimates would state another figure.
    let sketch = new.sketch().unwrap();
    let estimates: Vec<f64> = earlier
        .iter()
        .map(|e| sketch.resemblance(&shingles(*e).sketch().unwrap()))
        .collect();
    assert!(estimates[..2].iter().all(|e| *e >= 0.45), "{estimates:?}");
    assert_ne!(
        format!("{:.2}", estimates[0].min(estimates[1])),
        format!("{least:.2}"),
        "{estimates:?} {exact:?}"
    );
    // The last reaches a second instance, which has seen none of them: it judges them by
    // their stored sketches, and the cluster it raises by their texts.
    t.address = second_instance(&t).await;
    petition_saying(&t, &registrar, last, ("孙丽", "13900000009")).await;
    let (_, v) = t
        .get("/api/v1/warnings?kind=cluster", Some(&registrar))
        .await;
    assert_eq!(v["total"], 1, "{v}");
    let explanation = v["items"][0]["explanation"].as_str().unwrap();
    assert!(explanation.contains("3名信访人、3件"), "{explanation}");
    assert!(
        explanation.contains(&format!("文本相似度不低于{least:.2}")),
        "{explanation} / {exact:?}"
    );
}

#[tokio::test]
async fn a_history_written_without_signals_gets_the_clusters_its_registrations_would_have_raised() {
    // Registered with the signals off, as the demo generator writes its history: no warning.
    let t = huiyin_testkit::spawn_app_with(
        "2026-06-30",
        huiyin_app::AppConfig {
            intake_signals: false,
            ..huiyin_app::AppConfig::default()
        },
    )
    .await;
    let registrar = t.token("registrar").await;
    petition(&t, &registrar, "fees", "王芳", "13900000001").await;
    petition(&t, &registrar, "workload", "李强", "13900000002").await;
    petition(&t, &registrar, "fees", "赵敏", "13900000003").await;
    assert_eq!(clusters(&t, &registrar).await, 0);
    petition(&t, &registrar, "fees.refunds", "孙丽", "13900000004").await;
    assert_eq!(clusters(&t, &registrar).await, 0);
    let since = huiyin_core::Date::parse("2026-06-01").unwrap();
    // Judged in the order of registration: the third person in the field of fees completes
    // the cluster (the fourth registration), as the signals would have at the time.
    let judged = t.app.judge_history_clusters(since).await.unwrap();
    assert_eq!(judged, 1, "only the completing registration raises it");
    let expected = fee_cases(&t, &registrar).await;
    assert_eq!(expected.len(), 3, "{expected:?}");
    assert_eq!(cluster_cases(&t, &registrar).await, expected);
    // Judging again joins what is there: still one warning with the same cases.
    t.app.judge_history_clusters(since).await.unwrap();
    assert_eq!(cluster_cases(&t, &registrar).await, expected);
    // Nothing received from a later day is judged.
    let later = huiyin_core::Date::parse("2026-07-01").unwrap();
    assert_eq!(t.app.judge_history_clusters(later).await.unwrap(), 0);
}
