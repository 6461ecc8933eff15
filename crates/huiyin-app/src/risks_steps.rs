//! Writing to the 矛盾纠纷排查 register: registering an entry against a unit of the user's
//! scope (with its responsible person, linked petitions and campaign), and its steps — progress,
//! resolve (化解销号), reopen, raise an incident — each audited, re-raising the entry's early
//! warning when its level changes or it reopens.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::risk::{NewRisk, RiskActionForm, RiskForm, RiskStep};

use super::RiskDetail;
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

impl App {
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
}
