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

use super::chrome::{Chrome, error_page, render};
use super::session::{Staff, StaffForm, url_escape};
use crate::AppState;

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
    pub action: String,
    pub target: String,
    pub result: String,
    pub detail: String,
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
    let lines = rows
        .into_iter()
        .take(PER_PAGE as usize)
        .map(|r| Line {
            id: r.id,
            at: when(r.entry.at),
            username: r.entry.username,
            action: r.entry.action,
            target: r.entry.target,
            result: r.entry.result,
            detail: r.entry.detail,
        })
        .collect();
    let t = super::i18n::msgs(staff.lang);
    render(&AuditPage {
        c: Chrome::new(s, staff, "audit", t.audit_title),
        prev: (page > 1).then(|| q.link(page - 1)),
        next: more.then(|| q.link(page + 1)),
        page,
        lines,
        bad_dates: !bad.is_empty(),
        verified,
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
