//! The audit administrator's page (`/audit`): search the audit trail by user, action, target
//! and date range, newest first with pagination, and verify the hash chain (`POST
//! /audit/verify`). `/audit/sign-ins` shows the sign-in history to security and audit
//! administrators. Every other role gets the 403 page; every read is itself audited.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::{AppError, AuditFilter, AuditReport};
use huiyin_core::date::Date;
use huiyin_core::error::ErrorCode;
use huiyin_core::permission::Permission;
use serde::Deserialize;

use super::audit_words::{action_choices, action_words, result_words};
use super::chrome::{Chrome, error_page, render};
use super::session::{Staff, StaffForm, url_escape};
use crate::AppState;
use crate::error::Lang;

const PER_PAGE: u32 = 50;

/// `2026-06-30 14:05:09` in Beijing time.
pub(crate) fn when(ms: i64) -> String {
    let secs = Date::beijing_millis_of_day(ms) / 1000;
    format!(
        "{} {:02}:{:02}:{:02}",
        Date::from_unix_millis_beijing(ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn forbidden(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::Forbidden))
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<u32>,
}

impl AuditQuery {
    fn from_fields(f: &super::session::Fields) -> AuditQuery {
        AuditQuery {
            user: f.text("user"),
            action: f.text("action"),
            target: f.text("target"),
            from: f.text("from"),
            to: f.text("to"),
            page: f.get("page").and_then(|p| p.parse().ok()),
        }
    }

    /// The filter, or the names of the date fields that are not dates.
    fn filter(&self) -> (AuditFilter, Vec<&'static str>) {
        let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let mut bad = Vec::new();
        let mut day = |v: &str, name: &'static str| {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            Date::parse(v).map_err(|_| bad.push(name)).ok()
        };
        let from = day(&self.from, "from").map(Date::beijing_start_millis);
        let until = day(&self.to, "to").map(|d| d.add_days(1).beijing_start_millis());
        let f = AuditFilter {
            username: some(&self.user),
            action: some(&self.action),
            target: some(&self.target),
            from_ms: from,
            until_ms: until,
        };
        (f, bad)
    }

    /// The query string of this search at another page.
    fn link(&self, page: u32) -> String {
        format!(
            "/audit?user={}&action={}&target={}&from={}&to={}&page={page}",
            url_escape(self.user.trim()),
            url_escape(self.action.trim()),
            url_escape(self.target.trim()),
            url_escape(self.from.trim()),
            url_escape(self.to.trim()),
        )
    }
}

pub struct Line {
    pub id: i64,
    pub at: String,
    pub username: String,
    /// The person by name and unit (张三 · 某区教育局), when the entry names a user.
    pub who: String,
    /// The action's code (kept for the row's `data-action`) and in words.
    pub action: String,
    pub action_words: String,
    pub target: String,
    pub result: String,
    pub refused: bool,
    pub detail: String,
    /// Identity views of one person on one day, shown as one line (how many).
    pub grouped: usize,
}

/// Most targets a grouped line lists.
const GROUPED_TARGETS: usize = 6;

/// Folds runs of identity views by the same person on the same day into one line each, so a
/// day of reading does not bury the other entries (issue 12 item 8).
fn group_identity_views(lines: Vec<Line>, lang: Lang) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut targets: Vec<String> = Vec::new();
    for l in lines {
        let joins = out.last().is_some_and(|prev| {
            l.action == "view.identity"
                && prev.action == "view.identity"
                && prev.username == l.username
                && prev.at.get(..10) == l.at.get(..10)
        });
        if joins && let Some(prev) = out.last_mut() {
            prev.grouped += 1;
            targets.push(l.target);
            prev.target = joined(&targets, lang);
            continue;
        }
        targets = vec![l.target.clone()];
        out.push(l);
    }
    out
}

fn joined(targets: &[String], lang: Lang) -> String {
    let shown: Vec<&str> = targets
        .iter()
        .take(GROUPED_TARGETS)
        .map(String::as_str)
        .collect();
    let more = targets.len().saturating_sub(GROUPED_TARGETS);
    match (more, lang) {
        (0, _) => shown.join("、"),
        (_, Lang::Zh) => format!("{}等{}项", shown.join("、"), targets.len()),
        (_, Lang::En) => format!("{} and {more} more", shown.join(", ")),
    }
}

pub struct Verified {
    pub checked: u64,
    pub intact: bool,
    pub first: String,
    pub problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    c: Chrome,
    q: AuditQuery,
    /// The actions to search for, in words (code, words).
    actions: Vec<(String, String)>,
    lines: Vec<Line>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    bad_dates: bool,
    verified: Option<Verified>,
}

/// `GET /audit`.
pub async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Response {
    show(&s, &staff, q, None).await
}

