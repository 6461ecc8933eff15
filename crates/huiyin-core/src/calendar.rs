//! The official holiday calendar as data (DOMAIN.md §8.1–8.2, requirement 18): for each loaded
//! year, the days off (放假) and make-up working days (调休上班) set by the 国务院办公厅 notice,
//! with the notice named as the source. Days not listed follow the ordinary week.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The shipped calendar (2024–2026), checked by the test `official_file_is_valid`.
const OFFICIAL_TOML: &str = include_str!("../data/holidays.toml");

/// What an entry says about its day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off (放假), whatever day of the week it is.
    Off,
    /// A make-up working day (调休上班): a Saturday or Sunday that is worked.
    Workday,
}

/// One listed day of the official calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayEntry {
    pub date: Date,
    pub kind: DayKind,
    /// The holiday the day belongs to, e.g. 春节 (for a make-up day: the holiday it was swapped for).
    pub name: String,
}

/// One year's schedule and the notice it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub source: String,
    pub entries: Vec<HolidayEntry>,
    /// An administrator confirmed the year holds the whole notice (issue 12 item 9). A year
    /// loaded whole (the shipped file, a year's TOML) is complete unless it says
    /// `complete = false`; a year begun by entering one day is not, and until it is marked
    /// complete its deadlines stay provisional (暂定).
    #[serde(default = "complete_by_default")]
    pub complete: bool,
}

fn complete_by_default() -> bool {
    true
}

/// The loaded years, and their entries indexed by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: Vec<CalendarYear>,
    by_date: BTreeMap<Date, HolidayEntry>,
}

/// Why calendar data was refused. Every variant has the stable code `calendar.invalid`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the holiday calendar is not valid TOML of the expected shape: {0}")]
    Syntax(String),
    #[error("year {0} is listed twice")]
    DuplicateYear(i32),
    #[error("year {0} names no source notice")]
    MissingSource(i32),
    #[error("{date} has no holiday name")]
    MissingName { date: Date },
    #[error("{date} ({name}) is listed under year {year} but lies outside it")]
    OutsideYear { year: i32, date: Date, name: String },
    #[error("{date} ({name}) is listed twice")]
    DuplicateDate { date: Date, name: String },
    #[error("the range {from} to {to} ({name}) ends before it starts")]
    BadRange { from: Date, to: Date, name: String },
    #[error(
        "make-up working day {date} ({name}) is a weekday; make-up days fall on Saturdays or Sundays"
    )]
    WorkdayOnWeekday { date: Date, name: String },
}

impl CalendarError {
    /// The stable error code (matches `ErrorCode::CalendarInvalid`).
    pub fn code(&self) -> &'static str {
        "calendar.invalid"
    }

    /// The message for users, naming the entry at fault.
    pub fn zh(&self) -> String {
        match self {
            CalendarError::Syntax(e) => format!("节假日安排数据格式有误：{e}"),
            CalendarError::DuplicateYear(y) => format!("{y}年重复列出"),
            CalendarError::MissingSource(y) => format!("{y}年未注明依据的通知"),
            CalendarError::MissingName { date } => format!("{date}未写明节日名称"),
            CalendarError::OutsideYear { year, date, name } => {
                format!("{date}（{name}）列在{year}年下，但不属于该年")
            }
            CalendarError::DuplicateDate { date, name } => format!("{date}（{name}）重复列出"),
            CalendarError::BadRange { from, to, name } => {
                format!("{from}至{to}（{name}）的结束日期早于开始日期")
            }
            CalendarError::WorkdayOnWeekday { date, name } => {
                format!("{date}（{name}）是周一至周五，不能列为调休上班日")
            }
        }
    }

    pub fn en(&self) -> String {
        self.to_string()
    }
}

