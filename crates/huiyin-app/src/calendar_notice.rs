//! Loading a year of the holiday calendar from the State Council's notice in one step (issue 12
//! item 9): a preview of what the pasted text would change, then the change itself, which
//! replaces the year's days, leaves the year NOT complete (an administrator marks it complete
//! separately) and re-times every open case.
//!
//! Days the notice gives in the previous December (元旦 beginning on 12月31日) are added to the
//! previous year, replacing only those dates and keeping that year's other days and its
//! complete mark: the previous year's own notice never lists them, and an office loads the new
//! notice while the old year is already official. A previous year not loaded is begun with
//! them, not complete.

use huiyin_core::calendar::{CalendarYear, HolidayCalendar, HolidayEntry};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::holiday_notice::{Notice, NoticeError, parse_notice};
use huiyin_core::permission::Permission;

use crate::auth::CurrentUser;
use crate::calendar::Retiming;
use crate::context::App;
use crate::error::Result;

/// One day of the notice and what it does to the stored calendar.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NoticeDay {
    #[serde(flatten)]
    pub entry: HolidayEntry,
    /// `added` (not in the calendar), `changed` (listed with another kind or name) or `same`.
    pub change: &'static str,
}

/// What loading a notice would do, shown before it is done.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NoticePreview {
    pub year: i32,
    pub source: String,
    /// The year's days as the notice gives them, date order.
    pub entries: Vec<NoticeDay>,
    /// Days of the year in the calendar now that the notice does not list (they go).
    pub removed: Vec<HolidayEntry>,
    /// Days the notice gives in the previous December, added to the previous year.
    pub previous: Vec<NoticeDay>,
    pub added: usize,
    pub changed: usize,
    /// The year is marked complete now (loading it makes it not complete until marked again).
    pub was_complete: bool,
    /// Open cases whose deadlines will be re-timed.
    pub open_cases: u64,
}

/// What loading a notice did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NoticeLoaded {
    pub year: i32,
    pub entries: Vec<HolidayEntry>,
    pub previous: Vec<HolidayEntry>,
    pub complete: bool,
    pub retimed: u64,
    pub read: u64,
    pub written: u64,
}

fn unreadable(e: NoticeError) -> DomainError {
    DomainError::new(ErrorCode::CalendarNoticeUnreadable).with("text", e.zh, e.en)
}

fn invalid(e: huiyin_core::calendar::CalendarError) -> DomainError {
    DomainError::new(ErrorCode::CalendarInvalid).with("calendar", e.zh(), e.en())
}

fn compare(new: &[HolidayEntry], old: Option<&CalendarYear>) -> Vec<NoticeDay> {
    new.iter()
        .map(|e| {
            let before = old.and_then(|y| y.entries.iter().find(|o| o.date == e.date));
            let change = match before {
                None => "added",
                Some(o) if o.kind != e.kind || o.name != e.name => "changed",
                Some(_) => "same",
            };
            NoticeDay {
                entry: e.clone(),
                change,
            }
        })
        .collect()
}

impl App {
    fn read_notice(&self, by: Option<&CurrentUser>, year: i32, text: &str) -> Result<Notice> {
        if by.is_some_and(|u| !u.may(Permission::Configure)) {
            return Err(ErrorCode::Forbidden.into());
        }
        if !(1990..=2100).contains(&year) {
            return Err(DomainError::invalid(
                "year",
                "年度应在1990至2100之间",
                "between 1990 and 2100",
            )
            .into());
        }
        if text.trim().is_empty() || text.len() > 64 * 1024 {
            return Err(DomainError::new(ErrorCode::CalendarNoticeUnreadable)
                .with(
                    "text",
                    "请粘贴通知全文（不超过64KB）",
                    "paste the notice's text (at most 64 KB)",
                )
                .into());
        }
        Ok(parse_notice(year, text).map_err(unreadable)?)
    }

    /// What loading the notice for `year` would change; nothing is stored.
    #[tracing::instrument(name = "app.preview_calendar_notice", skip_all)]
    pub async fn preview_calendar_notice(
        &self,
        by: Option<&CurrentUser>,
        year: i32,
        text: &str,
    ) -> Result<NoticePreview> {
        let notice = self.read_notice(by, year, text)?;
        let calendar = self.calendar();
        let old = calendar.year(year);
        let entries = compare(&notice.year.entries, old);
        let removed = old
            .map(|y| {
                y.entries
                    .iter()
                    .filter(|o| !notice.year.entries.iter().any(|e| e.date == o.date))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let previous = compare(&notice.previous, calendar.year(year - 1));
        let count = |k: &str| {
            entries
                .iter()
                .chain(&previous)
                .filter(|d| d.change == k)
                .count()
        };
        let (added, changed) = (count("added"), count("changed"));
        Ok(NoticePreview {
            year,
            source: notice.year.source.clone(),
            added,
            changed,
            was_complete: old.is_some_and(|y| y.complete),
            entries,
            removed,
            previous,
            open_cases: self.open_case_count().await?,
        })
    }

    /// Loads the notice for `year`: its days replace the year's (the year is left not
    /// complete), days of the previous December are added to the previous year, and every open
    /// case is re-timed. Audited as every calendar change (`config.calendar`).
    #[tracing::instrument(name = "app.load_calendar_notice", skip_all)]
    pub async fn load_calendar_notice(
        &self,
        by: Option<&CurrentUser>,
        year: i32,
        text: &str,
    ) -> Result<NoticeLoaded> {
        let mut notice = self.read_notice(by, year, text)?;
        let calendar = self.calendar();
        // A source naming the same notice with more (its address) is kept.
        if let Some(old) = calendar
            .year(year)
            .filter(|y| y.source.starts_with(&notice.year.source))
        {
            notice.year.source = old.source.clone();
        }
        let mut years = vec![notice.year.clone()];
        if !notice.previous.is_empty() {
            let mut prev = calendar.year(year - 1).cloned().unwrap_or(CalendarYear {
                year: year - 1,
                source: notice.year.source.clone(),
                entries: Vec::new(),
                complete: false,
            });
            prev.entries
                .retain(|o| !notice.previous.iter().any(|e| e.date == o.date));
            prev.entries.extend(notice.previous.iter().cloned());
            years.push(prev);
        }
        let toml = HolidayCalendar::new(years).map_err(invalid)?.to_toml();
        let n: Retiming = self.update_calendar(by, &toml).await?;
        let now = self.calendar();
        Ok(NoticeLoaded {
            year,
            entries: now
                .year(year)
                .map(|y| y.entries.clone())
                .unwrap_or_default(),
            previous: notice.previous,
            complete: now.year(year).is_some_and(|y| y.complete),
            retimed: n.read,
            read: n.read,
            written: n.written,
        })
    }

    /// How many cases are open (their ids only, a page at a time).
    async fn open_case_count(&self) -> Result<u64> {
        const PAGE: i64 = 20_000;
        let mut after = 0;
        let mut count = 0u64;
        loop {
            let ids = self.store.open_case_ids(after, PAGE).await?;
            count += ids.len() as u64;
            match ids.last() {
                Some(last) if ids.len() as i64 == PAGE => after = *last,
                _ => return Ok(count),
            }
        }
    }
}
