//! Tokens.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// Second factor (not yet required for any account).
    #[serde(default)]
    pub otp: Option<String>,
}

/// Exchange a username and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest,
    responses((status = 200, description = "`{\"token\"}`"), (status = 401, description = "Wrong credentials")))]
pub async fn token(
    State(s): State<AppState>,
    lang: Lang,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Json<Value>, ApiError> {
    let req = huiyin_app::LoginRequest {
        username: body.username,
        password: body.password,
        otp: body.otp,
        address: peer.ip().to_string(),
    };
    let token = s
        .app
        .login_with(req)
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    Ok(Json(
        json!({ "token": token, "token_type": "Bearer", "expires_in": s.app.config.token_hours * 3600 }),
    ))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, description = "The user")))]
pub async fn me(State(s): State<AppState>, a: Authed) -> Json<Value> {
    let unit = s.app.org().get(a.user.unit_id).map(|u| u.name.clone());
    Json(json!({ "user": a.user, "unit_name": unit, "demo": s.app.config.demo }))
}
