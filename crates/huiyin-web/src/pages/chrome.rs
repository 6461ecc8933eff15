//! What every staff page shows around its content (the user's name, unit and roles, demo mode,
//! navigation, language switch, CSRF token), rendering, and error pages.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use huiyin_app::{AppError, CurrentUser};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::permission::Permission;

use super::i18n::{Msgs, msgs, pick};
use super::session::Staff;
use crate::AppState;
use crate::error::Lang;

/// The signed-in user as the header shows them.
pub struct UserBar {
    pub name: String,
    pub unit: String,
    pub roles: String,
}

/// Layout context of a page.
pub struct Chrome {
    pub t: &'static Msgs,
    pub lang: Lang,
    pub html_lang: &'static str,
    pub user: Option<UserBar>,
    pub demo: bool,
    pub csrf: String,
    pub nav: &'static str,
    pub can_register: bool,
    /// Case work (the case list, the warnings).
    pub reads_cases: bool,
    /// Leaders and supervisors (the 领导督查 page).
    pub leads: bool,
    pub is_admin: bool,
    pub is_auditor: bool,
    pub is_security_admin: bool,
    pub title: String,
    /// Where the language switch comes back to.
    pub here: String,
    /// The signed-in user's id (drafts in the browser are kept per user; 0 signed out).
    pub user_id: i64,
    /// The session's idle limit in seconds (the page warns before it; 0 signed out).
    pub idle_seconds: i64,
}

impl Chrome {
    pub fn new(s: &AppState, staff: &Staff, nav: &'static str, title: impl Into<String>) -> Chrome {
        let lang = staff.lang;
        Chrome {
            t: msgs(lang),
            lang,
            html_lang: pick(lang, "zh-CN", "en"),
            user: Some(user_bar(s, &staff.user, lang)),
            demo: s.app.config.demo,
            csrf: staff.csrf.clone(),
            nav,
            can_register: staff.user.may(Permission::HandleCases),
            reads_cases: staff.user.may(Permission::ReadCases),
            leads: staff.user.roles.contains(&huiyin_core::role::Role::Leader)
                || staff.user.may(Permission::SuperviseScope),
            is_admin: staff.user.may(Permission::Configure),
            is_auditor: staff.user.may(Permission::ReadAudit),
            is_security_admin: staff.user.may(Permission::ManageSecondFactors),
            title: title.into(),
            here: staff.here.clone(),
            user_id: staff.user.id,
            idle_seconds: s.app.config.token_idle_minutes * 60,
        }
    }

    /// The chrome of a page shown before sign-in.
    pub fn anonymous(s: &AppState, lang: Lang, title: impl Into<String>) -> Chrome {
        Chrome {
            t: msgs(lang),
            lang,
            html_lang: pick(lang, "zh-CN", "en"),
            user: None,
            demo: s.app.config.demo,
            csrf: String::new(),
            nav: "",
            can_register: false,
            reads_cases: false,
            leads: false,
            is_admin: false,
            is_auditor: false,
            is_security_admin: false,
            title: title.into(),
            here: "/login".to_owned(),
            user_id: 0,
            idle_seconds: 0,
        }
    }

    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        pick(self.lang, zh, en)
    }

    /// The link that switches the language and comes back to `here`.
    pub fn lang_switch(&self) -> String {
        let to = pick(self.lang, "en", "zh");
        format!("/lang/{to}?back={}", super::session::url_escape(&self.here))
    }
}

fn user_bar(s: &AppState, u: &CurrentUser, lang: Lang) -> UserBar {
    let unit = s
        .app
        .org()
        .get(u.unit_id)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let roles: Vec<&str> = u.roles.iter().map(|r| pick(lang, r.zh(), r.en())).collect();
    UserBar {
        name: u.display_name.clone(),
        unit,
        roles: roles.join(pick(lang, "、", ", ")),
    }
}

/// Renders a template (HTML, status 200 unless given).
pub fn render<T: Template>(t: &T) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "staff/error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    message: String,
}

