//! The headline-rate counts: a long range (counted in two halves at once) gives the same
//! counts as the months counted one by one, and scopes and "today" are honoured.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

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
