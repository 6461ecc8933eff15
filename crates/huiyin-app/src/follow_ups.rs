//! Follow-through of decisions as use cases (issue 15 item 6): the 落实 and 疏导 tasks of the
//! reader's scope, one task with its steps, and the steps the deciding unit takes on it until
//! it is done (carried out, the petitioner persuaded, or closed by mediation or settlement with
//! the agreement and the petitioner's consent). A task is read through its case: a reader who
//! may not open the case does not learn the task exists.

use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::follow_up::{
    FollowUpAction, FollowUpActionForm, FollowUpKind, FollowUpStatus, FollowUpStep, Resolution,
};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_store::{FollowUpFilter, FollowUpRecord};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A task as shown.
#[derive(Clone, Debug, Serialize)]
pub struct FollowUpView {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_title: String,
    pub kind: FollowUpKind,
    pub kind_label: &'static str,
    pub unit_id: i64,
    pub unit_name: String,
    pub decided_on: Date,
    pub due_on: Date,
    pub status: FollowUpStatus,
    pub status_label: &'static str,
    /// Open and past its due date.
    pub overdue: bool,
    pub resolution: Option<Resolution>,
    pub resolution_label: Option<&'static str>,
    pub agreement: Option<String>,
    pub done_on: Option<Date>,
}

/// A step on a task as shown.
#[derive(Clone, Debug, Serialize)]
pub struct FollowUpStepView {
    pub action: FollowUpAction,
    pub action_label: &'static str,
    pub note: String,
    pub due_on: Option<Date>,
    pub resolution: Option<Resolution>,
    pub by_name: String,
    pub at: i64,
}

/// A task with its steps and whether the reader may take them.
#[derive(Clone, Debug, Serialize)]
pub struct FollowUpDetail {
    #[serde(flatten)]
    pub task: FollowUpView,
    pub steps: Vec<FollowUpStepView>,
    pub may_act: bool,
}

/// A page of tasks.
#[derive(Clone, Debug, Serialize)]
pub struct FollowUpList {
    pub items: Vec<FollowUpView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Which tasks a list shows.
#[derive(Clone, Debug, Default)]
pub struct FollowUpQuery {
    /// `open`, `done`, `superseded` or `overdue`.
    pub status: Option<String>,
    pub case_id: Option<i64>,
}

impl App {
    /// The views of the tasks whose case the user may open, in the given order.
    async fn follow_up_views(
        &self,
        user: &CurrentUser,
        records: &[FollowUpRecord],
    ) -> Result<Vec<FollowUpView>> {
        let ids: Vec<i64> = records.iter().map(|r| r.case_id).collect();
        let cases = self.visible_views(user, &ids).await?;
        let org = self.org();
        let today = self.today();
        Ok(records
            .iter()
            .filter_map(|r| {
                let c = cases.iter().find(|c| c.id == r.case_id)?;
                Some(FollowUpView {
                    id: r.id,
                    case_id: r.case_id,
                    case_number: c.number.clone(),
                    case_title: c.title.clone(),
                    kind: r.kind,
                    kind_label: r.kind.zh(),
                    unit_id: r.unit_id,
                    unit_name: org
                        .get(r.unit_id)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    decided_on: r.decided_on,
                    due_on: r.due_on,
                    status: r.status,
                    status_label: r.status.zh(),
                    overdue: r.status == FollowUpStatus::Open && r.due_on < today,
                    resolution: r.resolution,
                    resolution_label: r.resolution.map(Resolution::zh),
                    agreement: r.agreement.clone(),
                    done_on: r.done_on,
                })
            })
            .collect())
    }

    /// The tasks of the user's scope, open ones first and the nearest due date first.
    pub async fn follow_ups(
        &self,
        user: &CurrentUser,
        q: &FollowUpQuery,
        page: u32,
        per_page: u32,
    ) -> Result<FollowUpList> {
        let root = self.reader_root(user, None)?;
        if let Some(s) = q.status.as_deref()
            && s != "overdue"
            && FollowUpStatus::parse(s).is_none()
        {
            return Err(DomainError::invalid(
                "status",
                "状态应为 open、done、superseded 或 overdue",
                "open, done, superseded or overdue",
            )
            .into());
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let filter = FollowUpFilter {
            status: q.status.clone(),
            case_id: q.case_id,
            today: Some(self.today()),
        };
        let (records, total) = self
            .store
            .list_follow_ups(
                root,
                &self.firewall_of(user),
                &filter,
                (
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                ),
            )
            .await?;
        let items = self.follow_up_views(user, &records).await?;
        Ok(FollowUpList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// One task with its steps.
    pub async fn follow_up(&self, user: &CurrentUser, id: i64) -> Result<FollowUpDetail> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let records: Vec<FollowUpRecord> = self.store.follow_up(id).await?.into_iter().collect();
        let Some(task) = self.follow_up_views(user, &records).await?.pop() else {
            return Err(ErrorCode::FollowUpNotFound.into());
        };
        let steps = self
            .store
            .follow_up_steps(id)
            .await?
            .into_iter()
            .map(|s| FollowUpStepView {
                action: s.action,
                action_label: s.action.zh(),
                note: s.note,
                due_on: s.due_on,
                resolution: s.resolution,
                by_name: s.by_name,
                at: s.at,
            })
            .collect();
        Ok(FollowUpDetail {
            may_act: task.status == FollowUpStatus::Open && self.may_follow_up(user, task.unit_id),
            task,
            steps,
        })
    }

    /// Case staff of the task's unit or a unit above it.
    fn may_follow_up(&self, user: &CurrentUser, unit_id: i64) -> bool {
        let actor = user.actor();
        let org = self.org();
        actor.may(Permission::HandleCases)
            && org.is_ancestor_or_self(visibility_root(&actor, &org), unit_id)
    }

    /// Takes a step on a task (progress, a new due date, done), audited.
    pub async fn act_on_follow_up(
        &self,
        user: &CurrentUser,
        id: i64,
        form: FollowUpActionForm,
    ) -> Result<FollowUpDetail> {
        let detail = self.follow_up(user, id).await?;
        if !self.may_follow_up(user, detail.task.unit_id) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let step = FollowUpStep::read(form, detail.task.status, self.today())?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "follow_up.step",
            &detail.task.case_number,
            "ok",
            &format!(
                "task:{id} action={} resolution={}",
                step.action.as_str(),
                step.resolution.map_or("", |r| r.as_str())
            ),
        );
        let moved = self
            .store
            .apply_follow_up_step(id, &step, (user.id, self.now_ms(), self.today()), &entry)
            .await?;
        if !moved {
            return Err(ErrorCode::FollowUpStepNotAllowed.into());
        }
        self.follow_up(user, id).await
    }
}
