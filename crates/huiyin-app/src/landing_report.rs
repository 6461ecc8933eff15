//! 件件有着落 (issue 16 item 3): every case received in a period and where it stands now — the
//! unit handling it, its 承办人, its stage, its next staff deadline — with the cases still in
//! hands that nobody has been allotted (无人承办) counted and listed first when asked, so that
//! none is left without an owner. The same report for the last month is the leaders' monthly
//! one. Read through the case list's own use case, so the reader's scope and firewall apply.

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::case_list::{CaseQuery, HandlerQuery};
use huiyin_core::error::DomainError;
use huiyin_core::kinds::BreakdownBy;
use huiyin_core::org::UnitId;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::breakdown::{BreakdownItem, BreakdownQuery};
use crate::context::App;
use crate::error::Result;
use crate::view::CaseView;

/// Which cases the report lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LandingFilter {
    /// Every case of the period.
    #[default]
    All,
    /// Still in hands (not final, closed, diverted or redirected).
    Open,
    /// In hands and allotted to nobody.
    Unowned,
    /// In hands and past a staff deadline.
    Overdue,
}

impl LandingFilter {
    pub fn parse(s: &str) -> Option<LandingFilter> {
        match s {
            "all" => Some(LandingFilter::All),
            "open" => Some(LandingFilter::Open),
            "unowned" => Some(LandingFilter::Unowned),
            "overdue" => Some(LandingFilter::Overdue),
            _ => None,
        }
    }
}

/// One case and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct LandingRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub received_on: Date,
    pub status: Status,
    pub status_label: &'static str,
    pub handling_unit_id: UnitId,
    pub handling_unit_name: String,
    /// The 承办人, if one is allotted.
    pub handler_name: Option<String>,
    /// In hands with nobody allotted.
    pub unowned: bool,
    /// The nearest staff deadline and whether it has passed.
    pub next_due_on: Option<Date>,
    pub next_due_label: Option<&'static str>,
    pub overdue: bool,
}

/// The report.
#[derive(Clone, Debug, Serialize)]
pub struct LandingReport {
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Date,
    /// Cases received in the period handled in the unit's subtree.
    pub total: i64,
    /// The petitions of the period the unit (or the reader's scope) sees, by stage now — with a
    /// unit given, also those it has passed on to others.
    pub by_stage: Vec<BreakdownItem>,
    /// Still in hands, of which allotted to nobody, and past a staff deadline.
    pub open: i64,
    pub unowned: i64,
    pub overdue: i64,
    /// The cases the filter asks for, a page of them, and how many in all.
    pub items: Vec<LandingRow>,
    pub items_total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    fn landing_row(&self, v: &CaseView) -> LandingRow {
        let next = v
            .deadlines
            .iter()
            .filter(|d| d.staff_duty)
            .min_by_key(|d| d.due_on);
        let in_hands = Status::IN_HANDS.contains(&v.status);
        LandingRow {
            id: v.id,
            number: v.number.clone(),
            title: v.title.clone(),
            received_on: v.received_on,
            status: v.status,
            status_label: v.status_label,
            handling_unit_id: v.handling_unit_id,
            handling_unit_name: self
                .org()
                .get(v.handling_unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            handler_name: v.handler_name.clone(),
            unowned: in_hands && v.handler_user_id.is_none(),
            next_due_on: next.map(|d| d.due_on),
            next_due_label: next.map(|d| d.label),
            overdue: next.is_some_and(|d| d.overdue),
        }
    }

    /// The query of the period's cases matching `filter`.
    fn landing_query(q: &CaseQuery, filter: LandingFilter) -> CaseQuery {
        let mut q = q.clone();
        match filter {
            LandingFilter::All => {}
            LandingFilter::Open => q.statuses = Status::IN_HANDS.to_vec(),
            LandingFilter::Unowned => {
                q.statuses = Status::IN_HANDS.to_vec();
                q.handler = Some(HandlerQuery::Unallotted);
            }
            LandingFilter::Overdue => {
                q.statuses = Status::IN_HANDS.to_vec();
                q.overdue = Some(true);
            }
        }
        q
    }

    /// The 件件有着落 report of the cases received in `[from, to]` handled in `unit_id`'s
    /// subtree (default: the reader's whole scope).
    #[tracing::instrument(name = "app.landing_report", skip_all, fields(user_id = user.id))]
    pub async fn landing_report(
        &self,
        user: &CurrentUser,
        unit_id: Option<UnitId>,
        (from, to): (Date, Date),
        filter: LandingFilter,
        (page, per_page): (u32, u32),
    ) -> Result<LandingReport> {
        if from > to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let base = CaseQuery {
            unit_id,
            received_from: Some(from),
            received_to: Some(to),
            page: Some(1),
            per_page: Some(1),
            ..CaseQuery::default()
        };
        let count = |f: LandingFilter| {
            let q = Self::landing_query(&base, f);
            async move { self.list_cases(user, q).await.map(|l| l.total) }
        };
        let (total, open, unowned, overdue) = tokio::try_join!(
            count(LandingFilter::All),
            count(LandingFilter::Open),
            count(LandingFilter::Unowned),
            count(LandingFilter::Overdue),
        )?;
        let stages = self
            .breakdown(
                user,
                &BreakdownQuery {
                    by: BreakdownBy::Stage,
                    unit_id,
                    from,
                    to,
                    petition_type: None,
                    channel: None,
                    category: None,
                },
            )
            .await?;
        let mut listed = Self::landing_query(&base, filter);
        listed.page = Some(page);
        listed.per_page = Some(per_page);
        let list = self.list_cases(user, listed).await?;
        Ok(LandingReport {
            unit_id,
            from,
            to,
            total,
            by_stage: stages.items,
            open,
            unowned,
            overdue,
            items: list.items.iter().map(|v| self.landing_row(v)).collect(),
            items_total: list.total,
            page,
            per_page,
        })
    }
}
