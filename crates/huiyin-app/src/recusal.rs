//! 回避 (issue 15 item 7): a staff member with a conflict of interest on a case declares it, or a
//! leader gives it to them; from then on they may neither open the case nor act on it (the one
//! visibility rule, [`App::may_see`], says no, and the lists and worklists leave it out) until
//! a leader lifts it. Each step is audited with its reason. A case's recusals are read by those
//! who may open the case.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::policy::visibility_root;
use huiyin_core::role::Role;
use huiyin_store::{CaseRecord, RecusalRecord};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::reasons::reason_of;

/// A recusal as shown.
#[derive(Clone, Debug, Serialize)]
pub struct RecusalView {
    pub id: i64,
    pub case_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub reason: String,
    /// Declared by the recused user themselves (else given by a leader).
    pub self_declared: bool,
    pub declared_by_name: String,
    pub declared_at: i64,
    pub lifted: bool,
    pub lifted_by_name: Option<String>,
    pub lifted_at: Option<i64>,
    pub lift_reason: Option<String>,
}

/// A case's recusals as its page shows them.
#[derive(Clone, Debug, Serialize)]
pub struct CaseRecusals {
    pub case_id: i64,
    pub case_number: String,
    pub items: Vec<RecusalView>,
    /// The reader leads the case's line: may recuse others and lift recusals.
    pub leads: bool,
}

pub(crate) fn view(r: RecusalRecord) -> RecusalView {
    RecusalView {
        id: r.id,
        case_id: r.case_id,
        user_id: r.user_id,
        user_name: r.user_name,
        reason: r.reason,
        self_declared: r.declared_by == r.user_id,
        declared_by_name: r.declared_by_name,
        declared_at: r.declared_at,
        lifted: r.lifted_at.is_some(),
        lifted_by_name: r.lifted_by_name,
        lifted_at: r.lifted_at,
        lift_reason: r.lift_reason,
    }
}

impl App {
    /// Whether `user` is recused from the case.
    pub(crate) fn recused(&self, user: &CurrentUser, rec: &CaseRecord) -> bool {
        rec.recused_users.contains(&user.id)
    }

    /// Which of `ids` `user` is recused from: lists of orders and warnings leave them out,
    /// so a recused user hears nothing more of the case (notifications read those lists).
    pub(crate) async fn recused_among(
        &self,
        user: &CurrentUser,
        ids: &[huiyin_core::case::CaseId],
    ) -> Result<Vec<huiyin_core::case::CaseId>> {
        Ok(self.store.recused_among(user.id, ids).await?)
    }

    /// A leader of the case's line: a leader whose scope holds the case's handling unit.
    fn leads_case(&self, user: &CurrentUser, rec: &CaseRecord) -> bool {
        let org = self.org();
        user.roles.contains(&Role::Leader)
            && org.is_ancestor_or_self(
                visibility_root(&user.actor(), &org),
                rec.case.handling_unit_id,
            )
    }

    /// Recuses `target` (default: the user themselves) from case `case_id`. Declaring for
    /// oneself needs only sight of the case; recusing another takes a leader of the case's
    /// line, and the other must work within the leader's scope. Answers the case's recusals.
    pub async fn recuse(
        &self,
        user: &CurrentUser,
        case_id: i64,
        (target, reason): (Option<i64>, Option<&str>),
    ) -> Result<Vec<RecusalView>> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let rec = self.visible_case(user, case_id).await?;
        let target = target.unwrap_or(user.id);
        if target != user.id {
            if !self.leads_case(user, &rec) {
                return Err(ErrorCode::RoleRequired.into());
            }
            let org = self.org();
            let fits = self.store.user_by_id(target).await?.is_some_and(|u| {
                u.active && org.is_ancestor_or_self(visibility_root(&user.actor(), &org), u.unit_id)
            });
            if !fits {
                return Err(DomainError::invalid(
                    "user_id",
                    "应为本单位或下级单位在岗的工作人员",
                    "an active user of your unit or a unit below it",
                )
                .into());
            }
        }
        let reason = reason_of(reason)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "case.recuse",
            &rec.case.number,
            "ok",
            &format!("user:{target}"),
        );
        let id = self
            .store
            .insert_recusal((case_id, target), &reason, (user.id, self.now_ms()), &entry)
            .await?;
        let Some(id) = id else {
            return Err(ErrorCode::RecusalExists.into());
        };
        if target == user.id {
            // The case is out of the user's sight from now on: only their own recusal answers.
            return Ok(self
                .store
                .recusal(id)
                .await?
                .map(view)
                .into_iter()
                .collect());
        }
        self.recusals(user, case_id).await
    }

    /// The recusals of a case the user may open (lifted ones too).
    pub async fn recusals(&self, user: &CurrentUser, case_id: i64) -> Result<Vec<RecusalView>> {
        Ok(self.case_recusals(user, case_id).await?.items)
    }

    /// The recusals of a case the user may open, and whether the user leads the case's line
    /// (may recuse others and lift recusals).
    pub async fn case_recusals(&self, user: &CurrentUser, case_id: i64) -> Result<CaseRecusals> {
        let rec = self.visible_case(user, case_id).await?;
        Ok(CaseRecusals {
            case_id,
            case_number: rec.case.number.clone(),
            items: self
                .store
                .recusals_of(case_id)
                .await?
                .into_iter()
                .map(view)
                .collect(),
            leads: self.leads_case(user, &rec),
        })
    }

    /// Lifts a recusal: a leader of the case's line (not the recused user, who no longer sees
    /// the case), with a reason.
    pub async fn lift_recusal(
        &self,
        user: &CurrentUser,
        id: i64,
        reason: Option<&str>,
    ) -> Result<RecusalView> {
        let Some(r) = self.store.recusal(id).await? else {
            return Err(ErrorCode::RecusalNotFound.into());
        };
        let Ok(rec) = self.visible_case(user, r.case_id).await else {
            return Err(ErrorCode::RecusalNotFound.into());
        };
        if !self.leads_case(user, &rec) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if r.lifted_at.is_some() {
            return Err(ErrorCode::RecusalLifted.into());
        }
        let reason = reason_of(reason)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "case.recusal_lift",
            &rec.case.number,
            "ok",
            &format!("recusal:{id} user:{}", r.user_id),
        );
        if !self
            .store
            .lift_recusal(id, &reason, (user.id, self.now_ms()), &entry)
            .await?
        {
            return Err(ErrorCode::RecusalLifted.into());
        }
        self.store
            .recusal(id)
            .await?
            .map(view)
            .ok_or_else(|| ErrorCode::RecusalNotFound.into())
    }
}
