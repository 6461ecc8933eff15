//! Extractors: JSON bodies whose every rejection is a CONTRACT error, and the bearer-token user.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
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
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::code(ErrorCode::TooLarge, lang)
                } else {
                    ApiError::malformed(e.body_text(), lang)
                }
            })?;
        serde_json::from_slice::<T>(&bytes)
            .map(ApiJson)
            .map_err(|e| ApiError::malformed(e.to_string(), lang))
    }
}

/// The token of an `Authorization: Bearer <token>` header: the scheme in any case (RFC 9110
/// §11.1), then one or more spaces. The one parser of the API's credentials (`Authed` and
/// sign-out both use it).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 256)
        .then_some(token)
}

/// The bearer token of a request and its language, or 401 `auth.required`.
fn credentials(parts: &Parts) -> Result<(String, Lang), ApiError> {
    let lang = Lang::from_headers(&parts.headers);
    let token = bearer_token(&parts.headers)
        .ok_or(ApiError::code(ErrorCode::Unauthenticated, lang))?
        .to_owned();
    Ok((token, lang))
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
        let (token, lang) = credentials(parts)?;
        let user = state
            .app
            .authenticate(&token)
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
        let (token, lang) = credentials(parts)?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(v: &str) -> Option<String> {
        let mut h = HeaderMap::new();
        h.insert("authorization", v.parse().unwrap());
        bearer_token(&h).map(str::to_owned)
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_the_token_trimmed() {
        for v in [
            "Bearer abc",
            "bearer abc",
            "BEARER abc",
            "Bearer   abc ",
            " bearer abc",
        ] {
            assert_eq!(parse(v).as_deref(), Some("abc"), "{v:?}");
        }
        for v in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "abc"] {
            assert_eq!(parse(v), None, "{v:?}");
        }
        assert_eq!(parse(&format!("Bearer {}", "a".repeat(257))), None);
    }
}
