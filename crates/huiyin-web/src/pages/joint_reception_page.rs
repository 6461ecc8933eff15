//! `GET /joint-receptions/{id}`: one 联合接访 session — its units, the names on duty, the cases
//! taken there that the user may open — with the forms its host's staff use while it is open:
//! record a case by number (`POST …/cases`), remove one (`POST …/cases/{case_id}/remove`),
//! close it with a summary, confirmed (`POST …/close`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, JointReceptionView, SessionCaseRef};
use huiyin_core::error::{DomainError, ErrorClass, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/joint_reception.html")]
struct SessionPage {
    c: Chrome,
    r: JointReceptionView,
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

impl SessionPage {
    fn when(&self, ms: &i64) -> String {
        super::audit::when(*ms)
    }

    fn prev(&self, form: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(form) {
            self.prev.get(name).unwrap_or("")
        } else {
            ""
        }
    }
}

fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

async fn render(
    s: &AppState,
    staff: &Staff,
    id: i64,
    (done, failure): (bool, Option<(AppError, &str, Fields)>),
) -> Response {
    if let Some((e, _, _)) = &failure
        && e.error_code().class() == ErrorClass::NotFound
        && e.error_code() != ErrorCode::JointReceptionCaseNotLinked
    {
        return error_page(s, staff, e);
    }
    let r = match s.app.joint_reception(&staff.user, id).await {
        Ok(r) => r,
        Err(e) => return error_page(s, staff, &e),
    };
    let (error_message, errors, failed, prev, status) = match failure {
        Some((e, form, fields)) => {
            let (m, list) = error_text(&e, staff.lang);
            (
                Some(m),
                list,
                Some(form.to_owned()),
                fields,
                form_status(&e),
            )
        }
        None => (None, Vec::new(), None, Fields::default(), StatusCode::OK),
    };
    let view = SessionPage {
        c: Chrome::new(
            s,
            staff,
            "joint_receptions",
            format!(
                "{} · {} {}",
                pick(staff.lang, "联合接访", "Joint reception"),
                r.on,
                r.place
            ),
        ),
        r,
        done,
        error_message,
        errors,
        failed,
        prev,
    };
    render_status(status, &view)
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /joint-receptions/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(
            &s,
            &staff,
            &AppError::code(ErrorCode::JointReceptionNotFound),
        );
    };
    render(&s, &staff, id, (q.done.is_some(), None)).await
}

/// `POST /joint-receptions/{id}/cases`: records a case taken at the session, by its number.
pub async fn link(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(
            &s,
            &staff,
            &AppError::code(ErrorCode::JointReceptionNotFound),
        );
    };
    let case = SessionCaseRef {
        case_id: None,
        case_number: fields.get("case_number").map(str::to_owned),
    };
    match s.app.link_joint_reception_case(&staff.user, id, case).await {
        Ok(_) => Redirect::to(&format!("/joint-receptions/{id}?done=1")).into_response(),
        Err(e) => render(&s, &staff, id, (false, Some((e, "link", fields)))).await,
    }
}

/// `POST /joint-receptions/{id}/cases/{case_id}/remove`
pub async fn unlink(
    State(s): State<AppState>,
    Path((id, case_id)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let (Some(id), Some(case_id)) = (positive(&id), positive(&case_id)) else {
        return error_page(
            &s,
            &staff,
            &AppError::code(ErrorCode::JointReceptionNotFound),
        );
    };
    match s
        .app
        .unlink_joint_reception_case(&staff.user, id, case_id)
        .await
    {
        Ok(_) => Redirect::to(&format!("/joint-receptions/{id}?done=1")).into_response(),
        Err(e) => render(&s, &staff, id, (false, Some((e, "unlink", fields)))).await,
    }
}

/// `POST /joint-receptions/{id}/close`: needs the summary and the confirmation box.
pub async fn close(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(
            &s,
            &staff,
            &AppError::code(ErrorCode::JointReceptionNotFound),
        );
    };
    let result = if fields.has("confirm") {
        s.app
            .close_joint_reception(&staff.user, id, fields.get("summary"))
            .await
    } else {
        Err(DomainError::invalid(
            "confirm",
            "请勾选确认结束本次联合接访",
            "tick the box to confirm closing the session",
        )
        .into())
    };
    match result {
        Ok(_) => Redirect::to(&format!("/joint-receptions/{id}?done=1")).into_response(),
        Err(e) => render(&s, &staff, id, (false, Some((e, "close", fields)))).await,
    }
}

/// The case page's lines "联合接访：<day> <place>（<host>）", one per session the case was taken
/// at that the user may read (none when the read fails: the page shows the rest).
pub(super) async fn case_facts(
    s: &AppState,
    staff: &Staff,
    case_id: i64,
) -> Vec<super::case_facts::Fact> {
    let sessions = s
        .app
        .joint_receptions_of_case(&staff.user, case_id)
        .await
        .unwrap_or_default();
    sessions
        .into_iter()
        .map(|r| super::case_facts::Fact {
            label: pick(staff.lang, "联合接访", "Joint reception"),
            value: format!("{} {}（{}）", r.on, r.place, r.host_unit.name),
        })
        .collect()
}
