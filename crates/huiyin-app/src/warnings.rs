//! Early warnings as use cases (issue 13): the list and the page of a warning for those who may
//! see every case behind it, the steps (签收 acknowledge, 上报上级 escalate, 处置完毕 resolve),
//! and the job that escalates a warning nobody acknowledged in time one level up.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::ErrorCode;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::warning::{
    WarningAction, WarningActionForm, WarningFilter, WarningKind, WarningLevel, WarningStatus,
    WarningStep,
};
use huiyin_store::{WarningChange, WarningRecord, WarningStepRecord};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

#[path = "warnings_raise.rs"]
pub(crate) mod raise;

/// A warning as its readers see it (CONTRACT.md "Warnings").
#[derive(Clone, Debug, Serialize)]
pub struct WarningView {
    pub id: i64,
    pub kind: WarningKind,
    pub kind_label: &'static str,
    pub level: WarningLevel,
    pub level_label: &'static str,
    pub status: WarningStatus,
    pub status_label: &'static str,
    /// The unit responsible now (escalation moves it one level up; an accusation behind it
    /// moves it above the accused unit).
    pub unit_id: UnitId,
    pub unit_name: String,
    /// The unit it was raised for.
    pub origin_unit_id: UnitId,
    pub case_ids: Vec<CaseId>,
    pub case_numbers: Vec<String>,
    /// RFC 3339, Beijing time.
    pub raised_at: String,
    pub raised_at_ms: i64,
    /// Acknowledge by then, or it escalates one level up.
    pub acknowledge_due_at: String,
    pub acknowledge_due_at_ms: i64,
    /// Open or escalated and past its acknowledgement deadline.
    pub acknowledgement_late: bool,
    pub explanation: String,
    pub explanation_en: String,
    pub note: Option<String>,
    /// The steps the reader may take on it now.
    pub actions: Vec<WarningAction>,
}

/// A page of warnings.
#[derive(Clone, Debug, Serialize)]
pub struct WarningList {
    pub items: Vec<WarningView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// One step of a warning's history.
#[derive(Clone, Debug, Serialize)]
pub struct WarningStepView {
    pub action: String,
    pub action_label: &'static str,
    pub note: String,
    pub actor_name: String,
    pub from_unit_name: String,
    pub to_unit_name: String,
    pub at: String,
    pub at_ms: i64,
}

/// A warning with its history.
#[derive(Clone, Debug, Serialize)]
pub struct WarningDetail {
    #[serde(flatten)]
    pub warning: WarningView,
    pub history: Vec<WarningStepView>,
}

impl App {
    /// Whether the user acts for the unit a warning is with (its body or one above it).
    fn acts_on_warning(&self, user: &CurrentUser, unit_id: UnitId) -> bool {
        let actor = user.actor();
        (actor.may(Permission::HandleCases) || actor.may(Permission::SuperviseScope))
            && self
                .org()
                .is_ancestor_or_self(visibility_root(&actor, &self.org()), unit_id)
    }

    async fn warning_views(
        &self,
        user: &CurrentUser,
        records: &[WarningRecord],
    ) -> Result<Vec<WarningView>> {
        let ids: Vec<CaseId> = records.iter().flat_map(|w| w.case_ids.clone()).collect();
        let numbers = self.store.cases_by_ids(&ids).await?;
        let number_of = |id: CaseId| {
            numbers
                .iter()
                .find(|(c, _)| c.id == id)
                .map(|(c, _)| c.number.clone())
                .unwrap_or_default()
        };
        let org = self.org();
        let now = self.now_ms();
        Ok(records
            .iter()
            .map(|w| {
                let acts = self.acts_on_warning(user, w.unit_id);
                let actions = WarningAction::ALL
                    .iter()
                    .copied()
                    .filter(|a| {
                        acts && !matches!(
                            (a, w.status),
                            (_, WarningStatus::Resolved)
                                | (WarningAction::Acknowledge, WarningStatus::Acknowledged)
                        ) && (*a != WarningAction::Escalate
                            || org.one_level_up(w.unit_id).is_some())
                    })
                    .collect();
                WarningView {
                    id: w.id,
                    kind: w.kind,
                    kind_label: w.kind.zh(),
                    level: w.level,
                    level_label: w.level.zh(),
                    status: w.status,
                    status_label: w.status.zh(),
                    unit_id: w.unit_id,
                    unit_name: org
                        .get(w.unit_id)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    origin_unit_id: w.origin_unit_id,
                    case_ids: w.case_ids.clone(),
                    case_numbers: w.case_ids.iter().map(|id| number_of(*id)).collect(),
                    raised_at: Date::beijing_timestamp(w.raised_at),
                    raised_at_ms: w.raised_at,
                    acknowledge_due_at: Date::beijing_timestamp(w.acknowledge_due_at),
                    acknowledge_due_at_ms: w.acknowledge_due_at,
                    acknowledgement_late: matches!(
                        w.status,
                        WarningStatus::Open | WarningStatus::Escalated
                    ) && w.acknowledge_due_at < now,
                    explanation: w.explanation_zh.clone(),
                    explanation_en: w.explanation_en.clone(),
                    note: w.note.clone(),
                    actions,
                }
            })
            .collect())
    }

