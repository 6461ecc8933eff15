//! Deadline arithmetic (DOMAIN.md §8.3, requirement 17), with an explanation a clerk can read.
//!
//! - The event day is not counted; counting starts the next day (民法典 Art. 201).
//! - Calendar-day periods count every day; if the last day is a rest day (weekend or holiday,
//!   法定休假日) the deadline moves to the next working day (民法典 Art. 203).
//! - Working-day periods count working days only; make-up working days (调休上班) count.
//! - Paused days (e.g. a 复核 hearing, Art. 36 ¶2) are not counted, and a deadline never falls on one.
//! - In a year whose calendar is not loaded, weekends still rest but holidays are unknown: the
//!   deadline is marked provisional.
//!
//! Extensions: there is no separate function. An extended handling deadline is
//! `compute_due(accepted_on, handling.extended_by(extension_days), …)`, i.e. one period of
//! 60 + 30 days from acceptance, as in the §8.3 row "60 + 30 days".

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::calendar::{DayKind, HolidayCalendar, HolidayEntry};
use crate::date::Date;
use crate::rules::{DayCount, Period};

/// The most days examined after the start; beyond it the result is marked provisional.
pub const SCAN_CAP_DAYS: i32 = 3660;

/// Days `from..=to` (both included) that do not count, such as a hearing (Art. 36 ¶2).
///
/// A hearing still open is passed with `to` = today: the deadline then moves one day later for
/// every day the hearing stays open, and is recomputed when it closes. A pause with `to`
/// before `from` is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: Date,
    pub to: Date,
}

/// Why a day was passed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum SkipReason {
    Weekend,
    /// A day off of the official calendar, with the holiday's name.
    Holiday(String),
    Paused,
}

/// Consecutive days passed over for the same reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRun {
    pub from: Date,
    pub to: Date,
    pub reason: SkipReason,
}

/// A calendar-day period whose last day was a rest day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollForward {
    pub from: Date,
    pub reason: SkipReason,
    pub to: Date,
}

/// How a deadline was reached, as data; `zh()` and `en()` render it as one sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub start: Date,
    pub period: Period,
    /// The last counted day, before any roll-forward.
    pub raw_end: Date,
    /// Days not counted inside the period: paused days, and for working-day periods also
    /// weekends and holidays.
    pub skipped: Vec<SkippedRun>,
    /// Make-up working days that counted (working-day periods) or on which the period ended.
    pub makeup_days: Vec<HolidayEntry>,
    pub rolled_forward: Option<RollForward>,
    /// Years examined whose holiday calendar is not loaded.
    pub missing_years: Vec<i32>,
    /// The scan stopped at [`SCAN_CAP_DAYS`].
    pub capped: bool,
    pub due_on: Date,
}

/// A computed deadline. `provisional` means a year's holidays were unknown or the scan was capped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub start: Date,
    pub period: Period,
    pub due_on: Date,
    pub provisional: bool,
    pub explanation: Explanation,
}

struct Scan<'a> {
    cal: &'a HolidayCalendar,
    pauses: &'a [Pause],
    day: Date,
    examined: i32,
    skipped: Vec<SkippedRun>,
    missing: BTreeSet<i32>,
    capped: bool,
}

impl Scan<'_> {
    /// Moves to the next day; false (and `capped`) once the cap is reached.
    fn step(&mut self) -> bool {
        if self.examined >= SCAN_CAP_DAYS {
            self.capped = true;
            return false;
        }
        self.day = self.day.add_days(1);
        self.examined += 1;
        if !self.cal.has_year(self.day.year()) {
            self.missing.insert(self.day.year());
        }
        true
    }

    fn paused(&self, d: Date) -> bool {
        self.pauses.iter().any(|p| p.from <= d && d <= p.to)
    }

    /// Why `d` is not a working day, or `None` if it is one.
    fn rest_reason(&self, d: Date) -> Option<SkipReason> {
        if self.paused(d) {
            return Some(SkipReason::Paused);
        }
        match self.cal.entry(d) {
            Some(e) if e.kind == DayKind::Off => Some(SkipReason::Holiday(e.name.clone())),
            Some(_) => None,
            None => d.weekday().is_weekend().then_some(SkipReason::Weekend),
        }
    }

    fn skip(&mut self, reason: SkipReason) {
        let d = self.day;
        match self.skipped.last_mut() {
            Some(run) if run.reason == reason && run.to.add_days(1) == d => run.to = d,
            _ => self.skipped.push(SkippedRun {
                from: d,
                to: d,
                reason,
            }),
        }
    }

    fn makeup(&self, d: Date) -> Option<HolidayEntry> {
        self.cal
            .entry(d)
            .filter(|e| e.kind == DayKind::Workday)
            .cloned()
    }
}

