//! 联合接访 sessions (issue 15 item 4): the sessions of one's scope (JSON or xlsx), one session
//! with the cases taken there that one may open, recording one, recording and removing a case
//! taken at it, closing it with a summary; and the sessions a case was taken at.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::{JointReceptionQuery, JointReceptionView, SessionCaseRef};
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::joint_reception::{JointReceptionForm, JointReceptionStatus};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::parse_id;
use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct JointReceptionParams {
    /// Only sessions hosted by, or with a participating unit at, this unit or below it.
    pub unit_id: Option<String>,
    /// First day (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day (default: today).
    pub to: Option<String>,
    /// Only `open` or `closed` sessions.
    pub status: Option<String>,
    /// `xlsx` for a workbook of every matching session (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

/// The list's query, every problem named by field (the pages read the same).
pub(crate) fn session_query(
    p: &JointReceptionParams,
    today: Date,
    lang: crate::Lang,
) -> Result<JointReceptionQuery, ApiError> {
    let status = given(&p.status).map(|s| (s, JointReceptionStatus::parse(s)));
    let (unit_id, from, to) = read_period(
        given(&p.unit_id),
        given(&p.from),
        Some(given(&p.to).unwrap_or(&today.to_string())),
        today,
        lang,
    )?;
    if matches!(status, Some((_, None))) {
        return Err(ApiError::domain(
            DomainError::invalid("status", "状态应为 open 或 closed", "open or closed"),
            lang,
        ));
    }
    Ok(JointReceptionQuery {
        unit_id,
        from,
        to,
        status: status.and_then(|(_, s)| s),
    })
}

fn session_id(raw: &str, lang: crate::Lang) -> Result<i64, ApiError> {
    parse_id(raw, lang).map_err(|_| ApiError::code(ErrorCode::JointReceptionNotFound, lang))
}

/// The 联合接访 sessions of one's scope, latest day first, each with the cases taken there
/// that one may open.
#[utoipa::path(get, path = "/api/v1/joint-receptions", params(JointReceptionParams),
    responses((status = 200, description = "`{items, total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "A date, unit, status or format that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<JointReceptionParams>,
) -> Result<Response, ApiError> {
    let q = session_query(&p, s.app.today(), a.lang)?;
    if super::wants_xlsx(given(&p.format), a.lang)? {
        let all = crate::pages::all_joint_receptions(&s, &a.user, &q)
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        s.app
            .record_export(&a.user, "joint-receptions.xlsx", all.len());
        return crate::pages::joint_receptions_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    s.app
        .joint_receptions(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(|l| Json(l).into_response())
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Record a 联合接访 session hosted by a unit of one's scope.
#[utoipa::path(post, path = "/api/v1/joint-receptions", request_body = JointReceptionForm,
    responses((status = 201, description = "The session"), (status = 403, description = "Not case staff"),
        (status = 422, description = "Invalid fields, each named")))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<JointReceptionForm>,
) -> Result<(StatusCode, Json<JointReceptionView>), ApiError> {
    s.app
        .create_joint_reception(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One session.
#[utoipa::path(get, path = "/api/v1/joint-receptions/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The session"), (status = 404, description = "`joint_reception.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<JointReceptionView>, ApiError> {
    let id = session_id(&id, a.lang)?;
    s.app
        .joint_reception(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/joint-receptions/{id}/cases`: the case, by id or by number.
#[derive(Deserialize, ToSchema, Default)]
pub struct LinkBody {
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
}

/// Record a case one may open as taken at an open session.
#[utoipa::path(post, path = "/api/v1/joint-receptions/{id}/cases", params(("id" = i64, Path)), request_body = LinkBody,
    responses((status = 200, description = "The session"), (status = 404, description = "`joint_reception.not_found`, `case.not_found`"),
        (status = 409, description = "`joint_reception.closed`, `joint_reception.case_linked`"),
        (status = 422, description = "No case, or a number unknown or out of sight")))]
pub async fn link(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<Json<JointReceptionView>, ApiError> {
    let id = session_id(&id, a.lang)?;
    let case = SessionCaseRef {
        case_id: body.case_id,
        case_number: body.case_number,
    };
    s.app
        .link_joint_reception_case(&a.user, id, case)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Remove a case from an open session (the removal is kept and audited).
#[utoipa::path(delete, path = "/api/v1/joint-receptions/{id}/cases/{case_id}",
    params(("id" = i64, Path), ("case_id" = i64, Path)),
    responses((status = 200, description = "The session"), (status = 404, description = "`joint_reception.not_found`, `case.not_found`, `joint_reception.case_not_linked`"),
        (status = 409, description = "`joint_reception.closed`")))]
pub async fn unlink(
    State(s): State<AppState>,
    a: Authed,
    Path((id, case_id)): Path<(String, String)>,
) -> Result<Json<JointReceptionView>, ApiError> {
    let id = session_id(&id, a.lang)?;
    let case_id = parse_id(&case_id, a.lang)?;
    s.app
        .unlink_joint_reception_case(&a.user, id, case_id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/joint-receptions/{id}/close`.
#[derive(Deserialize, ToSchema, Default)]
pub struct CloseBody {
    /// The summary (2 to 2,000 characters).
    pub summary: Option<String>,
}

/// Close an open session with its summary.
#[utoipa::path(post, path = "/api/v1/joint-receptions/{id}/close", params(("id" = i64, Path)), request_body = CloseBody,
    responses((status = 200, description = "The session"), (status = 404, description = "`joint_reception.not_found`"),
        (status = 409, description = "`joint_reception.closed`"), (status = 422, description = "No summary")))]
pub async fn close(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CloseBody>,
) -> Result<Json<JointReceptionView>, ApiError> {
    let id = session_id(&id, a.lang)?;
    s.app
        .close_joint_reception(&a.user, id, body.summary.as_deref())
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The sessions a case was taken at.
#[utoipa::path(get, path = "/api/v1/cases/{id}/joint-receptions", params(("id" = i64, Path)),
    responses((status = 200, description = "`{items}`"), (status = 404, description = "`case.not_found`")))]
pub async fn of_case(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .joint_receptions_of_case(&a.user, id)
        .await
        .map(|items| Json(serde_json::json!({ "items": items })))
        .map_err(|e| ApiError::new(e, a.lang))
}
