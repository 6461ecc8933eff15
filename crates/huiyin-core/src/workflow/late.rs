//! Steps recorded after the day they happened: the law's request windows are checked against
//! the clock as well as the claimed date (issue 10 item 7).

use crate::case::Case;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::role::Role;
use crate::workflow::action::Action;
use crate::workflow::deadlines::{DeadlineKind, window_due};
use crate::workflow::guard::StepContext;

/// A request window that was open on the step's day but had closed by the time the step is
/// recorded (paper arrives late) needs a leader's override with a reason (issue 10 item 7):
/// the law's window is checked against the clock, not only against the claimed date.
pub(crate) fn check_late_record(
    case: &Case,
    action: &Action,
    on: Date,
    ctx: &StepContext<'_>,
) -> Result<Option<(Date, String)>, DomainError> {
    let (window, late_reason) = match action {
        Action::Object { late_reason, .. } => (DeadlineKind::Objection, late_reason),
        Action::RequestReview { late_reason } => (DeadlineKind::ReviewRequest, late_reason),
        Action::RequestRereview { late_reason } => (DeadlineKind::RereviewRequest, late_reason),
        _ => return Ok(None),
    };
    let Some(due) = window_due(case, window, ctx.limits, ctx.calendar) else {
        return Ok(None);
    };
    if ctx.today <= due || on > due {
        return Ok(None);
    }
    let reason = late_reason.as_deref().map(str::trim).unwrap_or("");
    if !ctx.actor.has(Role::Leader) {
        return Err(DomainError::new(ErrorCode::LateRecordNeedsLeader).field("override_reason"));
    }
    if reason.is_empty() {
        return Err(DomainError::invalid(
            "override_reason",
            format!("期限已于{due}届满，补录须填写理由"),
            format!("the window closed on {due}: give the reason for recording it now"),
        ));
    }
    Ok(Some((due, reason.to_owned())))
}
