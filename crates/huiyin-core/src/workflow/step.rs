//! Taking a step: preconditions, parameter checks, the new state and its timeline line.

use crate::case::{Case, Flag, HearingSpan, Status};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::kinds::PetitionType;
use crate::org::UnitId;
use crate::policy::{belongs_to, is_firewalled, is_in_accused_unit};
use crate::role::Role;
use crate::workflow::action::{Action, ActionKind, Decision};
use crate::workflow::guard::{StepContext, evaluation_stage, guard};
use crate::workflow::late::check_late_record;
use crate::workflow::{allotment, approvals, leaders};

#[path = "step_decisions.rs"]
mod decisions;
#[path = "step_transfer.rs"]
mod transfer;

/// The result of a step: the case after it and what the timeline records.
#[derive(Clone, Debug)]
pub struct StepOutcome {
    pub case: Case,
    pub kind: ActionKind,
    pub on: Date,
    /// A one-line description for the timeline, in Chinese and English.
    pub note_zh: String,
    pub note_en: String,
    /// The unit the case moved to, if it moved.
    pub moved_to: Option<UnitId>,
}

pub(super) fn required_text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, "不能为空", "must not be empty"));
    }
    if v.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            format!("不能超过{max}个字"),
            format!("at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// A decision's texts, checked and trimmed.
pub(super) struct DecisionText {
    pub opinion: String,
    pub basis: String,
    pub facts: Option<String>,
}

pub(super) fn check_decision(d: &Decision) -> Result<DecisionText, DomainError> {
    let facts = match d.facts.as_deref() {
        Some(raw) if !raw.trim().is_empty() => Some(required_text("facts", raw, 20_000)?),
        _ => None,
    };
    Ok(DecisionText {
        opinion: required_text("opinion", &d.opinion, 20_000)?,
        basis: required_text("basis", &d.basis, 5_000)?,
        facts,
    })
}

/// The name of unit `id` for a timeline line (`#id` if the unit is not known).
pub(super) fn unit_name(ctx: &StepContext<'_>, id: UnitId) -> String {
    ctx.org
        .get(id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

/// Checks the step date: never in the future, never before the previous step.
pub fn check_step_date(case: &Case, on: Date, today: Date) -> Result<(), DomainError> {
    if on > today {
        return Err(DomainError::new(ErrorCode::StepInFuture).field("on"));
    }
    if on < case.last_step_on {
        return Err(DomainError::new(ErrorCode::StepBeforePrevious).field("on"));
    }
    Ok(())
}

/// Applies `action` dated `on` to `case`.
pub fn apply(
    case: &Case,
    action: &Action,
    on: Date,
    ctx: &StepContext<'_>,
) -> Result<StepOutcome, DomainError> {
    let kind = action.kind();
    check_step_date(case, on, ctx.today)?;
    guard(case, kind, ctx, on)?;
    let late = check_late_record(case, action, on, ctx)?;
    let mut c = case.clone();
    let mut moved_to = None;
    let (note_zh, note_en) = match action {
        Action::Classify {
            petition_type,
            reason,
        } => {
            let reason = reason.as_deref().map(str::trim).unwrap_or("");
            if is_firewalled(&c) && *petition_type != PetitionType::Accusation {
                // Reclassifying away from accusation: the firewall stays (sticky), and only a
                // leader outside the accused unit may do it, with a reason.
                if !ctx.actor.has(Role::Leader) || is_in_accused_unit(ctx.actor, ctx.org, &c) {
                    return Err(
                        DomainError::new(ErrorCode::ReclassifyAccusation).field("petition_type")
                    );
                }
                if reason.is_empty() {
                    return Err(DomainError::invalid(
                        "reason",
                        "请填写改变检举控告类型的理由",
                        "give the reason for reclassifying an accusation",
                    ));
                }
            }
            if *petition_type == PetitionType::Accusation || is_firewalled(&c) {
                c.flags.insert(Flag::Whistleblower);
            }
            c.petition_type = *petition_type;
            if reason.is_empty() {
                (
                    format!("确定为{}", petition_type.zh()),
                    format!("classified as {}", petition_type.en()),
                )
            } else {
                (
                    format!("确定为{}（理由：{reason}）", petition_type.zh()),
                    format!("classified as {} (reason: {reason})", petition_type.en()),
                )
            }
        }
        Action::Forward { to_unit_id } | Action::Assign { to_unit_id, .. } => {
            let notes = transfer::forward_or_assign(&mut c, action, *to_unit_id, ctx, on)?;
            moved_to = Some(*to_unit_id);
            notes
        }
        Action::Accept { override_reason } => {
            if c.has(Flag::AfterFinal) {
                let reason = override_reason.as_deref().map(str::trim).unwrap_or("");
                if reason.is_empty() {
                    return Err(DomainError::new(ErrorCode::AfterFinal).field("override_reason"));
                }
                c.detail.override_reason = Some(reason.to_owned());
                c.flags.insert(Flag::OverrideAccepted);
            }
            c.status = Status::Accepted;
            c.detail.accepted_on = Some(on);
            // Only the decision: the petitioner is told when the notice's sending is
            // recorded (App::issue_notice), which says 已书面告知 with its day and method.
            ("受理".to_owned(), "accepted".to_owned())
        }
        Action::Reject { reason } => {
            c.detail.notice_reason = Some(required_text("reason", reason, 2_000)?);
            c.status = Status::NotAccepted;
            (
                format!("不予受理：{}", reason.trim()),
                format!("not accepted: {}", reason.trim()),
            )
        }
        Action::Redirect { reason } => {
            c.detail.notice_reason = Some(required_text("reason", reason, 2_000)?);
            c.status = Status::Redirected;
            (
                format!("告知信访人向有权机关提出：{}", reason.trim()),
                format!("redirected: {}", reason.trim()),
            )
        }
        Action::Divert { procedure } => {
            c.detail.diversion = Some(*procedure);
            c.status = Status::Diverted;
            (
                format!("导入{}程序", procedure.zh()),
                format!("diverted to {}", procedure.en()),
            )
        }
        Action::Object { reason, .. } => {
            c.detail.objection_reason = Some(required_text("reason", reason, 2_000)?);
            c.detail.objected_on = Some(on);
            c.status = Status::Objected;
            (
                format!("提出异议：{}", reason.trim()),
                format!("objected: {}", reason.trim()),
            )
        }
        Action::ApproveObjection => {
            let back = c
                .detail
                .transferred_by_unit_id
                .unwrap_or(c.receiving_unit_id);
            c.handling_unit_id = back;
            c.status = Status::Registered;
            // Back on the sender's own 15 days, counted from when it received the case: an
            // approval does not give it new ones (issue 10 item 11).
            c.detail.transfer_received_on = c.detail.sender_received_on.take();
            c.detail.transferred_by_unit_id = None;
            c.detail.report_due_on = None;
            moved_to = Some(back);
            (
                format!("同意异议，事项退回{}", unit_name(ctx, back)),
                format!("objection approved; returned to {}", unit_name(ctx, back)),
            )
        }
        Action::DenyObjection => {
            c.status = if c.detail.report_due_on.is_some() {
                Status::Assigned
            } else {
                Status::Forwarded
            };
            (
                "不同意异议，仍由原承办单位办理".to_owned(),
                "objection denied".to_owned(),
            )
        }
        Action::Extend { days, reason } => {
            if *days == 0 || *days > ctx.limits.extension_max_days {
                return Err(DomainError::new(ErrorCode::ExtensionTooLong).field("days"));
            }
            c.detail.extension_reason = Some(required_text("reason", reason, 2_000)?);
            c.detail.extension_days = *days;
            // A handler's request, if any, is answered by this approval.
            c.detail.extension_request = None;
            c.flags.insert(Flag::Extended);
            (
                format!("经单位负责人批准延长{days}日，已告知信访人延期理由"),
                format!("extended by {days} days with approval"),
            )
        }
        Action::StartHearing => {
            c.detail.hearings.push(HearingSpan {
                from: on,
                to: None,
                stage: c.status,
            });
            c.flags.insert(Flag::Hearing);
            ("开始听证".to_owned(), "hearing started".to_owned())
        }
        Action::EndHearing => {
            for h in c.detail.hearings.iter_mut().filter(|h| h.to.is_none()) {
                h.to = Some(on);
            }
            c.flags.remove(&Flag::Hearing);
            ("听证结束".to_owned(), "hearing ended".to_owned())
        }
        Action::IssueOpinion(d) => decisions::issue_opinion(&mut c, d, on)?,
        Action::Evaluate { grade } => {
            c.detail
                .evaluations
                .push((evaluation_stage(c.status), *grade, on));
            (
                format!("信访人评价：{}", grade.zh()),
                format!("petitioner's evaluation: {}", grade.en()),
            )
        }
        Action::RequestReview { .. } | Action::RequestRereview { .. } => {
            let (up, notes) = decisions::request_review(&mut c, kind, ctx, on)?;
            moved_to = Some(up);
            notes
        }
        Action::DecideReview(d) | Action::DecideRereview(d) => {
            decisions::decide_review(&mut c, kind, d, on)?
        }
        Action::Serve { method } => decisions::serve(&mut c, *method, on)?,
        Action::Instruct {
            instruction,
            to_unit_id,
            report_due_on,
        } => {
            // Never named to handle an accusation against itself (Art. 30 ¶3).
            if let Some(u) = to_unit_id {
                if ctx.org.get(*u).is_none() {
                    return Err(DomainError::new(ErrorCode::UnitNotFound).field("to_unit_id"));
                }
                if is_firewalled(&c) && belongs_to(ctx.org, *u, c.concerned_unit_id) {
                    return Err(DomainError::new(ErrorCode::ForwardToAccused).field("to_unit_id"));
                }
            }
            leaders::instruct(
                &mut c,
                ctx.actor.user_id,
                instruction,
                to_unit_id.map(|u| {
                    (
                        u,
                        ctx.org.get(u).map(|x| x.name.clone()).unwrap_or_default(),
                    )
                }),
                *report_due_on,
                on,
            )?
        }
        Action::Own { leader_user_id } => leaders::own(&mut c, ctx.actor.user_id, *leader_user_id)?,
        Action::SubmitForInstruction {
            leader_user_id,
            note,
        } => leaders::submit_for_instruction(
            &mut c,
            ctx.actor.user_id,
            *leader_user_id,
            note.as_deref(),
            on,
        )?,
        Action::ReportInstruction { report } => leaders::report_instruction(&mut c, report, on)?,
        Action::Allot {
            handler_user_id,
            handler_name,
            reason,
        } => allotment::allot(&mut c, *handler_user_id, handler_name, reason.as_deref())?,
        Action::TakeBack { reason } => allotment::take_back(&mut c, reason.as_deref())?,
        Action::RequestExtension { days, reason } => {
            approvals::request_extension(&mut c, ctx, *days, reason, on)?
        }
        Action::DenyExtension { reason } => approvals::deny_extension(&mut c, reason)?,
        Action::DraftOpinion(d) => approvals::draft_opinion(&mut c, ctx.actor.user_id, d, on)?,
        Action::ReturnDraft { reason } => approvals::return_draft(&mut c, reason)?,
        Action::Close { reason } => {
            c.detail.closing_reason = reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned);
            c.status = Status::Closed;
            ("办结归档".to_owned(), "closed".to_owned())
        }
    };
    // A case that moved leaves its handler behind: the new unit allots it, and puts it before
    // its own leaders if it wants an instruction.
    if moved_to.is_some() {
        c.detail.handler_user_id = None;
        c.detail.handler_name = None;
        c.detail.instruction_request = None;
    }
    // Overdue is re-derived from the new deadlines by the caller.
    c.flags.remove(&Flag::Overdue);
    c.last_step_on = on;
    let (note_zh, note_en) = match late {
        Some((due, reason)) => (
            format!("{note_zh}（期限{due}届满后补录，领导批准理由：{reason}）"),
            format!(
                "{note_en} (recorded after the window closed on {due}; leader's reason: {reason})"
            ),
        ),
        None => (note_zh, note_en),
    };
    Ok(StepOutcome {
        case: c,
        kind,
        on,
        note_zh,
        note_en,
        moved_to,
    })
}
