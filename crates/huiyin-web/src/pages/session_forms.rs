//! The posted forms of the pages: the form fields, and the extractors that origin-check a
//! POST and, for signed-in staff, check its CSRF token (`StaffForm`, `AccountForm`) or read the
//! sign-in form (`PublicForm`).

use axum::extract::{Form, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Staff, page_lang, same_bytes, same_origin, sent_to_login, staff_of};
use crate::AppState;
use crate::error::Lang;

/// Form fields in order (repeated names allowed).
#[derive(Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The trimmed value of a field, if present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_owned()
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The posted fields read into a use case's input, the struct the API deserialises its
    /// JSON into: each field as its text, the names in `lists` (repeated check boxes) as a
    /// list. The inputs take text for every field, so only a shape no form sends fails, and
    /// then reads as an empty input (refused by its builder).
    pub fn read<T: serde::de::DeserializeOwned + Default>(&self, lists: &[&str]) -> T {
        let mut m = serde_json::Map::new();
        for name in lists {
            m.insert((*name).to_owned(), serde_json::Value::Array(Vec::new()));
        }
        for (k, v) in &self.0 {
            match m.get_mut(k) {
                Some(serde_json::Value::Array(list)) => {
                    list.push(serde_json::Value::String(v.clone()));
                }
                Some(_) => {}
                None => {
                    m.insert(k.clone(), serde_json::Value::String(v.clone()));
                }
            }
        }
        serde_json::from_value(serde_json::Value::Object(m)).unwrap_or_default()
    }
}

fn forbidden(lang: Lang) -> Response {
    let text = crate::pages::i18n::pick(
        lang,
        "请求来源校验失败，请刷新页面后重试",
        "The request failed its origin check; reload the page and try again",
    );
    (StatusCode::FORBIDDEN, text.to_owned()).into_response()
}

/// A POST form from a signed-in staff member, CSRF-checked.
pub struct StaffForm {
    pub staff: Staff,
    pub fields: Fields,
}

/// Checks the origin, finds the staff member and reads a CSRF-checked form.
async fn staff_form(
    req: Request,
    state: &AppState,
    allow_pending: bool,
) -> Result<(Staff, bool, Fields), Response> {
    let (parts, body) = req.into_parts();
    let lang = page_lang(&parts.headers);
    if !same_origin(&parts.headers) {
        return Err(forbidden(lang));
    }
    let signed_in = staff_of(&parts, state, allow_pending).await;
    let header_token = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let headers = parts.headers.clone();
    let action = parts.uri.path().to_owned();
    let Form(pairs) =
        Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
    let fields = Fields(pairs);
    let (staff, pending) = match signed_in {
        Ok(x) => x,
        Err(to) if sent_to_login(&to) && !headers.contains_key("hx-request") => {
            return Err(crate::pages::kept_form::session_ended(
                state, lang, &headers, &action, &fields, false,
            ));
        }
        Err(other) => return Err(other),
    };
    let sent = fields.get("_csrf").map(str::to_owned).or(header_token);
    if !sent.is_some_and(|t| same_bytes(&t, &staff.csrf)) {
        if headers.contains_key("hx-request") {
            return Err(forbidden(lang));
        }
        return Err(crate::pages::kept_form::stale_token(
            state, &staff, &headers, &action, &fields, false,
        ));
    }
    Ok((staff, pending, fields))
}

impl FromRequest<AppState> for StaffForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (staff, _, fields) = staff_form(req, state, false).await?;
        Ok(StaffForm { staff, fields })
    }
}

/// A CSRF-checked POST form from a staff member who may still have to change the password.
pub struct AccountForm {
    pub staff: Staff,
    pub must_change_password: bool,
    pub fields: Fields,
}

impl FromRequest<AppState> for AccountForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (staff, must_change_password, fields) = staff_form(req, state, true).await?;
        Ok(AccountForm {
            staff,
            must_change_password,
            fields,
        })
    }
}

/// A POST form before sign-in (the sign-in form): origin-checked only.
pub struct PublicForm {
    pub lang: Lang,
    pub fields: Fields,
    pub peer: String,
}

impl FromRequest<AppState> for PublicForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let lang = page_lang(req.headers());
        if !same_origin(req.headers()) {
            return Err(forbidden(lang));
        }
        let peer = crate::client_addr::client_of(req.headers(), req.extensions(), &state.web);
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(PublicForm {
            lang,
            fields: Fields(pairs),
            peer,
        })
    }
}
