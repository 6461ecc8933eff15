//! The scorecard's penalty counts (重复信访 `repeat`, 超期 `overdue`) read from the flag
//! columns of `case_scope` (migration 0049) equal the cases of each unit's subtree whose own
//! flags carry them — after registration one by one and in bulk, after a bulk load with the
//! scope trigger suspended, and after the flags change. Runs on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeSet;

use common::{Org, case, day, flags, insert, org, store, subtrees};
use huiyin_core::case::Flag;
use huiyin_core::org::UnitId;
use huiyin_store::{Firewall, FractionPart, Store};

/// What the test registered: each case's id, unit, day of receipt and flags.
struct Registered {
    cases: Vec<(i64, UnitId, String, BTreeSet<Flag>)>,
}

/// Registers 36 cases over the fixture's units (half one by one, half in one bulk call), a
/// third of them repeat petitions, a fifth overdue, some both; two received out of the period.
async fn register(store: &Store, o: &Org, start: usize) -> Registered {
    let units = [o.school_a1, o.school_b1, o.county_a, o.county_b, o.city];
    let mut out = Registered { cases: Vec::new() };
    let mut bulk = Vec::new();
    for i in start..start + 36 {
        let mut list = Vec::new();
        if i % 3 == 0 {
            list.push(Flag::Repeat);
        }
        if i % 5 == 0 {
            list.push(Flag::Overdue);
        }
        if i % 7 == 0 {
            list.push(Flag::Collective);
        }
        let received = if i % 17 == 0 {
            "2024-12-30".to_owned()
        } else {
            day("2025-03-01").add_days((i % 40) as i32).to_string()
        };
        let unit = units[i % units.len()];
        let mut rec = case(unit, "330100-2025", "学区", "学区划分", &received);
        rec.case.flags = flags(&list);
        if i % 2 == 0 {
            let id = insert(store, rec).await;
            out.cases.push((id, unit, received, flags(&list)));
        } else {
            bulk.push((rec, unit, received, flags(&list)));
        }
    }
    let records: Vec<_> = bulk.iter().map(|(r, ..)| r.clone()).collect();
    let ids = store.insert_cases_bulk(&records, 1_000).await.unwrap();
    for ((id, _), (_, unit, received, f)) in ids.into_iter().zip(bulk) {
        out.cases.push((id, unit, received, f));
    }
    out
}

/// Every unit's repeat and overdue counts for 2025 agree with the registered flags.
async fn agree(store: &Store, o: &Org, reg: &Registered) {
    let trees = subtrees(o, None);
    let roots: Vec<UnitId> = trees.iter().map(|(u, _)| *u).collect();
    let firewall = Firewall {
        member_units: Vec::new(),
        user_id: 0,
    };
    let figures = store
        .scorecard_figures(
            &roots,
            &firewall,
            day("2025-01-01"),
            day("2025-12-31"),
            day("2025-06-01"),
        )
        .await
        .unwrap();
    assert_eq!(figures.len(), roots.len());
    for ((root, below), got) in trees.iter().zip(&figures) {
        let count = |flag: Flag| {
            reg.cases
                .iter()
                .filter(|(_, unit, received, f)| {
                    below.contains(unit) && received.starts_with("2025") && f.contains(&flag)
                })
                .count() as i64
        };
        assert_eq!(got.repeat, count(Flag::Repeat), "repeat of unit {root}");
        assert_eq!(got.overdue, count(Flag::Overdue), "overdue of unit {root}");
        drill_downs_agree(store, &firewall, *root, below, reg).await;
    }
}

/// The drill-down of each side of the repeat penalty lists the unit's cases of 2025 (with the
/// flag, for the numerator) newest first, page by page; a period without cases lists none.
/// The ids of bulk and single registrations interleave with their days, so a bound on the ids
/// of the period that missed a case would show here.
async fn drill_downs_agree(
    store: &Store,
    firewall: &Firewall,
    root: UnitId,
    below: &[UnitId],
    reg: &Registered,
) {
    let year = (day("2025-01-01"), day("2025-12-31"), day("2025-06-01"));
    for part in [FractionPart::Numerator, FractionPart::Denominator] {
        let mut want: Vec<i64> = reg
            .cases
            .iter()
            .filter(|(_, unit, received, f)| {
                below.contains(unit)
                    && received.starts_with("2025")
                    && (part == FractionPart::Denominator || f.contains(&Flag::Repeat))
            })
            .map(|c| c.0)
            .collect();
        want.sort_unstable_by(|a, b| b.cmp(a));
        let (all, _) = store
            .scorecard_case_ids(root, firewall, "repeat", part, year, 100, 0)
            .await
            .unwrap();
        assert_eq!(all, want, "{part:?} of unit {root}");
        let (second, _) = store
            .scorecard_case_ids(root, firewall, "repeat", part, year, 3, 3)
            .await
            .unwrap();
        let page: Vec<i64> = want.iter().skip(3).take(3).copied().collect();
        assert_eq!(second, page, "{part:?} of unit {root}, page 2");
        let empty = (day("2023-01-01"), day("2023-12-31"), day("2023-06-01"));
        let (none, total) = store
            .scorecard_case_ids(root, firewall, "repeat", part, empty, 100, 0)
            .await
            .unwrap();
        assert!(none.is_empty(), "{part:?} of unit {root} in 2023: {none:?}");
        assert_eq!(total, 0);
    }
}

#[tokio::test]
async fn penalty_counts_follow_the_flags_of_registration_and_of_later_changes() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut reg = register(&store, &o, 0).await;
    assert!(reg.cases.iter().any(|c| c.3.contains(&Flag::Repeat)));
    agree(&store, &o, &reg).await;
    // The scan marks cases overdue; a repeat mark is taken back; other flags change nothing.
    for i in [1, 2, 4, 7] {
        let (id, _, _, f) = &mut reg.cases[i];
        store
            .set_flag(*id, Flag::Overdue, true, 5_000)
            .await
            .unwrap();
        f.insert(Flag::Overdue);
    }
    for i in [0, 3, 6] {
        let (id, _, _, f) = &mut reg.cases[i];
        store
            .set_flag(*id, Flag::Repeat, false, 5_000)
            .await
            .unwrap();
        f.remove(&Flag::Repeat);
    }
    let (id, _, _, f) = &mut reg.cases[9];
    store
        .set_flag(*id, Flag::Sensitive, true, 5_000)
        .await
        .unwrap();
    f.insert(Flag::Sensitive);
    agree(&store, &o, &reg).await;
}

#[tokio::test]
async fn a_bulk_load_fills_the_penalty_columns_it_writes_without_triggers() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut reg = register(&store, &o, 0).await;
    let suspended = store.suspend_indexes().await.unwrap();
    let loaded = register(&store, &o, 100).await;
    reg.cases.extend(loaded.cases);
    store.restore_indexes(&suspended).await.unwrap();
    agree(&store, &o, &reg).await;
    // The triggers are back: a flag set after the load is counted.
    let (id, _, _, f) = &mut reg.cases[40];
    store
        .set_flag(*id, Flag::Overdue, true, 5_000)
        .await
        .unwrap();
    f.insert(Flag::Overdue);
    agree(&store, &o, &reg).await;
}
