//! Registering, listing and reading cases.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use huiyin_app::{CaseList, CaseQuery, CaseView, Registered, TimelineView};
use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::intake::RegistrationInput;
use huiyin_core::intake_input::RegistrationForm;
use huiyin_core::kinds::{Channel, PetitionType};
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// Register a petition received by the caller's unit.
#[utoipa::path(post, path = "/api/v1/cases", request_body = RegistrationForm,
    responses((status = 201, description = "The case, with `warnings`"), (status = 422, description = "Invalid fields")))]
pub async fn register(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<RegistrationForm>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let wants_code = b.query_code.given() == Some(&true);
    let input = RegistrationInput::try_from(b).map_err(|e| ApiError::domain(e, a.lang))?;
    let mut reg = s
        .app
        .register(&a.user, input)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if wants_code {
        let receipt = s
            .app
            .issue_query_code(&a.user, reg.case.id)
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        reg.query_code = Some(receipt.query_code);
        reg.pin = Some(receipt.pin);
    }
    Ok((StatusCode::CREATED, Json(reg)))
}

/// Issue the query code and PIN of a case registered by staff (shown once).
#[utoipa::path(post, path = "/api/v1/cases/{id}/query-code",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "`{case_id, number, query_code, pin, received_on}`"),
        (status = 409, description = "`case.query_code_issued`")))]
pub async fn query_code(
    State(s): State<AppState>,
    a: Authed,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<(StatusCode, Json<huiyin_app::portal::StaffReceipt>), ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    let receipt = s
        .app
        .issue_query_code(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// One status or several separated by commas.
    pub status: Option<String>,
    /// Cases handled by this unit or the units below it.
    pub unit_id: Option<String>,
    /// true | false
    pub overdue: Option<String>,
    pub due_before: Option<String>,
    pub petition_type: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub received_from: Option<String>,
    pub received_to: Option<String>,
    /// Chinese full text over title, content, demands and petitioner names.
    pub q: Option<String>,
    /// received_desc (default) | received_asc | due_asc | id
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

pub(crate) fn parse_list(p: ListParams) -> Result<CaseQuery, DomainError> {
    let mut err: Option<DomainError> = None;
    let mut bad = |f: &str, zh: &str, en: &str| {
        let e = err
            .take()
            .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
        err = Some(e.with(f, zh, en));
    };
    let blank = |o: Option<String>| o.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut q = CaseQuery::default();
    if let Some(st) = blank(p.status) {
        for part in st.split(',') {
            match Status::parse(part.trim()) {
                Some(s) => q.statuses.push(s),
                None => bad("status", "未知的状态", "unknown status"),
            }
        }
    }
    let mut date = |name: &str, v: Option<String>| -> Option<Date> {
        let v = blank(v)?;
        let d = Date::parse(&v).ok();
        if d.is_none() {
            bad(name, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
        }
        d
    };
    q.due_before = date("due_before", p.due_before);
    q.received_from = date("received_from", p.received_from);
    q.received_to = date("received_to", p.received_to);
    let mut num = |name: &str, v: Option<String>| -> Option<i64> {
        let v = blank(v)?;
        let n = v.parse::<i64>().ok().filter(|n| *n > 0);
        if n.is_none() {
            bad(name, "应为正整数", "expected a positive integer");
        }
        n
    };
    q.unit_id = num("unit_id", p.unit_id);
    q.page = num("page", p.page).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    q.per_page = num("per_page", p.per_page).map(|n| u32::try_from(n).unwrap_or(200));
    match blank(p.overdue).as_deref() {
        None => {}
        Some("true") | Some("1") => q.overdue = Some(true),
        Some("false") | Some("0") => q.overdue = Some(false),
        Some(_) => bad("overdue", "应为 true 或 false", "expected true or false"),
    }
    if let Some(t) = blank(p.petition_type) {
        q.petition_type = PetitionType::parse(&t);
        if q.petition_type.is_none() {
            bad("petition_type", "未知的信访类型", "unknown petition type");
        }
    }
    if let Some(c) = blank(p.channel) {
        q.channel = Channel::parse(&c);
        if q.channel.is_none() {
            bad("channel", "未知的渠道", "unknown channel");
        }
    }
    q.category = blank(p.category);
    q.q = blank(p.q).map(|s| s.chars().take(256).collect());
    q.sort = blank(p.sort);
    match err {
        Some(e) => Err(e),
        None => Ok(q),
    }
}

/// List and search the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/cases", params(ListParams), responses((status = 200, description = "`{items, total}`")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ListParams>,
) -> Result<Json<CaseList>, ApiError> {
    let q = parse_list(p).map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .list_cases(&a.user, q)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One case (404 when absent or not visible to the caller).
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), responses((status = 200, description = "The case"), (status = 404, description = "Not found")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .get_case(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Every step of a case: who, what, when.
#[utoipa::path(get, path = "/api/v1/cases/{id}/timeline", params(("id" = i64, Path)), responses((status = 200, description = "The timeline")))]
pub async fn timeline(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Vec<TimelineView>>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .timeline(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
