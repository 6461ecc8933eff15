//! 协办 (issue 15 item 4): a case's lead unit and co-handling units, adding one, and the
//! co-handling unit's steps.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huiyin_app::CaseCoHandling;
use huiyin_core::co_handling::{CoHandlingActionForm, CoHandlingForm};
use huiyin_core::error::ErrorCode;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// The lead unit and the co-handling units of a case one may open, each with its steps.
#[utoipa::path(get, path = "/api/v1/cases/{id}/co-handlings", params(("id" = i64, Path)),
    responses((status = 200, description = "`{case_id, lead_unit_id, items, may_add}`"), (status = 404, description = "`case.not_found`")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CaseCoHandling>, ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    s.app
        .co_handlings(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Add a co-handling unit of one's scope with its task and deadline; the case becomes visible
/// to it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/co-handlings", params(("id" = i64, Path)), request_body = CoHandlingForm,
    responses((status = 201, description = "The case's joint handling"), (status = 404, description = "`case.not_found`"),
        (status = 403, description = "Not case staff of the lead unit's line"),
        (status = 409, description = "`co_handling.exists`, `case.forward_to_accused`, or a closed case"),
        (status = 422, description = "Invalid fields")))]
pub async fn add(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<CoHandlingForm>,
) -> Result<(StatusCode, Json<CaseCoHandling>), ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    s.app
        .add_co_handling(&a.user, id, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The co-handling unit records its contribution (`progress`) or completes its part (`done`).
#[utoipa::path(post, path = "/api/v1/co-handlings/{id}/actions", params(("id" = i64, Path)), request_body = CoHandlingActionForm,
    responses((status = 200, description = "The case's joint handling"), (status = 404, description = "`co_handling.not_found`"),
        (status = 403, description = "Not staff of the co-handling unit or above"),
        (status = 409, description = "`co_handling.step_not_allowed`"), (status = 422, description = "Invalid fields")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<CoHandlingActionForm>,
) -> Result<Json<CaseCoHandling>, ApiError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::CoHandlingNotFound, a.lang))?;
    s.app
        .act_on_co_handling(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