/// The message of an application error in the page's language, with its field problems.
pub fn error_text(e: &AppError, lang: Lang) -> (String, Vec<String>) {
    let code = e.error_code();
    if code == ErrorCode::Internal {
        tracing::error!(error = %e, "internal error");
    }
    let message = pick(lang, code.zh(), code.en()).to_owned();
    let fields = match e {
        AppError::Domain(d) => d
            .fields
            .iter()
            .map(|(name, m)| format!("{}：{}", field_label(name, lang), pick(lang, &m.zh, &m.en)))
            .collect(),
        AppError::Store(_) | AppError::KeysDoNotOpen(_) => Vec::new(),
    };
    (message, fields)
}

/// A readable name for a field path of the API (`petitioners[0].name` → 信访人1 姓名).
pub fn field_label(name: &str, lang: Lang) -> String {
    let t = msgs(lang);
    if let Some(rest) = name.strip_prefix("petitioners[")
        && let Some((i, field)) = rest.split_once("].")
    {
        let n = i.parse::<usize>().map_or(1, |i| i + 1);
        return format!("{}{n} {}", t.petitioner_n, field_label(field, lang));
    }
    match name {
        "title" => t.title,
        "content" => t.content,
        "demands" => t.demands,
        "category" => t.category,
        "concerned_unit_id" => t.concerned_unit,
        "received_on" => t.received_on,
        "petitioners" => t.petitioners,
        "name" => t.name,
        "id_number" => t.id_number,
        "phone" => t.phone,
        "address" => t.address,
        "people_count" => t.people_count,
        "reason" => t.reason,
        "opinion" => t.opinion,
        "basis" => t.basis,
        "facts" => t.facts,
        "outcome" => t.outcome,
        "days" => t.extension_days,
        "to_unit_id" => t.to_unit,
        "on" => t.step_on,
        "grade" => t.grade,
        "procedure" => t.procedure,
        "petition_type" => t.petition_type,
        "report_due_on" => t.report_due_on,
        "attachments" => t.attachments,
        "note" => t.note,
        "action" => t.audit_action,
        "report" => pick(lang, "办理情况", "what was done"),
        "instruction" => pick(lang, "阅批意见", "instruction"),
        "leader_user_id" => pick(lang, "领导", "leader"),
        "case_ids" => pick(lang, "信访事项编号", "case numbers"),
        "grounds" => pick(lang, "依据", "grounds"),
        "measure" => pick(lang, "追责方式", "measure"),
        "person" => pick(lang, "被追责人员", "person"),
        "description" => pick(lang, "情况说明", "description"),
        "place" => pick(lang, "地点", "place"),
        "unit_id" => pick(lang, "单位", "unit"),
        "month" => pick(lang, "月份", "month"),
        "level" => pick(lang, "级别", "level"),
        "occurred_at" => pick(lang, "发生时间", "when it happened"),
        other => other,
    }
    .to_owned()
}

/// The status of a page answering a refused form: the API's mapping of the error's class
/// (forbidden 403, conflict 409, invalid input 422, …).
pub fn form_status(e: &AppError) -> StatusCode {
    crate::error::status_of(e.error_code())
}

/// An error page for a signed-in user.
pub fn error_page(s: &AppState, staff: &Staff, e: &AppError) -> Response {
    let (message, fields) = error_text(e, staff.lang);
    let code = e.error_code();
    let t = msgs(staff.lang);
    let heading = if code.class() == ErrorClass::NotFound {
        t.not_found_title
    } else {
        t.error_title
    };
    let mut message = message;
    for f in fields {
        message.push('\n');
        message.push_str(&f);
    }
    render_status(
        form_status(e),
        &ErrorPage {
            c: Chrome::new(s, staff, "", heading),
            heading: heading.to_owned(),
            message,
        },
    )
}

/// A plain "not found" page for a signed-in user.
pub fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::NotFound))
}
