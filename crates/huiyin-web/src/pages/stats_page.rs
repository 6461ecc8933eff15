//! `GET /stats`: the statistics page (issue 16 item 1) — for a unit of the reader's scope and a
//! period, filtered by type and channel: the monthly trend and one chosen breakdown (field,
//! category, region, unit complained about, handling unit, channel, type, outcome or stage),
//! each figure beside the same days a year before and linked to its cases (`/stats/cases`),
//! drawn as charts (vendored ECharts, `static/stats.js`) from the tables, which stay the
//! accessible source; `GET /stats/breakdown.xlsx` downloads a table. Below them, the incident
//! reports of the same unit and period: owed, on time, late (迟报), missing (漏报), each
//! figure linked to its incidents (`stats_incidents.rs`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::{BreakdownQuery, BreakdownView};
use huiyin_core::kinds::{BreakdownBy, Channel, PetitionType};

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use super::stats_incidents::{IncidentTable, incident_table};
use super::units::unit_options;
use crate::AppState;
use crate::api::breakdown::BreakdownParams;

/// The dimensions the page offers beside the monthly trend.
const CHOSEN: &[BreakdownBy] = &[
    BreakdownBy::Field,
    BreakdownBy::Category,
    BreakdownBy::Region,
    BreakdownBy::Unit,
    BreakdownBy::HandlingUnit,
    BreakdownBy::Channel,
    BreakdownBy::Type,
    BreakdownBy::Outcome,
    BreakdownBy::Stage,
];

/// One figure as a table row.
pub struct FigureRow {
    pub label: String,
    pub count: i64,
    pub last_year: i64,
    /// The change from a year before (`+12.5%`), empty without last year's figure.
    pub change: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "staff/stats.html")]
struct StatsPage {
    c: Chrome,
    from: String,
    to: String,
    last_from: String,
    last_to: String,
    total: i64,
    last_year_total: i64,
    by_label: String,
    months: Vec<FigureRow>,
    rows: Vec<FigureRow>,
    dims: Vec<Opt>,
    units: Vec<Opt>,
    types: Vec<Opt>,
    channels: Vec<Opt>,
    /// The filters as a query string (without `by`).
    filters: String,
    by: &'static str,
    /// The incident reports of the unit and period (issue 13 item 3), each figure linked to
    /// its incidents.
    incidents: IncidentTable,
}

fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return String::new();
    }
    format!("{:+.1}%", (now - before) as f64 * 100.0 / before as f64)
}

fn rows(view: &BreakdownView, filters: &str, lang: crate::error::Lang) -> Vec<FigureRow> {
    view.items
        .iter()
        .map(|i| FigureRow {
            label: pick(lang, &i.label, &i.label_en).to_owned(),
            count: i.count,
            last_year: i.last_year,
            change: change(i.count, i.last_year),
            href: format!(
                "/stats/cases?by={}&key={}&{filters}",
                view.by,
                url_escape(&i.key)
            ),
        })
        .collect()
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    chosen: Option<T>,
    wire: fn(T) -> &'static str,
    words: impl Fn(T) -> &'static str,
) -> Vec<Opt> {
    all.iter()
        .map(|x| Opt {
            value: wire(*x).to_owned(),
            label: words(*x).to_owned(),
            selected: chosen == Some(*x),
        })
        .collect()
}

/// `GET /stats?by=&unit_id=&from=&to=&type=&channel=`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Query(mut p): Query<BreakdownParams>,
) -> Response {
    let lang = staff.lang;
    if p.by
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .is_empty()
    {
        p.by = Some("field".into());
    }
    let q = match p.query(&s, lang) {
        Ok(q) => q,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let months_q = BreakdownQuery {
        by: BreakdownBy::Month,
        ..q.clone()
    };
    let (months, chosen, incidents) = match tokio::try_join!(
        s.app.breakdown(&staff.user, &months_q),
        s.app.breakdown(&staff.user, &q),
        s.app
            .incident_report_totals(&staff.user, q.unit_id, q.from, q.to)
    ) {
        Ok(x) => x,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let filters = [
        ("unit_id", q.unit_id.map(|u| u.to_string())),
        ("from", Some(q.from.to_string())),
        ("to", Some(q.to.to_string())),
        ("type", q.petition_type.map(|t| t.as_str().to_owned())),
        ("channel", q.channel.map(|c| c.as_str().to_owned())),
        ("category", q.category.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={}", url_escape(&v))))
    .collect::<Vec<_>>()
    .join("&");
    let view = StatsPage {
        c: Chrome::new(&s, &staff, "stats", pick(lang, "统计", "Statistics")),
        from: q.from.to_string(),
        to: q.to.to_string(),
        last_from: months.last_year_from.to_string(),
        last_to: months.last_year_to.to_string(),
        total: months.total,
        last_year_total: months.last_year_total,
        by_label: pick(lang, q.by.zh(), q.by.en()).to_owned(),
        months: rows(&months, &filters, lang),
        rows: rows(&chosen, &filters, lang),
        dims: options(CHOSEN, Some(q.by), BreakdownBy::as_str, |b| {
            pick(lang, b.zh(), b.en())
        }),
        units: unit_options(&s, &staff.user, &[], q.unit_id),
        types: options(
            PetitionType::ALL,
            q.petition_type,
            PetitionType::as_str,
            |t| pick(lang, t.zh(), t.en()),
        ),
        channels: options(Channel::ALL, q.channel, Channel::as_str, |c| {
            pick(lang, c.zh(), c.en())
        }),
        filters,
        by: q.by.as_str(),
        incidents: incident_table(&incidents),
    };
    render(&view)
}

/// `GET /stats/breakdown.xlsx?by=&…`: one table as a workbook.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<BreakdownParams>,
) -> Response {
    let q = match p.query(&s, staff.lang) {
        Ok(q) => q,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let view = match s.app.breakdown(&staff.user, &q).await {
        Ok(v) => v,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app
        .record_export(&staff.user, "breakdown.xlsx", view.items.len());
    super::breakdown_workbook(&view, staff.lang).unwrap_or_else(|_| {
        error_page(
            &s,
            &staff,
            &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
        )
    })
}
