//! `/cases/{id}/publication`: review a typical case before it is published — the anonymised
//! draft, every span the scrub masked, the text to edit, confirm and withdraw. Leaders and
//! administrators only (the app refuses anyone else).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::AppError;
use huiyin_app::portal::{ConfirmedText, PublicationView};
use huiyin_core::error::ErrorClass;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/publication.html")]
struct PublicationPage {
    c: Chrome,
    case_id: i64,
    p: Option<PublicationView>,
    /// The text in the form: the draft, or what was typed before a refusal.
    title: String,
    summary: String,
    outcome: String,
    errors: Vec<String>,
    done: Option<&'static str>,
}

fn parse(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|i| *i > 0)
}

fn status_label(status: &str) -> &'static str {
    match status {
        "published" => "已公开",
        "withdrawn" => "已撤回",
        _ => "待确认（未公开）",
    }
}

async fn page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    typed: Option<ConfirmedText>,
    errors: Vec<String>,
    done: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let p = match s.app.publication(&staff.user, id).await {
        Ok(p) => p,
        Err(e) => return error_page(s, staff, &e),
    };
    let (title, summary, outcome) = match (typed, &p) {
        (Some(t), _) => (t.title, t.summary, t.outcome),
        (None, Some(p)) => (p.title.clone(), p.summary.clone(), p.outcome.clone()),
        (None, None) => Default::default(),
    };
    let heading = pick(staff.lang, "典型案例公开", "Typical case publication");
    render_status(
        status,
        &PublicationPage {
            c: Chrome::new(s, staff, "cases", heading),
            case_id: id,
            p,
            title,
            summary,
            outcome,
            errors,
            done,
        },
    )
}

impl PublicationPage {
    fn status_label(&self) -> &'static str {
        self.p.as_ref().map_or("", |p| status_label(&p.status))
    }
}

#[derive(Deserialize)]
pub struct DoneParam {
    done: Option<String>,
}

/// `GET /cases/{id}/publication`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<DoneParam>,
) -> Response {
    let Some(id) = parse(&id) else {
        return super::chrome::not_found(&s, &staff);
    };
    let done = match q.done.as_deref() {
        Some("drafted") => Some("已生成匿名稿，请逐项核对后确认"),
        Some("published") => Some("已确认，案例已在信息公开页公布"),
        Some("withdrawn") => Some("已撤回，案例不再公开"),
        _ => None,
    };
    page(&s, &staff, id, None, Vec::new(), done, StatusCode::OK).await
}

/// `POST /cases/{id}/publication`: `op` = `draft` | `confirm` | `withdraw`.
pub async fn post(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let staff = form.staff;
    let Some(id) = parse(&id) else {
        return super::chrome::not_found(&s, &staff);
    };
    let back = format!("/cases/{id}/publication");
    let result: Result<&'static str, (AppError, Option<ConfirmedText>)> =
        match form.fields.get("op").unwrap_or("") {
            "draft" => s
                .app
                .draft_publication(&staff.user, id)
                .await
                .map(|_| "drafted")
                .map_err(|e| (e, None)),
            "confirm" => {
                let text: ConfirmedText = form.fields.read(&[]);
                s.app
                    .confirm_publication(&staff.user, id, text.clone())
                    .await
                    .map(|_| "published")
                    .map_err(|e| (e, Some(text)))
            }
            "withdraw" => s
                .app
                .withdraw_publication(&staff.user, id)
                .await
                .map(|()| "withdrawn")
                .map_err(|e| (e, None)),
            _ => return super::chrome::not_found(&s, &staff),
        };
    match result {
        Ok(done) => Redirect::to(&format!("{back}?done={done}")).into_response(),
        Err((e, typed)) => {
            if matches!(
                e.error_code().class(),
                ErrorClass::NotFound | ErrorClass::Forbidden
            ) {
                return error_page(&s, &staff, &e);
            }
            let (message, fields) = error_text(&e, staff.lang);
            let mut errors = vec![message];
            errors.extend(fields);
            page(&s, &staff, id, typed, errors, None, form_status(&e)).await
        }
    }
}
