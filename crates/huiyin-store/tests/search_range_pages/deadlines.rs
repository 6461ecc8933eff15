//! Deadline orders over several statuses merged from each range: a subtree's list, and a
//! worklist of several handling units over every case (the 工作台's queues).

use super::{STATUSES, expected_order};
use crate::common::search::rec;
use crate::common::{day, org, store};
use huiyin_core::case::Status;
use huiyin_core::kinds::Channel;
use huiyin_store::{CaseFilter, CaseSort, Scope};

/// Several statuses and nothing else, by deadline either way: each status's range is merged
/// (on PostgreSQL too since the planner, left to itself, walked the due index of the whole
/// scope); every page follows the cases' own deadlines and ids.
#[tokio::test]
async fn pages_of_several_statuses_by_deadline_follow_the_cases_values() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let recs: Vec<_> = (0..40)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let open = !matches!(status, Status::Closed | Status::OpinionIssued);
            let due = format!("2026-04-{:02}", 1 + (i * 7) % 20);
            let mut r = rec(
                o.school_a1,
                &[o.county_a, o.school_a1],
                "校车安全隐患",
                "家长反映",
                "2026-03-01",
                Channel::Letter,
                "fees.tutoring",
                open.then_some(due.as_str()),
            );
            r.case.status = status;
            r
        })
        .collect();
    store.insert_cases(&recs, 1).await.unwrap();
    let statuses = vec![Status::Registered, Status::Forwarded, Status::OpinionIssued];
    for sort in [CaseSort::DueAsc, CaseSort::DueDesc] {
        let base = CaseFilter {
            sort,
            statuses: statuses.clone(),
            ..CaseFilter::new(Scope::Subtree(o.county_a), day("2026-03-20"))
        };
        let every = store
            .list_cases(&CaseFilter {
                per_page: 100,
                count_cap: 0,
                ..base.clone()
            })
            .await
            .unwrap();
        assert_eq!(every.total, 15, "{sort:?}");
        let expected = expected_order(sort, every.items);
        for walk_budget in [1, 3, 1000] {
            let mut got = Vec::new();
            for page in 1..=6 {
                let p = store
                    .list_cases(&CaseFilter {
                        page,
                        per_page: 3,
                        count_cap: 1,
                        walk_budget,
                        ..base.clone()
                    })
                    .await
                    .unwrap();
                got.extend(p.items.iter().map(|r| r.case.id));
            }
            assert_eq!(got, expected, "{sort:?} walk budget {walk_budget}");
        }
    }
}

/// A worklist of two handling units and several statuses over every case (the 工作台's
/// queues), soonest deadline first: on PostgreSQL each (unit, status) range is merged; every
/// page follows the cases' own deadlines and ids, and a third unit's cases stay out.
#[tokio::test]
async fn a_worklist_of_several_units_and_statuses_by_deadline_follows_the_cases_values() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let units = [o.school_a1, o.county_a, o.school_b1];
    let recs: Vec<_> = (0..45)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let open = !matches!(status, Status::Closed | Status::OpinionIssued);
            let due = format!("2026-04-{:02}", 1 + (i * 5) % 17);
            let unit = units[i % 3];
            let mut r = rec(
                unit,
                &[unit],
                "校车安全隐患",
                "家长反映",
                "2026-03-01",
                Channel::Letter,
                "fees.tutoring",
                open.then_some(due.as_str()),
            );
            r.case.status = status;
            r
        })
        .collect();
    store.insert_cases(&recs, 1).await.unwrap();
    let base = CaseFilter {
        sort: CaseSort::DueAsc,
        statuses: vec![Status::Registered, Status::Accepted, Status::OpinionIssued],
        handling_units: Some(vec![o.school_a1, o.county_a]),
        ..CaseFilter::new(Scope::All, day("2026-03-20"))
    };
    let every = store
        .list_cases(&CaseFilter {
            per_page: 100,
            count_cap: 0,
            ..base.clone()
        })
        .await
        .unwrap();
    assert!(
        every
            .items
            .iter()
            .all(|r| r.case.handling_unit_id != o.school_b1),
        "a third unit's case listed"
    );
    let own = recs
        .iter()
        .filter(|r| {
            base.statuses.contains(&r.case.status)
                && [o.school_a1, o.county_a].contains(&r.case.handling_unit_id)
        })
        .count();
    assert_eq!(every.total, own as i64);
    let expected = expected_order(CaseSort::DueAsc, every.items);
    let mut got = Vec::new();
    for page in 1..=7 {
        let p = store
            .list_cases(&CaseFilter {
                page,
                per_page: 3,
                count_cap: 1,
                ..base.clone()
            })
            .await
            .unwrap();
        got.extend(p.items.iter().map(|r| r.case.id));
    }
    assert_eq!(got, expected);
}

/// A list by deadline within received dates, no status: when the walk of the deadline index
/// does not reach the page, the dates' open cases are read from their own index first and the
/// cases without a deadline after them (`search_ranked.rs`, both databases). Every page, through to the
/// end, with and without a filter beside the dates, follows the cases' own deadlines and ids,
/// and the cases received outside the dates stay out.
#[tokio::test]
async fn pages_by_deadline_within_received_dates_follow_the_cases_values() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let recs: Vec<_> = (0..48)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let open = !matches!(status, Status::Closed | Status::OpinionIssued);
            let due = format!("2026-04-{:02}", 1 + (i * 7) % 20);
            let received = format!("2026-02-{:02}", 1 + (i * 5) % 28);
            let mut r = rec(
                o.school_a1,
                &[o.county_a, o.school_a1],
                "校车安全隐患",
                "家长反映",
                &received,
                if i % 3 == 0 {
                    Channel::Visit
                } else {
                    Channel::Letter
                },
                "fees.tutoring",
                open.then_some(due.as_str()),
            );
            r.case.status = status;
            r
        })
        .collect();
    store.insert_cases(&recs, 1).await.unwrap();
    for channel in [None, Some(Channel::Letter)] {
        for sort in [CaseSort::DueAsc, CaseSort::DueDesc] {
            let base = CaseFilter {
                sort,
                channel,
                received_from: Some(day("2026-02-06")),
                received_to: Some(day("2026-02-20")),
                ..CaseFilter::new(Scope::Subtree(o.county_a), day("2026-03-20"))
            };
            let every = store
                .list_cases(&CaseFilter {
                    per_page: 100,
                    count_cap: 0,
                    ..base.clone()
                })
                .await
                .unwrap();
            assert!(every.total > 12, "{sort:?} {channel:?}: {}", every.total);
            assert!(every.total < 48, "{sort:?} {channel:?}: {}", every.total);
            let expected = expected_order(sort, every.items);
            for walk_budget in [1, 3, 1000] {
                let mut got = Vec::new();
                for page in 1..=12 {
                    let p = store
                        .list_cases(&CaseFilter {
                            page,
                            per_page: 3,
                            count_cap: 1,
                            walk_budget,
                            ..base.clone()
                        })
                        .await
                        .unwrap();
                    got.extend(p.items.iter().map(|r| r.case.id));
                }
                assert_eq!(
                    got, expected,
                    "{sort:?} {channel:?}, walk budget {walk_budget}"
                );
            }
        }
    }
}
