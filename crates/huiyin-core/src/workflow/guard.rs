//! Preconditions of each step that do not depend on its parameters: state, unit, role,
//! time windows. `allowed_actions` is exactly the set of kinds whose guard passes.

use crate::calendar::HolidayCalendar;
use crate::case::{Case, Flag, Status};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::kinds::{Grade, PetitionType};
use crate::org::{OrgTree, UnitId};
use crate::policy::is_in_accused_unit;
use crate::role::{Actor, Role};
use crate::rules::TimeLimits;
use crate::workflow::action::ActionKind;
use crate::workflow::deadlines::{DeadlineKind, window_due};

/// Everything a step needs besides the case and its parameters.
pub struct StepContext<'a> {
    pub actor: &'a Actor,
    pub org: &'a OrgTree,
    pub today: Date,
    /// The limits in force for the case's handling unit.
    pub limits: &'a TimeLimits,
    pub calendar: &'a HolidayCalendar,
}

impl StepContext<'_> {
    /// The actor works for the same body as `unit` (a petition office acts for its bureau).
    pub fn acts_for(&self, unit: UnitId) -> bool {
        let mine = self.org.competent_body(self.actor.unit_id).map(|u| u.id);
        let theirs = self.org.competent_body(unit).map(|u| u.id);
        mine.is_some() && mine == theirs
    }
}

/// The units whose staff may take `kind` on `case`.
fn acting_units(case: &Case, kind: ActionKind, org: &OrgTree) -> Vec<UnitId> {
    match kind {
        ActionKind::ApproveObjection | ActionKind::DenyObjection => {
            case.detail.transferred_by_unit_id.into_iter().collect()
        }
        // The petitioner's request may be recorded by the unit that decided or the body above.
        ActionKind::RequestReview | ActionKind::RequestRereview => {
            let mut v = vec![case.handling_unit_id];
            v.extend(org.one_level_up(case.handling_unit_id).map(|u| u.id));
            v
        }
        // A leader of the handling body or of any body above it (领导批示, 包案).
        ActionKind::Instruct | ActionKind::Own => org
            .ancestors_or_self(case.handling_unit_id)
            .into_iter()
            .map(|u| u.id)
            .collect(),
        _ => vec![case.handling_unit_id],
    }
}

