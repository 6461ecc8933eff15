//! `GET /follow-ups`: the 落实 and 疏导 tasks of the user's scope (status filter, 20 a page, xlsx
//! download at `/follow-ups.xlsx`); `GET /follow-ups/{id}`: one task with its steps and the
//! forms its state allows; `POST /follow-ups/{id}/act` takes one (the same use case as
//! `POST /api/v1/follow-ups/{id}/actions`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, FollowUpDetail, FollowUpQuery, FollowUpView};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::follow_up::{FollowUpActionForm, Resolution};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;
use crate::error::Lang;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub case_id: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    fn query(&self) -> FollowUpQuery {
        FollowUpQuery {
            status: blank(&self.status).map(str::to_owned),
            case_id: blank(&self.case_id).and_then(|c| c.parse().ok()),
        }
    }

    fn as_query(&self) -> String {
        [("status", &self.status), ("case_id", &self.case_id)]
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", super::session::url_escape(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Template)]
#[template(path = "staff/follow_ups.html")]
struct ListPage {
    c: Chrome,
    items: Vec<FollowUpView>,
    total: i64,
    page: u32,
    pages: u32,
    status: String,
    filter_query: String,
}

/// `GET /follow-ups`
pub async fn list(State(s): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> Response {
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let list = match s.app.follow_ups(&staff.user, &q.query(), page, 20).await {
        Ok(l) => l,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let view = ListPage {
        c: Chrome::new(
            &s,
            &staff,
            "cases",
            pick(staff.lang, "落实与疏导", "Follow-through"),
        ),
        pages: u32::try_from((list.total + 19) / 20).unwrap_or(1).max(1),
        items: list.items,
        total: list.total,
        page: list.page,
        status: blank(&q.status).unwrap_or("").to_owned(),
        filter_query: q.as_query(),
    };
    render_status(StatusCode::OK, &view)
}

/// `GET /follow-ups.xlsx`
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Response {
    let query = &q.query();
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.follow_ups(user, query, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app
        .record_export(&staff.user, "follow-ups.xlsx", all.len());
    follow_ups_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

#[derive(Template)]
#[template(path = "staff/follow_up.html")]
struct TaskPage {
    c: Chrome,
    d: FollowUpDetail,
    today: String,
    resolutions: Vec<(&'static str, &'static str, &'static str)>,
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

impl TaskPage {
    fn when(&self, ms: &i64) -> String {
        super::audit::when(*ms)
    }

    fn prev(&self, action: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(action) {
            self.prev.get(name).unwrap_or("")
        } else {
            ""
        }
    }
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn task_page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    (done, failure): (bool, Option<(AppError, String, Fields)>),
) -> Response {
    let d = match s.app.follow_up(&staff.user, id).await {
        Ok(d) => d,
        Err(e) => return error_page(s, staff, &e),
    };
    let (error_message, errors, failed, prev, status) = match failure {
        Some((e, action, fields)) => {
            let (m, list) = error_text(&e, staff.lang);
            (Some(m), list, Some(action), fields, form_status(&e))
        }
        None => (None, Vec::new(), None, Fields::default(), StatusCode::OK),
    };
    let view = TaskPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!(
                "{} · {}",
                pick(staff.lang, d.task.kind.zh(), d.task.kind.en()),
                d.task.case_number
            ),
        ),
        d,
        today: s.app.today().to_string(),
        resolutions: Resolution::ALL
            .iter()
            .map(|r| (r.as_str(), r.zh(), r.en()))
            .collect(),
        done,
        error_message,
        errors,
        failed,
        prev,
    };
    render_status(status, &view)
}

fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

/// `GET /follow-ups/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::FollowUpNotFound));
    };
    task_page(&s, &staff, id, (q.done.is_some(), None)).await
}

/// `POST /follow-ups/{id}/act`
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::FollowUpNotFound));
    };
    let step: FollowUpActionForm = fields.read(&[]);
    match s.app.act_on_follow_up(&staff.user, id, step).await {
        Ok(_) => Redirect::to(&format!("/follow-ups/{id}?done=1")).into_response(),
        Err(e) if e.error_code().class() == ErrorClass::NotFound => error_page(&s, &staff, &e),
        Err(e) => {
            let action = fields.get("action").unwrap_or("").to_owned();
            task_page(&s, &staff, id, (false, Some((e, action, fields)))).await
        }
    }
}

/// The tasks as an Excel workbook (`GET /api/v1/follow-ups?format=xlsx` and the page's download).
pub fn follow_ups_workbook(
    items: &[FollowUpView],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "信访事项", "Case"),
        pick(lang, "标题", "Title"),
        pick(lang, "任务", "Task"),
        pick(lang, "责任单位", "Unit"),
        pick(lang, "处理意见日期", "Decided on"),
        pick(lang, "完成期限", "Due"),
        pick(lang, "状态", "Status"),
        pick(lang, "是否逾期", "Overdue"),
        pick(lang, "完成方式", "How it ended"),
        pick(lang, "协议", "Agreement"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.case_number.clone(),
                t.case_title.clone(),
                pick(lang, t.kind.zh(), t.kind.en()).to_owned(),
                t.unit_name.clone(),
                t.decided_on.to_string(),
                t.due_on.to_string(),
                pick(lang, t.status.zh(), t.status.en()).to_owned(),
                if t.overdue {
                    pick(lang, "是", "yes")
                } else {
                    ""
                }
                .to_owned(),
                t.resolution
                    .map(|r| pick(lang, r.zh(), r.en()).to_owned())
                    .unwrap_or_default(),
                t.agreement.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "落实与疏导", "Follow-through"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(
        bytes,
        "huiyin-follow-ups.xlsx",
    ))
}
