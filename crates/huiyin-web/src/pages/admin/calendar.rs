//! `GET /admin/calendar?year=`: one year of the holiday calendar as twelve months and a list;
//! `POST /admin/calendar`: add, change or remove a day, or replace the year's TOML, through
//! the app's `update_calendar`, which re-times every open case; the page then says how many.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_core::Date;
use huiyin_core::calendar::{CalendarYear, DayKind, HolidayCalendar};
use huiyin_core::calendar_input::{DayEdit, DayEditForm};
use serde::Deserialize;

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, form_status, render_status};
use crate::pages::i18n::{msgs, pick};
use crate::pages::session::{Fields, Staff, StaffForm};

pub struct DayCell {
    pub day: u32,
    /// "off", "mk" (make-up working day), "we" (weekend) or "".
    pub class: &'static str,
    pub title: String,
}

pub struct Month {
    pub label: String,
    pub weeks: Vec<Vec<Option<DayCell>>>,
}

pub struct EntryLine {
    pub date: String,
    pub weekday: &'static str,
    pub off: bool,
    pub name: String,
}

#[derive(Template)]
#[template(path = "staff/admin/calendar.html")]
struct CalendarPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    year: i32,
    years: Vec<(i32, bool)>,
    loaded: bool,
    /// The loaded year is marked complete (its deadlines are official).
    complete: bool,
    source: String,
    months: Vec<Month>,
    heads: Vec<String>,
    entries: Vec<EntryLine>,
    toml: String,
    fb: Feedback,
    prev: Fields,
}

impl CalendarPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

#[derive(Deserialize, Default)]
pub struct CalendarQuery {
    year: Option<i32>,
    retimed: Option<u64>,
    /// Days just loaded from the State Council's notice.
    loaded: Option<usize>,
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

pub async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<CalendarQuery>,
) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let a = admin_msgs(staff.lang);
    let fb = match (p.retimed, p.loaded) {
        (Some(n), Some(days)) => Feedback::done(match staff.lang {
            Lang::Zh => format!(
                "已从国务院通知载入{days}天，已重算期限的事项数：{n}。本年度尚未确认完整，核对后请点击“确认本年度安排完整”。"
            ),
            Lang::En => format!(
                "{days} days loaded from the State Council notice; cases re-timed: {n}. The year is not confirmed complete yet: check it, then confirm."
            ),
        }),
        (Some(n), None) => Feedback::done(format!(
            "{} {}{}{n}",
            a.calendar_saved,
            msgs(staff.lang).retimed,
            pick(staff.lang, "", " ")
        )),
        (None, _) => Feedback::default(),
    };
    let year = p.year.unwrap_or_else(|| s.app.today().year());
    render_page(&s, &staff, year, fb, Fields::default(), StatusCode::OK)
}

fn year_toml(y: &CalendarYear) -> String {
    HolidayCalendar::new(vec![y.clone()])
        .map(|c| c.to_toml())
        .unwrap_or_default()
}

pub(super) fn render_page(
    s: &AppState,
    staff: &Staff,
    year: i32,
    fb: Feedback,
    prev: Fields,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let a = admin_msgs(lang);
    let cal = s.app.calendar();
    let this = s.app.today().year();
    let year = year.clamp(1990, 2100);
    let mut years: Vec<i32> = cal.years().iter().map(|y| y.year).collect();
    years.extend([this, this + 1, year]);
    years.sort_unstable();
    years.dedup();
    let loaded = cal.year(year);
    let months = (1..=12).map(|m| month(&cal, year, m, lang)).collect();
    let entries = loaded
        .map(|y| {
            y.entries
                .iter()
                .map(|e| EntryLine {
                    date: e.date.to_string(),
                    weekday: weekday(e.date, lang),
                    off: e.kind == DayKind::Off,
                    name: e.name.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let toml = match prev.get("toml") {
        Some(t) => t.to_owned(),
        None => loaded.map(year_toml).unwrap_or_else(|| {
            format!("[[year]]\nyear = {year}\nsource = \"\"\noff = [\n]\nworkdays = [\n]\n")
        }),
    };
    let page = CalendarPage {
        c: Chrome::new(s, staff, "admin", msgs(lang).admin_calendar),
        a,
        tabs: tabs(lang, "/admin/calendar"),
        year,
        years: years.into_iter().map(|y| (y, y == year)).collect(),
        loaded: loaded.is_some(),
        complete: loaded.is_some_and(|y| y.complete),
        source: loaded.map(|y| y.source.clone()).unwrap_or_default(),
        months,
        heads: a.wd_heads.chars().map(String::from).collect(),
        entries,
        toml,
        fb,
        prev,
    };
    render_status(status, &page)
}

fn weekday(d: Date, lang: Lang) -> &'static str {
    let w = d.weekday();
    pick(lang, w.zh(), WEEKDAYS_EN[w as usize])
}

fn month(cal: &HolidayCalendar, year: i32, m: u32, lang: Lang) -> Month {
    let label = match lang {
        Lang::Zh => format!("{m}月"),
        Lang::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][(m as usize).saturating_sub(1) % 12]
            .to_owned(),
    };
    let Some(first) = Date::from_ymd(year, m, 1) else {
        return Month {
            label,
            weeks: Vec::new(),
        };
    };
    let mut cells: Vec<Option<DayCell>> = (0..first.weekday() as usize).map(|_| None).collect();
    let mut d = first;
    while d.ymd().1 == m {
        let (class, title) = match cal.entry(d) {
            Some(e) if e.kind == DayKind::Off => ("off", e.name.clone()),
            Some(e) => ("mk", e.name.clone()),
            None if d.weekday().is_weekend() => ("we", String::new()),
            None => ("", String::new()),
        };
        cells.push(Some(DayCell {
            day: d.ymd().2,
            class,
            title,
        }));
        d = d.add_days(1);
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let mut weeks = Vec::with_capacity(6);
    let mut it = cells.into_iter().peekable();
    while it.peek().is_some() {
        weeks.push(it.by_ref().take(7).collect());
    }
    Month { label, weeks }
}

pub async fn save(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let year = fields
        .get("year")
        .and_then(|v| v.parse::<i32>().ok())
        .unwrap_or_else(|| s.app.today().year());
    let a = admin_msgs(lang);
    let t = msgs(lang);
    let labels = [
        ("date", a.date),
        ("kind", a.kind),
        ("name", a.holiday),
        ("calendar", t.admin_calendar),
        ("year", a.year),
    ];
    // The whole year's TOML, or one day changed (read as the API reads it).
    let result = if fields.get("op") == Some("toml") {
        s.app
            .update_calendar(Some(&staff.user), &fields.text("toml"))
            .await
    } else if fields.get("op") == Some("complete") {
        s.app.complete_calendar_year(Some(&staff.user), year).await
    } else {
        match DayEdit::try_from(fields.read::<DayEditForm>(&[])) {
            Ok(edit) => s.app.edit_calendar_day(Some(&staff.user), edit).await,
            Err(e) => Err(e.into()),
        }
    };
    match result {
        Ok(n) => {
            Redirect::to(&format!("/admin/calendar?year={year}&retimed={}", n.read)).into_response()
        }
        Err(e) => {
            let fb = Feedback::failed(&e, lang, &labels);
            render_page(&s, &staff, year, fb, fields, form_status(&e))
        }
    }
}