    /// The warnings the user may see (every case behind each, through the firewall), most
    /// urgent first.
    #[tracing::instrument(name = "app.warnings", skip_all, fields(user_id = user.id))]
    pub async fn warnings(
        &self,
        user: &CurrentUser,
        filter: WarningFilter,
        page: u32,
        per_page: u32,
    ) -> Result<WarningList> {
        if let Some(unit) = filter.unit_id
            && self.org().get(unit).is_none()
        {
            return Err(
                huiyin_core::error::DomainError::new(ErrorCode::UnitNotFound)
                    .field("unit_id")
                    .into(),
            );
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (records, total) = self
            .store
            .list_warnings(
                &self.scope_of(user),
                &self.firewall_of(user),
                &filter,
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        // A user recused from one of a warning's cases (回避) is not shown the warning.
        let ids: Vec<CaseId> = records.iter().flat_map(|w| w.case_ids.clone()).collect();
        let recused = self.recused_among(user, &ids).await?;
        let shown = records.len();
        let records: Vec<WarningRecord> = records
            .into_iter()
            .filter(|w| !w.case_ids.iter().any(|c| recused.contains(c)))
            .collect();
        let total = total - (shown - records.len()) as i64;
        Ok(WarningList {
            items: self.warning_views(user, &records).await?,
            total,
            page,
            per_page,
        })
    }

    /// A warning the user may see; any other is not found (not even that it exists).
    async fn visible_warning(&self, user: &CurrentUser, id: i64) -> Result<WarningRecord> {
        let not_found = || AppError::code(ErrorCode::WarningNotFound);
        let w = self.store.warning(id).await?.ok_or_else(not_found)?;
        if !self
            .store
            .warning_visible(id, &self.scope_of(user), &self.firewall_of(user))
            .await?
        {
            return Err(not_found());
        }
        if !self.recused_among(user, &w.case_ids).await?.is_empty() {
            return Err(not_found());
        }
        Ok(w)
    }

    /// One warning with its history.
    #[tracing::instrument(name = "app.warning", skip_all, fields(user_id = user.id, warning_id = id))]
    pub async fn warning(&self, user: &CurrentUser, id: i64) -> Result<WarningDetail> {
        let w = self.visible_warning(user, id).await?;
        let steps = self.store.warning_steps(id).await?;
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let history = steps
            .iter()
            .map(|s: &WarningStepRecord| WarningStepView {
                action: s.action.clone(),
                action_label: match s.action.as_str() {
                    raise::MOVE_ABOVE_WALL => "移交上级（回避）",
                    a => WarningAction::parse(a).map_or("自动上报", |a| a.zh()),
                },
                note: s.note.clone(),
                actor_name: s.actor_name.clone(),
                from_unit_name: name(s.from_unit_id),
                to_unit_name: name(s.to_unit_id),
                at: Date::beijing_timestamp(s.at),
                at_ms: s.at,
            })
            .collect();
        let mut views = self.warning_views(user, std::slice::from_ref(&w)).await?;
        let warning = views.pop().ok_or(AppError::code(ErrorCode::Internal))?;
        Ok(WarningDetail { warning, history })
    }

    /// Takes a step on a warning: acknowledge (签收), escalate one level up (上报上级), or
    /// resolve with a note (处置完毕).
    #[tracing::instrument(name = "app.act_on_warning", skip_all, fields(user_id = user.id, warning_id = id))]
    pub async fn act_on_warning(
        &self,
        user: &CurrentUser,
        id: i64,
        form: WarningActionForm,
    ) -> Result<WarningDetail> {
        let w = self.visible_warning(user, id).await?;
        let step = WarningStep::read(form, w.status)?;
        if !self.acts_on_warning(user, w.unit_id) {
            return Err(ErrorCode::Forbidden.into());
        }
        let now = self.now_ms();
        let mut change = WarningChange {
            id,
            expected_version: w.version,
            status: step.to,
            unit_id: w.unit_id,
            acknowledge_due_at: w.acknowledge_due_at,
            acknowledged_at: w.acknowledged_at,
            resolved_at: w.resolved_at,
            note: w.note.clone(),
            step: WarningStepRecord {
                action: step.action.as_str().to_owned(),
                from_status: w.status.as_str().to_owned(),
                to_status: step.to.as_str().to_owned(),
                note: step.note.clone(),
                actor_user_id: Some(user.id),
                actor_name: user.display_name.clone(),
                from_unit_id: w.unit_id,
                to_unit_id: w.unit_id,
                at: now,
            },
            notify: Vec::new(),
        };
        match step.action {
            WarningAction::Acknowledge => change.acknowledged_at = Some(now),
            WarningAction::Escalate => {
                let above = self
                    .org()
                    .one_level_up(w.unit_id)
                    .map(|u| u.id)
                    .ok_or(AppError::code(ErrorCode::WarningNoUnitAbove))?;
                change.unit_id = above;
                change.step.to_unit_id = above;
                change.acknowledge_due_at = now + self.warning_rules.acknowledge_within_ms(w.level);
                change.notify = self
                    .escalation_notices(&w, above, change.acknowledge_due_at, false)
                    .await?;
            }
            WarningAction::Resolve => {
                change.resolved_at = Some(now);
                change.note = Some(step.note.clone());
            }
        }
        if !self.store.change_warning(&change).await? {
            // Someone stepped first: judge the step again against what they left.
            let now_status = self
                .store
                .warning(id)
                .await?
                .map_or(WarningStatus::Resolved, |w| w.status);
            return Err(match (step.action, now_status) {
                (_, WarningStatus::Resolved) => ErrorCode::WarningResolved.into(),
                (WarningAction::Acknowledge, WarningStatus::Acknowledged) => {
                    ErrorCode::WarningAcknowledged.into()
                }
                _ => ErrorCode::ActionNotAllowed.into(),
            });
        }
        self.audit(
            Some(user),
            "",
            "warning.step",
            &format!("warning:{id}"),
            "ok",
            &format!("action={} level={}", step.action.as_str(), w.level.as_str()),
        )
        .await?;
        self.warning(user, id).await
    }
}
