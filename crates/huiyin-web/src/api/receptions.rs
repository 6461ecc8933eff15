//! Leaders' reception days (领导接访日; CONTRACT.md "Leaders"): scheduled by the petition
//! office, listed for staff, published on the portal.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use huiyin_app::{PublicReception, ReceptionList, ReceptionView};
use huiyin_core::Date;
use huiyin_core::error::DomainError;
use huiyin_core::reception::ReceptionForm;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceptionParams {
    /// Only days from this one on, YYYY-MM-DD (every day when absent).
    pub from: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// Schedule a leader's reception day at a unit of one's scope.
#[utoipa::path(post, path = "/api/v1/receptions", request_body = ReceptionForm,
    responses((status = 201, description = "The reception day"), (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "Invalid fields, or the leader is not a leader of the unit")))]
pub async fn schedule(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<ReceptionForm>,
) -> Result<(StatusCode, Json<ReceptionView>), ApiError> {
    s.app
        .schedule_reception(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The reception days of one's scope, soonest first.
#[utoipa::path(get, path = "/api/v1/receptions", params(ReceptionParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"), (status = 422, description = "`from` is not a date")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ReceptionParams>,
) -> Result<Json<ReceptionList<ReceptionView>>, ApiError> {
    let from = match p.from.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(Date::parse(v).map_err(|_| {
            ApiError::domain(
                DomainError::invalid("from", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"),
                a.lang,
            )
        })?),
    };
    s.app
        .receptions(&a.user, from, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The coming reception days of every unit, as published (no sign-in).
#[utoipa::path(get, path = "/api/v1/public/receptions",
    responses((status = 200, description = "`{items, total}`: leader, unit, day, place, hours, topics")))]
pub async fn public(
    State(s): State<AppState>,
    lang: crate::Lang,
) -> Result<Json<ReceptionList<PublicReception>>, ApiError> {
    s.app
        .public_receptions()
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, lang))
}
