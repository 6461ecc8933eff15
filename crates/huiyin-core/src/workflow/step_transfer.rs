//! Moving a case to another unit (DOMAIN.md §1.4): 转送 (`forward`) to another body, or 交办
//! (`assign`) down the line to a unit below the handling body, with a day to report by.

use crate::case::{Case, Status};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::org::UnitId;
use crate::policy::{belongs_to, is_firewalled};
use crate::workflow::action::Action;
use crate::workflow::guard::StepContext;
use crate::workflow::step::unit_name;

/// `forward` or `assign` (the `action`) of case `c` to unit `to` on day `on`: the checks, the
/// case's new handling unit and status, and the timeline line.
pub(super) fn forward_or_assign(
    c: &mut Case,
    action: &Action,
    to: UnitId,
    ctx: &StepContext<'_>,
    on: Date,
) -> Result<(String, String), DomainError> {
    if ctx.org.get(to).is_none() {
        return Err(DomainError::new(ErrorCode::UnitNotFound).field("to_unit_id"));
    }
    if ctx.org.competent_body(to).map(|u| u.id)
        == ctx.org.competent_body(c.handling_unit_id).map(|u| u.id)
    {
        return Err(DomainError::new(ErrorCode::ForwardToSelf).field("to_unit_id"));
    }
    if is_firewalled(c) && belongs_to(ctx.org, to, c.concerned_unit_id) {
        return Err(DomainError::new(ErrorCode::ForwardToAccused).field("to_unit_id"));
    }
    // 交办 goes down the line (DOMAIN.md §1.4): to a unit below the handling body.
    let body = ctx.org.competent_body(c.handling_unit_id).map(|u| u.id);
    if matches!(action, Action::Assign { .. })
        && !body.is_some_and(|b| ctx.org.is_ancestor_or_self(b, to))
    {
        return Err(DomainError::invalid(
            "to_unit_id",
            "交办只能交给本单位的下级单位；平级或上级单位请用转送",
            "a case is assigned only to a unit below; forward it otherwise",
        ));
    }
    c.detail.transferred_by_unit_id = Some(c.handling_unit_id);
    c.detail.sender_received_on = Some(c.detail.transfer_received_on.unwrap_or(c.received_on));
    c.detail.transfer_received_on = Some(on);
    c.handling_unit_id = to;
    if let Action::Assign { report_due_on, .. } = action {
        if report_due_on.is_some_and(|d| d <= on) {
            return Err(DomainError::invalid(
                "report_due_on",
                "报告期限应晚于交办日期",
                "must be after the assignment day",
            ));
        }
        c.status = Status::Assigned;
        c.detail.report_due_on = *report_due_on;
        Ok((
            format!("交办至{}", unit_name(ctx, to)),
            format!("assigned to {}", unit_name(ctx, to)),
        ))
    } else {
        c.status = Status::Forwarded;
        c.detail.report_due_on = None;
        Ok((
            format!("转送至{}", unit_name(ctx, to)),
            format!("forwarded to {}", unit_name(ctx, to)),
        ))
    }
}
