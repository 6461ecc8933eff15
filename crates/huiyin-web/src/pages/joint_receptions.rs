//! `GET /joint-receptions`: the 联合接访 sessions of the user's scope (by day, default this
//! year, and status; 20 a page; download `GET /joint-receptions.xlsx`) with the form to record
//! a new one (`POST /joint-receptions`: the names on duty one a line, the participating units
//! ticked). A refusal shows its message with what was typed.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, JointReceptionView};
use huiyin_core::error::ErrorCode;
use huiyin_core::joint_reception::JointReceptionForm;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Fields, Staff, StaffForm, url_escape};
use crate::AppState;
use crate::api::joint_receptions::{JointReceptionParams, session_query};

const PER_PAGE: u32 = 20;

/// The query string as typed.
#[derive(Deserialize, Default, Clone)]
pub struct SessionListQuery {
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
}

fn typed(v: &Option<String>) -> &str {
    v.as_deref().map_or("", str::trim)
}

impl SessionListQuery {
    fn params(&self) -> JointReceptionParams {
        JointReceptionParams {
            status: self.status.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..JointReceptionParams::default()
        }
    }
}

#[derive(Template)]
#[template(path = "staff/joint_receptions.html")]
struct SessionsPage {
    c: Chrome,
    items: Vec<JointReceptionView>,
    total: i64,
    page: u32,
    pages: u32,
    status: String,
    from: String,
    to: String,
    filter_query: String,
    hosts: Vec<Opt>,
    units: Vec<(Opt, bool)>,
    today: String,
    error_message: Option<String>,
    errors: Vec<String>,
    prev: Fields,
}

impl SessionsPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

async fn render(
    s: &AppState,
    staff: &Staff,
    q: &SessionListQuery,
    failure: Option<(AppError, Fields)>,
) -> Response {
    let lang = staff.lang;
    let today = s.app.today();
    let (query, mut error) = match session_query(&q.params(), today, lang) {
        Ok(query) => (query, None),
        Err(e) => match session_query(&JointReceptionParams::default(), today, lang) {
            Ok(query) => (query, Some(e.error)),
            Err(e) => return error_page(s, staff, &e.error),
        },
    };
    let page = typed(&q.page).parse::<u32>().unwrap_or(1).max(1);
    let list = match s
        .app
        .joint_receptions(&staff.user, &query, page, PER_PAGE)
        .await
    {
        Ok(l) => l,
        Err(e) => return error_page(s, staff, &e),
    };
    let (status, prev) = match failure {
        Some((e, fields)) => {
            let status = form_status(&e);
            error = Some(e);
            (status, fields)
        }
        None => (StatusCode::OK, Fields::default()),
    };
    let (error_message, errors) = error.map(|e| error_text(&e, lang)).unzip();
    let chosen: Vec<&str> = prev.all("unit_ids");
    let units = super::units::unit_options(s, &staff.user, &[], None)
        .into_iter()
        .map(|o| {
            let on = chosen.contains(&o.value.as_str());
            (o, on)
        })
        .collect();
    let host = prev.get("host_unit_id").and_then(|h| h.parse().ok());
    let (from, to) = (typed(&q.from).to_owned(), typed(&q.to).to_owned());
    let view = SessionsPage {
        c: Chrome::new(
            s,
            staff,
            "joint_receptions",
            pick(lang, "联合接访", "Joint receptions"),
        ),
        total: list.total,
        page,
        pages: u32::try_from((list.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items: list.items,
        status: typed(&q.status).to_owned(),
        filter_query: format!(
            "status={}&from={}&to={}",
            url_escape(typed(&q.status)),
            url_escape(&from),
            url_escape(&to)
        ),
        from,
        to,
        hosts: super::units::scope_unit_options(s, &staff.user, host),
        units,
        today: today.to_string(),
        error_message,
        errors: errors.unwrap_or_default(),
        prev,
    };
    render_status(status, &view)
}

/// `GET /joint-receptions`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SessionListQuery>,
) -> Response {
    render(&s, &staff, &q, None).await
}

/// `POST /joint-receptions`: records a session, then opens it.
pub async fn create(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let mut posted = Fields(
        fields
            .0
            .iter()
            .filter(|(k, _)| k != "on_duty")
            .cloned()
            .collect(),
    );
    for name in fields.get("on_duty").unwrap_or("").lines() {
        posted.0.push(("on_duty".into(), name.trim().to_owned()));
    }
    let input: JointReceptionForm = posted.read(&["unit_ids", "on_duty"]);
    match s.app.create_joint_reception(&staff.user, input).await {
        Ok(v) => Redirect::to(&format!("/joint-receptions/{}?done=1", v.id)).into_response(),
        Err(e) => render(&s, &staff, &SessionListQuery::default(), Some((e, fields))).await,
    }
}

/// `GET /joint-receptions.xlsx`: every session matching the filters as a workbook.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SessionListQuery>,
) -> Response {
    let query = match session_query(&q.params(), s.app.today(), staff.lang) {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let all = match super::all_joint_receptions(&s, &staff.user, &query).await {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app
        .record_export(&staff.user, "joint-receptions.xlsx", all.len());
    super::joint_receptions_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}
