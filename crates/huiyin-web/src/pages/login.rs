//! Signing in and out of the staff pages, and the language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::{Chrome, error_text, form_status, render, render_status};
use super::session::{
    AccountForm, PublicForm, clear_session_cookie, lang_cookie, page_lang, session_cookie,
};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    c: Chrome,
    error: Option<String>,
    next: String,
    username: String,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Only a local path may be a redirect target (no `//host` or scheme).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// `GET /login`
pub async fn login_form(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextParam>,
) -> Response {
    let lang = page_lang(&headers);
    let c = Chrome::anonymous(&s, lang, super::i18n::msgs(lang).sign_in);
    render(&LoginPage {
        c,
        error: None,
        next: safe_next(q.next.as_deref()),
        username: String::new(),
    })
}

/// `POST /login`: a token from `App::login_with` in an HttpOnly, SameSite=Strict cookie.
pub async fn login(State(s): State<AppState>, form: PublicForm) -> Response {
    let f = &form.fields;
    let req = huiyin_app::LoginRequest {
        username: f.text("username"),
        password: f
            .0
            .iter()
            .find(|(k, _)| k == "password")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        otp: f.get("otp").map(str::to_owned),
        address: form.peer.clone(),
    };
    let next = safe_next(f.get("next"));
    match s.app.login_with(req).await {
        Ok(token) => {
            let cookie = session_cookie(&token, s.app.config.token_hours * 3600, &s.web);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(e) => {
            let (message, _) = error_text(&e, form.lang);
            let c = Chrome::anonymous(&s, form.lang, super::i18n::msgs(form.lang).sign_in);
            // 401 for wrong credentials, 429 for a locked account, 403 for a missing second
            // factor: the API's statuses.
            render_status(
                form_status(&e),
                &LoginPage {
                    c,
                    error: Some(message),
                    next,
                    username: f.text("username"),
                },
            )
        }
    }
}

/// `GET /session/ping`: 204 while signed in (the request itself keeps the session alive; the
/// pages' idle warning calls it), else the sign-in redirect every page answers.
pub async fn ping(_staff: super::session::Staff) -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

/// `POST /logout`: ends the token and deletes the cookie (also before a required password
/// change).
pub async fn logout(State(s): State<AppState>, form: AccountForm) -> Response {
    let _ = s.app.logout(&form.staff.token).await;
    (
        [(header::SET_COOKIE, clear_session_cookie(&s.web))],
        Redirect::to("/login"),
    )
        .into_response()
}

/// `GET /lang/{zh|en}?back=…`: sets the language cookie and goes back where the user was.
pub async fn switch_lang(
    State(s): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<BackParam>,
) -> Response {
    let value = if lang == "en" { "en" } else { "zh" };
    (
        [(header::SET_COOKIE, lang_cookie(value, &s.web))],
        Redirect::to(&safe_next(q.back.as_deref())),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct BackParam {
    back: Option<String>,
}