/// The file shape: `[[year]] year, source, off = [{from, to?, name}], workdays = [{date, name}]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    year: Vec<FileYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    source: String,
    #[serde(default = "complete_by_default")]
    complete: bool,
    #[serde(default)]
    off: Vec<FileOff>,
    #[serde(default)]
    workdays: Vec<FileWorkday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOff {
    from: Date,
    to: Option<Date>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileWorkday {
    date: Date,
    name: String,
}

impl HolidayCalendar {
    /// The calendar shipped with the program (`data/holidays.toml`: 2024, 2025, 2026).
    ///
    /// Cannot panic. The embedded file is parsed by a unit test, so a broken file cannot pass
    /// the test suite; if parsing failed anyway, the result is the empty calendar, in which
    /// every year counts as not loaded, so every deadline is flagged provisional rather than
    /// silently computed without holidays.
    pub fn official() -> HolidayCalendar {
        HolidayCalendar::from_toml(OFFICIAL_TOML).unwrap_or_default()
    }

    /// A calendar with no year loaded.
    pub fn empty() -> HolidayCalendar {
        HolidayCalendar::default()
    }

    /// Builds a calendar from whole years, validating them (see [`HolidayCalendar::from_toml`]).
    pub fn new(years: Vec<CalendarYear>) -> Result<HolidayCalendar, CalendarError> {
        let mut years = years;
        years.sort_by_key(|y| y.year);
        let mut by_date = BTreeMap::new();
        let mut seen_years = BTreeSet::new();
        for y in &mut years {
            if !seen_years.insert(y.year) {
                return Err(CalendarError::DuplicateYear(y.year));
            }
            if y.source.trim().is_empty() {
                return Err(CalendarError::MissingSource(y.year));
            }
            y.entries.sort_by_key(|e| e.date);
            for e in &y.entries {
                check_entry(y.year, e)?;
                if by_date.insert(e.date, e.clone()).is_some() {
                    let (date, name) = (e.date, e.name.clone());
                    return Err(CalendarError::DuplicateDate { date, name });
                }
            }
        }
        Ok(HolidayCalendar { years, by_date })
    }

    /// Parses the file format of `data/holidays.toml`. Refused: bad TOML or unknown keys, a
    /// year listed twice or without source, an entry outside its year, a date listed twice, a
    /// range ending before it starts, a make-up working day on a Monday–Friday. (A day off on a
    /// Saturday or Sunday is allowed: notices include weekends in holiday ranges.)
    pub fn from_toml(text: &str) -> Result<HolidayCalendar, CalendarError> {
        let doc: FileDoc =
            toml::from_str(text).map_err(|e| CalendarError::Syntax(e.to_string()))?;
        let mut years = Vec::with_capacity(doc.year.len());
        for fy in doc.year {
            let mut entries = Vec::new();
            for FileOff { from, to, name } in fy.off {
                let to = to.unwrap_or(from);
                if to < from {
                    return Err(CalendarError::BadRange { from, to, name });
                }
                // Checked here so that a range is at most a year long.
                if let Some(date) = [from, to].into_iter().find(|d| d.year() != fy.year) {
                    return Err(CalendarError::OutsideYear {
                        year: fy.year,
                        date,
                        name,
                    });
                }
                let days = 0..=from.days_until(to);
                let kind = DayKind::Off;
                entries.extend(days.map(|i| HolidayEntry {
                    date: from.add_days(i),
                    kind,
                    name: name.clone(),
                }));
            }
            let kind = DayKind::Workday;
            entries.extend(fy.workdays.into_iter().map(|w| HolidayEntry {
                date: w.date,
                kind,
                name: w.name,
            }));
            years.push(CalendarYear {
                year: fy.year,
                source: fy.source,
                entries,
                complete: fy.complete,
            });
        }
        HolidayCalendar::new(years)
    }

    /// Writes the calendar in the format of `data/holidays.toml` (comments are not kept);
    /// `from_toml(&cal.to_toml())` gives back an equal calendar.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for y in &self.years {
            let _ = write!(
                out,
                "[[year]]\nyear = {}\nsource = {}\n{}off = [\n",
                y.year,
                quote(&y.source),
                if y.complete { "" } else { "complete = false\n" }
            );
            let offs: Vec<&HolidayEntry> = y
                .entries
                .iter()
                .filter(|e| e.kind == DayKind::Off)
                .collect();
            for run in offs.chunk_by(|a, b| a.name == b.name && b.date == a.date.add_days(1)) {
                let (Some(first), Some(last)) = (run.first(), run.last()) else {
                    continue;
                };
                let to = match run.len() {
                    1 => String::new(),
                    _ => format!(", to = \"{}\"", last.date),
                };
                let _ = writeln!(
                    out,
                    "  {{ from = \"{}\"{to}, name = {} }},",
                    first.date,
                    quote(&first.name)
                );
            }
            out.push_str("]\nworkdays = [\n");
            for w in y.entries.iter().filter(|e| e.kind == DayKind::Workday) {
                let _ = writeln!(
                    out,
                    "  {{ date = \"{}\", name = {} }},",
                    w.date,
                    quote(&w.name)
                );
            }
            out.push_str("]\n\n");
        }
        out
    }

    /// Returns a copy with `year` added, replacing a loaded year of the same number.
    pub fn with_year(&self, year: CalendarYear) -> Result<HolidayCalendar, CalendarError> {
        let mut years: Vec<CalendarYear> = self
            .years
            .iter()
            .filter(|y| y.year != year.year)
            .cloned()
            .collect();
        years.push(year);
        HolidayCalendar::new(years)
    }

    /// The loaded years, in ascending order.
    pub fn years(&self) -> &[CalendarYear] {
        &self.years
    }

    pub fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Whether the official schedule of `year` is loaded and marked complete. Where it is not,
    /// holidays are unknown (a year begun day by day may lack some).
    pub fn has_year(&self, year: i32) -> bool {
        self.year(year).is_some_and(|y| y.complete)
    }

    /// The listed entry for a day, if any.
    pub fn entry(&self, date: Date) -> Option<&HolidayEntry> {
        self.by_date.get(&date)
    }

    /// A working day: Monday–Friday and not a day off, or a make-up working day (调休上班).
    /// In a year that is not loaded only the ordinary week applies.
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.entry(date).map(|e| e.kind) {
            Some(DayKind::Off) => false,
            Some(DayKind::Workday) => true,
            None => !date.weekday().is_weekend(),
        }
    }

    /// A rest day (法定休假日 in the wide reading of DOMAIN.md §8.3: weekends and holidays).
    pub fn is_rest_day(&self, date: Date) -> bool {
        !self.is_working_day(date)
    }
}

fn check_entry(year: i32, e: &HolidayEntry) -> Result<(), CalendarError> {
    let (date, name) = (e.date, e.name.clone());
    if e.name.trim().is_empty() {
        return Err(CalendarError::MissingName { date });
    }
    if date.year() != year {
        return Err(CalendarError::OutsideYear { year, date, name });
    }
    if e.kind == DayKind::Workday && !date.weekday().is_weekend() {
        return Err(CalendarError::WorkdayOnWeekday { date, name });
    }
    Ok(())
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
