//! `GET /admin/incident-chain`: the incident reporting chain in force as a table (from which
//! level, to whom, what report, within how many minutes) with its TOML in an editor;
//! `POST /admin/incident-chain` saves an edited chain, `POST /admin/incident-chain/default`
//! restores the documented default. Both confirm first, are audited by the app, and change
//! only incidents recorded afterwards; a refused chain comes back with what was typed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::{ChainInput, IncidentChainView};

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, render_status};
use crate::pages::i18n::pick;
use crate::pages::session::{Staff, StaffForm};

/// One duty as a table row.
pub struct DutyRow {
    pub level: &'static str,
    pub to: &'static str,
    pub kind: &'static str,
    pub within: String,
}

#[derive(Template)]
#[template(path = "staff/admin/incident_chain.html")]
struct ChainPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    rows: Vec<DutyRow>,
    is_default: bool,
    /// The chain in the editor: the one in force, or what was typed when refused.
    toml: String,
    fb: Feedback,
}

/// "30 分钟" / "120 分钟（2 小时）".
pub fn within(minutes: i64, lang: Lang) -> String {
    let hours = (minutes >= 60 && minutes % 60 == 0).then_some(minutes / 60);
    match (lang, hours) {
        (Lang::Zh, Some(h)) => format!("{minutes}分钟（{h}小时）"),
        (Lang::Zh, None) => format!("{minutes}分钟"),
        (Lang::En, Some(h)) => format!("{minutes} min ({h} h)"),
        (Lang::En, None) => format!("{minutes} min"),
    }
}

/// The chain's duties as rows in the reader's language.
pub fn rows(v: &IncidentChainView, lang: Lang) -> Vec<DutyRow> {
    v.rules
        .iter()
        .map(|r| DutyRow {
            level: pick(lang, r.min_level.zh(), r.min_level.en()),
            to: pick(lang, r.to.zh(), r.to.en()),
            kind: pick(lang, r.kind.zh(), r.kind.en()),
            within: within(r.within_minutes, lang),
        })
        .collect()
}

pub async fn page(State(s): State<AppState>, staff: Staff) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    render_page(&s, &staff, Feedback::default(), None, StatusCode::OK).await
}

/// `POST /admin/incident-chain`: the edited chain (TOML) in place of the one in force.
pub async fn save(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let text = fields.get("toml").unwrap_or("").to_owned();
    match s
        .app
        .update_incident_chain(&staff.user, ChainInput::Toml(&text))
        .await
    {
        Ok(v) => {
            let done = match lang {
                Lang::Zh => format!(
                    "报告链已保存（{}项报告义务），此后登记的事件按此报告；已登记的事件不变",
                    v.rules.len()
                ),
                Lang::En => format!(
                    "Chain saved ({} duties): incidents recorded from now on owe these reports; those already recorded keep theirs",
                    v.rules.len()
                ),
            };
            render_page(&s, &staff, Feedback::done(done), None, StatusCode::OK).await
        }
        Err(e) => {
            let labels = [("toml", admin_msgs(lang).chain_file)];
            let fb = Feedback::failed(&e, lang, &labels);
            let status = crate::error::status_of(e.error_code());
            render_page(&s, &staff, fb, Some(text), status).await
        }
    }
}

/// `POST /admin/incident-chain/default`: the documented default back in force.
pub async fn restore(State(s): State<AppState>, form: StaffForm) -> Response {
    let staff = form.staff;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let (fb, status) = match s.app.restore_incident_chain(&staff.user).await {
        Ok(_) => (
            Feedback::done(
                pick(
                    lang,
                    "已恢复默认报告链，此后登记的事件按默认报告链报告",
                    "The default chain is restored for incidents recorded from now on",
                )
                .to_owned(),
            ),
            StatusCode::OK,
        ),
        Err(e) => (
            Feedback::failed(&e, lang, &[]),
            crate::error::status_of(e.error_code()),
        ),
    };
    render_page(&s, &staff, fb, None, status).await
}

async fn render_page(
    s: &AppState,
    staff: &Staff,
    mut fb: Feedback,
    typed: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let a = admin_msgs(lang);
    let (rows, is_default, toml) = match s.app.incident_chain(&staff.user).await {
        Ok(v) => (rows(&v, lang), v.is_default, v.toml),
        // A stored chain that no longer reads: shown as stored, with its problem, to be fixed
        // or replaced by the default.
        Err(e) => {
            let stored = s
                .app
                .incident_chain_stored(&staff.user)
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            if fb.error_message.is_none() {
                fb = Feedback::failed(&e, lang, &[("toml", a.chain_file)]);
            }
            (Vec::new(), false, stored)
        }
    };
    render_status(
        status,
        &ChainPage {
            c: Chrome::new(s, staff, "admin", a.incident_chain),
            a,
            tabs: tabs(lang, "/admin/incident-chain"),
            rows,
            is_default,
            toml: typed.unwrap_or(toml),
            fb,
        },
    )
}
