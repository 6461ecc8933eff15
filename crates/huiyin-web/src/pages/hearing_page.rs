//! `GET /hearings/{id}`: one 信访听证 — day, place, public or not, officers, participants, the
//! notice, minutes and conclusion — with the forms of the steps the reader may take
//! (通知参加人, 记录听证结果, 取消听证); `POST /hearings/{id}/act` takes one, the same use case
//! as `POST /api/v1/hearings/{id}/actions`. A hearing on a case out of sight is not found.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, HearingView};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::hearing_step::{HearingAction, HearingActionForm, NoticeMethod};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::{msgs, pick};
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/hearing.html")]
struct HearingPage {
    c: Chrome,
    h: HearingView,
    methods: Vec<(&'static str, &'static str)>,
    today: String,
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The step whose form failed (kept open with what was typed).
    failed: Option<String>,
    prev: Fields,
}

impl HearingPage {
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

    fn may(&self, action: &str) -> bool {
        self.h.actions.iter().any(|a| a.as_str() == action)
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

fn page(s: &AppState, staff: &Staff, h: HearingView, o: Outcome, status: StatusCode) -> Response {
    let lang = staff.lang;
    let view = HearingPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!(
                "{} · {} {}",
                pick(lang, "信访听证", "Hearing"),
                h.case_number,
                h.on
            ),
        ),
        h,
        methods: NoticeMethod::ALL
            .iter()
            .map(|m| (m.as_str(), pick(lang, m.zh(), m.en())))
            .collect(),
        today: s.app.today().to_string(),
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
    };
    render_status(status, &view)
}

fn hearing_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|i| *i > 0)
}

fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::HearingNotFound))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /hearings/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = hearing_id(&id) else {
        return not_found(&s, &staff);
    };
    let h = match s.app.hearing(&staff.user, id).await {
        Ok(h) => h,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lang = staff.lang;
    let done = q.done.as_deref().map(|a| {
        let words = match HearingAction::parse(a) {
            Some(a) => pick(lang, a.zh(), a.en()),
            None => pick(lang, "安排听证", "Scheduling"),
        };
        format!("{}{words}", msgs(lang).done)
    });
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, h, o, StatusCode::OK)
}

/// `POST /hearings/{id}/act`: takes the step, then shows the hearing again (303) or the refusal
/// with what was typed.
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = hearing_id(&id) else {
        return not_found(&s, &staff);
    };
    let action = fields.get("action").and_then(HearingAction::parse);
    let step: HearingActionForm = fields.read(&[]);
    let e = match s.app.act_on_hearing(&staff.user, id, step).await {
        Ok(_) => {
            let done = action.map_or("", |a| a.as_str());
            return Redirect::to(&format!("/hearings/{id}?done={done}")).into_response();
        }
        Err(e) => e,
    };
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(&s, &staff, &e);
    }
    let h = match s.app.hearing(&staff.user, id).await {
        Ok(h) => h,
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
    page(&s, &staff, h, o, form_status(&e))
}
