//! Tokens, the signed-in user and their password.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::{ApiJson, SessionAuthed};

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// The one-time code of the user's authenticator, when a second factor is enrolled.
    #[serde(default)]
    pub otp: Option<String>,
}

/// Exchange a username and password (and a one-time code) for a bearer token. When
/// `must_change_password` is true, every other call answers `auth.password_change_required`
/// until `POST /api/v1/auth/password` succeeds.
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest,
    responses((status = 200, description = "`{\"token\", \"token_type\", \"expires_in\", \"idle_expires_in\", \"must_change_password\"}`"), (status = 401, description = "Wrong credentials")))]
pub async fn token(
    State(s): State<AppState>,
    lang: Lang,
    crate::client_addr::ClientAddr(address): crate::client_addr::ClientAddr,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Json<Value>, ApiError> {
    let req = huiyin_app::LoginRequest {
        username: body.username,
        password: body.password,
        otp: body.otp,
        address,
    };
    let signed = s
        .app
        .sign_in(req)
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    let c = &s.app.config;
    Ok(Json(json!({
        "token": signed.token,
        "token_type": "Bearer",
        "expires_in": c.token_hours * 3600,
        "idle_expires_in": c.token_idle_minutes * 60,
        "must_change_password": signed.must_change_password,
    })))
}

/// The signed-in user (also before a required password change).
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, description = "The user")))]
pub async fn me(State(s): State<AppState>, a: SessionAuthed) -> Json<Value> {
    let user = &a.session.user;
    let unit = s.app.org().get(user.unit_id).map(|u| u.name.clone());
    Json(json!({
        "user": user,
        "unit_name": unit,
        "demo": s.app.config.demo,
        "must_change_password": a.session.must_change_password,
        "second_factor_required": s.app.second_factor_required(&user.roles),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    pub old_password: String,
    pub new_password: String,
}

/// Change the caller's password (the one call open before a required change). The user's
/// other sessions end. When the role requires a second factor and none is enrolled, one is
/// enrolled now: the answer carries its secret and `otpauth://` URI once, and every session
/// ends (`signed_out`): sign in again with the new password and a code.
#[utoipa::path(post, path = "/api/v1/auth/password", request_body = PasswordBody,
    responses((status = 200, description = "`{\"changed\": true, \"signed_out\", \"second_factor\"?: {\"secret\", \"uri\"}}`"),
              (status = 422, description = "Wrong current password, or a new one against the policy")))]
pub async fn change_password(
    State(s): State<AppState>,
    a: SessionAuthed,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<Json<Value>, ApiError> {
    let done = s
        .app
        .change_password(&a.session, &a.token, &body.old_password, &body.new_password)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    let mut out = json!({ "changed": true, "signed_out": done.second_factor.is_some() });
    if let Some((secret, uri)) = done.second_factor {
        out["second_factor"] = json!({ "secret": secret, "uri": uri });
    }
    Ok(Json(out))
}
