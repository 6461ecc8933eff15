//! 责任追究 (issue 14 item 5): records of units or people held to account, read and written
//! only from above the unit concerned.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use huiyin_app::{AccountabilityList, AccountabilityView, GroundView};
use huiyin_core::accountability::AccountabilityForm;
use serde::Deserialize;
use utoipa::IntoParams;

use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountabilityParams {
    /// Only records about this unit and the units below it.
    pub unit_id: Option<String>,
    /// First day of decision counted (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day of decision counted (default: today).
    pub to: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// Record that a unit below, or a person in it, was held to account (leaders, supervisors).
#[utoipa::path(post, path = "/api/v1/accountability", request_body = AccountabilityForm,
    responses((status = 201, description = "The record"), (status = 403, description = "Not a leader or supervisor, or the unit is not below"),
        (status = 422, description = "Invalid fields, or a linked case or order out of sight")))]
pub async fn record(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<AccountabilityForm>,
) -> Result<(StatusCode, Json<AccountabilityView>), ApiError> {
    s.app
        .record_accountability(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The records about units below one's body, newest first.
#[utoipa::path(get, path = "/api/v1/accountability", params(AccountabilityParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"), (status = 403, description = "Not a leader or supervisor")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<AccountabilityParams>,
) -> Result<Json<AccountabilityList>, ApiError> {
    let (unit, from, to) = read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        a.lang,
    )?;
    s.app
        .accountability_records(
            &a.user,
            unit,
            from,
            to,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One record (404 for anyone not above its unit).
#[utoipa::path(get, path = "/api/v1/accountability/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The record"), (status = 404, description = "Not found")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<AccountabilityView>, ApiError> {
    let id = id.parse::<i64>().unwrap_or(0);
    s.app
        .accountability_record(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The grounds of Arts. 42–46 a record may name.
#[utoipa::path(get, path = "/api/v1/accountability/grounds",
    responses((status = 200, description = "`[{code, zh, en, article}]`")))]
pub async fn grounds(State(s): State<AppState>, _a: Authed) -> Json<Vec<GroundView>> {
    Json(s.app.accountability_grounds())
}