/// The overdue rule: a deadline is met on its due day, and overdue from the next day.
pub fn is_overdue(due_on: Date, today: Date) -> bool {
    due_on < overdue_if_due_before(today)
}

/// Deadlines due before this day are overdue today: what statements compare a due day with
/// (`next_due_on < $1`), so that SQL receives the rule's result instead of restating it.
pub fn overdue_if_due_before(today: Date) -> Date {
    today
}

/// The days a deadline is "due soon" on today (催办 comes this many days ahead, the rules'
/// `due_soon_days`): from today (not yet overdue) through `lead_days` ahead, both included.
pub fn due_soon_window(today: Date, lead_days: u32) -> (Date, Date) {
    let lead = i32::try_from(lead_days).unwrap_or(i32::MAX / 2);
    (overdue_if_due_before(today), today.add_days(lead))
}

/// Whether a deadline due on `due_on` is due soon today ([`due_soon_window`]).
pub fn is_due_soon(due_on: Date, today: Date, lead_days: u32) -> bool {
    let (first, last) = due_soon_window(today, lead_days);
    due_on >= first && due_on <= last
}

/// The deadline of `period` counted from the event day `start` (see the module docs).
/// A zero-day period ends on `start` itself (moved forward if that is a rest day, for
/// calendar-day periods). Never loops forever: at most [`SCAN_CAP_DAYS`] days are examined.
pub fn compute_due(
    start: Date,
    period: Period,
    cal: &HolidayCalendar,
    pauses: &[Pause],
) -> Deadline {
    let mut s = Scan {
        cal,
        pauses,
        day: start,
        examined: 0,
        skipped: vec![],
        missing: BTreeSet::new(),
        capped: false,
    };
    let mut makeup_days = Vec::new();
    let mut counted = 0;
    while counted < period.days && s.step() {
        match s.rest_reason(s.day) {
            Some(SkipReason::Paused) => s.skip(SkipReason::Paused),
            Some(reason) if period.count == DayCount::Working => s.skip(reason),
            _ => {
                counted += 1;
                makeup_days.extend(
                    s.makeup(s.day)
                        .filter(|_| period.count == DayCount::Working),
                );
            }
        }
    }
    let raw_end = s.day;
    let mut rolled_forward = None;
    if period.count == DayCount::Calendar && !s.capped {
        match s.rest_reason(raw_end) {
            Some(reason) => {
                while s.rest_reason(s.day).is_some() && s.step() {}
                rolled_forward = Some(RollForward {
                    from: raw_end,
                    reason,
                    to: s.day,
                });
            }
            None => makeup_days.extend(s.makeup(raw_end)),
        }
    }
    let explanation = Explanation {
        start,
        period,
        raw_end,
        skipped: s.skipped,
        makeup_days,
        rolled_forward,
        missing_years: s.missing.into_iter().collect(),
        capped: s.capped,
        due_on: s.day,
    };
    let provisional = explanation.capped || !explanation.missing_years.is_empty();
    Deadline {
        start,
        period,
        due_on: s.day,
        provisional,
        explanation,
    }
}

/// `2026-10-01`, or `2026-10-01至10-07` for a run within one year.
fn span(from: Date, to: Date, sep: &str) -> String {
    match (from == to, from.year() == to.year()) {
        (true, _) => from.to_string(),
        (false, true) => format!("{from}{sep}{}", &to.to_string()[5..]),
        (false, false) => format!("{from}{sep}{to}"),
    }
}

impl Explanation {
    /// One Chinese sentence for the clerk, e.g. "自2025-12-17（事件当日不计）起算60个自然日，
    /// 期满日2026-02-15（周日，春节）为法定休假日，顺延至其后第一个工作日2026-02-24（周二）。"
    pub fn zh(&self) -> String {
        self.render(false)
    }

