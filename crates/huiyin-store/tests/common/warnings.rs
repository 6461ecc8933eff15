//! Warnings for the store's tests: a spike raised under a key, a cluster, and resolving one.

use huiyin_core::warning::{WarningKind, WarningLevel};
use huiyin_store::{NewWarning, OutboxRecord, OutboxSight, Scope, Store};

/// A yellow spike warning of `unit` raised under `key`.
pub fn spike(unit: i64, key: &str) -> NewWarning {
    NewWarning {
        kind: WarningKind::Spike,
        level: WarningLevel::Yellow,
        unit_id: unit,
        explanation_zh: format!("{key} 高于基线"),
        explanation_en: format!("{key} above its baseline"),
        acknowledge_due_at: 10_000,
        other_case_ids: Vec::new(),
        join_warning_id: None,
        join_move: None,
        unique_key: Some(key.to_owned()),
        notify: Vec::new(),
    }
}

/// A cluster warning of `unit` at `level` that also links `others`.
pub fn cluster(unit: i64, level: WarningLevel, others: Vec<i64>) -> NewWarning {
    NewWarning {
        kind: WarningKind::Cluster,
        level,
        unique_key: None,
        other_case_ids: others,
        ..spike(unit, "unused")
    }
}

/// Resolves warning `id`.
pub async fn resolve(store: &Store, id: i64) {
    let w = store.warning(id).await.unwrap().expect("stored");
    let step = huiyin_store::WarningStepRecord {
        action: "resolve".into(),
        from_status: "open".into(),
        to_status: "resolved".into(),
        note: "已化解".into(),
        actor_user_id: None,
        actor_name: "测试".into(),
        from_unit_id: w.unit_id,
        to_unit_id: w.unit_id,
        at: 3_000,
    };
    let change = huiyin_store::WarningChange {
        id,
        expected_version: w.version,
        status: huiyin_core::warning::WarningStatus::Resolved,
        unit_id: w.unit_id,
        acknowledge_due_at: w.acknowledge_due_at,
        acknowledged_at: None,
        resolved_at: Some(3_000),
        note: Some("已化解".into()),
        step,
        notify: Vec::new(),
    };
    assert!(store.change_warning(&change).await.unwrap());
}

/// Every message in the outbox (up to a thousand) and how many there are, as the system
/// administrator's sight of the whole tree reads them.
pub async fn all_messages(store: &Store) -> (Vec<OutboxRecord>, i64) {
    let everyone = OutboxSight {
        case_worker: false,
        scope: Scope::All,
        firewall: Default::default(),
        units: None,
    };
    store
        .list_outbox(&everyone, None, None, 1_000, 0)
        .await
        .unwrap()
}
