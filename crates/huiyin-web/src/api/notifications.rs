//! `GET /api/v1/notifications` and `POST /api/v1/notifications/read` (issue 12 item 7).

use axum::Json;
use axum::extract::State;
use huiyin_app::Notifications;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// What `POST …/read` marks.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MarkRead {
    /// The keys to mark; absent: every notification the user has now.
    pub keys: Option<Vec<String>>,
}

/// The user's notifications (new work, approvals, deadlines, supervision orders, warnings),
/// each with `unread`; `unread` counts them.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, description = "`{items: [{key, kind, kind_label, case_id, warning_id, text, text_en, link, on, unread}], total, unread}`")))]
pub async fn list(State(s): State<AppState>, a: Authed) -> Result<Json<Notifications>, ApiError> {
    s.app
        .notifications(&a.user)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Marks notifications read (`keys`, or all of them); answers `{marked}`.
#[utoipa::path(post, path = "/api/v1/notifications/read", request_body = MarkRead,
    responses((status = 200, description = "`{marked}`")))]
pub async fn read(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(body): ApiJson<MarkRead>,
) -> Result<Json<Value>, ApiError> {
    let marked = s
        .app
        .mark_notifications_read(&a.user, body.keys.as_deref())
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "marked": marked })))
}
