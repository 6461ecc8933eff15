//! 矛盾纠纷排查 as use cases (issue 15 item 1; CONTRACT `/api/v1/risks`): case staff register a
//! potential dispute found by screening against a unit of their scope, with a responsible
//! person, a level and a deadline; staff of the unit and above read the register and record
//! progress, resolve (化解销号) and reopen; the responsible person may too. An entry linked to
//! a petition the reader may not open is not there for that reader at all (its words could
//! tell of an accusation hidden from them), nor in the count. Open entries past their deadline
//! are flagged (`overdue`) and reach the responsible person as notifications; an entry at
//! orange or red raises an early warning (`risk_escalation.rs`).

use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::UnitId;
use huiyin_core::policy::visibility_root;
use huiyin_core::risk::RiskStatus;
use huiyin_core::warning::WarningLevel;
use huiyin_store::{RiskFilter, RiskRecord};
use serde::Serialize;

use crate::accountability::{LinkedCase, MAX_RECORDS_READ, page_of};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

#[path = "risks_steps.rs"]
mod steps;

/// Days before its deadline an open entry reaches its responsible person.
pub const RISK_DUE_SOON_DAYS: i32 = 3;

/// An entry as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct RiskView {
    pub id: i64,
    pub title: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub level: WarningLevel,
    pub level_label: &'static str,
    pub owner_user_id: i64,
    pub owner_name: String,
    pub due_on: Date,
    pub description: String,
    pub source: String,
    pub status: RiskStatus,
    pub status_label: &'static str,
    pub resolved_on: Option<Date>,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Days from today to the deadline (negative: past it).
    pub days_left: i32,
    /// The linked petitions (every one the reader may open).
    pub cases: Vec<LinkedCase>,
    pub case_ids: Vec<i64>,
    /// The screening campaign it was found in.
    pub campaign_id: Option<i64>,
}

/// A step as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct RiskStepView {
    pub action: String,
    pub action_label: &'static str,
    pub note: String,
    pub level: Option<WarningLevel>,
    pub due_on: Option<Date>,
    pub by_name: String,
    /// When, as an instant (ISO 8601, Beijing time) and in milliseconds.
    pub at: String,
    pub at_ms: i64,
    /// The incident a `raise_incident` step recorded.
    pub incident_id: Option<i64>,
}

/// An entry with its steps.
#[derive(Clone, Debug, Serialize)]
pub struct RiskDetail {
    #[serde(flatten)]
    pub risk: RiskView,
    pub steps: Vec<RiskStepView>,
}

/// A page of entries.
#[derive(Clone, Debug, Serialize)]
pub struct RiskList {
    pub items: Vec<RiskView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Which entries a list shows: `status` is `open`, `resolved` or `overdue`.
#[derive(Clone, Debug, Default)]
pub struct RiskQuery {
    pub status: Option<String>,
    pub level: Option<WarningLevel>,
    pub unit_id: Option<UnitId>,
    /// Only entries found in this campaign.
    pub campaign_id: Option<i64>,
}

fn action_label(action: &str) -> &'static str {
    match action {
        "create" => "排查登记",
        "update" => "记录化解进展",
        "resolve" => "化解销号",
        "reopen" => "重新打开",
        "raise_incident" => "上报为突发事件",
        _ => "",
    }
}

