//! 带案下访 (issue 14 item 2): a leader went down to a unit with cases in hand.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use huiyin_app::{FieldVisitList, FieldVisitView};
use huiyin_core::field_visit::FieldVisitForm;
use serde::Deserialize;
use utoipa::IntoParams;

use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FieldVisitParams {
    /// Only visits to this unit and the units below it.
    pub unit_id: Option<String>,
    /// First day counted (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day counted (default: today).
    pub to: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// Record a 带案下访 to a unit of one's scope.
#[utoipa::path(post, path = "/api/v1/field-visits", request_body = FieldVisitForm,
    responses((status = 201, description = "The visit"), (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "Invalid fields, a leader who does not lead there, or a case out of sight")))]
pub async fn record(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<FieldVisitForm>,
) -> Result<(StatusCode, Json<FieldVisitView>), ApiError> {
    s.app
        .record_field_visit(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The visits to units of one's scope, newest first.
#[utoipa::path(get, path = "/api/v1/field-visits", params(FieldVisitParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"), (status = 422, description = "A date or unit that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<FieldVisitParams>,
) -> Result<Json<FieldVisitList>, ApiError> {
    let (unit, from, to) = read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        a.lang,
    )?;
    s.app
        .field_visits(
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
