//! The per-unit rollups behind a subtree's headline rates (`kpi_unit_daily`,
//! `kpi_unit_pending`, migration 0015) give exactly the counts of the per-case facts of the
//! cases the subtree's units held, for every unit of the tree, range and "today": after
//! registration one by one and in bulk, after changes of facts, after steps (one moving a case
//! to a school of another county, one to a school added after the cases), after re-timing,
//! and after the demo's bulk load with the rollups' triggers suspended. Runs on SQLite and
//! PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeSet;

use common::kpi::{Lcg, expected};
use common::{Org, case, day, deadline, entry, insert, org, store, subtrees, tokens};
use huiyin_core::case::{CaseId, Status};
use huiyin_core::kpi::KpiFacts;
use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{Retimed, Scope, StepRecord, Store};

/// What the test knows of each case: its facts and the units that held it.
struct Cases {
    ids: Vec<CaseId>,
    facts: Vec<KpiFacts>,
    held: Vec<BTreeSet<UnitId>>,
}

/// The rollup counts of every subtree equal the per-case scan over its units and the counts
/// computed here from the facts of the cases its units held.
async fn agree(store: &Store, o: &Org, cases: &Cases, extra: Option<UnitId>) {
    for (root, units) in subtrees(o, extra) {
        let mine: Vec<KpiFacts> = cases
            .facts
            .iter()
            .zip(&cases.held)
            .filter(|(_, held)| held.iter().any(|u| units.contains(u)))
            .map(|(f, _)| f.clone())
            .collect();
        for (from, to) in [
            ("2025-01-01", "2025-12-31"),
            ("2025-03-01", "2026-06-30"),
            ("2025-07-14", "2025-07-14"),
            ("2024-01-01", "2027-12-31"),
        ] {
            for today in ["2025-02-01", "2025-09-30", "2026-12-01"] {
                let (from, to, today) = (day(from), day(to), day(today));
                let want = expected(&mine, from, to, today);
                let rollup = store
                    .kpi_counts(&Scope::Subtree(root), from, to, today)
                    .await
                    .unwrap();
                let scan = store
                    .kpi_counts(&Scope::Units(units.clone()), from, to, today)
                    .await
                    .unwrap();
                assert_eq!(rollup, want, "unit {root} rollup {from}..{to} on {today}");
                assert_eq!(scan, want, "unit {root} scan {from}..{to} on {today}");
            }
        }
    }
}

/// Registers 120 cases (half one by one, half in one bulk call) with varied facts, held by
/// the schools and the counties of the fixture; several received on one day.
async fn register(store: &Store, o: &Org, rng: &mut Lcg) -> Cases {
    let units = [o.school_a1, o.school_b1, o.county_a, o.county_b];
    let mut cases = Cases {
        ids: Vec::new(),
        facts: Vec::new(),
        held: Vec::new(),
    };
    let mut bulk = Vec::new();
    for i in 0..120 {
        let mut f = rng.facts();
        if i % 10 == 0 {
            f.received_on = Some(day("2025-07-14"));
        }
        let unit = units[i % units.len()];
        let received = f.received_on.unwrap().to_string();
        let mut rec = case(unit, "330100-2025", "学区", "学区划分", &received);
        rec.kpi = f.clone();
        if i < 60 {
            cases.ids.push(insert(store, rec).await);
        } else {
            bulk.push(rec);
        }
        cases.facts.push(f);
        cases.held.push(BTreeSet::from([unit]));
    }
    for (id, _) in store.insert_cases_bulk(&bulk, 1_000).await.unwrap() {
        cases.ids.push(id);
    }
    cases
}

