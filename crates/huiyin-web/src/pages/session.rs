//! Signed-in staff for the pages: the API token kept in an HttpOnly, SameSite=Strict cookie,
//! the language cookie, and CSRF protection of every POST (a hidden token derived from the
//! session token with SM3, plus refusing cross-site `Sec-Fetch-Site` and a foreign `Origin`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::CurrentUser;
use sm3::{Digest, Sm3};

use crate::error::Lang;
use crate::{AppState, WebConfig};

#[path = "session_forms.rs"]
mod forms;
pub use forms::{AccountForm, Fields, PublicForm, StaffForm};

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

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
