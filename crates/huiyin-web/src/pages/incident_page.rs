//! `GET /incidents/{id}`: one incident (突发事件) with its linked cases and its reporting chain
//! — each report owed with to whom, due and reported times, late (迟报) and missing (漏报) — a
//! form for the report each recipient owes next and a 续报 form; `POST /incidents/{id}/report`
//! files one — the same use case as `POST /api/v1/incidents/{id}/reports`. An incident out of
//! the user's sight is not found.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, IncidentReportView, IncidentView};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::incident::IncidentReportForm;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::incidents::{Standing, level_class, owed_and_made};
use super::list::Opt;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

/// The form of a follow-up report (续报).
const FOLLOW_UP: &str = "follow_up";

/// One report of the chain as the page shows it.
struct ReportRow {
    r: IncidentReportView,
    due: String,
    reported: String,
    /// The form that files it: a report to its unit fills the earliest one still owed there,
    /// so only that one has a form.
    form: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/incident.html")]
struct IncidentPage {
    c: Chrome,
    v: IncidentView,
    occurred: String,
    standing: Standing,
    level_class: &'static str,
    owed: usize,
    made: usize,
    cases: Vec<(i64, String)>,
    reports: Vec<ReportRow>,
    /// Units already given every report owed to them: a report to them is a 续报.
    follow_up_units: Vec<Opt>,
    done: Option<&'static str>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The form that failed (kept open with what was typed).
    failed: Option<String>,
    prev: Fields,
}

impl IncidentPage {
    /// What was typed into `name` of the failed form `form` (empty in any other form).
    fn prev(&self, form: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(form) {
            self.prev.get(name).unwrap_or("")
        } else {
            ""
        }
    }

    fn is_failed(&self, form: &str) -> bool {
        self.failed.as_deref() == Some(form)
    }
}

#[derive(Default)]
struct Outcome {
    done: Option<&'static str>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

/// The numbers of the linked cases the user may see (the app lists only those).
pub(super) async fn case_numbers(
    s: &AppState,
    staff: &Staff,
    v: &IncidentView,
) -> Vec<(i64, String)> {
    let mut out = Vec::with_capacity(v.case_ids.len());
    for id in &v.case_ids {
        if let Ok(rec) = s.app.visible_case(&staff.user, *id).await {
            out.push((*id, rec.case.number));
        }
    }
    out
}

fn report_rows(v: &IncidentView) -> Vec<ReportRow> {
    let mut formed: Vec<i64> = Vec::new();
    v.reports
        .iter()
        .map(|r| {
            let owed_now = r.due_at_ms.is_some() && r.reported_at_ms.is_none();
            let form = (owed_now && !formed.contains(&r.to_unit_id)).then(|| {
                formed.push(r.to_unit_id);
                format!("to-{}", r.to_unit_id)
            });
            ReportRow {
                due: r.due_at_ms.map(super::audit::when).unwrap_or_default(),
                reported: r.reported_at_ms.map(super::audit::when).unwrap_or_default(),
                form,
                r: r.clone(),
            }
        })
        .collect()
}

fn follow_up_units(v: &IncidentView, chosen: Option<&str>) -> Vec<Opt> {
    let mut out: Vec<Opt> = Vec::new();
    for r in &v.reports {
        let still_owed = v.reports.iter().any(|o| {
            o.to_unit_id == r.to_unit_id && o.due_at_ms.is_some() && o.reported_at_ms.is_none()
        });
        let value = r.to_unit_id.to_string();
        if !still_owed && !out.iter().any(|o| o.value == value) {
            out.push(Opt {
                selected: chosen == Some(value.as_str()),
                value,
                label: r.to_unit_name.clone(),
            });
        }
    }
    out
}

async fn page(
    s: &AppState,
    staff: &Staff,
    v: IncidentView,
    o: Outcome,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let (owed, made) = owed_and_made(&v);
    let chosen = if o.failed.as_deref() == Some(FOLLOW_UP) {
        o.prev.get("to_unit_id")
    } else {
        None
    };
    let view = IncidentPage {
        c: Chrome::new(
            s,
            staff,
            "incidents",
            format!("{} · {}", pick(lang, "突发事件", "Incident"), v.title),
        ),
        occurred: super::audit::when(v.occurred_at_ms),
        standing: Standing::of(&v),
        level_class: level_class(v.level),
        owed,
        made,
        cases: case_numbers(s, staff, &v).await,
        reports: report_rows(&v),
        follow_up_units: follow_up_units(&v, chosen),
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
        v,
    };
    render_status(status, &view)
}

fn incident_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|i| *i > 0)
}

fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::IncidentNotFound))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /incidents/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = incident_id(&id) else {
        return not_found(&s, &staff);
    };
    let v = match s.app.incident(&staff.user, id).await {
        Ok(v) => v,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lang = staff.lang;
    let done = match q.done.as_deref() {
        Some("record") => Some(pick(lang, "已登记突发事件", "Incident recorded")),
        Some("report") => Some(pick(lang, "已报告", "Report filed")),
        _ => None,
    };
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, v, o, StatusCode::OK).await
}

/// `POST /incidents/{id}/report`: files the report (timestamped by the server), then shows the
/// incident again (303), or the refusal with what was typed.
pub async fn report(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = incident_id(&id) else {
        return not_found(&s, &staff);
    };
    let f: IncidentReportForm = fields.read(&[]);
    let e = match s.app.report_incident(&staff.user, id, f).await {
        Ok(_) => return Redirect::to(&format!("/incidents/{id}?done=report")).into_response(),
        Err(e) => e,
    };
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(&s, &staff, &e);
    }
    let v = match s.app.incident(&staff.user, id).await {
        Ok(v) => v,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let (message, errors) = error_text(&e, staff.lang);
    let failed = fields
        .get("form")
        .filter(|f| *f == FOLLOW_UP || f.starts_with("to-"))
        .map(str::to_owned);
    let o = Outcome {
        done: None,
        error_message: Some(message),
        errors,
        failed,
        prev: fields,
    };
    page(&s, &staff, v, o, form_status(&e)).await
}