/// A step on case `i` handled by `unit` from now on, with new facts.
async fn step(store: &Store, cases: &mut Cases, i: usize, unit: UnitId, facts: KpiFacts) {
    let id = cases.ids[i];
    let rec = store.case(id).await.unwrap().unwrap();
    let mut c = rec.case.clone();
    let from = c.status;
    c.status = Status::Accepted;
    c.handling_unit_id = unit;
    let step = StepRecord {
        case: c,
        expected_version: rec.version,
        deadlines: vec![deadline(
            DeadlineKind::Handling,
            day("2026-03-10"),
            day("2026-05-10"),
        )],
        entry: entry(
            "forward",
            day("2026-03-10"),
            Some(from),
            Status::Accepted,
            9_000,
        ),
        add_visible_unit: Some((unit, tokens(&rec.case.title, &rec.case.content, &[]))),
        kpi: facts.clone(),
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: Vec::new(),
    };
    store.record_step(&step, 9_000).await.unwrap();
    cases.facts[i] = facts;
    cases.held[i].insert(unit);
}

#[tokio::test]
async fn subtree_rates_from_the_unit_rollups_equal_the_per_case_counts() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut rng = Lcg(11);
    let mut cases = register(&store, &o, &mut rng).await;
    agree(&store, &o, &cases, None).await;

    // Every third case's facts change, some to another day of receipt, in one upsert.
    let mut changes = Vec::new();
    for i in (0..cases.ids.len()).step_by(3) {
        cases.facts[i] = rng.facts();
        changes.push((cases.ids[i], cases.facts[i].clone()));
    }
    store.upsert_kpi(&changes).await.unwrap();
    agree(&store, &o, &cases, None).await;

    // Steps: cases of county B forwarded to a school of county A (new scope rows for county A
    // and its school, with new facts), a case of county A decided where it is (same scope),
    // and a step that leaves the facts as they were.
    for i in [1, 5, 61, 65] {
        let f = rng.facts();
        step(&store, &mut cases, i, o.school_a1, f).await;
    }
    let f = rng.facts();
    step(&store, &mut cases, 2, o.county_a, f).await;
    let same = cases.facts[7].clone();
    step(&store, &mut cases, 7, o.school_b1, same).await;
    agree(&store, &o, &cases, None).await;

    // A school added below county A after the cases exist, and a case of county B moved to
    // it with its facts unchanged: only the scope grows.
    let new_school = store
        .insert_unit(
            "西湖区新建小学",
            UnitKind::School,
            4,
            Some(o.county_a),
            "330106",
            1,
        )
        .await
        .unwrap()
        .id;
    let same = cases.facts[9].clone();
    step(&store, &mut cases, 9, new_school, same).await;
    agree(&store, &o, &cases, Some(new_school)).await;

    // Re-timing: new facts for some cases, deadlines only for another.
    let mut batch = Vec::new();
    for i in [0, 9, 30, 90, 119] {
        let rec = store.case(cases.ids[i]).await.unwrap().unwrap();
        cases.facts[i] = rng.facts();
        batch.push(Retimed {
            id: cases.ids[i],
            version: rec.version,
            deadlines: None,
            kpi: Some(cases.facts[i].clone()),
        });
    }
    assert_eq!(store.write_retimed(&batch).await.unwrap(), 0);
    agree(&store, &o, &cases, Some(new_school)).await;
}

#[tokio::test]
async fn the_bulk_load_fills_the_unit_rollups_it_suspends() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut rng = Lcg(5);
    // Cases registered before the load are recounted with the loaded ones, not twice.
    let mut cases = register(&store, &o, &mut rng).await;
    let suspended = store.suspend_indexes().await.unwrap();
    let loaded = register(&store, &o, &mut rng).await;
    cases.ids.extend(loaded.ids);
    cases.facts.extend(loaded.facts);
    cases.held.extend(loaded.held);
    store.restore_indexes(&suspended).await.unwrap();
    agree(&store, &o, &cases, None).await;
    // The triggers are back: a step after the load is counted.
    let f = rng.facts();
    step(&store, &mut cases, 3, o.school_a1, f).await;
    agree(&store, &o, &cases, None).await;
}