/// `POST /audit/verify`: walks the whole chain and shows what it found.
pub async fn verify(State(s): State<AppState>, form: StaffForm) -> Response {
    let staff = form.staff;
    if !staff.user.may(Permission::ReadAudit) {
        return forbidden(&s, &staff);
    }
    let q = AuditQuery::from_fields(&form.fields);
    match s.app.verify_audit(Some(&staff.user)).await {
        Ok(r) => show(&s, &staff, q, Some(verified(r))).await,
        Err(e) => error_page(&s, &staff, &e),
    }
}

fn verified(r: AuditReport) -> Verified {
    Verified {
        checked: r.checked,
        intact: r.is_intact(),
        first: r.problems.first().cloned().unwrap_or_default(),
        problems: r.problems.into_iter().take(50).collect(),
    }
}

async fn show(s: &AppState, staff: &Staff, q: AuditQuery, verified: Option<Verified>) -> Response {
    if !staff.user.may(Permission::ReadAudit) {
        return forbidden(s, staff);
    }
    let (filter, bad) = q.filter();
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    // One more than a page tells whether there is a next one.
    let rows = if bad.is_empty() {
        match s
            .app
            .audit_search(&staff.user, &filter, page, PER_PAGE + 1)
            .await
        {
            Ok(rows) => rows,
            Err(e) => return error_page(s, staff, &e),
        }
    } else {
        Vec::new()
    };
    let more = rows.len() > PER_PAGE as usize;
    let lang = staff.lang;
    let org = s.app.org();
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.entry.user_id).collect();
    let names = s.app.user_names(&ids).await.unwrap_or_default();
    let lines = rows
        .into_iter()
        .take(PER_PAGE as usize)
        .map(|r| {
            let name = names
                .iter()
                .find(|(id, _)| Some(*id) == r.entry.user_id)
                .map(|(_, n)| n.clone());
            let unit = r
                .entry
                .unit_id
                .and_then(|u| org.get(u))
                .map(|u| u.name.clone());
            Line {
                id: r.id,
                at: when(r.entry.at),
                who: match (name, unit) {
                    (Some(n), Some(u)) => format!("{n} · {u}"),
                    (Some(n), None) => n,
                    _ => String::new(),
                },
                username: r.entry.username,
                action_words: action_words(&r.entry.action, lang),
                action: r.entry.action,
                target: r.entry.target,
                refused: r.entry.result != "ok",
                result: result_words(&r.entry.result, lang),
                detail: r.entry.detail,
                grouped: 1,
            }
        })
        .collect();
    let lines = group_identity_views(lines, lang);
    let t = super::i18n::msgs(staff.lang);
    render(&AuditPage {
        c: Chrome::new(s, staff, "audit", t.audit_title),
        prev: (page > 1).then(|| q.link(page - 1)),
        next: more.then(|| q.link(page + 1)),
        page,
        lines,
        bad_dates: !bad.is_empty(),
        verified,
        actions: action_choices(lang),
        q,
    })
}

#[derive(Deserialize, Default)]
pub struct SignInQuery {
    #[serde(default)]
    user: String,
}

pub struct SignInLine {
    pub at: String,
    pub username: String,
    pub address: String,
    pub success: bool,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "staff/sign_ins.html")]
struct SignInsPage {
    c: Chrome,
    user: String,
    lines: Vec<SignInLine>,
    is_auditor: bool,
}

/// `GET /audit/sign-ins`: sign-in attempts, newest first, optionally of one user.
pub async fn sign_ins(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SignInQuery>,
) -> Response {
    if !staff.user.may(Permission::ReadSignIns) {
        return forbidden(&s, &staff);
    }
    let user = q.user.trim().to_owned();
    let who = Some(user.as_str()).filter(|u| !u.is_empty());
    let rows = match s.app.sign_in_history(&staff.user, who, 200).await {
        Ok(r) => r,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lines = rows
        .into_iter()
        .map(|r| SignInLine {
            at: when(r.at),
            username: r.username,
            address: r.address,
            success: r.success,
            reason: r.reason,
        })
        .collect();
    let t = super::i18n::msgs(staff.lang);
    render(&SignInsPage {
        c: Chrome::new(&s, &staff, "sign_ins", t.sign_ins_title),
        is_auditor: staff.user.may(Permission::ReadAudit),
        user,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_beijing() {
        // 2026-06-30T00:00:00+08:00
        let d = Date::parse("2026-06-30")
            .map(Date::beijing_start_millis)
            .unwrap_or(0);
        assert_eq!(when(d), "2026-06-30 00:00:00");
        assert_eq!(when(d + 3_723_000), "2026-06-30 01:02:03");
    }
}
