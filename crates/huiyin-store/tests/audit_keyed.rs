//! The audit chain against someone who can write to the database but holds neither the key
//! file nor the anchor beside it (issue 10 item 14): an edit with every later hash recomputed,
//! or the newest entries deleted with the head moved back, is detected.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::sync::Arc;

use huiyin_crypto::{Algorithm, KeyRing};
use huiyin_store::{AuditEntry, KeySource, Store, chain_hash};

fn e(at: i64, action: &str) -> AuditEntry {
    AuditEntry {
        at,
        user_id: Some(3),
        username: "handler".into(),
        unit_id: Some(1),
        action: action.into(),
        target: "330106-2026-000001".into(),
        result: "ok".into(),
        detail: String::new(),
    }
}

/// A store with keys and an anchor file, and five entries in it.
async fn keyed_store(anchor: bool) -> (tempfile::TempDir, Store) {
    let (dir, store) = common::store().await;
    let mut store = store.with_keys(Arc::new(KeySource::new(
        KeyRing::generate(Algorithm::Sm4Gcm).unwrap(),
        None,
    )));
    if anchor {
        store = store.with_audit_anchor(dir.path().join("huiyin.audit-anchor"));
    }
    for d in 1..=5 {
        store.append_audit(&e(d, "case.step")).await.unwrap();
    }
    (dir, store)
}

/// What an attacker with only database access can do: rewrite entry 2 and recompute every
/// hash after it (unkeyed SM3: the key is not theirs), and the head.
async fn rewrite_from_entry_2(store: &Store) {
    let all = store.audit_entries(None, None, 10, 0).await.unwrap();
    let mut prev = all.iter().find(|r| r.id == 1).unwrap().hash.clone();
    for id in 2..=5 {
        let mut rec = all.iter().find(|r| r.id == id).unwrap().clone();
        if id == 2 {
            rec.entry.result = "denied".into();
        }
        let hash = chain_hash(id, &prev, &rec.entry);
        store
            .execute_for_tests(&format!(
                "UPDATE audit_log SET result = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {id}",
                rec.entry.result
            ))
            .await
            .unwrap();
        prev = hash;
    }
    store
        .execute_for_tests(&format!(
            "UPDATE audit_head SET last_hash = '{prev}' WHERE id = 1"
        ))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_keyed_chain_verifies_and_says_so() {
    let (_dir, store) = keyed_store(true).await;
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(
        (report.checked, report.keyed_from, report.anchored),
        (5, Some(1), Some(5))
    );
    let newest = store.audit_entries(None, None, 1, 0).await.unwrap();
    assert!(newest[0].hash.starts_with("k1:"), "{:?}", newest[0].hash);
}

#[tokio::test]
async fn rewriting_every_hash_after_an_edit_is_detected_without_the_key() {
    let (_dir, store) = keyed_store(false).await;
    rewrite_from_entry_2(&store).await;
    let report = store.verify_audit().await.unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with("entry 2: not keyed after keyed entries")),
        "{report:?}"
    );
}

#[tokio::test]
async fn rewriting_the_whole_chain_unkeyed_is_caught_by_the_anchor() {
    let (_dir, store) = keyed_store(true).await;
    // Entry 1 too: then no keyed entry is left for the chain itself to notice.
    let all = store.audit_entries(None, None, 10, 0).await.unwrap();
    let first = all.iter().find(|r| r.id == 1).unwrap();
    let h1 = chain_hash(1, &first.prev_hash, &first.entry);
    store
        .execute_for_tests(&format!("UPDATE audit_log SET hash = '{h1}' WHERE id = 1"))
        .await
        .unwrap();
    rewrite_from_entry_2(&store).await;
    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.keyed_from, None, "{report:?}");
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(
        report.problems[0].contains("does not match the hash anchored outside the database"),
        "{report:?}"
    );
}

#[tokio::test]
async fn deleting_the_newest_entries_and_moving_the_head_back_is_detected() {
    let (_dir, store) = keyed_store(true).await;
    let third = store
        .audit_entries(None, None, 1, 2)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(third.id, 3);
    store
        .execute_for_tests("DELETE FROM audit_log WHERE id > 3")
        .await
        .unwrap();
    store
        .execute_for_tests(&format!(
            "UPDATE audit_head SET last_id = 3, last_hash = '{}' WHERE id = 1",
            third.hash
        ))
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(
        report.problems[0].contains("entry 5, anchored outside the database")
            && report.problems[0].contains("missing"),
        "{report:?}"
    );
    // Without the anchor the same truncation would look like a consistent, shorter chain.
    let (_dir2, plain) = keyed_store(false).await;
    plain
        .execute_for_tests("DELETE FROM audit_log WHERE id > 3")
        .await
        .unwrap();
    let third = plain
        .audit_entries(None, None, 1, 0)
        .await
        .unwrap()
        .remove(0);
    plain
        .execute_for_tests(&format!(
            "UPDATE audit_head SET last_id = 3, last_hash = '{}' WHERE id = 1",
            third.hash
        ))
        .await
        .unwrap();
    assert!(plain.verify_audit().await.unwrap().is_intact());
}
