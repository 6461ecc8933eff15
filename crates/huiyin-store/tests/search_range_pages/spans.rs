//! Full text newest first and by id with the index leading: the span windows, the walk and
//! the matches read once for the count.

use crate::common::search::{rec, text};
use crate::common::{day, org, store};
use huiyin_core::kinds::Channel;
use huiyin_store::{CaseFilter, CaseSort, Scope};

/// Full text newest first and by id, the index leading (`search_text_led.rs`), with spans of
/// four case ids (`search_spans.rs`): matches dense among the oldest cases, sparse in the
/// middle and among the newest (two in the newest span), half of them in another county, and an accusation against
/// county A that its reader must not see. Paged through with a walk of two rows (the span
/// windows, then every match gathered, serve each page), with the default walk, and with the
/// matches read once for the count and every page cut from them, every page lists the matching cases in scope once each, in id order. The first half of the
/// cases is written one by one, the second by the bulk loader: both write span tokens.
/// Runs on SQLite and PostgreSQL (span windows are PostgreSQL's).
#[tokio::test]
async fn full_text_pages_newest_first_and_by_id_hold_every_match_across_span_windows() {
    let (_dir, store) = store().await;
    let store = store.with_search_span(4);
    let o = org(&store).await;
    let recs: Vec<_> = (0..74usize)
        .map(|i| {
            let word = match i {
                0..30 => i % 3 == 0,
                30..62 => i % 7 == 0,
                _ => matches!(i, 64 | 72 | 73),
            };
            let (unit, visible) = if i % 2 == 0 {
                (o.school_a1, vec![o.county_a, o.school_a1])
            } else {
                (o.school_b1, vec![o.county_b, o.school_b1])
            };
            let mut r = rec(
                unit,
                &visible,
                if word {
                    "食堂收费问题"
                } else {
                    "校车安全隐患"
                },
                "家长反映",
                "2026-03-01",
                Channel::Letter,
                "fees.tutoring",
                None,
            );
            if i == 42 {
                r.case.petition_type = huiyin_core::kinds::PetitionType::Accusation;
                r.case.concerned_unit_id = o.county_a;
            }
            r
        })
        .collect();
    let mut ids: Vec<i64> = store
        .insert_cases(&recs[..36], 1)
        .await
        .unwrap()
        .iter()
        .map(|(id, _)| *id)
        .collect();
    ids.extend(
        store
            .insert_cases_bulk(&recs[36..], 1)
            .await
            .unwrap()
            .iter()
            .map(|(id, _)| *id),
    );
    let accusation = ids[42];
    let walled = huiyin_store::Firewall {
        member_units: vec![o.county_a, o.city, o.province],
        user_id: 77,
    };
    for (root, firewall) in [
        (o.county_a, None),
        (o.county_a, Some(walled.clone())),
        (o.school_a1, None),
        (o.province, None),
        (o.province, Some(walled)),
    ] {
        let base = CaseFilter {
            text: Some(text("食堂")),
            firewall: firewall.clone(),
            ..CaseFilter::new(Scope::Subtree(root), day("2026-03-20"))
        };
        let every = store
            .list_cases(&CaseFilter {
                per_page: 100,
                count_cap: 0,
                ..base.clone()
            })
            .await
            .unwrap();
        let mut expected: Vec<i64> = every.items.iter().map(|r| r.case.id).collect();
        expected.sort_unstable();
        // The oracle: the cases' own words and units, the accusation walled off.
        let own: Vec<i64> = ids
            .iter()
            .zip(&recs)
            .filter(|(id, r)| {
                r.case.title.contains("食堂")
                    && (root == o.province || r.visible_units.contains(&root))
                    && !(firewall.is_some() && **id == accusation)
            })
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(expected, own, "{root} {}", firewall.is_some());
        for sort in [CaseSort::Newest, CaseSort::IdAsc] {
            let want: Vec<i64> = match sort {
                CaseSort::Newest => expected.iter().rev().copied().collect(),
                _ => expected.clone(),
            };
            // A cap of one makes the matches "many" (walked pages); a cap of 1,000 reads them
            // once for the count and cuts every page from them.
            for (count_cap, walk_budget) in [(1, 1), (1, 1000), (1000, 1000)] {
                let mut got = Vec::new();
                for page in 1..=12 {
                    let p = store
                        .list_cases(&CaseFilter {
                            sort,
                            page,
                            per_page: 2,
                            count_cap,
                            walk_budget,
                            ..base.clone()
                        })
                        .await
                        .unwrap();
                    let exact = count_cap >= want.len() as i64;
                    let total = if exact { want.len() as i64 } else { count_cap };
                    if !p.items.is_empty() {
                        assert_eq!((p.total, p.total_exact), (total, exact), "{root} {sort:?}");
                    }
                    got.extend(p.items.iter().map(|r| r.case.id));
                }
                assert_eq!(
                    got,
                    want,
                    "{root} walled {} {sort:?} cap {count_cap} walk budget {walk_budget}",
                    firewall.is_some()
                );
            }
        }
    }
}
