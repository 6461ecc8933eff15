//! Requests that wait for a leader (待我审批, issue 12 item 2): a handler asks for an extension
//! (`request_extension`), which the leader approves with `extend` or refuses
//! (`deny_extension`); a handler drafts the 意见书 (`draft_opinion`), which the leader signs off
//! with `issue_opinion` or returns (`return_draft`). An objection waits for its sender
//! (`approve_objection` / `deny_objection`, unchanged). [`pending_approval_unit`] names the unit
//! whose inbox a case is in.

use crate::case::{Case, Flag, OpinionDraft, Request, Status};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::org::UnitId;
use crate::workflow::action::Decision;
use crate::workflow::guard::StepContext;
use crate::workflow::step::{check_decision, required_text};

/// What a case waits for, if anything, and from which unit: an objection from its sender, a
/// request or a draft from the handling unit's leader.
pub fn pending_approval_unit(c: &Case) -> Option<UnitId> {
    if c.status == Status::Objected {
        return c.detail.transferred_by_unit_id;
    }
    (c.status == Status::Accepted
        && (c.detail.extension_request.is_some() || c.detail.opinion_draft.is_some()))
    .then_some(c.handling_unit_id)
}

pub(super) fn request_extension(
    c: &mut Case,
    ctx: &StepContext<'_>,
    days: u32,
    reason: &str,
    on: Date,
) -> Result<(String, String), DomainError> {
    if c.detail.extension_days > 0 || c.has(Flag::Extended) {
        return Err(ErrorCode::ExtensionUsed.into());
    }
    if c.detail.extension_request.is_some() {
        return Err(DomainError::invalid(
            "days",
            "已有延期申请待领导审批",
            "an extension request already awaits the leader",
        ));
    }
    if days == 0 || days > ctx.limits.extension_max_days {
        return Err(DomainError::new(ErrorCode::ExtensionTooLong).field("days"));
    }
    let reason = required_text("reason", reason, 2_000)?;
    c.detail.extension_request = Some(Request {
        by_user_id: ctx.actor.user_id,
        on,
        days,
        reason: reason.clone(),
    });
    Ok((
        format!("申请延长办理期限{days}日，报单位负责人审批（理由：{reason}）"),
        format!("asked for a {days}-day extension (reason: {reason})"),
    ))
}

pub(super) fn deny_extension(c: &mut Case, reason: &str) -> Result<(String, String), DomainError> {
    let reason = required_text("reason", reason, 2_000)?;
    let Some(req) = c.detail.extension_request.take() else {
        return Err(ErrorCode::ActionNotAllowed.into());
    };
    Ok((
        format!("单位负责人不同意延期{}日（理由：{reason}）", req.days),
        format!(
            "the leader refused the {}-day extension ({reason})",
            req.days
        ),
    ))
}

pub(super) fn draft_opinion(
    c: &mut Case,
    by_user_id: i64,
    d: &Decision,
    on: Date,
) -> Result<(String, String), DomainError> {
    if c.open_hearing().is_some() {
        return Err(ErrorCode::HearingOpen.into());
    }
    let text = check_decision(d)?;
    let again = c.detail.opinion_draft.is_some();
    c.detail.opinion_draft = Some(OpinionDraft {
        by_user_id,
        on,
        outcome: d.outcome,
        opinion: text.opinion,
        basis: text.basis,
        facts: text.facts,
    });
    Ok(if again {
        (
            format!(
                "修改信访处理意见书草稿（{}），报单位负责人签发",
                d.outcome.zh()
            ),
            format!("opinion draft revised ({}) for sign-off", d.outcome.en()),
        )
    } else {
        (
            format!("起草信访处理意见书（{}），报单位负责人签发", d.outcome.zh()),
            format!("opinion drafted ({}) for sign-off", d.outcome.en()),
        )
    })
}

pub(super) fn return_draft(c: &mut Case, reason: &str) -> Result<(String, String), DomainError> {
    let reason = required_text("reason", reason, 2_000)?;
    if c.detail.opinion_draft.take().is_none() {
        return Err(ErrorCode::ActionNotAllowed.into());
    }
    Ok((
        format!("单位负责人退回意见书草稿（{reason}）"),
        format!("the leader returned the opinion draft ({reason})"),
    ))
}