/// Checks that `kind` may be taken on `case` by the context's actor on day `at` (today for
/// the list of allowed actions; the step's own date when a step is recorded late).
pub fn guard(
    case: &Case,
    kind: ActionKind,
    ctx: &StepContext<'_>,
    at: Date,
) -> Result<(), DomainError> {
    if !kind.from_states().contains(&case.status) {
        return Err(ErrorCode::ActionNotAllowed.into());
    }
    // The accused unit never handles an accusation against itself (Art. 30 ¶3): its petition
    // office registers it and may only forward it up (`step` checks the destination).
    if kind != ActionKind::Forward && is_in_accused_unit(ctx.actor, ctx.org, case) {
        return Err(DomainError::new(ErrorCode::ForwardToAccused));
    }
    if !acting_units(case, kind, ctx.org)
        .iter()
        .any(|u| ctx.acts_for(*u))
    {
        return Err(ErrorCode::NotHandlingUnit.into());
    }
    if !ctx.actor.has_any(kind.roles()) {
        return Err(ErrorCode::RoleRequired.into());
    }
    // A window not yet started (the decision awaits service) is open: a petitioner who asks
    // for review has evidently received the decision.
    let awaiting = case.current_decision().is_some_and(|d| d.awaits_service());
    let window_open = |w: DeadlineKind| {
        window_due(case, w, ctx.limits, ctx.calendar).map_or(awaiting, |due| at <= due)
    };
    match kind {
        ActionKind::Object if !window_open(DeadlineKind::Objection) => {
            Err(ErrorCode::ObjectionTooLate.into())
        }
        ActionKind::Extend if case.detail.extension_days > 0 || case.has(Flag::Extended) => {
            Err(ErrorCode::ExtensionUsed.into())
        }
        ActionKind::TakeBack if case.detail.handler_user_id.is_none() => {
            Err(ErrorCode::ActionNotAllowed.into())
        }
        ActionKind::RequestExtension
            if case.detail.extension_days > 0 || case.has(Flag::Extended) =>
        {
            Err(ErrorCode::ExtensionUsed.into())
        }
        ActionKind::RequestExtension if case.detail.extension_request.is_some() => {
            Err(ErrorCode::ActionNotAllowed.into())
        }
        ActionKind::DenyExtension if case.detail.extension_request.is_none() => {
            Err(ErrorCode::ActionNotAllowed.into())
        }
        ActionKind::ReportInstruction
            if !case.detail.instructions.iter().any(|i| i.awaits_report()) =>
        {
            Err(ErrorCode::ActionNotAllowed.into())
        }
        ActionKind::ReturnDraft if case.detail.opinion_draft.is_none() => {
            Err(ErrorCode::ActionNotAllowed.into())
        }
        ActionKind::DraftOpinion if case.open_hearing().is_some() => {
            Err(ErrorCode::HearingOpen.into())
        }
        ActionKind::Divert if case.petition_type != PetitionType::Appeal => {
            Err(ErrorCode::NotAppeal.into())
        }
        ActionKind::StartHearing if case.open_hearing().is_some() => {
            Err(ErrorCode::HearingOpen.into())
        }
        ActionKind::EndHearing if case.open_hearing().is_none() => {
            Err(ErrorCode::NoHearingOpen.into())
        }
        ActionKind::IssueOpinion | ActionKind::DecideRereview if case.open_hearing().is_some() => {
            Err(ErrorCode::HearingOpen.into())
        }
        ActionKind::Evaluate if case.evaluated(evaluation_stage(case.status)).is_some() => {
            Err(ErrorCode::AlreadyEvaluated.into())
        }
        ActionKind::RequestReview | ActionKind::RequestRereview
            if ctx.org.one_level_up(case.handling_unit_id).is_none() =>
        {
            Err(ErrorCode::NoHigherBody.into())
        }
        ActionKind::RequestReview if !window_open(DeadlineKind::ReviewRequest) => {
            Err(ErrorCode::WindowClosed.into())
        }
        ActionKind::RequestRereview if !window_open(DeadlineKind::RereviewRequest) => {
            Err(ErrorCode::WindowClosed.into())
        }
        ActionKind::Close => close_guard(case, ctx, at),
        ActionKind::Serve if !case.current_decision().is_some_and(|d| d.awaits_service()) => {
            Err(ErrorCode::AlreadyServed.into())
        }
        ActionKind::Accept if case.has(Flag::AfterFinal) && !ctx.actor.has(Role::Leader) => {
            Err(ErrorCode::AfterFinal.into())
        }
        _ => Ok(()),
    }
}

/// The stage whose result an evaluation in `status` is about.
pub fn evaluation_stage(status: Status) -> Status {
    match status {
        Status::Final => Status::Final,
        Status::ReviewDecided => Status::ReviewDecided,
        _ => Status::OpinionIssued,
    }
}

/// A case may be closed once the petitioner is content or can no longer ask for review.
fn close_guard(case: &Case, ctx: &StepContext<'_>, at: Date) -> Result<(), DomainError> {
    let content = matches!(
        case.evaluated(evaluation_stage(case.status)),
        Some(Grade::Satisfied | Grade::BasicallySatisfied)
    );
    let window = match case.status {
        Status::ReviewDecided => DeadlineKind::RereviewRequest,
        _ => DeadlineKind::ReviewRequest,
    };
    // Not served yet: the window has not even started.
    let window_passed =
        window_due(case, window, ctx.limits, ctx.calendar).is_some_and(|due| at > due);
    if content || window_passed {
        Ok(())
    } else {
        Err(ErrorCode::CloseTooEarly.into())
    }
}

/// The steps the actor may take on the case now.
pub fn allowed_actions(case: &Case, ctx: &StepContext<'_>) -> Vec<ActionKind> {
    ActionKind::ALL
        .iter()
        .copied()
        .filter(|k| guard(case, *k, ctx, ctx.today).is_ok())
        .collect()
}
