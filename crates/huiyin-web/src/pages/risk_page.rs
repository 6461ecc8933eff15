//! `GET /risks/{id}`: one 矛盾纠纷排查 entry with its linked cases and every step taken on it,
//! and the forms of the steps its state allows (记录化解进展, 化解销号, 重新打开);
//! `POST /risks/{id}/act` takes one — the same use case as `POST /api/v1/risks/{id}/actions`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, RiskDetail};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::risk::{RiskAction, RiskActionForm, RiskStatus};
use serde::Deserialize;
use serde_json::Value;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::{msgs, pick};
use super::leaders_form::numbers;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/risk.html")]
struct RiskPage {
    c: Chrome,
    d: RiskDetail,
    open: bool,
    today: String,
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The step whose form failed (kept open with what was typed).
    failed: Option<String>,
    prev: Fields,
}

impl RiskPage {
    /// An instant as the pages show it (Beijing time, to the second).
    fn when(&self, ms: &i64) -> String {
        super::audit::when(*ms)
    }

    /// What was typed into `name` of the failed form `action` (empty in any other form).
    fn prev(&self, action: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(action) {
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

fn page(s: &AppState, staff: &Staff, d: RiskDetail, o: Outcome, status: StatusCode) -> Response {
    let lang = staff.lang;
    let view = RiskPage {
        c: Chrome::new(
            s,
            staff,
            "risks",
            format!(
                "{} · {}",
                pick(lang, "矛盾纠纷排查", "Screening"),
                d.risk.title
            ),
        ),
        open: d.risk.status == RiskStatus::Open,
        d,
        today: s.app.today().to_string(),
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
    };
    render_status(status, &view)
}

fn risk_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|i| *i > 0)
}

fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::RiskNotFound))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /risks/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = risk_id(&id) else {
        return not_found(&s, &staff);
    };
    let d = match s.app.risk(&staff.user, id).await {
        Ok(d) => d,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lang = staff.lang;
    let done = q.done.as_deref().map(|a| {
        let words = match RiskAction::parse(a) {
            Some(a) => pick(lang, a.zh(), a.en()),
            None => pick(lang, "排查登记", "Registration"),
        };
        format!("{}{words}", msgs(lang).done)
    });
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, d, o, StatusCode::OK)
}

/// `POST /risks/{id}/act`: takes the step, then shows the entry again (303) or the refusal
/// with what was typed (an entry out of sight is simply not found).
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = risk_id(&id) else {
        return not_found(&s, &staff);
    };
    let action = fields.get("action").and_then(RiskAction::parse);
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let result = async {
        let ids = s
            .app
            .visible_case_ids_by_number(&staff.user, &typed)
            .await?;
        let mut step: RiskActionForm = fields.read(&[]);
        step.case_ids = Some(ids.into_iter().map(Value::from).collect());
        s.app.act_on_risk(&staff.user, id, step).await
    }
    .await;
    let e = match result {
        Ok(_) => {
            let done = action.map_or("", |a| a.as_str());
            return Redirect::to(&format!("/risks/{id}?done={done}")).into_response();
        }
        Err(e) => e,
    };
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(&s, &staff, &e);
    }
    let d = match s.app.risk(&staff.user, id).await {
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
