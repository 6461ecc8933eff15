//! Public forms without a session: the CSRF defence is the origin check (a cross-site page
//! cannot forge `Origin` or `Sec-Fetch-Site`), plus the client's address for rate limits.

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header};

use crate::pages::session::same_origin;
use axum::response::{IntoResponse, Response};

use crate::AppState;
pub use crate::client_addr::ClientAddr;
use crate::error::Lang;
use crate::pages::upload::{Upload, boundary_of, parse_multipart};

/// A posted public form: urlencoded, or `multipart/form-data` with files.
pub struct PortalForm {
    pub lang: Lang,
    pub addr: String,
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl PortalForm {
    /// The trimmed value of a field ("" when absent).
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }
}

impl FromRequest<AppState> for PortalForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let lang = super::i18n::portal_lang(req.headers());
        if !same_origin(req.headers()) {
            return Err((
                StatusCode::FORBIDDEN,
                "请求来源校验失败，请返回页面后重试 / Cross-site form refused",
            )
                .into_response());
        }
        let (mut parts, body) = req.into_parts();
        let ClientAddr(addr) = ClientAddr::from_request_parts(&mut parts, state)
            .await
            .unwrap_or(ClientAddr("unknown".into()));
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if let Some(boundary) = boundary_of(&content_type) {
            // The route's body limit layer caps the size before this one does.
            let body = axum::body::to_bytes(body, super::SUBMIT_FORM_LIMIT)
                .await
                .map_err(|_| super::too_large_page(lang))?;
            let (fields, files) = parse_multipart(&body, &boundary).ok_or_else(|| {
                (
                    StatusCode::BAD_REQUEST,
                    "表单内容无法解析 / The form could not be read",
                )
                    .into_response()
            })?;
            return Ok(PortalForm {
                lang,
                addr,
                fields: fields.0,
                files,
            });
        }
        let req = Request::from_parts(parts, body);
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(PortalForm {
            lang,
            addr,
            fields,
            files: Vec::new(),
        })
    }
}
