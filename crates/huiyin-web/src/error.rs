//! Errors become the CONTRACT error body: `{"code", "message", "fields"?}` in the request's
//! language. Internal details are logged, never sent.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use huiyin_app::AppError;
use huiyin_core::error::{DomainError, ErrorClass, ErrorCode};
use serde_json::{Map, Value, json};

/// The caller's language: Chinese unless `Accept-Language` prefers English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_headers(h: &HeaderMap) -> Lang {
        let v = h
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if v.trim_start().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// An error on its way out.
#[derive(Debug)]
pub struct ApiError {
    pub error: AppError,
    pub lang: Lang,
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(error: AppError, lang: Lang) -> ApiError {
        ApiError {
            error,
            lang,
            detail: None,
        }
    }
    pub fn domain(e: DomainError, lang: Lang) -> ApiError {
        ApiError::new(AppError::Domain(e), lang)
    }
    pub fn code(code: ErrorCode, lang: Lang) -> ApiError {
        ApiError::new(code.into(), lang)
    }
    pub fn malformed(detail: String, lang: Lang) -> ApiError {
        ApiError {
            error: ErrorCode::BadJson.into(),
            lang,
            detail: Some(detail),
        }
    }
}

/// The HTTP status of an error code, by its class: the one mapping of the API and the pages.
pub(crate) fn status_of(code: ErrorCode) -> StatusCode {
    match code.class() {
        ErrorClass::Malformed => StatusCode::BAD_REQUEST,
        ErrorClass::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorClass::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorClass::Forbidden => StatusCode::FORBIDDEN,
        ErrorClass::NotFound => StatusCode::NOT_FOUND,
        ErrorClass::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorClass::Conflict => StatusCode::CONFLICT,
        ErrorClass::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorClass::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorClass::TooMany => StatusCode::TOO_MANY_REQUESTS,
        ErrorClass::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.error.error_code();
        if code == ErrorCode::Internal {
            tracing::error!(error = %self.error, "internal error");
        }
        let mut message = match self.lang {
            Lang::Zh => code.zh().to_owned(),
            Lang::En => code.en().to_owned(),
        };
        if let Some(d) = &self.detail {
            message = format!("{message}: {d}");
        }
        let mut body = json!({ "code": code.as_str(), "message": message });
        if let AppError::Domain(d) = &self.error
            && !d.fields.is_empty()
        {
            {
                let mut fields = Map::new();
                for (name, msg) in &d.fields {
                    let text = match self.lang {
                        Lang::Zh => msg.zh.clone(),
                        Lang::En => msg.en.clone(),
                    };
                    fields.insert(name.clone(), Value::String(text));
                }
                body["fields"] = Value::Object(fields);
            }
        }
        (status_of(code), axum::Json(body)).into_response()
    }
}
