//! `GET /admin/rules`: the time-limit rule sets, each with its jurisdiction, effective date,
//! source and every limit, and whether it is the one in force today.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_core::rules::{Period, RuleSet};

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, render_status};
use crate::pages::i18n::msgs;
use crate::pages::session::{Staff, StaffForm};

pub struct RuleCard {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    pub effective_from: String,
    pub source: String,
    /// "in_force", "superseded" or "not_yet".
    pub state: &'static str,
    pub state_label: &'static str,
    pub limits: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "staff/admin/rules.html")]
struct RulesPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    cards: Vec<RuleCard>,
    /// The rules file in the editor: the rules in force, or what was typed when refused.
    toml: String,
    fb: Feedback,
}

fn period(p: Period, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}个{}", p.days, p.count.zh()),
        Lang::En => format!("{} {}", p.days, p.count.en()),
    }
}

fn count(n: u32, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n}{unit}"),
        Lang::En => format!("{n} {unit}"),
    }
}

fn card(set: &RuleSet, all: &[RuleSet], today: huiyin_core::Date, lang: Lang) -> RuleCard {
    let a = admin_msgs(lang);
    let l = &set.limits;
    // In force: effective, and no later effective set for the same jurisdiction.
    let state = if set.effective_from > today {
        "not_yet"
    } else if all.iter().any(|o| {
        o.jurisdiction == set.jurisdiction
            && o.effective_from > set.effective_from
            && o.effective_from <= today
    }) {
        "superseded"
    } else {
        "in_force"
    };
    RuleCard {
        id: set.id.clone(),
        name: set.name.clone(),
        jurisdiction: if set.is_national() {
            a.national.to_owned()
        } else {
            set.jurisdiction.clone()
        },
        effective_from: set.effective_from.to_string(),
        source: set.source.clone(),
        state,
        state_label: match state {
            "in_force" => a.in_force,
            "superseded" => a.superseded,
            _ => a.not_yet,
        },
        limits: vec![
            (a.lim_disposal, period(l.disposal, lang)),
            (a.lim_acceptance_notice, period(l.acceptance_notice, lang)),
            (a.lim_objection, period(l.objection, lang)),
            (a.lim_handling, period(l.handling, lang)),
            (
                a.lim_extension,
                count(l.extension_max_days, a.unit_days, lang),
            ),
            (a.lim_review_request, period(l.review_request, lang)),
            (a.lim_review_decision, period(l.review_decision, lang)),
            (a.lim_rereview_request, period(l.rereview_request, lang)),
            (a.lim_rereview_decision, period(l.rereview_decision, lang)),
            (
                a.lim_collective,
                count(l.collective_threshold, a.unit_people, lang),
            ),
            (
                a.lim_representatives,
                count(l.max_representatives, a.unit_people, lang),
            ),
            (a.lim_repeat, count(l.repeat_window_days, a.unit_days, lang)),
            (a.lim_due_soon, count(l.due_soon_days, a.unit_days, lang)),
        ],
    }
}

pub async fn page(State(s): State<AppState>, staff: Staff) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    render_page(&s, &staff, Feedback::default(), None, StatusCode::OK)
}

/// `POST /admin/rules`: loads a rules file (TOML) in place of the rules in force.
pub async fn save(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let text = fields.get("toml").unwrap_or("").to_owned();
    match s.app.update_rules(Some(&staff.user), &text).await {
        Ok(n) => {
            let done = match lang {
                Lang::Zh => format!("规则文件已载入，已重新计算{}件在办事项的期限", n.read),
                Lang::En => format!("Rules loaded; {} open cases re-timed", n.read),
            };
            render_page(&s, &staff, Feedback::done(done), None, StatusCode::OK)
        }
        Err(e) => {
            let labels = [("toml", admin_msgs(lang).rules_file)];
            let fb = Feedback::failed(&e, lang, &labels);
            let status = crate::error::status_of(e.error_code());
            render_page(&s, &staff, fb, Some(text), status)
        }
    }
}

fn render_page(
    s: &AppState,
    staff: &Staff,
    fb: Feedback,
    typed: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let rules = s.app.rules();
    let today = s.app.today();
    let mut sets: Vec<&RuleSet> = rules.sets().iter().collect();
    sets.sort_by(|x, y| {
        (x.jurisdiction.len(), &x.jurisdiction, x.effective_from).cmp(&(
            y.jurisdiction.len(),
            &y.jurisdiction,
            y.effective_from,
        ))
    });
    let cards = sets
        .into_iter()
        .map(|set| card(set, rules.sets(), today, lang))
        .collect();
    render_status(
        status,
        &RulesPage {
            c: Chrome::new(s, staff, "admin", msgs(lang).admin_rules),
            a: admin_msgs(lang),
            tabs: tabs(lang, "/admin/rules"),
            cards,
            toml: typed.unwrap_or_else(|| rules.to_toml()),
            fb,
        },
    )
}
