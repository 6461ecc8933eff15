//! A form that cannot be taken as sent — its token is stale (the user signed in again in
//! another tab, or the server's keys changed) or the session ended while it was being filled
//! in — answers a page that keeps what was typed, never a bare line: the fields with their
//! values, and either a button that sends them again with a fresh token (the user is still
//! signed in) or the way to sign in again, after which the browser's draft (static/session.js)
//! restores the form.

use askama::Template;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::chrome::{Chrome, field_label, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, url_escape};
use crate::AppState;
use crate::error::Lang;

/// A field as it was sent.
pub struct KeptField {
    pub name: String,
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "staff/kept_form.html")]
struct KeptFormPage {
    c: Chrome,
    heading: &'static str,
    message: &'static str,
    fields: Vec<KeptField>,
    /// Still signed in: the form's action, to send the same fields again with a fresh token.
    resend_to: Option<String>,
    /// Files chosen were not kept (they must be chosen again).
    had_files: bool,
    /// Where to go back to (the page the form was on), and the sign-in link that returns there.
    back: String,
    sign_in: String,
}

/// The fields worth showing and sending again: named, not the token, not a password.
fn kept(fields: &Fields, lang: Lang) -> Vec<KeptField> {
    fields
        .0
        .iter()
        .filter(|(k, v)| {
            k != "_csrf" && !k.contains("password") && !k.is_empty() && !v.trim().is_empty()
        })
        .map(|(k, v)| KeptField {
            name: k.clone(),
            label: field_label(k, lang),
            value: v.clone(),
        })
        .collect()
}

/// The page the form was on: the `Referer`'s path when it is on this site, else the form's
/// own path when that is a page, else the workbench.
pub fn form_page(headers: &HeaderMap, action: &str) -> String {
    let from_referer = headers
        .get("referer")
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let host = headers.get("host").and_then(|h| h.to_str().ok())?;
            let rest = r.split_once("://")?.1;
            let path = rest.strip_prefix(host)?;
            // A path of this site only: `//host` or `/\host` would leave it.
            (path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\"))
                .then(|| path.to_owned())
        });
    from_referer.unwrap_or_else(|| {
        if action.starts_with("/register/") {
            action.to_owned()
        } else {
            "/".to_owned()
        }
    })
}

/// The answer to a form whose token did not match the signed-in user's session.
pub fn stale_token(
    s: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    action: &str,
    fields: &Fields,
    had_files: bool,
) -> Response {
    let lang = staff.lang;
    let back = form_page(headers, action);
    let page = KeptFormPage {
        c: Chrome::new(
            s,
            staff,
            "",
            pick(lang, "表单已过期", "The form has expired"),
        ),
        heading: pick(
            lang,
            "表单已过期，内容未提交",
            "The form expired; nothing was saved",
        ),
        message: pick(
            lang,
            "这张表单是在较早的登录中打开的，系统没有保存它。您填写的内容都在下面；确认无误后可直接重新提交，或返回原页面。",
            "This form was opened under an earlier sign-in, so it was not saved. What you typed is below: send it again as it is, or go back to the page.",
        ),
        fields: kept(fields, lang),
        resend_to: Some(action.to_owned()),
        had_files,
        sign_in: format!("/login?next={}", url_escape(&back)),
        back,
    };
    render_status(StatusCode::FORBIDDEN, &page)
}

/// The answer to a form sent after the session ended.
pub fn session_ended(
    s: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    action: &str,
    fields: &Fields,
    had_files: bool,
) -> Response {
    let back = form_page(headers, action);
    let page = KeptFormPage {
        c: Chrome::anonymous(s, lang, pick(lang, "登录已失效", "Session ended")),
        heading: pick(
            lang,
            "登录已失效，内容未提交",
            "Your session ended; nothing was saved",
        ),
        message: pick(
            lang,
            "由于长时间未操作，登录已失效，这次提交没有保存。您填写的内容都在下面，也保存在本浏览器标签页中：重新登录后回到原页面即可恢复，再提交。",
            "You were idle and the session ended, so this was not saved. What you typed is below and kept in this browser tab: sign in again, go back to the page, and it is restored for you to send.",
        ),
        fields: kept(fields, lang),
        resend_to: None,
        had_files,
        sign_in: format!("/login?next={}", url_escape(&back)),
        back,
    };
    render_status(StatusCode::UNAUTHORIZED, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_page_is_the_referer_on_this_site_only() {
        use axum::http::HeaderValue;
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            "referer",
            HeaderValue::from_static("http://127.0.0.1:8080/cases/7?x=1"),
        );
        assert_eq!(form_page(&h, "/cases/7/act"), "/cases/7?x=1");
        h.insert(
            "referer",
            HeaderValue::from_static("http://evil.example/cases/7"),
        );
        assert_eq!(form_page(&h, "/cases/7/act"), "/");
        h.insert(
            "referer",
            HeaderValue::from_static("http://127.0.0.1:8080//evil.example/x"),
        );
        assert_eq!(form_page(&h, "/cases/7/act"), "/");
        assert_eq!(form_page(&h, "/register/visit"), "/register/visit");
    }

    #[test]
    fn tokens_and_passwords_are_never_kept() {
        let fields = Fields(vec![
            ("_csrf".into(), "t".into()),
            ("new_password".into(), "secret".into()),
            ("title".into(), "反映食堂问题".into()),
            ("content".into(), "  ".into()),
        ]);
        let kept = kept(&fields, Lang::Zh);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].name, "title");
    }
}
