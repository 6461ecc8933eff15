//! The headline-rate counts: a long range (counted in two halves at once) gives the same
//! counts as the months counted one by one, scopes and "today" are honoured, and the per-day
//! rollup behind the all-units counts stays equal to the per-case facts through every change.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kpi::{Lcg, expected};
use common::{case, day, insert, org, store};
use huiyin_core::kpi::{KpiCounts, KpiFacts};
use huiyin_store::search::Scope;

fn add(a: &mut KpiCounts, b: &KpiCounts) {
    a.received += b.received;
    a.acceptance_timely += b.acceptance_timely;
    a.acceptance_due += b.acceptance_due;
    a.conclusion_timely += b.conclusion_timely;
    a.conclusion_due += b.conclusion_due;
    a.with_opinion += b.with_opinion;
    a.evaluated += b.evaluated;
    a.satisfied += b.satisfied;
}

#[tokio::test]
async fn a_year_counts_the_same_as_its_months_added_up() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut facts = Vec::new();
    // One case every 9 days of 2025, alternating units and outcomes.
    for i in 0..40 {
        let received = day("2025-01-03").add_days(i * 9);
        let unit = if i % 2 == 0 { o.school_a1 } else { o.school_b1 };
        let id = insert(
            &store,
            case(
                unit,
                "330100-2025",
                "学区",
                "学区划分",
                &received.to_string(),
            ),
        )
        .await;
        let decided = (i % 3 != 0).then(|| received.add_days(3 + i % 5));
        facts.push((
            id,
            KpiFacts {
                received_on: Some(received),
                acceptance_due_on: Some(received.add_days(5)),
                decided_on: decided,
                handling_due_on: decided.map(|d| d.add_days(60)),
                concluded_on: (i % 4 == 0).then(|| received.add_days(40)),
                has_opinion: i % 4 == 0,
                evaluated: i % 8 == 0,
                satisfied: i % 16 == 0,
            },
        ));
    }
    store.upsert_kpi(&facts).await.unwrap();
    let today = day("2025-12-01");
    for scope in [Scope::All, Scope::Units(vec![o.county_a, o.school_a1])] {
        let year = store
            .kpi_counts(&scope, day("2025-01-01"), day("2025-12-31"), today)
            .await
            .unwrap();
        let mut months = KpiCounts::default();
        for m in 1..=12 {
            let from = day(&format!("2025-{m:02}-01"));
            let to = if m == 12 {
                day("2025-12-31")
            } else {
                day(&format!("2025-{:02}-01", m + 1)).add_days(-1)
            };
            add(
                &mut months,
                &store.kpi_counts(&scope, from, to, today).await.unwrap(),
            );
        }
        assert_eq!(year, months, "{scope:?}");
        let expected = if matches!(scope, Scope::All) { 40 } else { 20 };
        assert_eq!(year.received, expected);
        assert!(year.acceptance_timely > 0 && year.acceptance_timely <= year.acceptance_due);
        assert!(year.satisfied <= year.evaluated);
    }
}

#[tokio::test]
async fn the_daily_rollup_counts_what_the_cases_say_after_inserts_changes_and_moves() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut rng = Lcg(7);
    let mut ids = Vec::new();
    let mut facts = Vec::new();
    let mut bulk = Vec::new();
    for i in 0..120 {
        let mut f = rng.facts();
        if i >= 100 {
            // Several cases of one day in one bulk statement.
            f.received_on = Some(day("2025-07-14"));
        }
        let unit = if i % 2 == 0 { o.school_a1 } else { o.school_b1 };
        let received = f.received_on.unwrap().to_string();
        let mut rec = case(unit, "330100-2025", "学区", "学区划分", &received);
        rec.kpi = f.clone();
        // Half through the registration path, half through the bulk path in one call.
        if i < 60 {
            ids.push(insert(&store, rec).await);
        } else {
            bulk.push(rec);
        }
        facts.push(f);
    }
    for (id, _) in store.insert_cases_bulk(&bulk, 1_000).await.unwrap() {
        ids.push(id);
    }
    // Every third case changes, some to another day of receipt (a correction), in one upsert.
    let mut changes = Vec::new();
    for i in (0..ids.len()).step_by(3) {
        facts[i] = rng.facts();
        changes.push((ids[i], facts[i].clone()));
    }
    store.upsert_kpi(&changes).await.unwrap();
    let both = Scope::Units(vec![o.school_a1, o.school_b1]);
    for (from, to) in [
        ("2025-01-01", "2025-12-31"),
        ("2025-03-01", "2026-06-30"),
        ("2025-07-14", "2025-07-14"),
        ("2024-01-01", "2027-12-31"),
    ] {
        for today in ["2025-02-01", "2025-09-30", "2026-12-01"] {
            let (from, to, today) = (day(from), day(to), day(today));
            let want = expected(&facts, from, to, today);
            assert!(want.received > 0 || from == to, "{from}..{to}: no cases");
            let rollup = store
                .kpi_counts(&Scope::All, from, to, today)
                .await
                .unwrap();
            let scan = store.kpi_counts(&both, from, to, today).await.unwrap();
            assert_eq!(rollup, want, "rollup {from}..{to} on {today}");
            assert_eq!(scan, want, "scan {from}..{to} on {today}");
        }
    }
}
