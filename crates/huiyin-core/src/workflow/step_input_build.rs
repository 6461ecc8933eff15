//! The one conversion of a submitted step into a [`StepCommand`]: every problem of the
//! submission at once, by field (checked against [`step_fields`]), then the [`Action`].

use super::{Need, StepCommand, StepField, StepInput, step_fields};
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};
use crate::workflow::action::{Action, ActionKind, Decision};

impl StepInput {
    /// Whether field `f` was sent, and whether it read as a value of its type.
    fn presence(&self, f: StepField) -> Presence {
        match f {
            StepField::PetitionType => presence(&self.petition_type),
            StepField::ToUnit => presence(&self.to_unit_id),
            StepField::ReportDueOn => presence(&self.report_due_on),
            StepField::Reason => presence(&self.reason),
            StepField::OverrideReason | StepField::LateReason => presence(&self.override_reason),
            StepField::Procedure => presence(&self.procedure),
            StepField::Days => presence(&self.days),
            StepField::Outcome => presence(&self.outcome),
            StepField::Opinion => presence(&self.opinion),
            StepField::Basis => presence(&self.basis),
            StepField::Facts => presence(&self.facts),
            StepField::Grade => presence(&self.grade),
            StepField::Method => presence(&self.method),
            StepField::Instruction => presence(&self.instruction),
            StepField::LeaderUserId => presence(&self.leader_user_id),
            StepField::HandlerUserId => presence(&self.handler_user_id),
            StepField::Report => presence(&self.report),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Absent,
    Given,
    Invalid,
}

fn presence<T>(v: &Field<T>) -> Presence {
    match v {
        Field::Absent => Presence::Absent,
        Field::Given(_) => Presence::Given,
        Field::Invalid(_) => Presence::Invalid,
    }
}

/// A field the step needs (checked against [`step_fields`] before the action is built).
fn needed<T>(v: Field<T>, f: StepField) -> Result<T, DomainError> {
    v.into_given()
        .ok_or_else(|| DomainError::invalid(f.name(), "缺少此项", "required"))
}

impl TryFrom<StepInput> for StepCommand {
    type Error = DomainError;

    /// Every problem of the submission at once, by field; then the action.
    fn try_from(i: StepInput) -> Result<StepCommand, DomainError> {
        let kind = match &i.action {
            Field::Given(k) => *k,
            _ => return Err(DomainError::new(ErrorCode::UnknownAction).field("action")),
        };
        let mut problems = Problems::default();
        if matches!(i.on, Field::Invalid(_)) {
            problems.add("on", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
        }
        for &(f, need) in step_fields(kind) {
            match i.presence(f) {
                Presence::Invalid => {
                    let (zh, en) = f.invalid();
                    problems.add(f.name(), zh, en);
                }
                Presence::Absent if need == Need::Required => problems.missing(f.name()),
                _ => {}
            }
        }
        problems.finish(|| ())?;
        let on = i.on.clone().into_given();
        Ok(StepCommand {
            action: action(kind, i)?,
            on,
        })
    }
}

fn decision(i: StepInput) -> Result<Decision, DomainError> {
    Ok(Decision {
        outcome: needed(i.outcome, StepField::Outcome)?,
        opinion: needed(i.opinion, StepField::Opinion)?,
        basis: needed(i.basis, StepField::Basis)?,
        facts: i.facts.into_given(),
    })
}

fn action(kind: ActionKind, i: StepInput) -> Result<Action, DomainError> {
    use StepField as F;
    Ok(match kind {
        ActionKind::Classify => Action::Classify {
            petition_type: needed(i.petition_type, F::PetitionType)?,
            reason: i.reason.into_given(),
        },
        ActionKind::Forward => Action::Forward {
            to_unit_id: needed(i.to_unit_id, F::ToUnit)?,
        },
        ActionKind::Assign => Action::Assign {
            to_unit_id: needed(i.to_unit_id, F::ToUnit)?,
            report_due_on: i.report_due_on.into_given(),
        },
        // API clients have sent the leader's reason as `reason`: still read.
        ActionKind::Accept => Action::Accept {
            override_reason: i.override_reason.into_given().or(i.reason.into_given()),
        },
        ActionKind::Reject => Action::Reject {
            reason: needed(i.reason, F::Reason)?,
        },
        ActionKind::Redirect => Action::Redirect {
            reason: needed(i.reason, F::Reason)?,
        },
        ActionKind::Object => Action::Object {
            reason: needed(i.reason, F::Reason)?,
            late_reason: i.override_reason.into_given(),
        },
        ActionKind::Divert => Action::Divert {
            procedure: needed(i.procedure, F::Procedure)?,
        },
        ActionKind::ApproveObjection => Action::ApproveObjection,
        ActionKind::DenyObjection => Action::DenyObjection,
        ActionKind::Extend => Action::Extend {
            days: needed(i.days, F::Days)?,
            reason: needed(i.reason, F::Reason)?,
        },
        ActionKind::StartHearing => Action::StartHearing,
        ActionKind::EndHearing => Action::EndHearing,
        ActionKind::IssueOpinion => Action::IssueOpinion(decision(i)?),
        ActionKind::DecideReview => Action::DecideReview(decision(i)?),
        ActionKind::DecideRereview => Action::DecideRereview(decision(i)?),
        ActionKind::Evaluate => Action::Evaluate {
            grade: needed(i.grade, F::Grade)?,
        },
        ActionKind::RequestReview => Action::RequestReview {
            late_reason: i.override_reason.into_given(),
        },
        ActionKind::RequestRereview => Action::RequestRereview {
            late_reason: i.override_reason.into_given(),
        },
        ActionKind::Close => Action::Close {
            reason: i.reason.into_given(),
        },
        ActionKind::Serve => Action::Serve {
            method: needed(i.method, F::Method)?,
        },
        ActionKind::Instruct => Action::Instruct {
            instruction: needed(i.instruction, F::Instruction)?,
            to_unit_id: i.to_unit_id.into_given(),
            report_due_on: i.report_due_on.into_given(),
        },
        ActionKind::Own => Action::Own {
            leader_user_id: needed(i.leader_user_id, F::LeaderUserId)?,
        },
        ActionKind::SubmitForInstruction => Action::SubmitForInstruction {
            leader_user_id: needed(i.leader_user_id, F::LeaderUserId)?,
            note: i.reason.into_given(),
        },
        ActionKind::ReportInstruction => Action::ReportInstruction {
            report: needed(i.report, F::Report)?,
        },
        ActionKind::Allot => Action::Allot {
            handler_user_id: needed(i.handler_user_id, F::HandlerUserId)?,
            handler_name: String::new(),
            reason: i.reason.into_given(),
        },
        ActionKind::TakeBack => Action::TakeBack {
            reason: i.reason.into_given(),
        },
        ActionKind::RequestExtension => Action::RequestExtension {
            days: needed(i.days, F::Days)?,
            reason: needed(i.reason, F::Reason)?,
        },
        ActionKind::DenyExtension => Action::DenyExtension {
            reason: needed(i.reason, F::Reason)?,
        },
        ActionKind::DraftOpinion => Action::DraftOpinion(decision(i)?),
        ActionKind::ReturnDraft => Action::ReturnDraft {
            reason: needed(i.reason, F::Reason)?,
        },
    })
}
