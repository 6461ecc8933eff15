//! The comparison: a page read through `case_scope` against the same page read with the
//! per-row check of `case_units`, gathered, walked and with the walk cut short, in order.

use std::cmp::Reverse;

use huiyin_core::case::Status;
use huiyin_core::org::UnitId;
use huiyin_store::{CaseFilter, CaseSort, Scope, Store};

use super::common::search::text;
use super::common::{Org, day, subtrees};
use super::variants::variants;

pub(super) async fn page(store: &Store, f: &CaseFilter) -> (Vec<i64>, i64) {
    let p = store.list_cases(f).await.unwrap();
    in_order(f.sort, &p.items);
    (p.items.iter().map(|i| i.case.id).collect(), p.total)
}

/// Checks a page against its rows' own values: the next staff deadline (none last in both
/// deadline orders), the status's place in the workflow, the received day, the id.
fn in_order(sort: CaseSort, items: &[huiyin_store::CaseRecord]) {
    let key = |r: &huiyin_store::CaseRecord| {
        let due = huiyin_core::workflow::next_staff_due(&r.deadlines);
        let rank = Status::ALL.iter().position(|s| *s == r.case.status);
        (due.is_none(), due, rank, r.case.received_on, r.case.id)
    };
    for w in items.windows(2) {
        let (a, b) = (key(&w[0]), key(&w[1]));
        let ok = match sort {
            CaseSort::Newest => a.4 > b.4,
            CaseSort::IdAsc => a.4 < b.4,
            CaseSort::ReceivedAsc => (a.3, a.4) < (b.3, b.4),
            CaseSort::ReceivedDesc => (a.3, a.4) > (b.3, b.4),
            CaseSort::DueAsc => (a.0, a.1, a.4) < (b.0, b.1, b.4),
            CaseSort::DueDesc => (a.0, Reverse((a.1, a.4))) < (b.0, Reverse((b.1, b.4))),
            CaseSort::StatusAsc => (a.2, a.0, a.1, a.4) < (b.2, b.0, b.1, b.4),
            CaseSort::StatusDesc => (a.2, a.0, a.1, a.4) > (b.2, b.0, b.1, b.4),
        };
        assert!(ok, "{sort:?}: {a:?} before {b:?}");
    }
}

/// Checks the two ways of scoping agree everywhere; returns the subtree answers per unit.
pub(super) async fn agree(
    store: &Store,
    o: &Org,
    extra: Option<UnitId>,
) -> Vec<(UnitId, Vec<i64>)> {
    let mut seen = Vec::new();
    for (root, units) in subtrees(o, extra) {
        let table = variants(Scope::Subtree(root));
        let rows = variants(Scope::Units(units));
        for (t, r) in table.iter().zip(&rows) {
            let gathered = page(store, t).await;
            assert_eq!(gathered, page(store, r).await, "unit {root}: {t:?}");
            // A count capped at one makes any larger set "dense": the page is then read by
            // walking the order's index instead of gathering and sorting; the same cases come
            // back in the same order.
            let walk = |f: &CaseFilter| CaseFilter {
                count_cap: 1,
                ..f.clone()
            };
            let walked = page(store, &walk(t)).await.0;
            assert_eq!(walked, gathered.0, "walked, unit {root}: {t:?}");
            assert_eq!(walked, page(store, &walk(r)).await.0, "walked cases: {r:?}");
            // A walk allowed to read only one or four rows of the order's index mostly stops
            // short of the page: the matches are then sorted instead, with the same result.
            for walk_budget in [1, 4] {
                let short = CaseFilter {
                    walk_budget,
                    ..walk(t)
                };
                assert_eq!(
                    page(store, &short).await.0,
                    gathered.0,
                    "short walk {short:?}"
                );
            }
        }
        let all = CaseFilter {
            sort: CaseSort::IdAsc,
            ..CaseFilter::new(Scope::Subtree(root), day("2026-03-20"))
        };
        seen.push((root, page(store, &all).await.0));
    }
    seen
}

pub(super) fn of(seen: &[(UnitId, Vec<i64>)], unit: UnitId) -> Vec<i64> {
    seen.iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, ids)| ids.clone())
        .unwrap_or_default()
}

/// The orders merged from ranges (by status, latest deadline first), with and without full
/// text (a petitioner's name most cases carry), forced onto the walked and staged paths
/// (`count_cap` and `walk_budget` of 1), list the same cases as the gathered page of the
/// same filter: every range carries the filter's conditions, the firewall's among them.
/// Returns the cases the name finds.
pub(super) async fn orders_agree(store: &Store, base: &CaseFilter) -> Vec<i64> {
    let named = CaseFilter {
        text: Some(text("李四")),
        ..base.clone()
    };
    let mut named_ids = page(store, &named).await.0;
    named_ids.sort_unstable();
    let mut plain_ids = page(store, base).await.0;
    plain_ids.sort_unstable();
    for sort in [CaseSort::StatusAsc, CaseSort::StatusDesc, CaseSort::DueDesc] {
        for (q, expected) in [(None, &plain_ids), (Some(text("李四")), &named_ids)] {
            let f = CaseFilter {
                sort,
                text: q.clone(),
                count_cap: 1,
                walk_budget: 1,
                ..base.clone()
            };
            let mut got = page(store, &f).await.0;
            got.sort_unstable();
            assert_eq!(&got, expected, "{sort:?}, text {q:?}, {base:?}");
        }
    }
    named_ids
}
