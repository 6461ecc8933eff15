//! Pages by status and by the latest deadline with full text or a filter, read range by range
//! on PostgreSQL (`search_range_walks.rs`) and from staged matches or merged ranges on SQLite
//! (`search_staged.rs`, `search_merge.rs`): paged
//! through to the end with every walk budget — a walk that reads a whole range, one that
//! stops inside a range with its page, one too short that sorts every match instead — they
//! list the matching cases once each, in the order the cases' own status, deadline and id
//! give. Runs on SQLite and PostgreSQL. `deadlines.rs`: deadline orders over several
//! statuses (a subtree, and the 工作台's worklists over several handling units); `spans.rs`:
//! full text newest first and by id, the index leading.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

#[path = "../common/mod.rs"]
mod common;
mod deadlines;
mod spans;

use common::search::{rec, text};
use common::{day, org, store};
use huiyin_core::case::Status;
use huiyin_core::kinds::Channel;
use huiyin_store::{CaseFilter, CaseRecord, CaseSort, Scope};

/// The statuses the cases cycle through: ranges of one, two and three cases, some without a
/// staff deadline (concluded, opinion issued).
pub(crate) const STATUSES: [Status; 8] = [
    Status::Registered,
    Status::Accepted,
    Status::Accepted,
    Status::Closed,
    Status::Closed,
    Status::Closed,
    Status::Forwarded,
    Status::OpinionIssued,
];

/// The order a sort gives, from each case's own status, next staff deadline and id.
pub(crate) fn expected_order(sort: CaseSort, mut all: Vec<CaseRecord>) -> Vec<i64> {
    let key = |r: &CaseRecord| {
        let due = huiyin_core::workflow::next_staff_due(&r.deadlines);
        let rank = Status::ALL.iter().position(|s| *s == r.case.status);
        (rank, due.is_none(), due, r.case.id)
    };
    all.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        match sort {
            // By stage, in a stage the soonest deadline first (none last), then the id.
            CaseSort::StatusAsc => (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)),
            // Exactly the reverse.
            CaseSort::StatusDesc => (b.0, b.1, b.2, b.3).cmp(&(a.0, a.1, a.2, a.3)),
            // The cases with a deadline first, the latest first; then the others, newest first.
            CaseSort::DueDesc => a.1.cmp(&b.1).then((b.2, b.3).cmp(&(a.2, a.3))),
            // The soonest deadline first, the cases without one last, then the id.
            CaseSort::DueAsc => (a.1, a.2, a.3).cmp(&(b.1, b.2, b.3)),
            _ => unreachable!("only the merged orders"),
        }
    });
    all.iter().map(|r| r.case.id).collect()
}

#[tokio::test]
async fn every_page_of_a_merged_order_with_text_or_a_filter_follows_the_cases_values() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let recs: Vec<_> = (0..48)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let open = !matches!(status, Status::Closed | Status::OpinionIssued);
            // Deadlines repeat (two cases share each day), so the id decides among them.
            let due = format!("2026-04-{:02}", 1 + (i % 24) / 2);
            let mut r = rec(
                o.school_a1,
                &[o.county_a, o.school_a1],
                // A third of the cases carry the word.
                if i % 3 == 0 {
                    "食堂收费问题"
                } else {
                    "校车安全隐患"
                },
                "家长反映",
                "2026-03-01",
                if i % 2 == 0 {
                    Channel::Letter
                } else {
                    Channel::Visit
                },
                "fees.tutoring",
                open.then_some(due.as_str()),
            );
            r.case.status = status;
            r
        })
        .collect();
    store.insert_cases(&recs, 1).await.unwrap();

    // (full text, channel, matches): a third of the cases carry the word, half came by letter.
    let lists = [
        (Some("收费"), None, 16),
        (None, Some(Channel::Letter), 24),
        (Some("收费"), Some(Channel::Letter), 8),
    ];
    for sort in [CaseSort::StatusAsc, CaseSort::StatusDesc, CaseSort::DueDesc] {
        for (q, channel, matches) in lists {
            let base = CaseFilter {
                sort,
                text: q.map(text),
                channel,
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
            assert_eq!(every.total, matches, "{sort:?} {q:?} {channel:?}");
            let expected = expected_order(sort, every.items);
            // A capped count of one makes the matches "many": the page is walked.
            for walk_budget in [1, 2, 3, 5, 1000] {
                let mut got = Vec::new();
                for page in 1..=9 {
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
                    assert_eq!((p.total, p.total_exact), (1, false));
                    got.extend(p.items.iter().map(|r| r.case.id));
                }
                assert_eq!(
                    got, expected,
                    "{sort:?} {q:?} {channel:?}, walk budget {walk_budget}"
                );
            }
        }
    }
}

/// An accusation against county A among thirty cases with the word: a reader of county A
/// walls it off (DOMAIN.md §4) on every walked page and in the capped and exact counts, in
/// every order — the full-text index leading newest first or by id, the ranges by status
/// and latest deadline, the walks by received date — and with every walk budget.
#[tokio::test]
async fn a_walled_accusation_stays_out_of_every_walked_page_and_count() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let recs: Vec<_> = (0..30)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let open = !matches!(status, Status::Closed | Status::OpinionIssued);
            let due = format!("2026-04-{:02}", 1 + i % 28);
            let mut r = rec(
                o.school_a1,
                &[o.county_a, o.school_a1],
                "食堂收费问题",
                "家长反映",
                &format!("2026-02-{:02}", 1 + i % 28),
                Channel::Letter,
                "fees.tutoring",
                open.then_some(due.as_str()),
            );
            r.case.status = status;
            r
        })
        .collect();
    let mut recs = recs;
    recs[17].case.petition_type = huiyin_core::kinds::PetitionType::Accusation;
    recs[17].case.concerned_unit_id = o.county_a;
    let ids: Vec<i64> = store
        .insert_cases(&recs, 1)
        .await
        .unwrap()
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let accusation = ids[17];
    let reader = |sort, count_cap, walk_budget, page| CaseFilter {
        sort,
        text: Some(text("收费")),
        firewall: Some(huiyin_store::Firewall {
            member_units: vec![o.county_a, o.city, o.province],
            user_id: 77,
        }),
        count_cap,
        walk_budget,
        page,
        per_page: 4,
        ..CaseFilter::new(Scope::Subtree(o.county_a), day("2026-03-20"))
    };
    for sort in [
        CaseSort::Newest,
        CaseSort::IdAsc,
        CaseSort::StatusAsc,
        CaseSort::StatusDesc,
        CaseSort::DueDesc,
        CaseSort::ReceivedDesc,
    ] {
        let exact = store.list_cases(&reader(sort, 0, 1000, 1)).await.unwrap();
        assert_eq!((exact.total, exact.total_exact), (29, true), "{sort:?}");
        for walk_budget in [1, 3, 1000] {
            let mut listed = Vec::new();
            for page in 1..=8 {
                let p = store
                    .list_cases(&reader(sort, 1, walk_budget, page))
                    .await
                    .unwrap();
                listed.extend(p.items.iter().map(|r| r.case.id));
            }
            assert!(!listed.contains(&accusation), "{sort:?} {walk_budget}");
            listed.sort_unstable();
            let mut others: Vec<i64> = ids.iter().copied().filter(|id| *id != accusation).collect();
            others.sort_unstable();
            assert_eq!(listed, others, "{sort:?} {walk_budget}");
        }
    }
}
