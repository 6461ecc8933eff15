//! `GET /`: the workbench (工作台): the user's worklists as counts, the headline rates of their
//! scope with formulas, and the most urgent cases.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use huiyin_app::workbench::WorkQueue;
use huiyin_core::permission::Permission;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::rows::{CaseRow, case_row};
use super::session::Staff;
use crate::AppState;

pub struct Tile {
    pub key: &'static str,
    pub label: &'static str,
    pub n: i64,
    pub href: String,
    pub class: &'static str,
}

pub struct RateTile {
    pub key: &'static str,
    pub name: &'static str,
    pub formula: &'static str,
    pub value: String,
    pub numerator: i64,
    pub denominator: i64,
}

#[derive(Template)]
#[template(path = "staff/home.html")]
struct HomePage {
    c: Chrome,
    tiles: Vec<Tile>,
    rates: Vec<RateTile>,
    rows: Vec<CaseRow>,
    urgent_title: String,
    /// Warnings waiting for acknowledgement (open, escalated), for those who work cases.
    warning_tiles: Vec<Tile>,
}

const EN_FORMULAS: &[(&str, &str)] = &[
    (
        "timely_acceptance",
        "cases whose acceptance or non-acceptance came within its limit ÷ cases whose acceptance limit has passed or that were decided",
    ),
    (
        "on_time_conclusion",
        "cases concluded within the handling period (with extension) ÷ accepted cases whose period has passed or that were concluded",
    ),
    (
        "satisfaction",
        "cases evaluated satisfied or basically satisfied ÷ cases evaluated",
    ),
    (
        "participation",
        "cases evaluated ÷ cases with an opinion issued",
    ),
];

pub async fn home(State(s): State<AppState>, staff: Staff) -> Response {
    let lang = staff.lang;
    let app = &s.app;
    let queues = app.queues_for(&staff.user);
    // What waits for the user's decision leads (a leader's 待我审批), then what is late.
    let candidates: Vec<WorkQueue> = [
        WorkQueue::Approvals,
        WorkQueue::Overdue,
        WorkQueue::DueSoon,
        WorkQueue::ScopeOverdue,
    ]
    .into_iter()
    .filter(|q| queues.contains(q))
    .collect();
    // The counts, the rates and the likeliest urgent list are independent reads: run together
    // (on the 100,000-case demo a city supervisor's page went from 71 ms to the slowest one).
    let first = candidates.first().copied();
    let reads_cases = staff.user.may(Permission::ReadCases);
    let (counts, rates, first_list, waiting) = tokio::join!(
        app.work_counts(&staff.user),
        super::rates_cache::year_rates(&s, &staff.user),
        async {
            match first {
                Some(q) => Some(app.worklist(&staff.user, q, 1, 8).await),
                None => None,
            }
        },
        async {
            if reads_cases {
                Some(super::warnings::waiting(&s, &staff.user).await)
            } else {
                None
            }
        }
    );
    let counts = match counts {
        Ok(c) => c,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let tiles = counts
        .counts
        .iter()
        .map(|(q, n)| Tile {
            key: q.as_str(),
            label: pick(lang, q.zh(), q.en()),
            n: *n,
            href: format!("/cases?queue={}", q.as_str()),
            class: match q {
                WorkQueue::Approvals if *n > 0 => "warn",
                WorkQueue::Overdue | WorkQueue::ScopeOverdue | WorkQueue::Supervised if *n > 0 => {
                    "late"
                }
                WorkQueue::DueSoon if *n > 0 => "warn",
                _ => "",
            },
        })
        .collect();
    let rates = match rates {
        Ok(r) => r
            .rates
            .iter()
            .map(|r| RateTile {
                key: r.key,
                name: pick(lang, r.name_zh, r.name_en),
                formula: pick(
                    lang,
                    r.formula_zh,
                    EN_FORMULAS
                        .iter()
                        .find(|(k, _)| *k == r.key)
                        .map_or(r.formula_zh, |(_, f)| f),
                ),
                value: r
                    .percent
                    .map_or_else(|| c_none(lang), |p| format!("{p:.1}%")),
                numerator: r.numerator,
                denominator: r.denominator,
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let today = app.today();
    let org = app.org();
    let urgent = candidates.into_iter().find(|q| counts.get(*q) > 0);
    let list = match (urgent, first_list) {
        (None, _) => None,
        (Some(q), Some(list)) if Some(q) == first => Some((q, list)),
        (Some(q), _) => Some((q, app.worklist(&staff.user, q, 1, 8).await)),
    };
    let (rows, urgent_title) = match list {
        Some((q, Ok(list))) => {
            let mut rows: Vec<CaseRow> = list
                .items
                .iter()
                .map(|v| case_row(v, &org, today, lang))
                .collect();
            // The inbox says who asked, as its own list does.
            if q == WorkQueue::Approvals {
                super::rows::name_who_asked(app, &mut rows, lang).await;
            }
            (rows, pick(lang, q.zh(), q.en()).to_owned())
        }
        Some((_, Err(e))) => return error_page(&s, &staff, &e),
        None => (Vec::new(), String::new()),
    };
    let warning_tiles = match waiting {
        Some(Ok((open, escalated))) => warning_tiles(lang, open, escalated),
        // Like the rates: the workbench still opens without them.
        Some(Err(e)) => {
            tracing::warn!(error = %e, "the warning counts could not be read");
            Vec::new()
        }
        None => Vec::new(),
    };
    let c = Chrome::new(&s, &staff, "home", pick(lang, "工作台", "My work"));
    render(&HomePage {
        c,
        tiles,
        rates,
        rows,
        urgent_title,
        warning_tiles,
    })
}

/// The warnings to acknowledge as tiles, each opening its list.
fn warning_tiles(lang: crate::error::Lang, open: i64, escalated: i64) -> Vec<Tile> {
    let tile = |key, zh, en, n: i64| Tile {
        key,
        label: pick(lang, zh, en),
        n,
        href: format!("/warnings?status={key}"),
        class: if n > 0 { "late" } else { "" },
    };
    vec![
        tile("open", "待签收预警", "Warnings to acknowledge", open),
        tile(
            "escalated",
            "已上报上级的预警",
            "Escalated warnings",
            escalated,
        ),
    ]
}

fn c_none(lang: crate::error::Lang) -> String {
    super::i18n::msgs(lang).no_rate.to_owned()
}
