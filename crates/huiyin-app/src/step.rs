//! Taking a workflow step on a case.

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Flag};
use huiyin_core::error::ErrorCode;
use huiyin_core::policy::wall_of;
use huiyin_core::workflow::{Action, ActionKind, StepContext, apply, case_deadlines};
use huiyin_store::{CaseRecord, StepRecord, StoreError, TimelineEntry};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};
use crate::leaders::LeaderDuty;
use crate::view::CaseView;

/// A step as requested: the action, its day (default today) and its raw parameters (kept on
/// the timeline).
pub struct ActionInput {
    pub action: Action,
    pub on: Option<Date>,
    pub params_json: String,
    /// What the person taking the step gave as its grounds, added to the timeline's words
    /// (a petitioner's reasons for asking a review).
    pub remark: Option<String>,
}

impl App {
    /// Applies a step and records it with its timeline entry in one transaction.
    #[tracing::instrument(name = "app.act", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn act(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        input: ActionInput,
    ) -> Result<CaseView> {
        let rec = self.visible_case(user, case_id).await?;
        let mut input = input;
        // The named handler is checked (and named on the timeline) once the actor may allot.
        if let Action::Allot {
            handler_user_id,
            handler_name,
            ..
        } = &mut input.action
            && user.actor().has_any(ActionKind::Allot.roles())
        {
            *handler_name = self.allottable_handler(*handler_user_id, &rec).await?;
        }
        // The named leader is checked once the actor may take the step at all (the guard's
        // role check answers first).
        match &input.action {
            Action::Own { leader_user_id } if user.actor().has_any(ActionKind::Own.roles()) => {
                self.check_leader(*leader_user_id, &rec, LeaderDuty::Own)
                    .await?;
            }
            Action::SubmitForInstruction { leader_user_id, .. }
                if user
                    .actor()
                    .has_any(ActionKind::SubmitForInstruction.roles()) =>
            {
                self.check_leader(*leader_user_id, &rec, LeaderDuty::Instruct)
                    .await?;
            }
            _ => {}
        }
        self.record_action(user, rec, input).await?;
        let rec = self
            .store
            .case(case_id)
            .await?
            .ok_or(AppError::code(ErrorCode::CaseNotFound))?;
        Ok(self.case_view(&rec, user))
    }

    /// Applies a step to a case the caller has already been shown to reach: staff through
    /// [`App::act`]'s visibility check, the portal's petitioner through the query code and PIN.
    /// Not public: no handler can skip the check.
    pub(crate) async fn record_action(
        &self,
        user: &CurrentUser,
        rec: CaseRecord,
        input: ActionInput,
    ) -> Result<()> {
        let today = self.today();
        let on = input.on.unwrap_or(today);
        let org = self.org();
        let actor = user.actor();
        let rule_set = self.rule_set_for_unit(rec.case.handling_unit_id, on.min(today));
        let calendar = self.calendar();
        let ctx = StepContext {
            actor: &actor,
            org: &org,
            today,
            limits: &rule_set.limits,
            calendar: &calendar,
        };
        let what = format!("case.{}", input.action.kind().as_str());
        let outcome = match apply(&rec.case, &input.action, on, &ctx) {
            Ok(o) => o,
            Err(e) => {
                self.audit(Some(user), "", &what, &rec.case.number, e.code.as_str(), "")
                    .await?;
                return Err(e.into());
            }
        };
        let mut case = outcome.case;
        let limits_after = self
            .rule_set_for_unit(case.handling_unit_id, on.min(today))
            .limits;
        let deadlines = case_deadlines(&case, &limits_after, &calendar);
        if deadlines.iter().any(|d| d.is_overdue(today)) {
            case.flags.insert(Flag::Overdue);
        }
        // A case that has just become an accusation: its warnings owned inside the new wall
        // move above it, written with the step (their owner could no longer see them).
        let warning_moves = match (wall_of(&rec.case), wall_of(&case)) {
            (None, Some(wall)) => {
                self.warnings_above_wall(case.id, wall.accused_unit_id)
                    .await?
            }
            _ => Vec::new(),
        };
        let step = StepRecord {
            expected_version: rec.version,
            deadlines,
            entry: TimelineEntry {
                action: outcome.kind.as_str().to_owned(),
                on,
                actor_user_id: Some(user.id),
                actor_unit_id: Some(user.unit_id),
                actor_name: user.display_name.clone(),
                note_zh: match &input.remark {
                    Some(r) => format!("{}；理由：{r}", outcome.note_zh),
                    None => outcome.note_zh,
                },
                note_en: match &input.remark {
                    Some(r) => format!("{}; reasons: {r}", outcome.note_en),
                    None => outcome.note_en,
                },
                from_status: Some(rec.case.status),
                to_status: case.status,
                data: input.params_json,
                recorded_at: self.now_ms(),
            },
            add_visible_unit: outcome.moved_to.map(|u| {
                (
                    u,
                    crate::register::case_search_tokens(
                        self.store.keys().map(|k| k.ring()).as_deref(),
                        &case,
                        &rec.petitioners,
                    ),
                )
            }),
            kpi: self.case_kpi(&case),
            warnings: self.step_warnings(&rec.case, &input.action),
            decision: decision_follow_up(outcome.kind, &case),
            warning_moves,
            audit: Some(self.audit_entry(
                Some(user),
                "",
                &what,
                &rec.case.number,
                "ok",
                &format!("on={on}"),
            )),
            case,
        };
        match self.store.record_step(&step, self.now_ms()).await {
            Ok(_) => Ok(()),
            Err(StoreError::Concurrent) => Err(ErrorCode::ActionNotAllowed.into()),
            Err(e) => Err(e.into()),
        }
    }
}

/// What a decision (意见书, 复查意见, 复核意见) does to the case's follow-up tasks: the open one
/// is superseded and the outcome's task created (issue 15 item 6); `None` for other steps.
fn decision_follow_up(
    kind: huiyin_core::workflow::ActionKind,
    case: &huiyin_core::case::Case,
) -> Option<huiyin_store::DecisionFollowUp> {
    use huiyin_core::workflow::ActionKind;
    if !matches!(
        kind,
        ActionKind::IssueOpinion | ActionKind::DecideReview | ActionKind::DecideRereview
    ) {
        return None;
    }
    let decision = case.current_decision()?;
    Some(huiyin_store::DecisionFollowUp {
        task: huiyin_core::follow_up::task_for(decision.outcome, decision.issued_on).map(
            |(kind, due_on)| huiyin_store::NewFollowUp {
                kind,
                unit_id: decision.unit_id,
                decided_on: decision.issued_on,
                due_on,
            },
        ),
    })
}
