//! Staff pages of the statistics: `GET /stats/cases`, the cases behind a figure of a breakdown
//! or of the annual report (the same use case as `GET /api/v1/stats/breakdown/cases`), and
//! `GET /reports/annual`, the annual report (Art. 41) as a printable page with its downloads.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::rows::{CaseRow, case_row};
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::annual::{AnnualParams, render as render_report, report_of};
use crate::api::breakdown::BreakdownParams;

const PER_PAGE: u32 = 20;

#[derive(Template)]
#[template(path = "staff/stats_cases.html")]
struct CasesPage {
    c: Chrome,
    what: String,
    rows: Vec<CaseRow>,
    total: i64,
    page: u32,
    pages: i64,
    qs: String,
}

/// `GET /stats/cases?by=&key=&unit_id=&from=&to=&type=&channel=&category=`
pub async fn cases(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<BreakdownParams>,
) -> Response {
    let lang = staff.lang;
    let q = match p.query(&s, lang) {
        Ok(q) => q,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let key = p
        .key
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let page = p.page.unwrap_or(1).max(1);
    let found = match s
        .app
        .breakdown_cases(&staff.user, &q, &key, page, PER_PAGE)
        .await
    {
        Ok(f) => f,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let org = s.app.org();
    let today = s.app.today();
    let per_page = i64::from(found.per_page.max(1));
    let qs = [
        ("by", Some(q.by.as_str().to_owned())),
        ("key", Some(key.clone())),
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
    let view = CasesPage {
        c: Chrome::new(
            &s,
            &staff,
            "leaders",
            pick(lang, "统计 · 事项", "Statistics · cases"),
        ),
        what: format!(
            "{} {key} · {} — {}",
            pick(lang, q.by.zh(), q.by.en()),
            q.from,
            q.to
        ),
        rows: found
            .items
            .iter()
            .map(|v| case_row(v, &org, today, lang))
            .collect(),
        total: found.total,
        page: found.page,
        pages: ((found.total + per_page - 1) / per_page).max(1),
        qs,
    };
    render(&view)
}

/// `GET /reports/annual?unit_id=&year=&format=`: the printable report, or its .docx / .xlsx.
pub async fn annual(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<AnnualParams>,
) -> Response {
    let (r, format) = match report_of(&s, &staff.user, &p).await {
        Ok(x) => x,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let format = if format == "json" { "html" } else { format };
    if format != "html" {
        s.app
            .record_export(&staff.user, &format!("annual_report.{format}"), 1);
    }
    render_report(&r, format, staff.lang, true).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the annual report could not be rendered");
        error_page(
            &s,
            &staff,
            &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
        )
    })
}
