//! Administration pages (system administrators only): units, users and roles, categories,
//! time-limit rules, the holiday calendar, the incident reporting chain and the outbox's
//! messages. Every other role gets the 403 page.

mod calendar;
mod calendar_notice;
mod categories;
mod incident_chain;
mod msgs;
mod outbox;
mod rules;
mod units;
mod users;

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use huiyin_app::AppError;
use huiyin_core::error::ErrorCode;
use huiyin_core::permission::Permission;

use super::chrome::{error_page, error_text, field_label};
use super::i18n::{msgs, pick};
use super::session::Staff;
use crate::AppState;
use crate::error::Lang;

pub use incident_chain::{DutyRow, rows as chain_rows};
pub use msgs::{AdminMsgs, admin_msgs};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(units::redirect))
        .route("/admin/units", get(units::page).post(units::create))
        .route("/admin/users", get(users::page).post(users::create))
        .route("/admin/users/contact", axum::routing::post(users::contact))
        .route("/admin/categories", get(categories::page))
        .route("/admin/rules", get(rules::page).post(rules::save))
        .route("/admin/calendar", get(calendar::page).post(calendar::save))
        .route(
            "/admin/calendar/notice",
            axum::routing::post(calendar_notice::notice),
        )
        .route(
            "/admin/incident-chain",
            get(incident_chain::page).post(incident_chain::save),
        )
        .route(
            "/admin/incident-chain/default",
            axum::routing::post(incident_chain::restore),
        )
        .route("/admin/outbox", get(outbox::page))
        .route(
            "/admin/outbox/{id}/retry",
            axum::routing::post(outbox::retry),
        )
}

/// The 403 page, unless the user is a system administrator.
fn guard(s: &AppState, staff: &Staff) -> Option<Response> {
    if staff.user.may(Permission::Configure) {
        None
    } else {
        Some(error_page(s, staff, &AppError::code(ErrorCode::Forbidden)))
    }
}

/// One link of the section tabs.
pub struct Tab {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

fn tabs(lang: Lang, current: &str) -> Vec<Tab> {
    let t = msgs(lang);
    [
        ("/admin/units", t.admin_units),
        ("/admin/users", t.admin_users),
        ("/admin/categories", t.admin_categories),
        ("/admin/rules", t.admin_rules),
        ("/admin/calendar", t.admin_calendar),
        ("/admin/incident-chain", admin_msgs(lang).incident_chain),
        ("/admin/outbox", admin_msgs(lang).outbox),
    ]
    .into_iter()
    .map(|(href, label)| Tab {
        href,
        label,
        current: href == current,
    })
    .collect()
}

/// What a form submission came to: a success line, or the translated error and its fields.
#[derive(Default)]
pub struct Feedback {
    pub done: Option<String>,
    pub error_message: Option<String>,
    pub errors: Vec<String>,
}

impl Feedback {
    pub(super) fn done(text: String) -> Feedback {
        Feedback {
            done: Some(text),
            ..Feedback::default()
        }
    }

    /// The translated error; `labels` name the form's fields where the shared labels do not fit.
    pub(super) fn failed(e: &AppError, lang: Lang, labels: &[(&str, &str)]) -> Feedback {
        let (message, _) = error_text(e, lang);
        let errors = match e {
            AppError::Domain(d) => d
                .fields
                .iter()
                .map(|(name, m)| {
                    let label = labels
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or_else(|| field_label(name, lang), |(_, l)| (*l).to_owned());
                    format!("{label}：{}", pick(lang, &m.zh, &m.en))
                })
                .collect(),
            AppError::Store(_) | AppError::KeysDoNotOpen(_) => Vec::new(),
        };
        Feedback {
            done: None,
            error_message: Some(message),
            errors,
        }
    }
}

/// Whether `hay` contains `needle`, ignoring ASCII case.
fn matches(hay: &str, needle: &str) -> bool {
    needle.is_empty() || hay.to_lowercase().contains(&needle.to_lowercase())
}
