//! A step that makes a case an accusation moves the warnings behind it above the new wall
//! (`StepRecord::warning_moves`), each written as an escalation with a step of its history:
//! as the step read it, or, when the warning changed since (acknowledged, joined), moved all
//! the same, only up, so it is never left owned inside the wall.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::warnings::spike;
use common::{case, day, deadline, entry, insert, org, store};
use huiyin_core::case::Status;
use huiyin_core::outbox::{Channel, OutboxEvent};
use huiyin_core::warning::WarningStatus;
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{
    OutboxDraft, StepRecord, Store, WarningChange, WarningRecord, WarningStepRecord,
};

/// The change that moves `w` to `to`, as the app builds it from what it read.
fn move_to(w: &WarningRecord, to: i64) -> WarningChange {
    WarningChange {
        id: w.id,
        expected_version: w.version,
        status: WarningStatus::Escalated,
        unit_id: to,
        acknowledge_due_at: 90_000,
        acknowledged_at: w.acknowledged_at,
        resolved_at: None,
        note: w.note.clone(),
        step: WarningStepRecord {
            action: "move_above_wall".into(),
            from_status: w.status.as_str().into(),
            to_status: "escalated".into(),
            note: "依回避规定移交上一级".into(),
            actor_user_id: None,
            actor_name: "系统".into(),
            from_unit_id: w.unit_id,
            to_unit_id: to,
            at: 3_000,
        },
        notify: vec![OutboxDraft {
            event: OutboxEvent::WarningEscalated,
            recipient_unit_id: Some(to),
            audience: None,
            recipient_user_id: None,
            channel: Channel::InApp,
            text_zh: "预警上报".into(),
            text_en: "warning escalated".into(),
            key: format!("{to}:90000"),
        }],
    }
}

/// Records a step on case `id` that moves `moves` (the case itself is only accepted: what
/// matters here is the step's transaction).
async fn step_moving(store: &Store, id: i64, moves: Vec<WarningChange>) {
    let rec = store.case(id).await.unwrap().unwrap();
    let mut case = rec.case.clone();
    case.status = Status::Accepted;
    let step = StepRecord {
        case,
        expected_version: rec.version,
        deadlines: vec![deadline(
            DeadlineKind::Handling,
            day("2026-06-23"),
            day("2026-08-21"),
        )],
        entry: entry(
            "accept",
            day("2026-06-23"),
            Some(Status::Registered),
            Status::Accepted,
            3_000,
        ),
        add_visible_unit: None,
        kpi: huiyin_core::kpi::KpiFacts::default(),
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: moves,
    };
    store.record_step(&step, 3_000).await.unwrap();
}

async fn messages_to(store: &Store, warning: i64) -> Vec<Option<i64>> {
    let (all, _) = common::warnings::all_messages(store).await;
    all.iter()
        .filter(|m| m.warning_id == Some(warning))
        .map(|m| m.recipient_unit_id)
        .collect()
}

#[tokio::test]
async fn a_step_moves_its_warnings_above_the_wall_even_when_they_changed_since_it_read_them() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(
        &store,
        case(o.school_a1, "330100-2026", "一件", "收费", "2026-06-22"),
    )
    .await;
    let read = |store: &Store, w: i64| {
        let store = store.clone();
        async move { store.warning(w).await.unwrap().expect("stored") }
    };

    // As read: moved with the change the step carries.
    let fresh = store
        .insert_warning(&spike(o.county_a, "w:fresh"), &[id], 1_000)
        .await
        .unwrap()
        .expect("raised");
    // Changed after the step read it: the county acknowledged it meanwhile.
    let changed = store
        .insert_warning(&spike(o.county_a, "w:changed"), &[id], 1_000)
        .await
        .unwrap()
        .expect("raised");
    let as_read = read(&store, changed).await;
    let mut ack = move_to(&as_read, o.county_a);
    ack.status = WarningStatus::Acknowledged;
    ack.acknowledged_at = Some(2_000);
    ack.step.action = "acknowledge".into();
    ack.step.to_status = "acknowledged".into();
    ack.notify = Vec::new();
    assert!(store.change_warning(&ack).await.unwrap());

    let moves = vec![
        move_to(&read(&store, fresh).await, o.city),
        move_to(&as_read, o.city),
    ];
    step_moving(&store, id, moves).await;

    for (w, steps) in [
        (fresh, vec!["move_above_wall"]),
        (changed, vec!["acknowledge", "move_above_wall"]),
    ] {
        let now = read(&store, w).await;
        assert_eq!(now.unit_id, o.city, "warning {w}: {now:#?}");
        assert_eq!(now.status, WarningStatus::Escalated, "warning {w}");
        assert_eq!(now.acknowledge_due_at, 90_000, "warning {w}");
        let history = store.warning_steps(w).await.unwrap();
        let actions: Vec<&str> = history.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(actions, steps, "warning {w}");
        let last = history.last().unwrap();
        assert_eq!((last.from_unit_id, last.to_unit_id), (o.county_a, o.city));
        assert_eq!(
            messages_to(&store, w).await,
            vec![Some(o.city)],
            "warning {w}"
        );
    }
    let changed_now = read(&store, changed).await;
    assert_eq!(
        store.warning_steps(changed).await.unwrap()[1].from_status,
        "acknowledged"
    );
    assert!(changed_now.version > as_read.version + 1);

    // A move that would go down or sideways (the warning is above already) changes nothing.
    let above = read(&store, fresh).await;
    let mut stale = move_to(&above, o.county_a);
    stale.expected_version = above.version - 1;
    step_moving(&store, id, vec![stale]).await;
    let after = read(&store, fresh).await;
    assert_eq!((after.unit_id, after.version), (o.city, above.version));
    assert_eq!(store.warning_steps(fresh).await.unwrap().len(), 1);
}
