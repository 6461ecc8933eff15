//! `GET /cases/{id}/hearings`: a case's 信访听证 with the form to schedule one (for a handler of
//! the case's unit, while the case is in handling or under 复核); `POST /cases/{id}/hearings`
//! schedules it — the same use case as `POST /api/v1/cases/{id}/hearings`, the officers and
//! participants typed row by row. A refusal shows the page again with every problem and what
//! was typed.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, CaseHearings};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::hearing::{HearingForm, OfficerRole, ParticipantRole};
use serde_json::{Value, json};

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

/// Rows of the form (blank rows are skipped when read).
const OFFICER_ROWS: usize = 4;
const PARTICIPANT_ROWS: usize = 6;

/// One typed row of officers or participants.
pub struct Row {
    pub role: String,
    pub name: String,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "staff/case_hearings.html")]
struct CaseHearingsPage {
    c: Chrome,
    h: CaseHearings,
    officer_roles: Vec<(&'static str, &'static str)>,
    participant_roles: Vec<(&'static str, &'static str)>,
    officers: Vec<Row>,
    participants: Vec<Row>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: bool,
    prev: Fields,
}

impl CaseHearingsPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

/// The rows typed under `prefix` (`officer` or `participant`), in order, blanks kept.
fn typed_rows(fields: &Fields, prefix: &str) -> Vec<Row> {
    let column = |name: &str| -> Vec<String> {
        let key = format!("{prefix}_{name}");
        fields
            .0
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    };
    let (roles, names, units) = (column("role"), column("name"), column("unit"));
    let n = roles.len().max(names.len()).max(units.len());
    (0..n)
        .map(|i| Row {
            role: roles.get(i).cloned().unwrap_or_default(),
            name: names.get(i).cloned().unwrap_or_default(),
            unit: units.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

/// The rows as the use case's list: rows with neither name nor unit are left out.
fn as_list(rows: &[Row]) -> Vec<Value> {
    rows.iter()
        .filter(|r| !r.name.is_empty() || !r.unit.is_empty())
        .map(|r| json!({"role": r.role, "name": r.name, "unit": r.unit}))
        .collect()
}

/// The typed rows, padded with blank ones of the usual roles.
fn padded(mut rows: Vec<Row>, n: usize, default_role: fn(usize) -> &'static str) -> Vec<Row> {
    while rows.len() < n {
        rows.push(Row {
            role: default_role(rows.len()).to_owned(),
            name: String::new(),
            unit: String::new(),
        });
    }
    rows
}

fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

async fn page(
    s: &AppState,
    staff: &Staff,
    case_id: i64,
    (error, failed_fields): (Option<&AppError>, Option<Fields>),
) -> Response {
    let h = match s.app.case_hearings(&staff.user, case_id).await {
        Ok(h) => h,
        Err(e) => return error_page(s, staff, &e),
    };
    let lang = staff.lang;
    let (error_message, errors) = match error {
        Some(e) => {
            let (m, list) = error_text(e, lang);
            (Some(m), list)
        }
        None => (None, Vec::new()),
    };
    let prev = failed_fields.unwrap_or_default();
    let officers = padded(typed_rows(&prev, "officer"), OFFICER_ROWS, |i| {
        if i == 0 { "presiding" } else { "officer" }
    });
    let participants = padded(
        typed_rows(&prev, "participant"),
        PARTICIPANT_ROWS,
        |i| match i {
            0 => "petitioner",
            1 => "unit",
            2 => "third_party",
            _ => "other",
        },
    );
    let view = CaseHearingsPage {
        c: Chrome::new(
            s,
            staff,
            "cases",
            format!("{} · {}", pick(lang, "信访听证", "Hearings"), h.case_number),
        ),
        h,
        officer_roles: OfficerRole::ALL
            .iter()
            .map(|r| (r.as_str(), pick(lang, r.zh(), r.en())))
            .collect(),
        participant_roles: ParticipantRole::ALL
            .iter()
            .map(|r| (r.as_str(), pick(lang, r.zh(), r.en())))
            .collect(),
        officers,
        participants,
        error_message,
        errors,
        failed: error.is_some(),
        prev,
    };
    let status = error.map_or(StatusCode::OK, form_status);
    render_status(status, &view)
}

/// `GET /cases/{id}/hearings`
pub async fn show(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    page(&s, &staff, id, (None, None)).await
}

/// `POST /cases/{id}/hearings`: schedules the hearing, then shows it (303), or the refusal
/// with what was typed (a case out of sight is simply not found).
pub async fn schedule(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let mut f: HearingForm = fields.read(&[]);
    f.officers = Some(as_list(&typed_rows(&fields, "officer")));
    f.participants = Some(as_list(&typed_rows(&fields, "participant")));
    match s.app.schedule_hearing(&staff.user, id, f).await {
        Ok(h) => Redirect::to(&format!("/hearings/{}?done=schedule", h.id)).into_response(),
        Err(e) if e.error_code().class() == ErrorClass::NotFound => error_page(&s, &staff, &e),
        Err(e) => page(&s, &staff, id, (Some(&e), Some(fields))).await,
    }
}
