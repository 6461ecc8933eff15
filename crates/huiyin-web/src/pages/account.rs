//! `/account/password`: changing one's own password. A user who must change it first (first
//! sign-in after `huiyin admin init`) is sent here from every other page; where the role
//! requires a second factor and none is enrolled, the change enrols one and shows its secret
//! once, then the user signs in again with a code.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use super::chrome::{Chrome, error_text, render, render_status};
use super::i18n::pick;
use super::session::{AccountForm, AccountStaff, Staff, clear_session_cookie};
use crate::AppState;
use crate::error::Lang;

/// The page's texts in one language.
pub struct AccountMsgs {
    pub title: &'static str,
    pub first: &'static str,
    pub otp_notice: &'static str,
    pub old_password: &'static str,
    pub new_password: &'static str,
    pub new_password2: &'static str,
    pub policy: &'static str,
    pub submit: &'static str,
    pub mismatch: &'static str,
    pub otp_title: &'static str,
    pub otp_explain: &'static str,
    pub otp_secret: &'static str,
    pub otp_uri: &'static str,
    pub sign_in_again: &'static str,
}

static ZH: AccountMsgs = AccountMsgs {
    title: "修改密码",
    first: "首次登录（或密码被重置）后须先修改密码，修改前不能使用其他功能。",
    otp_notice: "您的角色须使用动态验证码登录：修改密码后将为您开通，请准备好验证器应用。",
    old_password: "当前密码",
    new_password: "新密码",
    new_password2: "再次输入新密码",
    policy: "至少8位，包含大写字母、小写字母、数字、符号中的至少两类，不得含用户名",
    submit: "修改密码",
    mismatch: "两次输入的新密码不一致",
    otp_title: "密码已修改，动态验证码已开通",
    otp_explain: "请在验证器应用中添加下面的密钥（只显示这一次），然后用新密码和动态验证码重新登录。",
    otp_secret: "密钥",
    otp_uri: "验证器链接",
    sign_in_again: "重新登录",
};

static EN: AccountMsgs = AccountMsgs {
    title: "Change password",
    first: "After the first sign-in (or a password reset) the password must be changed before anything else.",
    otp_notice: "Your role signs in with a one-time code: changing the password enrols you, so have your authenticator app ready.",
    old_password: "Current password",
    new_password: "New password",
    new_password2: "New password again",
    policy: "At least 8 characters of two kinds (upper, lower, digit, symbol), not containing the username",
    submit: "Change password",
    mismatch: "The two new passwords differ",
    otp_title: "Password changed, second factor enrolled",
    otp_explain: "Add this secret to your authenticator app (it is shown only this once), then sign in again with the new password and a code.",
    otp_secret: "Secret",
    otp_uri: "Authenticator link",
    sign_in_again: "Sign in again",
};

fn account_msgs(lang: Lang) -> &'static AccountMsgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    c: Chrome,
    m: &'static AccountMsgs,
    first: bool,
    otp_notice: bool,
    errors: Vec<String>,
    /// After a change that enrolled a second factor: (secret, otpauth URI).
    enrolled: Option<(String, String)>,
}

fn page(s: &AppState, staff: &Staff, first: bool, errors: Vec<String>) -> PasswordPage {
    let m = account_msgs(staff.lang);
    PasswordPage {
        c: Chrome::new(s, staff, "", m.title),
        m,
        first,
        otp_notice: s.app.second_factor_required(&staff.user.roles),
        errors,
        enrolled: None,
    }
}

/// `GET /account/password`
pub async fn form(State(s): State<AppState>, a: AccountStaff) -> Response {
    render(&page(&s, &a.staff, a.must_change_password, Vec::new()))
}

/// `POST /account/password`
pub async fn change(State(s): State<AppState>, form: AccountForm) -> Response {
    let f = &form.fields;
    let raw = |name: &str| {
        f.0.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (old, new) = (raw("old_password"), raw("new_password"));
    let staff = &form.staff;
    if new != raw("new_password2") {
        let errors = vec![account_msgs(staff.lang).mismatch.to_owned()];
        let p = page(&s, staff, form.must_change_password, errors);
        return render_status(
            crate::error::status_of(huiyin_core::error::ErrorCode::Validation),
            &p,
        );
    }
    let session = huiyin_app::Session {
        user: staff.user.clone(),
        must_change_password: form.must_change_password,
    };
    match s
        .app
        .change_password(&session, &staff.token, &old, &new)
        .await
    {
        Ok(done) => match done.second_factor {
            Some(enrolled) => {
                let mut p = page(&s, staff, false, Vec::new());
                p.enrolled = Some(enrolled);
                p.c.user = None;
                (
                    [(header::SET_COOKIE, clear_session_cookie(&s.web))],
                    render(&p),
                )
                    .into_response()
            }
            None => Redirect::to("/").into_response(),
        },
        Err(e) => {
            let (message, fields) = error_text(&e, staff.lang);
            let mut errors = vec![message];
            errors.extend(fields.into_iter().map(|f| {
                f.replace(
                    "old_password",
                    pick(staff.lang, "当前密码", "Current password"),
                )
                .replace("new_password", pick(staff.lang, "新密码", "New password"))
            }));
            let p = page(&s, staff, form.must_change_password, errors);
            render_status(crate::error::status_of(e.error_code()), &p)
        }
    }
}
