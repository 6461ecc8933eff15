//! `GET /co-handlings`: the 协办任务 of the user's scope — the co-handling parts its units owe
//! on other units' cases, open ones first with the earliest deadline, overdue ones marked — 20
//! a page, with an xlsx download (`GET /co-handlings.xlsx`, the same workbook as
//! `GET /api/v1/co-handlings?format=xlsx`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::{AppError, CoHandlingTask};
use huiyin_core::error::ErrorCode;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::api::co_handling_tasks::CoHandlingTaskParams;
use crate::error::Lang;

const PER_PAGE: u32 = 20;

/// The query string as typed, echoed back into the filters and links.
#[derive(Deserialize, Default, Clone)]
pub struct TaskListQuery {
    pub unit_id: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl TaskListQuery {
    fn params(&self) -> CoHandlingTaskParams {
        CoHandlingTaskParams {
            unit_id: self.unit_id.clone(),
            status: self.status.clone(),
            ..CoHandlingTaskParams::default()
        }
    }

    /// The filters as a query string (for the pager and the download).
    fn as_query(&self) -> String {
        [("unit_id", &self.unit_id), ("status", &self.status)]
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Template)]
#[template(path = "staff/co_handling_tasks.html")]
struct TasksPage {
    c: Chrome,
    items: Vec<CoHandlingTask>,
    total: i64,
    page: u32,
    pages: u32,
    units: Vec<Opt>,
    status: String,
    filter_query: String,
    error_message: Option<String>,
    errors: Vec<String>,
}

/// `GET /co-handlings`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<TaskListQuery>,
) -> Response {
    let lang = staff.lang;
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let answer = match q.params().query(lang) {
        Ok(query) => {
            s.app
                .co_handling_tasks(&staff.user, &query, page, PER_PAGE)
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
    let view = TasksPage {
        c: Chrome::new(
            &s,
            &staff,
            "co_handlings",
            pick(lang, "协办任务", "Co-handling tasks"),
        ),
        pages: u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items,
        total,
        page,
        units: super::units::filter_unit_options(&s, &staff.user, blank(&q.unit_id)),
        status: blank(&q.status).unwrap_or("").to_owned(),
        filter_query: q.as_query(),
        error_message,
        errors: errors.unwrap_or_default(),
    };
    render_status(status, &view)
}

/// `GET /co-handlings.xlsx`: every part the list's filters match.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<TaskListQuery>,
) -> Response {
    let query = match q.params().query(staff.lang) {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let query = &query;
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.co_handling_tasks(user, query, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app
        .record_export(&staff.user, "co-handlings.xlsx", all.len());
    co_handling_tasks_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

/// The list as an Excel workbook (`GET /api/v1/co-handlings?format=xlsx` and the page's
/// download).
pub fn co_handling_tasks_workbook(
    items: &[CoHandlingTask],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "信访事项编号", "Case number"),
        pick(lang, "标题", "Title"),
        pick(lang, "牵头单位", "Lead unit"),
        pick(lang, "协办单位", "Co-handling unit"),
        pick(lang, "协办任务", "Task"),
        pick(lang, "办理期限", "Due"),
        pick(lang, "状态", "Status"),
        pick(lang, "协办情况", "Contribution"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|t| {
            let status = if t.overdue {
                pick(lang, "协办中（已逾期）", "Open (overdue)").to_owned()
            } else {
                pick(lang, t.status.zh(), t.status.en()).to_owned()
            };
            vec![
                t.case_number.clone(),
                t.case_title.clone(),
                t.lead_unit_name.clone(),
                t.unit_name.clone(),
                t.task.clone(),
                t.due_on.to_string(),
                status,
                t.contribution.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "协办任务", "Co-handling tasks"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(
        bytes,
        "huiyin-co-handlings.xlsx",
    ))
}
