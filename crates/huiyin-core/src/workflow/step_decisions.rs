//! The steps of a case's written decisions: issuing the 信访处理意见书, the petitioner's
//! requests for review (复查) and re-review (复核) by the body one level up and the decisions
//! on them, and serving a decision on the petitioner.

use crate::case::{Case, Flag, Opinion, Service, Status};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::kinds::ServiceMethod;
use crate::org::UnitId;
use crate::workflow::action::{ActionKind, Decision};
use crate::workflow::guard::StepContext;
use crate::workflow::step::{check_decision, unit_name};

/// `issue_opinion`: the 信访处理意见书 of the handling unit, awaiting service.
pub(super) fn issue_opinion(
    c: &mut Case,
    d: &Decision,
    on: Date,
) -> Result<(String, String), DomainError> {
    let text = check_decision(d)?;
    c.detail.opinion = Some(Opinion {
        outcome: d.outcome,
        opinion: text.opinion,
        basis: text.basis,
        facts: text.facts,
        issued_on: on,
        unit_id: c.handling_unit_id,
        service: Some(Service::Pending),
    });
    // The leader's 签发 of the handler's draft (or an opinion issued without one).
    c.detail.opinion_draft = None;
    c.flags.insert(Flag::AwaitingService);
    c.status = Status::OpinionIssued;
    Ok((
        format!("出具信访处理意见书：{}", d.outcome.zh()),
        format!("opinion issued: {}", d.outcome.en()),
    ))
}

/// `request_review` or `request_rereview` (`kind`): the case moves to the body one level up,
/// which is returned with the timeline line.
pub(super) fn request_review(
    c: &mut Case,
    kind: ActionKind,
    ctx: &StepContext<'_>,
    on: Date,
) -> Result<(UnitId, (String, String)), DomainError> {
    let Some(up) = ctx.org.one_level_up(c.handling_unit_id).map(|u| u.id) else {
        return Err(ErrorCode::NoHigherBody.into());
    };
    c.handling_unit_id = up;
    // A petitioner who asks for review has the decision in hand.
    c.flags.remove(&Flag::AwaitingService);
    if kind == ActionKind::RequestReview {
        c.status = Status::ReviewRequested;
        c.detail.review_requested_on = Some(on);
        Ok((
            up,
            (
                format!("信访人申请复查，由{}复查", unit_name(ctx, up)),
                format!("review requested; reviewed by {}", unit_name(ctx, up)),
            ),
        ))
    } else {
        c.status = Status::RereviewRequested;
        c.detail.rereview_requested_on = Some(on);
        Ok((
            up,
            (
                format!("信访人申请复核，由{}复核", unit_name(ctx, up)),
                format!("re-review requested; by {}", unit_name(ctx, up)),
            ),
        ))
    }
}

/// `decide_review` or `decide_rereview` (`kind`): the 复查 or 复核意见书, awaiting service; a
/// 复核 decision is final.
pub(super) fn decide_review(
    c: &mut Case,
    kind: ActionKind,
    d: &Decision,
    on: Date,
) -> Result<(String, String), DomainError> {
    let text = check_decision(d)?;
    let op = Opinion {
        outcome: d.outcome,
        opinion: text.opinion,
        basis: text.basis,
        facts: text.facts,
        issued_on: on,
        unit_id: c.handling_unit_id,
        service: Some(Service::Pending),
    };
    c.flags.insert(Flag::AwaitingService);
    if kind == ActionKind::DecideReview {
        c.detail.review_opinion = Some(op);
        c.status = Status::ReviewDecided;
        Ok((
            format!("出具复查意见书：{}", d.outcome.zh()),
            format!("review decided: {}", d.outcome.en()),
        ))
    } else {
        c.detail.rereview_opinion = Some(op);
        c.status = Status::Final;
        Ok((
            format!("出具复核意见书：{}，事项终结", d.outcome.zh()),
            format!("re-review decided: {}; final", d.outcome.en()),
        ))
    }
}

/// `serve`: the current decision served on the petitioner by `method` on day `on`.
pub(super) fn serve(
    c: &mut Case,
    method: ServiceMethod,
    on: Date,
) -> Result<(String, String), DomainError> {
    let served = Service::Served { on, method };
    let decision = match c.status {
        Status::OpinionIssued => c.detail.opinion.as_mut(),
        Status::ReviewDecided => c.detail.review_opinion.as_mut(),
        _ => c.detail.rereview_opinion.as_mut(),
    };
    let Some(decision) = decision else {
        return Err(ErrorCode::ActionNotAllowed.into());
    };
    if on < decision.issued_on {
        return Err(DomainError::new(ErrorCode::StepBeforePrevious).field("on"));
    }
    decision.service = Some(served);
    c.flags.remove(&Flag::AwaitingService);
    Ok((
        format!("文书已送达信访人（{}，{on}）", method.zh()),
        format!("decision served on the petitioner ({}, {on})", method.en()),
    ))
}
