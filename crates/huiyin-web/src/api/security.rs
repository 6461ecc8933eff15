//! Sign-out, second factors, sign-in history and the audit trail.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Authed, SessionAuthed};

/// End the caller's session (the token stops working).
#[utoipa::path(post, path = "/api/v1/auth/logout", responses((status = 200, description = "Signed out")))]
pub async fn logout(State(s): State<AppState>, a: SessionAuthed) -> Result<Json<Value>, ApiError> {
    // The token read by the same parser as every other request (`extract::bearer_token`).
    s.app
        .logout(&a.token)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "signed_out": true })))
}

/// Enrol a user in TOTP (security administrators, or users for themselves). Returns the
/// secret once, with an `otpauth://` URI for authenticator apps.
#[utoipa::path(post, path = "/api/v1/users/{id}/totp", params(("id" = i64, Path)), responses((status = 200, description = "`{secret, uri}`")))]
pub async fn enrol_totp(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let (secret, uri) = s
        .app
        .enrol_totp(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "secret": secret, "uri": uri })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub username: Option<String>,
    pub action: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Search the audit trail (audit administrators).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditParams), responses((status = 200, description = "Entries, newest first")))]
pub async fn audit(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<AuditParams>,
) -> Result<Json<Value>, ApiError> {
    let blank = |o: &Option<String>| {
        o.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let rows = s
        .app
        .audit_entries(
            &a.user,
            blank(&p.username).as_deref(),
            blank(&p.action).as_deref(),
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(50),
        )
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "items": rows })))
}

/// Verify the audit trail's hash chain (audit administrators).
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, description = "`{checked, problems, intact}`")))]
pub async fn verify(State(s): State<AppState>, a: Authed) -> Result<Json<Value>, ApiError> {
    let r = s
        .app
        .verify_audit(Some(&a.user))
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(
        json!({ "checked": r.checked, "intact": r.is_intact(), "problems": r.problems }),
    ))
}

/// Sign-in history (security and audit administrators).
#[utoipa::path(get, path = "/api/v1/sign-ins", responses((status = 200, description = "Latest sign-in attempts")))]
pub async fn sign_ins(State(s): State<AppState>, a: Authed) -> Result<Json<Value>, ApiError> {
    // The read (or its refusal) is audited by the app.
    let rows = s
        .app
        .sign_in_history(&a.user, None, 200)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "items": rows })))
}
