//! The audit trail: appended entries verify; an edited, deleted or truncated row is detected;
//! purging respects the retention period and leaves a chain that still verifies.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::store;
use huiyin_store::{AuditEntry, Store, StoreError, chain_hash};

const DAY: i64 = 86_400_000;

fn e(at: i64, user: &str, action: &str) -> AuditEntry {
    AuditEntry {
        at,
        user_id: Some(3),
        username: user.into(),
        unit_id: Some(1),
        action: action.into(),
        target: "330106-2026-000001".into(),
        result: "ok".into(),
        detail: format!("{action} by {user}"),
    }
}

/// Five entries, one a day from day 1.
async fn five(store: &Store) {
    let batch: Vec<_> = (1..=4)
        .map(|d| e(d * DAY, "handler", "case.step"))
        .collect();
    assert_eq!(store.append_audit_batch(&batch).await.unwrap(), 4);
    assert_eq!(
        store
            .append_audit(&e(5 * DAY, "admin", "user.create"))
            .await
            .unwrap(),
        5
    );
}

#[tokio::test]
async fn appended_entries_verify_and_read_back_newest_first() {
    let (_dir, store) = store().await;
    let empty = store.verify_audit().await.unwrap();
    assert!(empty.is_intact() && empty.checked == 0, "{empty:?}");
    five(&store).await;
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 5);

    let all = store.audit_entries(None, None, 10, 0).await.unwrap();
    let ids: Vec<_> = all.iter().map(|r| r.id).collect();
    assert_eq!(ids, [5, 4, 3, 2, 1]);
    assert_eq!(all[4].prev_hash, "genesis");
    for w in all.windows(2) {
        assert_eq!(
            w[1].hash, w[0].prev_hash,
            "each entry follows the one before"
        );
        assert_eq!(w[0].hash, chain_hash(w[0].id, &w[0].prev_hash, &w[0].entry));
    }
    assert_eq!(all[0].entry.detail, "user.create by admin");
    let admin = store
        .audit_entries(Some("admin"), None, 10, 0)
        .await
        .unwrap();
    assert_eq!(admin.iter().map(|r| r.id).collect::<Vec<_>>(), [5]);
    let steps = store
        .audit_entries(None, Some("case.step"), 2, 1)
        .await
        .unwrap();
    assert_eq!(steps.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 2]);
}

#[tokio::test]
async fn an_edited_row_is_detected() {
    let (_dir, store) = store().await;
    five(&store).await;
    let n = store
        .execute_for_tests("UPDATE audit_log SET detail = 'nothing happened' WHERE id = 2")
        .await
        .unwrap();
    assert_eq!(n, 1);
    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.checked, 5);
    assert_eq!(
        report.problems,
        ["entry 2: content does not match its hash (edited)"]
    );
}

#[tokio::test]
async fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let (_dir, store) = store().await;
    five(&store).await;
    let rec = store
        .audit_entries(None, None, 1, 3)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(rec.id, 2);
    let mut forged = rec.entry.clone();
    forged.result = "denied".into();
    let hash = chain_hash(2, &rec.prev_hash, &forged);
    store
        .execute_for_tests(&format!(
            "UPDATE audit_log SET result = 'denied', hash = '{hash}' WHERE id = 2"
        ))
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert_eq!(
        report.problems,
        ["entry 3: does not follow the previous entry (deleted or reordered)"]
    );
}

#[tokio::test]
async fn deleted_rows_are_detected_in_the_middle_and_at_the_end() {
    let (_dir, store) = store().await;
    five(&store).await;
    store
        .execute_for_tests("DELETE FROM audit_log WHERE id = 3")
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert_eq!(report.checked, 4);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("entries 3..3 missing")),
        "{report:?}"
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with("entry 4: does not follow")),
        "{report:?}"
    );

    let (_dir2, store2) = common::store().await;
    five(&store2).await;
    store2
        .execute_for_tests("DELETE FROM audit_log WHERE id = 5")
        .await
        .unwrap();
    let report = store2.verify_audit().await.unwrap();
    assert_eq!(report.checked, 4);
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(report.problems[0].contains("head records 5"), "{report:?}");
}

#[tokio::test]
async fn purging_respects_retention_and_keeps_the_chain_verifiable() {
    let (_dir, store) = store().await;
    five(&store).await;
    let now = 10 * DAY;
    let retention = 7 * DAY;
    // Day 4 is younger than now − retention (day 3): refused, nothing deleted.
    let refused = store.purge_audit(4 * DAY, now, retention).await;
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    assert_eq!(store.verify_audit().await.unwrap().checked, 5);
    // Nothing older than day 1: nothing to purge.
    assert_eq!(store.purge_audit(DAY, now, retention).await.unwrap(), 0);
    // Entries before day 3 (days 1 and 2) go; the last of them anchors the chain.
    assert_eq!(store.purge_audit(3 * DAY, now, retention).await.unwrap(), 2);
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 3);
    let ids: Vec<_> = store
        .audit_entries(None, None, 10, 0)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [5, 4, 3]);
    // The chain continues after a purge, and an edit after the anchor is still found.
    assert_eq!(
        store
            .append_audit(&e(11 * DAY, "admin", "audit.purge"))
            .await
            .unwrap(),
        6
    );
    assert!(store.verify_audit().await.unwrap().is_intact());
    store
        .execute_for_tests("UPDATE audit_log SET at = 0 WHERE id = 3")
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert_eq!(
        report.problems,
        ["entry 3: content does not match its hash (edited)"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appenders_keep_one_chain() {
    let (_dir, store) = store().await;
    let mut tasks = Vec::new();
    for (n, s) in [store.clone(), store.reconnect().await.unwrap()]
        .into_iter()
        .enumerate()
    {
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let batch = [
                    e(i, &format!("user{n}"), "a"),
                    e(i, &format!("user{n}"), "b"),
                ];
                s.append_audit_batch(&batch).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 40);
}
