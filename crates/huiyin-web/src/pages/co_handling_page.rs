//! `GET /cases/{id}/co-handlings`: a case's 协办 — the lead unit, each co-handling unit's task,
//! deadline, steps and contribution — with the form adding a co-handling unit (the lead unit's
//! line) and each part's step forms (the co-handling unit); `POST /cases/{id}/co-handlings` and
//! `POST /co-handlings/{id}/act` take them, the same use cases as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, CaseCoHandling};
use huiyin_core::co_handling::{CoHandlingActionForm, CoHandlingForm};
use huiyin_core::error::{ErrorClass, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/co_handlings.html")]
struct CoHandlingPage {
    c: Chrome,
    h: CaseCoHandling,
    units: Vec<Opt>,
    today: String,
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

impl CoHandlingPage {
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

async fn page(s: &AppState, staff: &Staff, case_id: i64, done: bool, failure: Failure) -> Response {
    let h = match s.app.co_handlings(&staff.user, case_id).await {
        Ok(h) => h,
        Err(e) => return error_page(s, staff, &e),
    };
    let (error_message, errors, failed, prev, status) = match failure {
        Some((e, form, fields)) => {
            let (m, list) = error_text(&e, staff.lang);
            (Some(m), list, Some(form), fields, form_status(&e))
        }
        None => (None, Vec::new(), None, Fields::default(), StatusCode::OK),
    };
    let chosen = prev.get("unit_id").and_then(positive);
    let units = super::units::scope_unit_options(s, &staff.user, chosen);
    let view = CoHandlingPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!(
                "{} · {}",
                pick(staff.lang, "协办", "Co-handling"),
                h.case_number
            ),
        ),
        h,
        units,
        today: s.app.today().to_string(),
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

/// `GET /cases/{id}/co-handlings`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    page(&s, &staff, id, q.done.is_some(), None).await
}

/// `POST /cases/{id}/co-handlings`
pub async fn add(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let input: CoHandlingForm = fields.read(&[]);
    match s.app.add_co_handling(&staff.user, id, input).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}/co-handlings?done=1")).into_response(),
        Err(e) if e.error_code().class() == ErrorClass::NotFound => error_page(&s, &staff, &e),
        Err(e) => page(&s, &staff, id, false, Some((e, "add".into(), fields))).await,
    }
}

/// `POST /co-handlings/{id}/act` (the form carries its case for the way back).
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let case_id = fields.get("case_id").and_then(positive).unwrap_or(0);
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CoHandlingNotFound));
    };
    let input: CoHandlingActionForm = fields.read(&[]);
    match s.app.act_on_co_handling(&staff.user, id, input).await {
        Ok(h) => Redirect::to(&format!("/cases/{}/co-handlings?done=1", h.case_id)).into_response(),
        Err(e) if e.error_code().class() == ErrorClass::NotFound => error_page(&s, &staff, &e),
        Err(e) => {
            page(
                &s,
                &staff,
                case_id,
                false,
                Some((e, format!("act-{id}"), fields)),
            )
            .await
        }
    }
}
