//! Who sees a warning (migration 0064, issue 18): a reader sees a warning when their subtree
//! holds one of its cases, or — a warning with no case — its unit; never one behind a case
//! walled off from them. The units that see each warning are kept by triggers, so a link added
//! later and a case that reaches a new unit later show the warning there. Each list is checked
//! against the fixture's own facts (who holds which case), on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{case, day, deadline, entry, insert, org, store, tokens};
use huiyin_core::case::Status;
use huiyin_core::kinds::PetitionType;
use huiyin_core::org::UnitId;
use huiyin_core::warning::{WarningFilter, WarningKind, WarningLevel};
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{Firewall, NewWarning, Scope, StepRecord, Store};

fn warning(unit: UnitId, key: &str) -> NewWarning {
    NewWarning {
        kind: WarningKind::Spike,
        level: WarningLevel::Yellow,
        unit_id: unit,
        explanation_zh: key.to_owned(),
        explanation_en: key.to_owned(),
        acknowledge_due_at: 10_000,
        other_case_ids: Vec::new(),
        join_warning_id: None,
        join_move: None,
        unique_key: Some(key.to_owned()),
        notify: Vec::new(),
    }
}

async fn raise(store: &Store, unit: UnitId, key: &str, cases: &[i64]) -> i64 {
    store
        .insert_warning(&warning(unit, key), cases, 2_000)
        .await
        .unwrap()
        .expect("a new key")
}

/// The ids of the warnings a reader sees (every page), and the count the list reports.
async fn seen(store: &Store, root: UnitId, firewall: &Firewall) -> (Vec<i64>, i64) {
    let scope = Scope::Subtree(root);
    let (items, total) = store
        .list_warnings(&scope, firewall, &WarningFilter::default(), 100, 0)
        .await
        .unwrap();
    let mut ids: Vec<i64> = items.iter().map(|w| w.id).collect();
    ids.sort_unstable();
    for id in &ids {
        assert!(store.warning_visible(*id, &scope, firewall).await.unwrap());
    }
    (ids, total)
}

/// The firewall of a reader at `unit` (the unit and every unit above it), user `user`.
fn wall(units: &[UnitId], user: i64) -> Firewall {
    Firewall {
        member_units: units.to_vec(),
        user_id: user,
    }
}

#[tokio::test]
async fn a_warning_is_seen_where_its_cases_are_and_follows_them() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let a1 = insert(
        &store,
        case(o.school_a1, "330106-2026", "甲", "学区", "2026-03-01"),
    )
    .await;
    let b1 = insert(
        &store,
        case(o.school_b1, "330108-2026", "乙", "学区", "2026-03-01"),
    )
    .await;
    // An accusation against county A, received and registered there by user 7.
    let mut accusation = case(o.county_a, "330106-2026", "丙", "举报", "2026-03-01");
    accusation.case.petition_type = PetitionType::Accusation;
    accusation.case.concerned_unit_id = o.county_a;
    accusation.case.registered_by = Some(7);
    let walled = insert(&store, accusation).await;

    let w_a = raise(&store, o.county_a, "w:a", &[a1]).await;
    let w_ab = raise(&store, o.county_a, "w:ab", &[a1, b1]).await;
    let w_none = raise(&store, o.county_b, "w:none", &[]).await;
    let w_walled = raise(&store, o.city, "w:walled", &[walled, b1]).await;

    let county_a = wall(&[o.county_a, o.city, o.province], 99);
    let county_b = wall(&[o.county_b, o.city, o.province], 98);
    let school_a = wall(&[o.school_a1, o.county_a, o.city, o.province], 97);
    let city = wall(&[o.city, o.province], 96);
    let registrar = wall(&[o.county_a, o.city, o.province], 7);

    // County A holds the accusation, but the wall hides its warning from county A's readers
    // — except the user who registered it.
    assert_eq!(
        seen(&store, o.county_a, &county_a).await,
        (vec![w_a, w_ab], 2)
    );
    assert_eq!(
        seen(&store, o.county_a, &registrar).await,
        (vec![w_a, w_ab, w_walled], 3)
    );
    assert_eq!(
        seen(&store, o.school_a1, &school_a).await,
        (vec![w_a, w_ab], 2)
    );
    // County B holds b1 (and the warning with no case is its own); the accusation is not
    // against it, so the warning behind it shows.
    assert_eq!(
        seen(&store, o.county_b, &county_b).await,
        (vec![w_ab, w_none, w_walled], 3)
    );
    // The city sees every case, and the wall (county A) is not in its chain.
    assert_eq!(
        seen(&store, o.city, &city).await,
        (vec![w_a, w_ab, w_none, w_walled], 4)
    );
    // A reader inside the accused county never learns the warning exists, even by id.
    assert!(
        !store
            .warning_visible(w_walled, &Scope::Subtree(o.county_a), &county_a)
            .await
            .unwrap()
    );

    // County A forwards a1 to county B's school: county B now sees the warning about a1 alone
    // (its case reached a unit of county B after the link was written).
    let rec = store.case(a1).await.unwrap().unwrap();
    let mut moved = rec.case.clone();
    moved.status = Status::Forwarded;
    moved.handling_unit_id = o.school_b1;
    let step = StepRecord {
        case: moved,
        expected_version: rec.version,
        deadlines: vec![deadline(
            DeadlineKind::Handling,
            day("2026-03-02"),
            day("2026-03-17"),
        )],
        entry: entry(
            "forward",
            day("2026-03-02"),
            Some(Status::Registered),
            Status::Forwarded,
            3_000,
        ),
        add_visible_unit: Some((o.school_b1, tokens("甲", "学区", &[]))),
        kpi: huiyin_core::kpi::KpiFacts::default(),
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: Vec::new(),
    };
    store.record_step(&step, 3_000).await.unwrap();
    assert_eq!(
        seen(&store, o.county_b, &county_b).await,
        (vec![w_a, w_ab, w_none, w_walled], 4)
    );
    // County A still sees what it saw: a case's scope only grows.
    assert_eq!(
        seen(&store, o.county_a, &county_a).await,
        (vec![w_a, w_ab], 2)
    );

    // A later warning about b1 alone: seen by county B at once, not by county A.
    let w_later = raise(&store, o.county_b, "w:later", &[b1]).await;
    assert_eq!(
        seen(&store, o.county_b, &county_b).await,
        (vec![w_a, w_ab, w_none, w_walled, w_later], 5)
    );
    assert_eq!(
        seen(&store, o.county_a, &county_a).await,
        (vec![w_a, w_ab], 2)
    );
}
