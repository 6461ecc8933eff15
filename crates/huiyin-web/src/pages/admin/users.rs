//! `GET /admin/users`: users and their roles, with search; `POST /admin/users`: a new user
//! through the app's `create_user`, which enforces the password policy and the separation of
//! the three administrator roles (三员分立). Its errors are shown translated.
//! `POST /admin/users/contact`: a user's work contacts for SMS and e-mail notifications
//! through the app's `set_user_contact` (the same rules as `PUT /api/v1/users/{id}/contact`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{ContactInput, NewUserInput, UserRef};
use huiyin_core::org_input::UserForm;
use huiyin_core::role::Role;
use serde::Deserialize;

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, matches, tabs};
use crate::AppState;
use crate::pages::chrome::{Chrome, error_page, form_status, render_status};
use crate::pages::i18n::{msgs, pick};
use crate::pages::list::Opt;
use crate::pages::session::{Fields, Staff, StaffForm, url_escape};
use crate::pages::units::tree_order;

pub struct UserLine {
    pub username: String,
    pub display_name: String,
    pub unit: String,
    pub roles: String,
    pub active: bool,
}

pub struct RoleBox {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/admin/users.html")]
struct UsersPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    q: String,
    lines: Vec<UserLine>,
    total: usize,
    units: Vec<Opt>,
    roles: Vec<RoleBox>,
    fb: Feedback,
    prev: Fields,
}

impl UsersPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    q: Option<String>,
    done: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<UsersQuery>,
) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let fb = match p.done {
        Some(name) => Feedback::done(format!(
            "{}{}{name}",
            admin_msgs(staff.lang).user_created,
            pick(staff.lang, "", " ")
        )),
        None => Feedback::default(),
    };
    let q = p.q.unwrap_or_default();
    render_page(&s, &staff, q.trim(), fb, Fields::default(), StatusCode::OK).await
}

async fn render_page(
    s: &AppState,
    staff: &Staff,
    q: &str,
    fb: Feedback,
    prev: Fields,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let users = match s.app.list_users(&staff.user).await {
        Ok(u) => u,
        Err(e) => return error_page(s, staff, &e),
    };
    let org = s.app.org();
    let total = users.len();
    let lines = users
        .into_iter()
        .map(|u| UserLine {
            unit: org
                .get(u.unit_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            roles: u
                .roles
                .iter()
                .map(|r| pick(lang, r.zh(), r.en()))
                .collect::<Vec<_>>()
                .join(pick(lang, "、", ", ")),
            username: u.username,
            display_name: u.display_name,
            active: u.active,
        })
        .filter(|l| matches(&l.username, q) || matches(&l.display_name, q) || matches(&l.unit, q))
        .collect();
    let chosen_unit = prev.get("unit_id").and_then(|v| v.parse::<i64>().ok());
    let units = s.app.visible_units(&staff.user);
    let units = tree_order(&units)
        .into_iter()
        .map(|(u, _)| Opt {
            value: u.id.to_string(),
            label: org.path_label(u.id),
            selected: chosen_unit == Some(u.id),
        })
        .collect();
    let chosen: Vec<&str> = prev.all("roles");
    let roles = Role::STAFF
        .iter()
        .map(|r| RoleBox {
            value: r.as_str(),
            label: pick(lang, r.zh(), r.en()),
            checked: chosen.contains(&r.as_str()),
        })
        .collect();
    let page = UsersPage {
        c: Chrome::new(s, staff, "admin", msgs(lang).admin_users),
        a: admin_msgs(lang),
        tabs: tabs(lang, "/admin/users"),
        q: q.to_owned(),
        lines,
        total,
        units,
        roles,
        fb,
        prev,
    };
    render_status(status, &page)
}

pub async fn create(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let t = msgs(lang);
    let labels = [
        ("username", t.username),
        ("password", t.password),
        ("display_name", t.display_name),
        ("unit_id", t.unit),
        ("roles", t.roles),
    ];
    let result = match NewUserInput::try_from(fields.read::<UserForm>(&["roles"])) {
        Ok(input) => s.app.create_user(Some(&staff.user), input).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(u) => Redirect::to(&format!(
            "/admin/users?q={}&done={}",
            url_escape(&u.username),
            url_escape(&u.username)
        ))
        .into_response(),
        Err(e) => {
            let fb = Feedback::failed(&e, lang, &labels);
            // The password is never sent back into the form.
            let prev = Fields(
                fields
                    .0
                    .into_iter()
                    .filter(|(k, _)| k != "password")
                    .collect(),
            );
            render_page(&s, &staff, "", fb, prev, form_status(&e)).await
        }
    }
}

/// Sets (or clears) a user's work contacts; a value left empty is cleared.
pub async fn contact(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let t = msgs(lang);
    let labels = [
        ("contact_username", t.username),
        ("username", t.username),
        ("phone", pick(lang, "手机号", "Mobile")),
        ("email", pick(lang, "电子邮箱", "E-mail")),
    ];
    let value = |name: &str| fields.get(name).map(str::to_owned);
    let username = value("contact_username").unwrap_or_default();
    let input = ContactInput {
        phone: value("phone"),
        email: value("email"),
    };
    match s
        .app
        .set_user_contact(Some(&staff.user), UserRef::Username(username), input)
        .await
    {
        Ok(v) => {
            // Answered on the page itself, not through a redirect: the values stay out of
            // URLs (and so out of access logs and the browser's history).
            let none = pick(lang, "无", "none");
            let saved = format!(
                "{}{}{}{} {}{}{} {}{}",
                pick(lang, "已保存通知联系方式：", "Work contacts saved: "),
                v.username,
                pick(lang, "（", " ("),
                pick(lang, "手机", "mobile"),
                v.phone.as_deref().unwrap_or(none),
                pick(lang, "，", ", "),
                pick(lang, "邮箱", "e-mail"),
                v.email.as_deref().unwrap_or(none),
                pick(lang, "）", ")")
            );
            render_page(
                &s,
                &staff,
                &v.username,
                Feedback::done(saved),
                Fields::default(),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let fb = Feedback::failed(&e, lang, &labels);
            render_page(&s, &staff, "", fb, fields, form_status(&e)).await
        }
    }
}
