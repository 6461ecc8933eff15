//! 信访事项档案 pages (issue 15 item 3): `GET /cases/{id}/matter` opens the case's matter file or
//! offers to group it with other cases by number (`POST /cases/{id}/matter`); `GET /matters/{id}`
//! is the file — its cases, petitioners, the story of every step, the 并单 — with the forms to
//! merge a duplicate (`POST /matters/{id}/duplicates`) and undo one
//! (`POST /case-duplicates/{id}/undo`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, MatterFile};
use huiyin_core::error::{ErrorClass, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::leaders_form::numbers;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/matter.html")]
struct MatterPage {
    c: Chrome,
    /// The file, or `None` on the grouping form of a case without one.
    m: Option<MatterFile>,
    case_id: i64,
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

impl MatterPage {
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

type Failure = Option<(AppError, String, Fields)>;

fn render(
    s: &AppState,
    staff: &Staff,
    (m, case_id): (Option<MatterFile>, i64),
    done: bool,
    failure: Failure,
) -> Response {
    let (error_message, errors, failed, prev, status) = match failure {
        Some((e, form, fields)) => {
            let (msg, list) = error_text(&e, staff.lang);
            (Some(msg), list, Some(form), fields, form_status(&e))
        }
        None => (None, Vec::new(), None, Fields::default(), StatusCode::OK),
    };
    let title = m.as_ref().map_or_else(String::new, |m| m.name.clone());
    let view = MatterPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!(
                "{} · {title}",
                pick(staff.lang, "信访事项档案", "Matter file")
            ),
        ),
        m,
        case_id,
        done,
        error_message,
        errors,
        failed,
        prev,
    };
    render_status(status, &view)
}

/// `GET /cases/{id}/matter`
pub async fn of_case(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    match s.app.matter_of_case(&staff.user, id).await {
        Ok(Some(m)) => Redirect::to(&format!("/matters/{m}")).into_response(),
        Ok(None) => render(&s, &staff, (None, id), false, None),
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// `POST /cases/{id}/matter`: groups the case with the cases typed by number.
pub async fn group(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let result = async {
        let mut ids = vec![id];
        ids.extend(
            s.app
                .visible_case_ids_by_number(&staff.user, &typed)
                .await?,
        );
        s.app.group_into_matter(&staff.user, &ids).await
    }
    .await;
    match result {
        Ok(m) => Redirect::to(&format!("/matters/{}?done=1", m.id)).into_response(),
        Err(e) if e.error_code().class() == ErrorClass::NotFound => error_page(&s, &staff, &e),
        Err(e) => {
            let m = match s.app.matter_of_case(&staff.user, id).await {
                Ok(Some(m)) => s.app.matter_file(&staff.user, m).await.ok(),
                _ => None,
            };
            render(
                &s,
                &staff,
                (m, id),
                false,
                Some((e, "group".into(), fields)),
            )
        }
    }
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /matters/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::MatterNotFound));
    };
    match s.app.matter_file(&staff.user, id).await {
        Ok(m) => render(&s, &staff, (Some(m), 0), q.done.is_some(), None),
        Err(e) => error_page(&s, &staff, &e),
    }
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    matter: i64,
    e: AppError,
    (form, fields): (&str, Fields),
) -> Response {
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(s, staff, &e);
    }
    match s.app.matter_file(&staff.user, matter).await {
        Ok(m) => render(
            s,
            staff,
            (Some(m), 0),
            false,
            Some((e, form.to_owned(), fields)),
        ),
        Err(e) => error_page(s, staff, &e),
    }
}

/// `POST /matters/{id}/duplicates`
pub async fn merge_duplicate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::MatterNotFound));
    };
    let pick_id = |name: &str| fields.get(name).and_then(positive);
    let result = s
        .app
        .merge_duplicate(
            &staff.user,
            id,
            (
                pick_id("case_id"),
                pick_id("main_case_id"),
                fields.get("reason"),
            ),
        )
        .await;
    match result {
        Ok(_) => Redirect::to(&format!("/matters/{id}?done=1")).into_response(),
        Err(e) => refused(&s, &staff, id, e, ("duplicate", fields)).await,
    }
}

/// `POST /case-duplicates/{id}/undo` (the form carries its matter for the way back).
pub async fn undo_duplicate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let matter = fields.get("matter_id").and_then(positive).unwrap_or(0);
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::DuplicateNotFound));
    };
    match s
        .app
        .undo_duplicate(&staff.user, id, fields.get("reason"))
        .await
    {
        Ok(m) => Redirect::to(&format!("/matters/{}?done=1", m.id)).into_response(),
        Err(e) => refused(&s, &staff, matter, e, ("undo", fields)).await,
    }
}