    /// The same in English (holiday names stay in Chinese).
    pub fn en(&self) -> String {
        self.render(true)
    }

    fn render(&self, en: bool) -> String {
        let (to, sep, and, comma, open, close) = match en {
            true => (" to ", ", ", " and ", ", ", " (", ")"),
            false => ("至", "、", "及", "，", "（", "）"),
        };
        let weekday = |d: Date| match en {
            true => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday() as usize],
            false => d.weekday().zh(),
        };
        let pick = |zh: String, english: String| if en { english } else { zh };
        let paren = |s: &str| format!("{open}{s}{close}");
        let day = |d: Date| format!("{d}{}", paren(weekday(d)));
        let list = |mut items: Vec<String>| {
            let last = items.pop().unwrap_or_default();
            match items.is_empty() {
                true => last,
                false => format!("{}{}{last}", items.join(sep), and),
            }
        };
        let (start, n, count) = (self.start, self.period.days, self.period.count);
        let mut out = pick(
            format!("自{start}（事件当日不计）起算{n}个{}", count.zh()),
            format!(
                "Counting {n} {} from {start} (the event day is not counted)",
                count.en()
            ),
        );
        let mut skipped = Vec::new();
        let mut weekend = 0;
        for r in &self.skipped {
            let dates = paren(&span(r.from, r.to, to));
            match &r.reason {
                SkipReason::Holiday(name) => skipped.push(format!("{name}{dates}")),
                SkipReason::Paused => skipped.push(pick(
                    format!("暂停计算期间{dates}"),
                    format!("a pause{dates}"),
                )),
                SkipReason::Weekend => weekend += r.from.days_until(r.to) + 1,
            }
        }
        if weekend > 0 {
            let s = if weekend == 1 { "" } else { "s" };
            skipped.push(pick(
                format!("周末{weekend}天"),
                format!("{weekend} weekend day{s}"),
            ));
        }
        if !skipped.is_empty() {
            out += &pick(
                format!("，跳过{}", list(skipped.clone())),
                format!(", skipping {}", list(skipped)),
            );
        }
        let due = self.due_on;
        if self.capped {
            out += &pick(
                format!("，计算超过{SCAN_CAP_DAYS}天上限，暂定截止{}。", day(due)),
                format!(
                    ": the scan stopped at {SCAN_CAP_DAYS} days; provisionally due {}.",
                    day(due)
                ),
            );
        } else if count == DayCount::Working {
            if !self.makeup_days.is_empty() {
                let days = list(self.makeup_days.iter().map(|m| day(m.date)).collect());
                let (is, s) = match self.makeup_days.len() {
                    1 => ("is a make-up working day", "s"),
                    _ => ("are make-up working days", ""),
                };
                out += &pick(
                    format!("；{days}为调休上班日，计入"),
                    format!("; {days} {is} and count{s}"),
                );
            }
            out += &pick(
                format!("，截止{}。", day(due)),
                format!("; due {}.", day(due)),
            );
        } else if let Some(r) = &self.rolled_forward {
            let wd = weekday(r.from);
            let what = match &r.reason {
                SkipReason::Holiday(name) => paren(&format!("{wd}{comma}{name}")),
                _ => paren(wd),
            };
            let (from, to) = (r.from, day(due));
            out += &pick(
                format!("，期满日{from}{what}为法定休假日，顺延至其后第一个工作日{to}。"),
                format!(
                    ": the period ends on {from}{what}, a rest day, so it moves to the next working day, {to}."
                ),
            );
        } else {
            let (zh, english) = match self.makeup_days.is_empty() {
                true => ("工作日", "a working day"),
                false => ("调休上班日", "a make-up working day"),
            };
            out += &pick(
                format!("，期满日{}为{zh}，截止{due}。", day(due)),
                format!(": the period ends on {}, {english}; due {due}.", day(due)),
            );
        }
        if !self.missing_years.is_empty() {
            let years: Vec<String> = self.missing_years.iter().map(i32::to_string).collect();
            out += &pick(
                format!("{}年节假日安排未载入，截止日期为暂定。", years.join("、")),
                format!(
                    " No holiday calendar is loaded for {}; this deadline is provisional.",
                    years.join(", ")
                ),
            );
        }
        out
    }
}

#[cfg(test)]
#[path = "deadline_tests.rs"]
mod tests;
