//! 回避 (issue 15 item 7): declaring or giving a recusal on a case, reading a case's
//! recusals, and lifting one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huiyin_app::RecusalView;
use huiyin_core::error::ErrorCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// `POST /api/v1/cases/{id}/recusals`.
#[derive(Deserialize, ToSchema)]
pub struct RecuseBody {
    /// The staff member recused (default: oneself). Another's needs a leader of the case's line.
    pub user_id: Option<i64>,
    /// The conflict of interest (2 to 500 characters).
    pub reason: Option<String>,
}

/// Declare one's own conflict of interest on a case, or (a leader of its line) give one to a
/// staff member of one's scope: from then on they may neither open nor act on the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/recusals", params(("id" = i64, Path)), request_body = RecuseBody,
    responses((status = 201, description = "The case's recusals (one's own only, when declaring for oneself)"),
        (status = 404, description = "`case.not_found`"), (status = 403, description = "Recusing another without leading the case's line"),
        (status = 409, description = "`recusal.exists`"), (status = 422, description = "No reason, or a user outside one's scope")))]
pub async fn recuse(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RecuseBody>,
) -> Result<(StatusCode, Json<Vec<RecusalView>>), ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    s.app
        .recuse(&a.user, id, (body.user_id, body.reason.as_deref()))
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The recusals of a case one may open, lifted ones too.
#[utoipa::path(get, path = "/api/v1/cases/{id}/recusals", params(("id" = i64, Path)),
    responses((status = 200, description = "The recusals"), (status = 404, description = "`case.not_found`")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Vec<RecusalView>>, ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    s.app
        .recusals(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/recusals/{id}/lift`.
#[derive(Deserialize, ToSchema)]
pub struct LiftBody {
    /// Why the recusal ends (2 to 500 characters).
    pub reason: Option<String>,
}

/// Lift a recusal (a leader of the case's line); the recusal stays on record, lifted.
#[utoipa::path(post, path = "/api/v1/recusals/{id}/lift", params(("id" = i64, Path)), request_body = LiftBody,
    responses((status = 200, description = "The recusal, lifted"), (status = 404, description = "`recusal.not_found`"),
        (status = 403, description = "Not a leader of the case's line"), (status = 409, description = "`recusal.lifted`"),
        (status = 422, description = "No reason")))]
pub async fn lift(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LiftBody>,
) -> Result<Json<RecusalView>, ApiError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::RecusalNotFound, a.lang))?;
    s.app
        .lift_recusal(&a.user, id, body.reason.as_deref())
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
