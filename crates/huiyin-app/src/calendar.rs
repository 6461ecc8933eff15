//! The public deadline calculator and the administrator's holiday-calendar edits, which
//! re-time every open deadline.

use huiyin_core::Date;
use huiyin_core::calendar::{CalendarYear, HolidayCalendar};
use huiyin_core::calendar_input::DayEdit;
use huiyin_core::deadline::compute_due;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::rules::{DayCount, Period};
use huiyin_core::workflow::case_deadlines;
use huiyin_store::Retimed;
use std::collections::HashMap;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// What a re-timing did: open cases read (every one is recomputed) and cases written (those
/// whose deadlines or KPI facts changed; a case a step changed meanwhile is not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Retiming {
    pub read: u64,
    pub written: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct DeadlineAnswer {
    pub start: Date,
    pub days: u32,
    pub unit: &'static str,
    pub due_on: Date,
    pub provisional: bool,
    pub explanation: String,
    pub explanation_en: String,
}

impl App {
    /// Computes a deadline under DOMAIN.md §8.3 with the calendar in force.
    pub fn deadline(&self, start: Date, days: u32, count: DayCount) -> Result<DeadlineAnswer> {
        if days == 0 || days > 3650 {
            return Err(
                DomainError::invalid("days", "天数应为1至3650", "between 1 and 3650").into(),
            );
        }
        let d = compute_due(start, Period { days, count }, &self.calendar(), &[]);
        Ok(DeadlineAnswer {
            start,
            days,
            unit: match count {
                DayCount::Calendar => "calendar",
                DayCount::Working => "working",
            },
            due_on: d.due_on,
            provisional: d.provisional,
            explanation: d.explanation.zh(),
            explanation_en: d.explanation.en(),
        })
    }

    /// The loaded calendar as TOML (for administrators to edit).
    pub fn calendar_toml(&self) -> String {
        self.calendar().to_toml()
    }

    /// Replaces or adds calendar years from TOML (admin), then re-times every open deadline.
    /// Returns how many open cases were read and how many written.
    #[tracing::instrument(name = "app.update_calendar", skip_all)]
    pub async fn update_calendar(
        &self,
        by: Option<&CurrentUser>,
        toml_text: &str,
    ) -> Result<Retiming> {
        if by.is_some_and(|u| !u.may(Permission::Configure)) {
            return Err(ErrorCode::Forbidden.into());
        }
        let incoming = HolidayCalendar::from_toml(toml_text).map_err(|e| {
            DomainError::new(ErrorCode::CalendarInvalid).with("calendar", e.zh(), e.en())
        })?;
        let mut merged: Vec<CalendarYear> = self.calendar().years().to_vec();
        for y in incoming.years() {
            merged.retain(|m| m.year != y.year);
            merged.push(y.clone());
        }
        merged.sort_by_key(|y| y.year);
        let cal = HolidayCalendar::new(merged).map_err(|e| {
            DomainError::new(ErrorCode::CalendarInvalid).with("calendar", e.zh(), e.en())
        })?;
        self.store.replace_calendar_years(incoming.years()).await?;
        self.set_calendar(cal);
        let years: Vec<String> = incoming
            .years()
            .iter()
            .map(|y| y.year.to_string())
            .collect();
        self.audit(
            by,
            "command-line",
            "config.calendar",
            &years.join(","),
            "ok",
            "",
        )
        .await?;
        self.retime_open_cases().await
    }

    /// Changes one day of the calendar (the page's and the API's day edit), then re-times every
    /// open deadline as [`App::update_calendar`] does.
    #[tracing::instrument(name = "app.edit_calendar_day", skip_all)]
    pub async fn edit_calendar_day(
        &self,
        by: Option<&CurrentUser>,
        edit: DayEdit,
    ) -> Result<Retiming> {
        if by.is_some_and(|u| !u.may(Permission::Configure)) {
            return Err(ErrorCode::Forbidden.into());
        }
        let calendar = self.calendar();
        let of_year = edit.date().year();
        let year = edit.apply(calendar.year(of_year));
        let toml = HolidayCalendar::new(vec![year])
            .map_err(|e| {
                DomainError::new(ErrorCode::CalendarInvalid).with("calendar", e.zh(), e.en())
            })?
            .to_toml();
        self.update_calendar(by, &toml).await
    }