impl App {
    /// The entry as `user` reads it; `None` when it is outside their scope or a linked case
    /// is out of their sight.
    async fn risk_view(&self, user: &CurrentUser, r: &RiskRecord) -> Result<Option<RiskView>> {
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        if !user.actor().works_cases() || !org.is_ancestor_or_self(root, r.unit_id) {
            return Ok(None);
        }
        let Some(cases) = self.linked_cases(user, &r.case_ids).await? else {
            return Ok(None);
        };
        let today = self.today();
        Ok(Some(RiskView {
            id: r.id,
            title: r.title.clone(),
            unit_id: r.unit_id,
            unit_name: org
                .get(r.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            level: r.level,
            level_label: r.level.zh(),
            owner_user_id: r.owner_user_id,
            owner_name: r.owner_name.clone(),
            due_on: r.due_on,
            description: r.description.clone(),
            source: r.source.clone(),
            status: r.status,
            status_label: r.status.zh(),
            resolved_on: r.resolved_on,
            overdue: r.status == RiskStatus::Open && r.due_on < today,
            days_left: today.days_until(r.due_on),
            cases,
            case_ids: r.case_ids.clone(),
            campaign_id: r.campaign_id,
        }))
    }

    /// One entry with its steps; not found for a reader it is not there for.
    pub async fn risk(&self, user: &CurrentUser, id: i64) -> Result<RiskDetail> {
        let not_found = || AppError::code(ErrorCode::RiskNotFound);
        let r = self.store.risk(id).await?.ok_or_else(not_found)?;
        let view = self.risk_view(user, &r).await?.ok_or_else(not_found)?;
        let steps = self
            .store
            .risk_steps(id)
            .await?
            .into_iter()
            .map(|s| RiskStepView {
                action_label: action_label(&s.action),
                action: s.action,
                note: s.note,
                level: s.level,
                due_on: s.due_on,
                by_name: s.by_name,
                incident_id: s.incident_id,
                at: Date::beijing_timestamp(s.at),
                at_ms: s.at,
            })
            .collect();
        Ok(RiskDetail { risk: view, steps })
    }

    /// The register of the user's scope (or of a unit in it), the nearest deadline first.
    pub async fn risks(
        &self,
        user: &CurrentUser,
        q: &RiskQuery,
        page: u32,
        per_page: u32,
    ) -> Result<RiskList> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let mut filter = RiskFilter {
            level: q.level,
            campaign_id: q.campaign_id,
            ..RiskFilter::default()
        };
        match q.status.as_deref() {
            None => {}
            Some("overdue") => filter.overdue_on = Some(self.today()),
            Some(s) => match RiskStatus::parse(s) {
                Some(s) => filter.status = Some(s),
                None => {
                    return Err(DomainError::invalid(
                        "status",
                        "状态应为 open（化解中）、resolved（已化解）或 overdue（已逾期）",
                        "status: open, resolved or overdue",
                    )
                    .into());
                }
            },
        }
        let org = self.org();
        let root = visibility_root(&actor, &org);
        let units = match q.unit_id {
            None => org.subtree(root),
            Some(u) if org.get(u).is_none() => {
                return Err(DomainError::new(ErrorCode::UnitNotFound)
                    .field("unit_id")
                    .into());
            }
            Some(u) if !org.is_ancestor_or_self(root, u) => {
                return Err(ErrorCode::Forbidden.into());
            }
            Some(u) => org.subtree(u),
        };
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        // Entries are few per scope; each is judged for this reader, so they are read whole,
        // up to a bound, and paged after.
        let records = self
            .store
            .list_risks(&units, &filter, MAX_RECORDS_READ)
            .await?;
        let mut readable = Vec::new();
        for r in &records {
            if let Some(v) = self.risk_view(user, r).await? {
                readable.push(v);
            }
        }
        let (items, total) = page_of(readable, page, per_page);
        Ok(RiskList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// The open entries `user` is responsible for that are due within
    /// [`RISK_DUE_SOON_DAYS`] or past due (the notifications).
    pub(crate) async fn risks_due_for(&self, user: &CurrentUser) -> Result<Vec<RiskView>> {
        if !user.actor().works_cases() {
            return Ok(Vec::new());
        }
        let q = RiskQuery {
            status: Some("open".into()),
            ..RiskQuery::default()
        };
        let list = self.risks(user, &q, 1, 200).await?;
        Ok(list
            .items
            .into_iter()
            .filter(|r| r.owner_user_id == user.id && r.days_left <= RISK_DUE_SOON_DAYS)
            .collect())
    }
}
