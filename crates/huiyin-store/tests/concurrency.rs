//! Optimistic concurrency: a step taken on a stale version fails and changes nothing; of two
//! simultaneous steps on one case exactly one wins; numbering stays unique under contention.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeSet;

use common::{case, day, deadline, entry, flags, insert, org, store, tokens};
use huiyin_core::case::{Flag, Status};
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{Retimed, StepRecord, Store, StoreError};

/// A step moving the case as read (`version`) to `to`, handled by `unit`.
async fn step(store: &Store, id: i64, to: Status, unit: i64) -> StepRecord {
    let rec = store.case(id).await.unwrap().unwrap();
    let mut c = rec.case.clone();
    let from = c.status;
    c.status = to;
    c.handling_unit_id = unit;
    c.last_step_on = day("2026-03-10");
    c.flags.insert(Flag::Supervised);
    c.detail.accepted_on = Some(day("2026-03-10"));
    StepRecord {
        case: c,
        expected_version: rec.version,
        deadlines: vec![deadline(
            DeadlineKind::Handling,
            day("2026-03-10"),
            day("2026-05-08"),
        )],
        entry: entry(to.as_str(), day("2026-03-10"), Some(from), to, 9_000),
        add_visible_unit: Some((unit, tokens(&rec.case.title, &rec.case.content, &[]))),
        kpi: huiyin_core::kpi::KpiFacts {
            received_on: Some(rec.case.received_on),
            acceptance_due_on: Some(rec.case.received_on.add_days(15)),
            decided_on: Some(day("2026-03-10")),
            handling_due_on: Some(day("2026-05-08")),
            ..Default::default()
        },
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: Vec::new(),
    }
}

#[tokio::test]
async fn a_step_writes_state_deadlines_timeline_and_visibility_together() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    let s = step(&store, id, Status::Forwarded, o.school_a1).await;
    assert_eq!(store.record_step(&s, 9_000).await.unwrap(), 2);

    let got = store.case(id).await.unwrap().unwrap();
    assert_eq!(got.version, 2);
    assert_eq!(got.case.status, Status::Forwarded);
    assert_eq!(got.case.handling_unit_id, o.school_a1);
    assert_eq!(got.case.last_step_on, day("2026-03-10"));
    assert_eq!(got.case.flags, flags(&[Flag::Supervised]));
    assert_eq!(got.case.detail.accepted_on, Some(day("2026-03-10")));
    assert_eq!(
        got.deadlines, s.deadlines,
        "the step's deadlines replace the old ones"
    );
    let units: BTreeSet<_> = got.visible_units.iter().copied().collect();
    assert_eq!(units, BTreeSet::from([o.county_a, o.school_a1]));
    let timeline = store.timeline(id).await.unwrap();
    let actions: Vec<_> = timeline.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["register", "forwarded"]);
    assert_eq!(timeline[1].from_status, Some(Status::Registered));
    // The next due day follows the new deadlines.
    let due = store
        .case_ids_due_between(day("2026-05-08"), day("2026-05-08"), 0, 10)
        .await
        .unwrap();
    assert_eq!(due, [id]);
    let old_due = store
        .case_ids_due_between(day("2026-03-16"), day("2026-03-16"), 0, 10)
        .await
        .unwrap();
    assert!(old_due.is_empty(), "{old_due:?}");
}