    /// Marks a loaded year complete (issue 12 item 9): from now on its deadlines count its
    /// holidays as official, no longer 暂定; open deadlines are re-timed.
    #[tracing::instrument(name = "app.complete_calendar_year", skip_all)]
    pub async fn complete_calendar_year(
        &self,
        by: Option<&CurrentUser>,
        year: i32,
    ) -> Result<Retiming> {
        if by.is_some_and(|u| !u.may(Permission::Configure)) {
            return Err(ErrorCode::Forbidden.into());
        }
        let calendar = self.calendar();
        let Some(loaded) = calendar.year(year) else {
            return Err(DomainError::new(ErrorCode::CalendarInvalid)
                .with(
                    "year",
                    format!("{year}年的放假安排尚未载入，无法确认完整"),
                    format!("no schedule of {year} is loaded to confirm"),
                )
                .into());
        };
        let mut whole = loaded.clone();
        whole.complete = true;
        let toml = HolidayCalendar::new(vec![whole])
            .map_err(|e| {
                DomainError::new(ErrorCode::CalendarInvalid).with("calendar", e.zh(), e.en())
            })?
            .to_toml();
        self.update_calendar(by, &toml).await
    }

    /// Recomputes the deadlines of every open case under the current rules and calendar.
    #[tracing::instrument(name = "app.retime_open_cases", skip_all)]
    pub async fn retime_open_cases(&self) -> Result<Retiming> {
        const BATCH: i64 = 2000;
        let calendar = self.calendar();
        let today = self.today();
        // A batch of open cases with what is stored for them now.
        let load = |after: huiyin_core::case::CaseId| async move {
            let ids = self.store.open_case_ids(after, BATCH).await?;
            let cases = self.store.cases_by_ids(&ids).await?;
            let mut stored: HashMap<_, Vec<_>> = HashMap::new();
            for (id, d) in self.store.deadlines_of(&ids).await? {
                stored.entry(id).or_default().push(d);
            }
            let kpi: HashMap<_, _> = self.store.kpi_of(&ids).await?.into_iter().collect();
            Ok::<_, crate::error::AppError>((cases, stored, kpi))
        };
        let mut count = Retiming::default();
        let (mut cases, mut stored, mut kpi) = load(0).await?;
        // Every open case is re-timed; only what changed is written, each batch while the
        // next one is read.
        while let Some(last) = cases.last().map(|(c, _)| c.id) {
            let facts: HashMap<_, _> = self.kpi_facts(&cases).into_iter().collect();
            let mut changed = Vec::new();
            for (c, version) in &cases {
                let limits = self
                    .rule_set_for_unit(c.handling_unit_id, c.last_step_on.min(today))
                    .limits;
                let mut fresh = case_deadlines(c, &limits, &calendar);
                let mut old = stored.remove(&c.id).unwrap_or_default();
                fresh.sort_by_key(|d| d.kind.as_str());
                old.sort_by_key(|d| d.kind.as_str());
                let kpi = facts.get(&c.id).filter(|f| kpi.get(&c.id) != Some(*f));
                let differs = fresh != old;
                if differs || kpi.is_some() {
                    changed.push(Retimed {
                        id: c.id,
                        version: *version,
                        deadlines: differs.then_some(fresh),
                        kpi: kpi.cloned(),
                    });
                }
            }
            count.read += cases.len() as u64;
            // Written while the next batch is read; a case a step changed since it was read
            // is left to that step (see `Store::write_retimed`).
            let (written, next) = tokio::join!(self.store.write_retimed(&changed), load(last));
            let skipped = written?;
            count.written += (changed.len() - skipped.min(changed.len())) as u64;
            if skipped > 0 {
                tracing::info!(skipped, "cases changed by a step while being re-timed");
            }
            (cases, stored, kpi) = next?;
        }
        Ok(count)
    }
}
