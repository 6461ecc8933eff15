//! Extractors: JSON bodies whose every rejection is a CONTRACT error, and the bearer-token user.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use huiyin_app::{CurrentUser, Session};
use huiyin_core::error::ErrorCode;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::{ApiError, Lang};

/// A JSON body; malformed input answers 400 `request.malformed` with the parser's detail.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers(req.headers());
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::malformed(e.body_text(), lang))?;
        serde_json::from_slice::<T>(&bytes)
            .map(ApiJson)
            .map_err(|e| ApiError::malformed(e.to_string(), lang))
    }
}

/// The bearer token of a request, if it has a plausible one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
}

/// The signed-in user (from `Authorization: Bearer …`) and their language. A user who must
/// change the password first is refused with `auth.password_change_required`.
pub struct Authed {
    pub user: CurrentUser,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers(&parts.headers);
        let token = bearer(parts).ok_or(ApiError::code(ErrorCode::Unauthenticated, lang))?;
        let user = state
            .app
            .authenticate(token)
            .await
            .map_err(|e| ApiError::new(e, lang))?;
        Ok(Authed { user, lang })
    }
}

/// A signed-in session, also one that must change the password first: only for the password
/// change, `me` and sign-out.
pub struct SessionAuthed {
    pub session: Session,
    pub token: String,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SessionAuthed {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers(&parts.headers);
        let token = bearer(parts)
            .ok_or(ApiError::code(ErrorCode::Unauthenticated, lang))?
            .to_owned();
        let session = state
            .app
            .authenticate_session(&token)
            .await
            .map_err(|e| ApiError::new(e, lang))?;
        Ok(SessionAuthed {
            session,
            token,
            lang,
        })
    }
}
