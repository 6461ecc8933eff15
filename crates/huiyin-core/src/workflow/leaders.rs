//! Leaders' steps on a case (issue 14): 阅批 (`instruct`) and 包案 (`own`). Neither moves the
//! case; both are recorded on it and on its timeline.

use crate::case::{Case, Flag, Instruction};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::workflow::step::required_text;

/// Records a leader's instruction; returns the timeline's notes.
pub(super) fn instruct(
    c: &mut Case,
    by_user_id: i64,
    instruction: &str,
    report_due_on: Option<Date>,
    on: Date,
) -> Result<(String, String), DomainError> {
    let text = required_text("instruction", instruction, 2_000)?;
    if report_due_on.is_some_and(|d| d <= on) {
        return Err(DomainError::invalid(
            "report_due_on",
            "报告期限应晚于阅批日期",
            "the report day must come after the instruction",
        ));
    }
    c.detail.instructions.push(Instruction {
        on,
        by_user_id,
        text: text.clone(),
        report_due_on,
    });
    Ok(match report_due_on {
        Some(due) => (
            format!("领导阅批：{text}（请于{due}前报告办理情况）"),
            format!("leader's instruction: {text} (report by {due})"),
        ),
        None => (
            format!("领导阅批：{text}"),
            format!("leader's instruction: {text}"),
        ),
    })
}

/// Records the leader who takes the case (the app has checked who they are); returns the
/// timeline's notes.
pub(super) fn own(
    c: &mut Case,
    by_user_id: i64,
    leader_user_id: i64,
) -> Result<(String, String), DomainError> {
    if c.detail.owner_leader_id == Some(leader_user_id) {
        return Err(ErrorCode::ActionNotAllowed.into());
    }
    c.detail.owner_leader_id = Some(leader_user_id);
    c.flags.insert(Flag::LeaderOwned);
    Ok(if leader_user_id == by_user_id {
        (
            "领导包案（本人包案）".to_owned(),
            "taken by the leader personally".to_owned(),
        )
    } else {
        (
            format!("领导包案（指定领导，用户编号{leader_user_id}）"),
            format!("assigned to a leader (user #{leader_user_id})"),
        )
    })
}
