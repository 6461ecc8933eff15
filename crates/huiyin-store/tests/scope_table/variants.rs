//! The filters each unit's scope is compared under: statuses, deadlines, dates, text,
//! categories, channel, type, pages and every order.

use huiyin_core::case::Status;
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_store::{CaseFilter, CaseSort, Scope};

use super::common::day;
use super::common::search::text;

/// Filters to compare: statuses, deadlines, dates, text and every order.
pub(super) fn variants(scope: Scope) -> Vec<CaseFilter> {
    let base = CaseFilter::new(scope, day("2026-03-20"));
    let mut out = Vec::new();
    for sort in [
        CaseSort::Newest,
        CaseSort::ReceivedDesc,
        CaseSort::ReceivedAsc,
        CaseSort::DueAsc,
        CaseSort::IdAsc,
        CaseSort::DueDesc,
        CaseSort::StatusAsc,
        CaseSort::StatusDesc,
    ] {
        let f = CaseFilter {
            sort,
            ..base.clone()
        };
        out.push(f.clone());
        out.push(CaseFilter {
            statuses: vec![Status::Registered],
            ..f.clone()
        });
        out.push(CaseFilter {
            statuses: vec![Status::Accepted, Status::Registered],
            ..f.clone()
        });
        out.push(CaseFilter {
            overdue: Some(true),
            ..f.clone()
        });
        out.push(CaseFilter {
            overdue: Some(false),
            ..f.clone()
        });
        out.push(CaseFilter {
            due_before: Some(day("2026-04-01")),
            ..f.clone()
        });
        out.push(CaseFilter {
            received_from: Some(day("2026-02-01")),
            received_to: Some(day("2026-03-04")),
            ..f.clone()
        });
        // Statuses and dates: the smaller of the two ranges leads (`search_plan.rs`), a
        // short range against a common status and a long one against a rare status.
        out.push(CaseFilter {
            statuses: vec![Status::Registered],
            received_from: Some(day("2026-03-01")),
            received_to: Some(day("2026-03-02")),
            ..f.clone()
        });
        out.push(CaseFilter {
            statuses: vec![Status::Accepted, Status::Closed],
            received_from: Some(day("2025-01-01")),
            ..f.clone()
        });
        for q in ["收费", "学区", "食堂"] {
            out.push(CaseFilter {
                text: Some(text(q)),
                ..f.clone()
            });
        }
        // Pages of one case, so that a walk of the matches completes its page (a walk whose
        // page is short falls back to sorting every match, which would hide a wrong walk).
        for page in [1, 2] {
            out.push(CaseFilter {
                text: Some(text("收费")),
                per_page: 1,
                page,
                ..f.clone()
            });
        }
        out.push(CaseFilter {
            per_page: 1,
            page: 2,
            ..f.clone()
        });
        // A worklist's page past the first, several statuses merged (one given twice).
        out.push(CaseFilter {
            statuses: vec![Status::Accepted, Status::Registered, Status::Accepted],
            per_page: 1,
            page: 2,
            ..f.clone()
        });
        // A top-level category (the order's index is walked) and one below it (its own index
        // is read), alone and with the other filter columns.
        for category in ["fees", "safety.canteen", "safety"] {
            out.push(CaseFilter {
                category: Some(category.into()),
                ..f.clone()
            });
            out.push(CaseFilter {
                category: Some(category.into()),
                statuses: vec![Status::Registered],
                channel: Some(Channel::Online),
                ..f.clone()
            });
        }
        out.push(CaseFilter {
            channel: Some(Channel::Letter),
            petition_type: Some(PetitionType::Appeal),
            ..f.clone()
        });
        // A channel or a type alone walks the order's index rather than gathering the scope
        // (`search_sparse_walk.rs`); a leaf category is read as one key of its index
        // (`search_leaf_category.rs`). Pages of one case past the first, so that the walk
        // completes its page.
        for page in [1, 2] {
            out.push(CaseFilter {
                channel: Some(Channel::Letter),
                per_page: 1,
                page,
                ..f.clone()
            });
            out.push(CaseFilter {
                petition_type: Some(PetitionType::Appeal),
                per_page: 1,
                page,
                ..f.clone()
            });
            out.push(CaseFilter {
                category: Some("safety.canteen".into()),
                per_page: 1,
                page,
                ..f.clone()
            });
        }
        out.push(CaseFilter {
            petition_type: Some(PetitionType::Accusation),
            received_from: Some(day("2026-02-01")),
            ..f.clone()
        });
        // Received dates bound the ids listed (`search_date_ids.rs`): a page past the first
        // within dates, dates before every case, and dates open at one end.
        // (The fixture's ids do not follow its dates: the dates below hold cases 1, 2, 3 and
        // 5, and case 4's id is within their bounds.)
        out.push(CaseFilter {
            received_from: Some(day("2026-01-01")),
            received_to: Some(day("2026-03-01")),
            per_page: 1,
            page: 2,
            ..f.clone()
        });
        out.push(CaseFilter {
            received_from: Some(day("2019-01-01")),
            received_to: Some(day("2019-12-31")),
            ..f.clone()
        });
        out.push(CaseFilter {
            received_to: Some(day("2026-03-04")),
            per_page: 1,
            ..f.clone()
        });
    }
    out
}
