//! `POST /admin/calendar/notice`: a year of the holiday calendar loaded from the State
//! Council's notice (issue 12 item 9). `op=preview` shows the days read, what they change and
//! how many open cases will be re-timed; `op=confirm` loads them through the app (the year stays
//! not complete until the administrator marks it) and comes back to the calendar. Text that
//! cannot be read comes back to the calendar page with the text kept and the line named.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{NoticeDay, NoticePreview};
use huiyin_core::Date;
use huiyin_core::calendar::{DayKind, HolidayEntry};

use super::calendar::render_page;
use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, form_status, render_status};
use crate::pages::i18n::{msgs, pick};
use crate::pages::session::StaffForm;

/// One row of the preview table.
pub struct Row {
    pub date: String,
    pub weekday: &'static str,
    pub off: bool,
    pub name: String,
    /// "added", "changed", "same" or "removed".
    pub change: &'static str,
    pub change_label: &'static str,
}

#[derive(Template)]
#[template(path = "staff/admin/calendar_notice.html")]
struct PreviewPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    fb: Feedback,
    year: i32,
    text: String,
    rows: Vec<Row>,
    was_complete: bool,
    summary: String,
    confirm_label: String,
}

fn row(e: &HolidayEntry, change: &'static str, lang: Lang) -> Row {
    let change_label = match change {
        "added" => pick(lang, "新增", "added"),
        "changed" => pick(lang, "修改", "changed"),
        "removed" => pick(lang, "删除", "removed"),
        _ => pick(lang, "不变", "unchanged"),
    };
    Row {
        date: e.date.to_string(),
        weekday: weekday(e.date, lang),
        off: e.kind == DayKind::Off,
        name: e.name.clone(),
        change,
        change_label,
    }
}

fn weekday(d: Date, lang: Lang) -> &'static str {
    let w = d.weekday();
    pick(
        lang,
        w.zh(),
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w as usize],
    )
}

fn rows(p: &NoticePreview, lang: Lang) -> Vec<Row> {
    let day = |d: &NoticeDay| row(&d.entry, d.change, lang);
    let mut out: Vec<Row> = p.previous.iter().chain(&p.entries).map(day).collect();
    out.extend(p.removed.iter().map(|e| row(e, "removed", lang)));
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

pub async fn notice(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let a = admin_msgs(lang);
    let year = fields
        .get("year")
        .and_then(|v| v.trim().parse::<i32>().ok())
        .unwrap_or_else(|| s.app.today().year());
    let text = fields.text("notice");
    let labels = [
        ("text", pick(lang, "通知全文", "Notice text")),
        ("year", a.year),
    ];
    if fields.get("op") == Some("edit") {
        return render_page(
            &s,
            &staff,
            year,
            Feedback::default(),
            fields,
            StatusCode::OK,
        );
    }
    let preview = if fields.get("op") == Some("confirm") {
        match s
            .app
            .load_calendar_notice(Some(&staff.user), year, &text)
            .await
        {
            Ok(done) => {
                let to = format!(
                    "/admin/calendar?year={year}&retimed={}&loaded={}",
                    done.retimed,
                    done.entries.len() + done.previous.len()
                );
                return Redirect::to(&to).into_response();
            }
            Err(e) => Err(e),
        }
    } else {
        s.app
            .preview_calendar_notice(Some(&staff.user), year, &text)
            .await
    };
    let preview = match preview {
        Ok(p) => p,
        Err(e) => {
            let fb = Feedback::failed(&e, lang, &labels);
            return render_page(&s, &staff, year, fb, fields, form_status(&e));
        }
    };
    let rows = rows(&preview, lang);
    let kind = |k: DayKind| {
        preview
            .previous
            .iter()
            .chain(&preview.entries)
            .filter(|d| d.entry.kind == k)
            .count()
    };
    let n = preview.open_cases;
    let (off_days, workdays) = (kind(DayKind::Off), kind(DayKind::Workday));
    let (added, changed, removed) = (preview.added, preview.changed, preview.removed.len());
    let summary = match lang {
        Lang::Zh => format!(
            "读出放假{off_days}天、调休上班{workdays}天：新增{added}天，修改{changed}天，删除{removed}天。"
        ),
        Lang::En => format!(
            "{off_days} days off and {workdays} make-up working days read: {added} added, {changed} changed, {removed} removed."
        ),
    };
    let page = PreviewPage {
        c: Chrome::new(&s, &staff, "admin", msgs(lang).admin_calendar),
        a,
        tabs: tabs(lang, "/admin/calendar"),
        fb: Feedback::default(),
        year,
        text,
        was_complete: preview.was_complete,
        summary,
        confirm_label: match lang {
            Lang::Zh => format!("导入并重算{n}件在办案件期限"),
            Lang::En => format!("Load and re-time the deadlines of {n} open cases"),
        },
        rows,
    };
    render_status(StatusCode::OK, &page)
}
