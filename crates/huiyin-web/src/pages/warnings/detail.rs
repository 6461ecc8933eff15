//! `GET /warnings/{id}`: one warning with its cases and history, and the forms of exactly the
//! steps the app offers this user now; `POST /warnings/{id}/act` takes one step.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, WarningDetail, WarningStepView};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::warning::{WarningAction, WarningActionForm};
use serde::Deserialize;

use super::{WarningRow, row};
use crate::AppState;
use crate::error::Lang;
use crate::pages::audit::when;
use crate::pages::chrome::{Chrome, error_page, error_text, form_status, render_status};
use crate::pages::i18n::{msgs, pick};
use crate::pages::session::{Fields, Staff, StaffForm};

/// One step of the history, localised.
pub struct StepRow {
    pub at: String,
    pub action: &'static str,
    pub actor: String,
    pub from_unit: String,
    pub to_unit: String,
    /// The step moved the warning to another unit.
    pub moved: bool,
    pub note: String,
}

fn step_row(h: &WarningStepView, lang: Lang) -> StepRow {
    StepRow {
        at: when(h.at_ms),
        action: WarningAction::parse(&h.action).map_or_else(
            || pick(lang, "逾期未签收，自动上报", "Escalated automatically"),
            |a| pick(lang, a.zh(), a.en()),
        ),
        actor: h.actor_name.clone(),
        moved: h.from_unit_name != h.to_unit_name,
        from_unit: h.from_unit_name.clone(),
        to_unit: h.to_unit_name.clone(),
        note: h.note.clone(),
    }
}

#[derive(Template)]
#[template(path = "staff/warning.html")]
struct WarningPage {
    c: Chrome,
    w: WarningRow,
    origin_unit: String,
    /// How it was resolved (处置情况).
    note: Option<String>,
    history: Vec<StepRow>,
    can_acknowledge: bool,
    can_escalate: bool,
    can_resolve: bool,
    /// The unit an escalation goes to.
    above: String,
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The step whose form failed (kept open with what was typed).
    failed: Option<String>,
    prev: Fields,
}

impl WarningPage {
    /// What was typed into `name` of the failed form `action` (empty in any other form).
    fn prev(&self, action: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(action) {
            self.prev.get(name).unwrap_or("")
        } else {
            ""
        }
    }
}

/// What the page says besides the warning: a step done, or a refused one with what was typed.
#[derive(Default)]
struct Outcome {
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

fn page(s: &AppState, staff: &Staff, d: WarningDetail, o: Outcome, status: StatusCode) -> Response {
    let lang = staff.lang;
    let org = s.app.org();
    let w = d.warning;
    let name = |id| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
    let may = |a: WarningAction| w.actions.contains(&a);
    let view = WarningPage {
        c: Chrome::new(
            s,
            staff,
            "warnings",
            format!(
                "{} · {}",
                pick(lang, "预警", "Warning"),
                pick(lang, w.kind.zh(), w.kind.en())
            ),
        ),
        origin_unit: name(w.origin_unit_id),
        above: org
            .one_level_up(w.unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        note: w.note.clone(),
        history: d.history.iter().map(|h| step_row(h, lang)).collect(),
        can_acknowledge: may(WarningAction::Acknowledge),
        can_escalate: may(WarningAction::Escalate),
        can_resolve: may(WarningAction::Resolve),
        w: row(&w, lang),
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
    };
    render_status(status, &view)
}

/// A path id; one that is not a positive number names no warning.
fn warning_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|i| *i > 0)
}

fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::WarningNotFound))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /warnings/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = warning_id(&id) else {
        return not_found(&s, &staff);
    };
    let d = match s.app.warning(&staff.user, id).await {
        Ok(d) => d,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lang = staff.lang;
    let done = q
        .done
        .as_deref()
        .and_then(WarningAction::parse)
        .map(|a| format!("{}{}", msgs(lang).done, pick(lang, a.zh(), a.en())));
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, d, o, StatusCode::OK)
}

/// `POST /warnings/{id}/act`: takes the step (`action`, `note`), then shows the warning again
/// (303) or the refusal with what was typed (403/409/422 by its kind; a warning out of sight
/// is simply not found).
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = warning_id(&id) else {
        return not_found(&s, &staff);
    };
    let step: WarningActionForm = fields.read(&[]);
    let action = fields.get("action").and_then(WarningAction::parse);
    let e = match s.app.act_on_warning(&staff.user, id, step).await {
        Ok(_) => {
            let done = action.map_or("", |a| a.as_str());
            return Redirect::to(&format!("/warnings/{id}?done={done}")).into_response();
        }
        Err(e) => e,
    };
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(&s, &staff, &e);
    }
    let d = match s.app.warning(&staff.user, id).await {
        Ok(d) => d,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let (message, errors) = error_text(&e, staff.lang);
    let o = Outcome {
        done: None,
        error_message: Some(message),
        errors,
        failed: action.map(|a| a.as_str().to_owned()),
        prev: fields,
    };
    page(&s, &staff, d, o, form_status(&e))
}
