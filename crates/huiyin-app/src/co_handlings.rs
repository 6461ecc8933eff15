//! 协办 (issue 15 item 4) as use cases: the lead unit's line adds a co-handling unit of its
//! scope to a case with a task and a deadline — the case becomes visible to that unit — and the
//! co-handling unit records its contribution until its part is done. Never the accused unit of
//! an accusation, nor a unit inside it (XFGZTL-2022 Art. 30 ¶3). Read through the case.

use huiyin_core::Date;
use huiyin_core::co_handling::{
    CoHandlingAction, CoHandlingActionForm, CoHandlingForm, CoHandlingStatus, CoHandlingStep,
    NewCoHandling,
};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::policy::{visibility_root, wall_of};
use huiyin_store::CoHandlingRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A step on a part as shown.
#[derive(Clone, Debug, Serialize)]
pub struct CoHandlingStepView {
    pub action: CoHandlingAction,
    pub action_label: &'static str,
    pub note: String,
    pub by_name: String,
    pub at: i64,
}

/// A co-handling unit's part as shown.
#[derive(Clone, Debug, Serialize)]
pub struct CoHandlingView {
    pub id: i64,
    pub case_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub task: String,
    pub due_on: Date,
    pub status: CoHandlingStatus,
    pub status_label: &'static str,
    pub overdue: bool,
    pub contribution: Option<String>,
    pub added_by_name: String,
    pub added_at: i64,
    pub done_at: Option<i64>,
    pub steps: Vec<CoHandlingStepView>,
    /// The reader may take its steps (staff of the co-handling unit or above it).
    pub may_act: bool,
}

/// A case's joint handling: the lead unit and the co-handling units.
#[derive(Clone, Debug, Serialize)]
pub struct CaseCoHandling {
    pub case_id: i64,
    pub case_number: String,
    pub lead_unit_id: i64,
    pub lead_unit_name: String,
    pub items: Vec<CoHandlingView>,
    /// The reader may add co-handling units (case staff whose scope holds the lead unit).
    pub may_add: bool,
}

impl App {
    fn handles_in(&self, user: &CurrentUser, unit_id: i64) -> bool {
        let actor = user.actor();
        let org = self.org();
        actor.may(Permission::HandleCases)
            && org.is_ancestor_or_self(visibility_root(&actor, &org), unit_id)
    }

    fn co_handling_view(&self, user: &CurrentUser, r: CoHandlingRecord) -> CoHandlingView {
        let org = self.org();
        CoHandlingView {
            id: r.id,
            case_id: r.case_id,
            unit_id: r.unit_id,
            unit_name: org
                .get(r.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            overdue: r.status == CoHandlingStatus::Open && r.due_on < self.today(),
            may_act: r.status == CoHandlingStatus::Open && self.handles_in(user, r.unit_id),
            task: r.task,
            due_on: r.due_on,
            status: r.status,
            status_label: r.status.zh(),
            contribution: r.contribution,
            added_by_name: r.added_by_name,
            added_at: r.added_at,
            done_at: r.done_at,
            steps: r
                .steps
                .into_iter()
                .map(|s| CoHandlingStepView {
                    action: s.action,
                    action_label: s.action.zh(),
                    note: s.note,
                    by_name: s.by_name,
                    at: s.at,
                })
                .collect(),
        }
    }

    /// A case's lead unit and co-handling units, for a reader who may open the case.
    pub async fn co_handlings(&self, user: &CurrentUser, case_id: i64) -> Result<CaseCoHandling> {
        let rec = self.visible_case(user, case_id).await?;
        let lead = rec.case.handling_unit_id;
        let items = self
            .store
            .co_handlings_of(case_id)
            .await?
            .into_iter()
            .map(|r| self.co_handling_view(user, r))
            .collect();
        Ok(CaseCoHandling {
            case_id,
            case_number: rec.case.number.clone(),
            lead_unit_id: lead,
            lead_unit_name: self
                .org()
                .get(lead)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            items,
            may_add: !rec.case.status.is_terminal() && self.handles_in(user, lead),
        })
    }

    /// Adds a co-handling unit to a case (the case becomes visible to it), audited.
    pub async fn add_co_handling(
        &self,
        user: &CurrentUser,
        case_id: i64,
        form: CoHandlingForm,
    ) -> Result<CaseCoHandling> {
        let rec = self.visible_case(user, case_id).await?;
        if !self.handles_in(user, rec.case.handling_unit_id) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if rec.case.status.is_terminal() {
            return Err(ErrorCode::ActionNotAllowed.into());
        }
        let c = NewCoHandling::read(form, self.today())?;
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        if org.get(c.unit_id).is_none()
            || c.unit_id == rec.case.handling_unit_id
            || !org.is_ancestor_or_self(root, c.unit_id)
        {
            return Err(DomainError::invalid(
                "unit_id",
                "协办单位应为本单位或下级单位，且不是承办单位",
                "a unit of your scope other than the handling unit",
            )
            .into());
        }
        if let Some(w) = wall_of(&rec.case)
            && org.is_ancestor_or_self(w.accused_unit_id, c.unit_id)
        {
            return Err(ErrorCode::ForwardToAccused.into());
        }
        let tokens = crate::register::case_search_tokens(
            self.store.keys().map(|k| k.ring()).as_deref(),
            &rec.case,
            &rec.petitioners,
        );
        let entry = self.audit_entry(
            Some(user),
            "",
            "case.co_handling",
            &rec.case.number,
            "ok",
            &format!("unit={} due={}", c.unit_id, c.due_on),
        );
        if self
            .store
            .insert_co_handling(case_id, &c, &tokens, (user.id, self.now_ms()), &entry)
            .await?
            .is_none()
        {
            return Err(ErrorCode::CoHandlingExists.into());
        }
        self.co_handlings(user, case_id).await
    }

    /// A co-handling unit records its contribution (`progress`) or completes its part (`done`).
    pub async fn act_on_co_handling(
        &self,
        user: &CurrentUser,
        id: i64,
        form: CoHandlingActionForm,
    ) -> Result<CaseCoHandling> {
        let Some(case_id) = self.store.co_handling_case(id).await? else {
            return Err(ErrorCode::CoHandlingNotFound.into());
        };
        let Ok(all) = self.co_handlings(user, case_id).await else {
            return Err(ErrorCode::CoHandlingNotFound.into());
        };
        let Some(part) = all.items.iter().find(|p| p.id == id) else {
            return Err(ErrorCode::CoHandlingNotFound.into());
        };
        if !self.handles_in(user, part.unit_id) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let step = CoHandlingStep::read(form, part.status)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "case.co_handling_step",
            &all.case_number,
            "ok",
            &format!("co_handling:{id} action={}", step.action.as_str()),
        );
        if !self
            .store
            .apply_co_handling_step(id, &step, (user.id, self.now_ms()), &entry)
            .await?
        {
            return Err(ErrorCode::CoHandlingStepNotAllowed.into());
        }
        self.co_handlings(user, case_id).await
    }
}
