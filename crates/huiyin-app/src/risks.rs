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
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::risk::{NewRisk, RiskActionForm, RiskForm, RiskStatus, RiskStep};
use huiyin_core::warning::WarningLevel;
use huiyin_store::{RiskFilter, RiskRecord};
use serde::Serialize;

use crate::accountability::{LinkedCase, MAX_RECORDS_READ, page_of};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

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

    /// Checks that every case in `ids` is one `user` may open (field `case_ids`).
    async fn cases_in_sight(&self, user: &CurrentUser, ids: &[i64]) -> Result<()> {
        for id in ids {
            if self.visible_case(user, *id).await.is_err() {
                return Err(DomainError::invalid(
                    "case_ids",
                    format!("事项{id}不存在或无权查看"),
                    format!("case {id} does not exist or is out of sight"),
                )
                .into());
            }
        }
        Ok(())
    }

    /// Registers an entry about a unit of the user's scope.
    #[tracing::instrument(name = "app.record_risk", skip_all, fields(user_id = user.id))]
    pub async fn record_risk(&self, user: &CurrentUser, form: RiskForm) -> Result<RiskDetail> {
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let r = NewRisk::read(form, self.today())?;
        let org = self.org();
        if org.get(r.unit_id).is_none() {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field("unit_id")
                .into());
        }
        if !org.is_ancestor_or_self(visibility_root(&user.actor(), &org), r.unit_id) {
            return Err(DomainError::new(ErrorCode::Forbidden)
                .with(
                    "unit_id",
                    "只能登记本单位及下级单位的排查事项",
                    "only for your unit or a unit below it",
                )
                .into());
        }
        self.cases_in_sight(user, &r.case_ids).await?;
        if let Some(c) = r.campaign_id {
            let fits = self
                .campaign_in_sight(user, c)
                .await?
                .is_some_and(|c| org.is_ancestor_or_self(c.unit_id, r.unit_id));
            if !fits {
                return Err(DomainError::invalid(
                    "campaign_id",
                    "排查活动不存在，或责任单位不在该排查活动的范围内",
                    "no such campaign, or the unit is outside it",
                )
                .into());
            }
        }
        let owner = self.store.user_by_id(r.owner_user_id).await?;
        let records = self.store.case_records(&r.case_ids).await?;
        let fits = owner.is_some_and(|u| {
            let owner = CurrentUser::from(u.clone());
            u.active
                && org.is_ancestor_or_self(visibility_root(&owner.actor(), &org), r.unit_id)
                // Never a person who may not know of a linked case (an accusation's).
                && records.iter().all(|rec| self.may_see(&owner, rec))
        });
        if !fits {
            return Err(DomainError::invalid(
                "owner_user_id",
                "责任人应为责任单位或其上级单位在岗的工作人员，且能查看所关联的事项",
                "the responsible person must be an active user of the unit or above who may open the linked cases",
            )
            .into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "risk.record",
            "",
            "ok",
            &format!(
                "unit={} level={} owner={} due={} cases={}",
                r.unit_id,
                r.level.as_str(),
                r.owner_user_id,
                r.due_on,
                r.case_ids.len()
            ),
        );
        let id = self
            .store
            .insert_risk(&r, user.id, self.now_ms(), &entry)
            .await?;
        if let Some(stored) = self.store.risk(id).await? {
            self.raise_risk_warning(&stored).await?;
        }
        self.risk(user, id).await
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

    /// Records progress on an entry, resolves it or reopens it: case staff who read it, or
    /// its responsible person.
    #[tracing::instrument(name = "app.act_on_risk", skip_all, fields(user_id = user.id))]
    pub async fn act_on_risk(
        &self,
        user: &CurrentUser,
        id: i64,
        form: RiskActionForm,
    ) -> Result<RiskDetail> {
        let current = self.risk(user, id).await?.risk;
        if !user.may(Permission::HandleCases) && current.owner_user_id != user.id {
            return Err(ErrorCode::RoleRequired.into());
        }
        let step = RiskStep::read(form, current.status, self.today())?;
        self.cases_in_sight(user, &step.case_ids).await?;
        // 上报为突发事件: the incident first, through its own use case (its checks, its reports
        // owed); the step then names it.
        let incident_id = match &step.incident {
            None => None,
            Some(req) => Some(
                self.incident_of_risk(user, &current, &step.note, req)
                    .await?,
            ),
        };
        let entry = self.audit_entry(
            Some(user),
            "",
            &format!("risk.{}", step.action.as_str()),
            "",
            "ok",
            &format!("risk={id} cases={}", step.case_ids.len()),
        );
        let moved = self
            .store
            .apply_risk_step(
                id,
                current.status,
                (&step, incident_id),
                (user.id, self.now_ms(), self.today()),
                &entry,
            )
            .await?;
        if !moved {
            return Err(AppError::code(ErrorCode::RiskStepNotAllowed));
        }
        if (step.level.is_some() || step.action == huiyin_core::risk::RiskAction::Reopen)
            && let Some(stored) = self.store.risk(id).await?
        {
            self.raise_risk_warning(&stored).await?;
        }
        self.risk(user, id).await
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
