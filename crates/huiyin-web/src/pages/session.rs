//! Signed-in staff for the pages: the API token kept in an HttpOnly, SameSite=Strict cookie,
//! the language cookie, and CSRF protection of every POST (a hidden token derived from the
//! session token with SM3, plus refusing cross-site `Sec-Fetch-Site` and a foreign `Origin`).

use axum::extract::{Form, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::CurrentUser;
use sm3::{Digest, Sm3};

use crate::error::Lang;
use crate::{AppState, WebConfig};

pub const SESSION_COOKIE: &str = "hy_session";
pub const LANG_COOKIE: &str = "hy_lang";

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// The UI language: Chinese unless the language switch chose English.
pub fn page_lang(headers: &HeaderMap) -> Lang {
    match cookie(headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The CSRF token of a session: SM3 over a fixed label and the session token.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sm3::new();
    h.update(b"huiyin.v1.csrf\0");
    h.update(session_token.as_bytes());
    hex::encode(h.finalize())
}

pub(crate) fn same_bytes(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The attributes of every cookie of the pages: same site only, the whole site, and `Secure`
/// unless the server is configured as reached over plain HTTP.
fn attributes(web: &WebConfig) -> &'static str {
    if web.plain_http {
        "SameSite=Strict; Path=/"
    } else {
        "SameSite=Strict; Path=/; Secure"
    }
}

/// The cookie that stores a session token.
pub fn session_cookie(token: &str, max_age_secs: i64, web: &WebConfig) -> String {
    let attrs = attributes(web);
    format!("{SESSION_COOKIE}={token}; HttpOnly; {attrs}; Max-Age={max_age_secs}")
}

/// The cookie that deletes the session token.
pub fn clear_session_cookie(web: &WebConfig) -> String {
    format!(
        "{SESSION_COOKIE}=; HttpOnly; {}; Max-Age=0",
        attributes(web)
    )
}

/// The cookie of the UI language (`zh` or `en`), kept a year.
pub fn lang_cookie(value: &str, web: &WebConfig) -> String {
    format!(
        "{LANG_COOKIE}={value}; {}; Max-Age=31536000",
        attributes(web)
    )
}

/// Refuses a state-changing request from another site: `Sec-Fetch-Site` must be
/// `same-origin` or `none` when sent, and `Origin` must be this host. Under the
/// `no-referrer` policy browsers send `Origin: null` for same-origin form posts; that is
/// accepted only together with `Sec-Fetch-Site: same-origin` (which pages cannot forge).
pub fn same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let origin = origin.to_str().unwrap_or("");
    if origin == "null" {
        return site.is_some();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// A signed-in staff member.
pub struct Staff {
    pub user: CurrentUser,
    pub token: String,
    pub lang: Lang,
    pub csrf: String,
    /// The path and query of the request (for the language switch to come back to).
    pub here: String,
}

/// Whether a refusal sends the user to sign in (the session is missing or ended).
pub fn sent_to_login(r: &Response) -> bool {
    r.status() == StatusCode::SEE_OTHER
        && r.headers()
            .get(axum::http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/login"))
}

fn to_login(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let target = format!("/login?next={}", url_escape(&next));
    if parts.headers.contains_key("hx-request") {
        return (StatusCode::UNAUTHORIZED, [("hx-redirect", target)]).into_response();
    }
    Redirect::to(&target).into_response()
}

/// Percent-encodes a string for a query value.
pub fn url_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a user who must change the password first is sent.
pub const PASSWORD_PAGE: &str = "/account/password";

/// The signed-in staff member of a request and whether they must change the password first;
/// without `allow_pending`, such a user is sent to the password page.
async fn staff_of(
    parts: &Parts,
    state: &AppState,
    allow_pending: bool,
) -> Result<(Staff, bool), Response> {
    staff_of_used(parts, state, allow_pending, true).await
}

/// `used`: whether the request counts as a use of the session (a background refresh does not).
async fn staff_of_used(
    parts: &Parts,
    state: &AppState,
    allow_pending: bool,
    used: bool,
) -> Result<(Staff, bool), Response> {
    let lang = page_lang(&parts.headers);
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE)
        .filter(|t| !t.is_empty() && t.len() <= 256)
        .map(str::to_owned)
    else {
        return Err(to_login(parts));
    };
    let session = if used {
        state.app.authenticate_session(&token).await
    } else {
        state.app.authenticate_session_quietly(&token).await
    };
    let session = match session {
        Ok(session) => session,
        Err(_) => return Err(to_login(parts)),
    };
    if session.must_change_password && !allow_pending {
        if parts.headers.contains_key("hx-request") {
            return Err((StatusCode::FORBIDDEN, [("hx-redirect", PASSWORD_PAGE)]).into_response());
        }
        return Err(Redirect::to(PASSWORD_PAGE).into_response());
    }
    let staff = Staff {
        csrf: csrf_token(&token),
        here: parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        user: session.user,
        token,
        lang,
    };
    Ok((staff, session.must_change_password))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        staff_of(parts, state, false).await.map(|(staff, _)| staff)
    }
}

/// A signed-in staff member whose request is not a use of the session: a page's background
/// refresh (the notifications badge), which must not keep an idle session alive.
pub struct QuietStaff(pub Staff);

impl FromRequestParts<AppState> for QuietStaff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        staff_of_used(parts, state, false, false)
            .await
            .map(|(staff, _)| QuietStaff(staff))
    }
}

/// A signed-in staff member who may still have to change the password (the password page
/// and sign-out).
pub struct AccountStaff {
    pub staff: Staff,
    pub must_change_password: bool,
}

impl FromRequestParts<AppState> for AccountStaff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let (staff, must_change_password) = staff_of(parts, state, true).await?;
        Ok(AccountStaff {
            staff,
            must_change_password,
        })
    }
}

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
            return Err(super::kept_form::session_ended(
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
        return Err(super::kept_form::stale_token(
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csrf_depends_on_the_session() {
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert_eq!(csrf_token("a").len(), 64);
    }

    #[test]
    fn foreign_origins_are_refused() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!same_origin(&h), "null origin without fetch metadata");
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(
            same_origin(&h),
            "null origin of a same-origin post (no-referrer policy)"
        );
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(!same_origin(&h));
    }
}
