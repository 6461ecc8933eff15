//! Typical cases (典型案例): draft with personal information masked, confirm, withdraw.
//! Leaders (of units that can see the case) and administrators only.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::portal::{ConfirmedText, PublicationView};
use huiyin_core::error::ErrorCode;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// The text a person confirms for publication (edited from the draft).
/// Draft a typical case from a concluded case: `{case_id, status, title, summary, outcome,
/// concluded_on, masked: [{field, kind, start, masked}]} (the masked personal data itself is never returned)`. Not public until confirmed.
#[utoipa::path(post, path = "/api/v1/cases/{id}/publication", params(("id" = i64, Path)),
    responses((status = 201, description = "The anonymised draft and every masked span"),
        (status = 409, description = "The case has not concluded or is confidential")))]
pub async fn draft(State(s): State<AppState>, a: Authed, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id, a.lang) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    match s.app.draft_publication(&a.user, id).await {
        Ok(v) => (StatusCode::CREATED, Json(v)).into_response(),
        Err(e) => ApiError::new(e, a.lang).into_response(),
    }
}

/// The typical case drafted from a case (404 when none).
#[utoipa::path(get, path = "/api/v1/cases/{id}/publication", params(("id" = i64, Path)),
    responses((status = 200, description = "The draft or published text and the masked spans")))]
pub async fn get(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<PublicationView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    match s.app.publication(&a.user, id).await {
        Ok(Some(v)) => Ok(Json(v)),
        Ok(None) => Err(ApiError::code(ErrorCode::NotFound, a.lang)),
        Err(e) => Err(ApiError::new(e, a.lang)),
    }
}

/// Publish the confirmed text (422 when it still holds an ID number, phone or petitioner name).
#[utoipa::path(post, path = "/api/v1/cases/{id}/publication/confirm", params(("id" = i64, Path)),
    request_body = ConfirmedText,
    responses((status = 200, description = "Published"), (status = 422, description = "Personal information left")))]
pub async fn confirm(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(text): ApiJson<ConfirmedText>,
) -> Result<Json<PublicationView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .confirm_publication(&a.user, id, text)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Withdraw a published typical case from the public page.
#[utoipa::path(delete, path = "/api/v1/cases/{id}/publication", params(("id" = i64, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 404, description = "Not published")))]
pub async fn withdraw(State(s): State<AppState>, a: Authed, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id, a.lang) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    match s.app.withdraw_publication(&a.user, id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ApiError::new(e, a.lang).into_response(),
    }
}
