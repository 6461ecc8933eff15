//! The subtree scope read from `case_scope` (issue 18) finds exactly the cases held by the
//! subtree, as the per-row check of `case_units` does, for every unit, filter and order —
//! after registration, after steps that change status, deadline and handling unit, after a
//! unit is added below a county, and after re-timing. Runs on SQLite and PostgreSQL.
//!
//! The filters compared are in `variants.rs`, the comparison of the two ways in `check.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod check;
#[path = "../common/mod.rs"]
mod common;
mod variants;

use common::search::seed;
use common::{day, deadline, entry, org, store, subtrees, tokens};
use huiyin_core::case::Status;
use huiyin_core::kinds::PetitionType;
use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{CaseFilter, CaseSort, Firewall, Retimed, Scope, StepRecord, Store};

use check::{agree, of, orders_agree, page};

/// A step moving case `id` to `status`, handled by `unit` from now on, due on `due`.
async fn step(store: &Store, id: i64, status: Status, unit: UnitId, due: &str) {
    let rec = store.case(id).await.unwrap().unwrap();
    let mut c = rec.case.clone();
    let from = c.status;
    c.status = status;
    c.handling_unit_id = unit;
    let step = StepRecord {
        case: c,
        expected_version: rec.version,
        deadlines: vec![deadline(
            DeadlineKind::Handling,
            day("2026-03-10"),
            day(due),
        )],
        entry: entry("forward", day("2026-03-10"), Some(from), status, 9_000),
        add_visible_unit: Some((unit, tokens(&rec.case.title, &rec.case.content, &[]))),
        kpi: huiyin_core::kpi::KpiFacts::default(),
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: Vec::new(),
    };
    store.record_step(&step, 9_000).await.unwrap();
}

#[tokio::test]
async fn the_scope_table_agrees_with_the_units_that_held_each_case() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let c = seed(&store, &o).await;
    let seen = agree(&store, &o, None).await;
    // Independent expectations from the fixture: who held what.
    assert_eq!(of(&seen, o.county_a), [c[1], c[5]]);
    assert_eq!(of(&seen, o.school_a1), [c[1]]);
    assert_eq!(of(&seen, o.county_b), [c[2], c[3]]);
    assert_eq!(of(&seen, o.city), c[1..].to_vec());
    assert_eq!(of(&seen, o.province), c[1..].to_vec());

    // County B forwards case 2 to a school of county A: both counties now see it, and its
    // new status and deadline are what lists filter and sort on.
    step(&store, c[2], Status::Accepted, o.school_a1, "2026-03-18").await;
    let seen = agree(&store, &o, None).await;
    assert_eq!(of(&seen, o.school_a1), [c[1], c[2]]);
    assert_eq!(of(&seen, o.county_b), [c[2], c[3]]);
    let overdue = CaseFilter {
        overdue: Some(true),
        statuses: vec![Status::Accepted],
        ..CaseFilter::new(Scope::Subtree(o.county_a), day("2026-03-20"))
    };
    assert_eq!(page(&store, &overdue).await, (vec![c[2]], 1));

    // A school added below county A after the cases exist, and a case moved to it.
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
    step(&store, c[3], Status::Accepted, new_school, "2026-05-01").await;
    let seen = agree(&store, &o, Some(new_school)).await;
    assert_eq!(of(&seen, new_school), [c[3]]);
    assert_eq!(of(&seen, o.county_a), [c[1], c[2], c[3], c[5]]);

    // Re-timing moves a deadline: the due order and the overdue filter follow.
    let rec = store.case(c[3]).await.unwrap().unwrap();
    store
        .write_retimed(&[Retimed {
            id: c[3],
            version: rec.version,
            deadlines: Some(vec![deadline(
                DeadlineKind::Handling,
                day("2026-03-10"),
                day("2026-03-12"),
            )]),
            kpi: None,
        }])
        .await
        .unwrap();
    agree(&store, &o, Some(new_school)).await;
    // Newest first.
    assert_eq!(page(&store, &overdue).await, (vec![c[3], c[2]], 2));

    // Case 5 becomes an accusation against county A by a step: the firewall's columns in
    // `case_scope` follow, so county A's staff no longer list it while the city still does,
    // and the per-row path over `cases` agrees. (Case 2 was registered as an accusation
    // against county B: hidden from county B's staff, shown to county A's, who hold it now.)
    let rec = store.case(c[5]).await.unwrap().unwrap();
    let mut accused = rec.case.clone();
    accused.petition_type = PetitionType::Accusation;
    store
        .record_step(
            &StepRecord {
                case: accused,
                expected_version: rec.version,
                deadlines: Vec::new(),
                entry: entry(
                    "classify",
                    day("2026-03-10"),
                    Some(rec.case.status),
                    rec.case.status,
                    9_500,
                ),
                add_visible_unit: None,
                kpi: huiyin_core::kpi::KpiFacts::default(),
                audit: None,
                warnings: Vec::new(),
                decision: None,
                warning_moves: Vec::new(),
            },
            9_500,
        )
        .await
        .unwrap();
    let walled = |scope: Scope, members: Vec<UnitId>| CaseFilter {
        firewall: Some(Firewall {
            member_units: members,
            user_id: 77,
        }),
        sort: CaseSort::IdAsc,
        ..CaseFilter::new(scope, day("2026-03-20"))
    };
    let county_staff = vec![o.county_a, o.city, o.province];
    let mut named_somewhere = false;
    let a_units = subtrees(&o, Some(new_school))
        .into_iter()
        .find_map(|(u, units)| (u == o.county_a).then_some(units))
        .unwrap();
    for (scope, members, want) in [
        (
            Scope::Subtree(o.county_a),
            county_staff.clone(),
            vec![c[1], c[2], c[3]],
        ),
        (Scope::Units(a_units), county_staff, vec![c[1], c[2], c[3]]),
        (
            Scope::Subtree(o.county_b),
            vec![o.county_b, o.city, o.province],
            vec![c[3]],
        ),
    ] {
        assert_eq!(
            page(&store, &walled(scope.clone(), members.clone()))
                .await
                .0,
            want
        );
        let named = orders_agree(&store, &walled(scope.clone(), members.clone())).await;
        assert!(named.iter().all(|id| want.contains(id)));
        named_somewhere |= !named.is_empty();
    }
    // A county B reader over the city's cases: the orders agree with the gathered page over
    // a scope where the firewall hides case 2. Whether case 2's index row carries the name
    // after its step was not checked: a staged page with the firewall's condition removed
    // still passed, so this alone does not prove the hiding there (the gathered page and the
    // firewall matrix do).
    let named = orders_agree(&store, &walled(Scope::Subtree(o.city), vec![o.county_b])).await;
    assert!(named.len() >= 2 && !named.contains(&c[2]), "{named:?}");
    assert!(named_somewhere, "the full-text check found cases");
    let city = CaseFilter {
        sort: CaseSort::IdAsc,
        ..CaseFilter::new(Scope::Subtree(o.city), day("2026-03-20"))
    };
    assert!(page(&store, &city).await.0.contains(&c[5]));
}