#[tokio::test]
async fn a_stale_step_fails_and_changes_nothing() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(
        &store,
        case(o.county_a, "s", "收费", "乱收费", "2026-03-01"),
    )
    .await;
    let audit = |action: &str| huiyin_store::AuditEntry {
        at: 9_000,
        user_id: Some(7),
        username: "handler".into(),
        unit_id: Some(o.county_a),
        action: action.into(),
        target: "n".into(),
        result: "ok".into(),
        detail: String::new(),
    };
    let mut stale = step(&store, id, Status::Accepted, o.county_b).await;
    stale.audit = Some(audit("case.stale"));
    let mut winner = step(&store, id, Status::Forwarded, o.school_a1).await;
    winner.audit = Some(audit("case.winner"));
    store.record_step(&winner, 9_000).await.unwrap();
    let before = store.case(id).await.unwrap().unwrap();

    let err = store.record_step(&stale, 9_500).await;
    assert!(matches!(err, Err(StoreError::Concurrent)), "{err:?}");

    let after = store.case(id).await.unwrap().unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(after.case, before.case);
    assert_eq!(after.case.status, Status::Forwarded);
    assert_eq!(after.deadlines, before.deadlines);
    assert!(
        !after.visible_units.contains(&o.county_b),
        "no visibility from the stale step"
    );
    assert_eq!(store.timeline(id).await.unwrap().len(), 2);
    // The step's audit entry is written with it, and only with it (same transaction).
    let trail: Vec<String> = store
        .audit_entries(None, None, 10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(trail, ["case.winner"]);
    // A step on a case that does not exist is refused the same way.
    let mut ghost = stale.clone();
    ghost.case.id = id + 1_000;
    assert!(matches!(
        store.record_step(&ghost, 1).await,
        Err(StoreError::Concurrent)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_simultaneous_steps_exactly_one_wins() {
    let (_dir, store) = store().await;
    let other = store.reconnect().await.unwrap(); // as a second process
    let o = org(&store).await;
    for round in 0..5 {
        let id = insert(&store, case(o.county_a, "s", "食堂", "卫生", "2026-03-01")).await;
        let a = step(&store, id, Status::Forwarded, o.school_a1).await;
        let b = step(&other, id, Status::Accepted, o.county_a).await;
        let (sa, sb) = (store.clone(), other.clone());
        let ta = tokio::spawn(async move { sa.record_step(&a, 10).await });
        let tb = tokio::spawn(async move { sb.record_step(&b, 10).await });
        let (ra, rb) = (ta.await.unwrap(), tb.await.unwrap());
        let winner = match (&ra, &rb) {
            (Ok(2), Err(StoreError::Concurrent)) => Status::Forwarded,
            (Err(StoreError::Concurrent), Ok(2)) => Status::Accepted,
            other => panic!("round {round}: expected exactly one winner, got {other:?}"),
        };
        let got = store.case(id).await.unwrap().unwrap();
        assert_eq!((got.version, got.case.status), (2, winner));
        let timeline = store.timeline(id).await.unwrap();
        assert_eq!(timeline.len(), 2);
        assert_eq!(timeline[1].to_status, winner);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registrations_get_unique_consecutive_numbers() {
    let (_dir, store) = store().await;
    let other = store.reconnect().await.unwrap();
    let o = org(&store).await;
    let mut tasks = Vec::new();
    for s in [store.clone(), other.clone()] {
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for i in 0..10 {
                let rec = case(
                    o.county_a,
                    "330106-2026",
                    "学区",
                    &format!("第{i}件"),
                    "2026-03-01",
                );
                out.extend(s.insert_cases(&[rec], 1).await.unwrap());
            }
            out
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let numbers: BTreeSet<_> = all.iter().map(|(_, n)| n.clone()).collect();
    let expected: BTreeSet<_> = (1..=20).map(|i| format!("330106-2026-{i:06}")).collect();
    assert_eq!(numbers, expected);
    let ids: BTreeSet<_> = all.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 20);
    assert_eq!(store.count_cases().await.unwrap(), 20);
}

#[tokio::test]
async fn set_flag_changes_only_when_needed_and_bumps_the_version() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    assert!(store.set_flag(id, Flag::Overdue, true, 5).await.unwrap());
    assert!(!store.set_flag(id, Flag::Overdue, true, 6).await.unwrap());
    let got = store.case(id).await.unwrap().unwrap();
    assert_eq!(
        (got.version, got.case.flags.clone()),
        (2, flags(&[Flag::Overdue]))
    );
    // A step prepared before the flag was set is now stale.
    let mut s = step(&store, id, Status::Accepted, o.county_a).await;
    s.expected_version = 1;
    assert!(matches!(
        store.record_step(&s, 7).await,
        Err(StoreError::Concurrent)
    ));
    assert!(store.set_flag(id, Flag::Overdue, false, 8).await.unwrap());
    assert!(store.case(id).await.unwrap().unwrap().case.flags.is_empty());
    assert!(matches!(
        store.set_flag(id + 50, Flag::Overdue, true, 9).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn flags_set_at_the_same_time_are_all_kept() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    // Each call reads the case, then writes its flags under the version it read: without a
    // retry, all but one would be lost.
    let all = [
        Flag::Overdue,
        Flag::Supervised,
        Flag::Sensitive,
        Flag::LeaderOwned,
    ];
    let (a, b, c, d) = tokio::join!(
        store.set_flag(id, all[0], true, 10),
        store.set_flag(id, all[1], true, 10),
        store.set_flag(id, all[2], true, 10),
        store.set_flag(id, all[3], true, 10),
    );
    let results = [a, b, c, d];
    assert!(results.iter().all(|r| matches!(r, Ok(true))), "{results:?}");
    let got = store.case(id).await.unwrap().unwrap();
    assert_eq!(got.case.flags, flags(&all));
    assert_eq!(got.version, 1 + all.len() as i64);
}

#[tokio::test]
async fn re_timing_does_not_overwrite_a_step_taken_after_the_case_was_read() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    let read_at = store.case(id).await.unwrap().unwrap().version;
    // A step commits after re-timing read the case.
    let s = step(&store, id, Status::Accepted, o.county_a).await;
    store.record_step(&s, 9_000).await.unwrap();
    let retimed = |version| Retimed {
        id,
        version,
        deadlines: Some(vec![deadline(
            DeadlineKind::Handling,
            day("2026-03-10"),
            day("2026-06-30"),
        )]),
        kpi: Some(huiyin_core::kpi::KpiFacts {
            received_on: Some(day("2026-03-01")),
            ..Default::default()
        }),
    };
    assert_eq!(store.write_retimed(&[retimed(read_at)]).await.unwrap(), 1);
    let got = store.case(id).await.unwrap().unwrap();
    assert_eq!(
        got.deadlines[0].due_on,
        day("2026-05-08"),
        "the step's deadline stays"
    );
    assert_eq!(
        store.kpi_of(&[id]).await.unwrap()[0].1.decided_on,
        Some(day("2026-03-10")),
        "the step's facts stay"
    );
    // Read again at the step's version, it is written.
    assert_eq!(
        store.write_retimed(&[retimed(got.version)]).await.unwrap(),
        0
    );
    let got = store.case(id).await.unwrap().unwrap();
    assert_eq!(got.deadlines[0].due_on, day("2026-06-30"));
    assert_eq!(store.kpi_of(&[id]).await.unwrap()[0].1.decided_on, None);
}
