//! `GET /cases/{id}/recusals`: a case's 回避 — who is recused, why, by whom, lifted or not — with
//! the form to declare one's own conflict and, for a leader of the case's line, the forms to
//! recuse a staff member and to lift a recusal; `POST /cases/{id}/recusals` and
//! `POST /recusals/{id}/lift` take those steps (the same use cases as the API).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, CaseRecusals};
use huiyin_core::error::{ErrorClass, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/recusals.html")]
struct RecusalsPage {
    c: Chrome,
    /// `None` after the user recused themselves: the case is out of their sight.
    r: Option<CaseRecusals>,
    /// The staff a leader may recuse: the case's allottable handlers.
    staff_options: Vec<(i64, String)>,
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

impl RecusalsPage {
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

#[derive(Default)]
struct Outcome {
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

async fn page(
    s: &AppState,
    staff: &Staff,
    case_id: i64,
    o: Outcome,
    status: StatusCode,
) -> Response {
    let r = match s.app.case_recusals(&staff.user, case_id).await {
        Ok(r) => r,
        Err(e) => return error_page(s, staff, &e),
    };
    let staff_options = if r.leads {
        s.app
            .allottable_handlers(&staff.user, case_id)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let view = RecusalsPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!(
                "{} · {}",
                pick(staff.lang, "回避", "Recusals"),
                r.case_number
            ),
        ),
        r: Some(r),
        staff_options,
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
    };
    render_status(status, &view)
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /cases/{id}/recusals`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let lang = staff.lang;
    let done = q.done.as_deref().map(|d| match d {
        "lift" => pick(lang, "已解除回避", "Recusal lifted").to_owned(),
        _ => pick(lang, "已记录回避", "Recusal recorded").to_owned(),
    });
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, id, o, StatusCode::OK).await
}

async fn refused(
    s: &AppState,
    staff: Staff,
    case_id: i64,
    e: AppError,
    (form, fields): (&str, Fields),
) -> Response {
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(s, &staff, &e);
    }
    let (message, errors) = error_text(&e, staff.lang);
    let o = Outcome {
        done: None,
        error_message: Some(message),
        errors,
        failed: Some(form.to_owned()),
        prev: fields,
    };
    let status = form_status(&e);
    page(s, &staff, case_id, o, status).await
}

/// `POST /cases/{id}/recusals`: one's own (no `user_id`) or, for a leader, another's.
pub async fn recuse(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let target = fields.get("user_id").and_then(positive);
    let form_name = if target.is_some() {
        "assign"
    } else {
        "declare"
    };
    match s
        .app
        .recuse(&staff.user, id, (target, fields.get("reason")))
        .await
    {
        Ok(_) if target.is_none() || target == Some(staff.user.id) => {
            // The case is out of the user's sight now: say so, without it.
            let view = RecusalsPage {
                c: Chrome::new(&s, &staff, "cases", pick(staff.lang, "回避", "Recusals")),
                r: None,
                staff_options: Vec::new(),
                done: Some(
                    pick(
                        staff.lang,
                        "已申请回避：您将不再看到、办理该信访事项",
                        "Recused: you will no longer see or act on the case",
                    )
                    .to_owned(),
                ),
                error_message: None,
                errors: Vec::new(),
                failed: None,
                prev: Fields::default(),
            };
            render_status(StatusCode::OK, &view)
        }
        Ok(_) => Redirect::to(&format!("/cases/{id}/recusals?done=recuse")).into_response(),
        Err(e) => refused(&s, staff, id, e, (form_name, fields)).await,
    }
}

/// `POST /recusals/{id}/lift` (the form carries its case for the way back).
pub async fn lift(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let case_id = fields.get("case_id").and_then(positive).unwrap_or(0);
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::RecusalNotFound));
    };
    match s
        .app
        .lift_recusal(&staff.user, id, fields.get("reason"))
        .await
    {
        Ok(r) => Redirect::to(&format!("/cases/{}/recusals?done=lift", r.case_id)).into_response(),
        Err(e) => refused(&s, staff, case_id, e, ("lift", fields)).await,
    }
}
