//! `GET /matters`: the 信访事项档案 of the user's scope — every matter file with a case the user
//! may open, the latest case first or most cases first, all or only those still open, of one
//! unit — 20 a page, with an xlsx download (`GET /matters.xlsx`, the same workbook as
//! `GET /api/v1/matters?format=xlsx`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::{AppError, MatterListItem};
use huiyin_core::error::ErrorCode;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::api::matters::MatterParams;
use crate::error::Lang;

const PER_PAGE: u32 = 20;

/// The query string as typed, echoed back into the filters and links.
#[derive(Deserialize, Default, Clone)]
pub struct MatterListQuery {
    pub unit_id: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl MatterListQuery {
    fn params(&self) -> MatterParams {
        MatterParams {
            unit_id: self.unit_id.clone(),
            status: self.status.clone(),
            sort: self.sort.clone(),
            ..MatterParams::default()
        }
    }

    /// The filters as a query string (for the pager and the download).
    fn as_query(&self) -> String {
        [
            ("unit_id", &self.unit_id),
            ("status", &self.status),
            ("sort", &self.sort),
        ]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[derive(Template)]
#[template(path = "staff/matters.html")]
struct MattersPage {
    c: Chrome,
    items: Vec<MatterListItem>,
    total: i64,
    page: u32,
    pages: u32,
    units: Vec<Opt>,
    status: String,
    sort: String,
    filter_query: String,
    error_message: Option<String>,
    errors: Vec<String>,
}

/// `GET /matters`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<MatterListQuery>,
) -> Response {
    let lang = staff.lang;
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let answer = match q.params().query(lang) {
        Ok(query) => {
            s.app
                .matter_files(&staff.user, &query, page, PER_PAGE)
                .await
        }
        Err(e) => Err(e.error),
    };
    let (list, error, status) = match answer {
        Ok(l) => (Some(l), None, StatusCode::OK),
        Err(e) if e.error_code() == ErrorCode::Validation => (
            None,
            Some(error_text(&e, lang)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => return error_page(&s, &staff, &e),
    };
    let (items, total) = list.map_or((Vec::new(), 0), |l| (l.items, l.total));
    let (error_message, errors) = error.unzip();
    let view = MattersPage {
        c: Chrome::new(
            &s,
            &staff,
            "matters",
            pick(lang, "信访事项档案", "Matter files"),
        ),
        pages: u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items,
        total,
        page,
        units: super::units::filter_unit_options(&s, &staff.user, blank(&q.unit_id)),
        status: blank(&q.status).unwrap_or("").to_owned(),
        sort: blank(&q.sort).unwrap_or("").to_owned(),
        filter_query: q.as_query(),
        error_message,
        errors: errors.unwrap_or_default(),
    };
    render_status(status, &view)
}

/// `GET /matters.xlsx`: every matter file the list's filters match.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<MatterListQuery>,
) -> Response {
    let query = match q.params().query(staff.lang) {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let query = &query;
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.matter_files(user, query, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app.record_export(&staff.user, "matters.xlsx", all.len());
    matters_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

/// The list as an Excel workbook (`GET /api/v1/matters?format=xlsx` and the page's download).
pub fn matters_workbook(
    items: &[MatterListItem],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "档案编号", "File no."),
        pick(lang, "事项", "Matter"),
        pick(lang, "信访件数", "Cases"),
        pick(lang, "未办结", "Open"),
        pick(lang, "最早收件", "First received"),
        pick(lang, "最近收件", "Last received"),
        pick(lang, "信访事项编号", "Case numbers"),
        pick(lang, "信访人", "Petitioners"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|m| {
            vec![
                m.id.to_string(),
                m.name.clone(),
                m.cases.to_string(),
                m.open_cases.to_string(),
                m.first_received_on.to_string(),
                m.last_received_on.to_string(),
                m.case_numbers.join("；"),
                m.petitioners.join("；"),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "信访事项档案", "Matter files"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(bytes, "huiyin-matters.xlsx"))
}
