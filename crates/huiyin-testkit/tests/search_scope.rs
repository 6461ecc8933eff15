//! Full text within a unit's scope (issue 18): the index names the units each case is visible
//! to, so a school's search asks the index for its own cases. A case forwarded to a school is
//! found by the school's search at once; a sibling school never finds it; and a database whose
//! index lacks the scope tokens searches correctly without them until the upgrade has
//! rewritten every row.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

async fn found(t: &TestApp, user: &str, q: &str) -> Vec<i64> {
    let token = t.token(user).await;
    let v = t.list(&token, &format!("q={q}")).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_forwarded_case_is_found_in_its_new_units_scope_and_after_the_upgrade() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    // "借读费" is in the letter's text.
    assert_eq!(found(&t, "county", "借读费").await, [id]);
    assert!(found(&t, "school", "借读费").await.is_empty());

    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    assert_eq!(found(&t, "school", "借读费").await, [id]);
    assert!(found(&t, "sibling_school", "借读费").await.is_empty());
    assert!(found(&t, "school", "食堂").await.is_empty());
    // A query naming a scope token is not a search for a unit's cases.
    let token = format!("hyscope{}", t.units.school);
    assert!(found(&t, "school", &token).await.is_empty());

    // An index without the tokens (a database written before them): searches ignore them,
    // and the upgrade rewrites every row and switches them back on.
    let store = &t.app.store_for_tests();
    store.request_search_reindex().await.unwrap();
    assert!(!store.search_scope_ready().await.unwrap());
    assert_eq!(found(&t, "school", "借读费").await, [id]);
    let rewritten = t.app.upgrade_search_index().await.unwrap();
    assert_eq!(rewritten, 1);
    assert!(store.search_scope_ready().await.unwrap());
    assert_eq!(found(&t, "school", "借读费").await, [id]);
    assert_eq!(found(&t, "province", "借读费").await, [id]);
    assert!(found(&t, "sibling_school", "借读费").await.is_empty());
    // Done once: a second upgrade has nothing to do.
    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 0);
}

/// A reporter's name is never searchable, also after the case was reclassified (the firewall
/// outlives it) and its index row rewritten by a move or by the upgrade.
#[tokio::test]
async fn a_former_accusations_reporter_is_not_found_by_name_after_rewrites() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut body = letter(t.units.county, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["petitioners"] = json!([{"name": "欧阳明华", "phone": "13911117654"}]);
    let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    t.act_ok(
        &city,
        id,
        json!({"action": "classify", "petition_type": "appeal", "reason": "实为个人诉求"}),
    )
    .await;
    t.act_ok(
        &city,
        id,
        json!({"action": "assign", "to_unit_id": t.units.sibling_county}),
    )
    .await;
    assert_eq!(found(&t, "city", "借读费").await, [id]);
    assert!(found(&t, "city", "欧阳明华").await.is_empty());
    t.app
        .store_for_tests()
        .request_search_reindex()
        .await
        .unwrap();
    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 1);
    assert_eq!(found(&t, "city", "借读费").await, [id]);
    assert!(found(&t, "city", "欧阳明华").await.is_empty());
}

/// An upgrade stopped part way resumes after the last batch it wrote.
#[tokio::test]
async fn an_interrupted_upgrade_resumes_after_its_last_batch() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
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
    let store = &t.app.store_for_tests();
    store.request_search_reindex().await.unwrap();
    assert_eq!(store.search_scope_progress().await.unwrap(), 0);
    // A run that wrote the first case and stopped.
    store.reindex_search_rows(&[], first, 0).await.unwrap();
    assert_eq!(store.search_scope_progress().await.unwrap(), first);
    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 1);
    assert!(store.search_scope_ready().await.unwrap());
    let mut both = found(&t, "county", "借读费").await;
    both.sort_unstable();
    assert_eq!(both, [first, second]);
}

/// Issue 12: a database whose rows hold older text tokens (version 1: no bigram across a word
/// boundary, so `规收` and `校违` were in no row) is rewritten by the upgrade, after which a
/// passage across jieba's words is found; a database created now is current at once.
#[tokio::test]
async fn rows_of_older_text_tokens_are_rewritten_and_then_find_passages() {
    let t = spawn_app().await;
    let store = &t.app.store_for_tests();
    assert_eq!(
        store.search_tokens_version().await.unwrap(),
        huiyin_text::INDEX_TOKENS_VERSION
    );
    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 0);
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    // The title "反映学校违规收取借读费" as version 1 indexed it.
    let old = "反映 学校 违规 收取 借读 借读费 读费 孩子 退还";
    store
        .reindex_search_rows(&[(id, old.to_owned())], 0, 0)
        .await
        .unwrap();
    store
        .put_setting("search_tokens_version", "1", 0)
        .await
        .unwrap();
    assert!(found(&t, "county", "规收").await.is_empty());
    assert!(found(&t, "county", "校违").await.is_empty());
    assert_eq!(found(&t, "county", "借读费").await, [id]);

    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 1);
    assert_eq!(
        store.search_tokens_version().await.unwrap(),
        huiyin_text::INDEX_TOKENS_VERSION
    );
    for q in ["规收", "校违", "违规收取借读", "取借读费", "借读费3000"] {
        assert_eq!(found(&t, "county", q).await, [id], "{q}");
    }
    // Scope tokens came back with the rewrite: a sibling still finds nothing.
    assert!(found(&t, "sibling_school", "违规收取借读").await.is_empty());
    assert_eq!(t.app.upgrade_search_index().await.unwrap(), 0);
}
