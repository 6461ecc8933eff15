//! Leaders' steps on a case (issue 14): 呈阅 (`submit_for_instruction`: the handling unit puts
//! the case before a leader), 阅批 (`instruct`), the report back on an instruction that asked
//! for one (`report_instruction`), and 包案 (`own`). None moves the case; all are recorded on it
//! and on its timeline. An instruction's report day is a staff deadline like any other
//! (`deadlines::case_deadlines`), so an unreported instruction becomes overdue.

use crate::case::{Case, Flag, Instruction, InstructionRequest};
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::org::UnitId;
use crate::workflow::step::required_text;

/// Records a leader's instruction; returns the timeline's notes.
pub(super) fn instruct(
    c: &mut Case,
    by_user_id: i64,
    instruction: &str,
    to_unit: Option<(UnitId, String)>,
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
        reported_on: None,
        report: None,
        to_unit_id: to_unit.as_ref().map(|(u, _)| *u),
    });
    // The leader the case was put before has now read it.
    if c.detail
        .instruction_request
        .as_ref()
        .is_some_and(|r| r.leader_user_id == by_user_id)
    {
        c.detail.instruction_request = None;
    }
    let (unit_zh, unit_en) = match &to_unit {
        Some((_, name)) => (
            format!("交由{name}办理；"),
            format!("to be handled by {name}; "),
        ),
        None => (String::new(), String::new()),
    };
    Ok(match report_due_on {
        Some(due) => (
            format!("领导阅批：{text}（{unit_zh}请于{due}前报告办理情况）"),
            format!("leader's instruction: {text} ({unit_en}report by {due})"),
        ),
        None if to_unit.is_some() => (
            format!("领导阅批：{text}（{}）", unit_zh.trim_end_matches('；')),
            format!(
                "leader's instruction: {text} ({})",
                unit_en.trim_end_matches("; ")
            ),
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

/// 呈阅: puts the case before a leader (the app has checked who they are); a case already before
/// another leader moves to this one. Returns the timeline's notes.
pub(super) fn submit_for_instruction(
    c: &mut Case,
    by_user_id: i64,
    leader_user_id: i64,
    note: Option<&str>,
    on: Date,
) -> Result<(String, String), DomainError> {
    if c.detail
        .instruction_request
        .as_ref()
        .is_some_and(|r| r.leader_user_id == leader_user_id)
    {
        return Err(DomainError::invalid(
            "leader_user_id",
            "本件已呈报该领导阅批，尚待批示",
            "the case already waits for this leader's instruction",
        ));
    }
    let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(required_text("reason", n, 2_000)?),
        None => None,
    };
    c.detail.instruction_request = Some(InstructionRequest {
        leader_user_id,
        by_user_id,
        on,
        note: note.clone(),
    });
    Ok(match note {
        Some(n) => (
            format!("呈报领导阅批（用户编号{leader_user_id}；呈批说明：{n}）"),
            format!("put before a leader for instruction (user #{leader_user_id}; note: {n})"),
        ),
        None => (
            format!("呈报领导阅批（用户编号{leader_user_id}）"),
            format!("put before a leader for instruction (user #{leader_user_id})"),
        ),
    })
}

/// Reports back on every instruction that waits for a report; returns the timeline's notes.
pub(super) fn report_instruction(
    c: &mut Case,
    report: &str,
    on: Date,
) -> Result<(String, String), DomainError> {
    let text = required_text("report", report, 2_000)?;
    let mut n = 0;
    for i in c
        .detail
        .instructions
        .iter_mut()
        .filter(|i| i.awaits_report())
    {
        i.reported_on = Some(on);
        i.report = Some(text.clone());
        n += 1;
    }
    if n == 0 {
        return Err(DomainError::new(ErrorCode::ActionNotAllowed).with(
            "action",
            "本件没有待报告办理情况的领导批示",
            "no instruction on this case waits for a report",
        ));
    }
    Ok((
        format!("向领导报告批示办理情况：{text}"),
        format!("reported back on the leader's instruction: {text}"),
    ))
}
