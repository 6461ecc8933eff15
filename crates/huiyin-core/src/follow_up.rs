//! Follow-through of a decision (issue 15 item 6; DOMAIN.md §12, 息诉息访): a decision that
//! supports the petitioner's request creates an execution task (落实) with a due date, followed
//! up until it is done; one that does not support it creates a persuasion task (疏导). A task is
//! done with how it ended — executed, the petitioner persuaded, or closed by mediation (调解) or
//! settlement (和解), which records the agreement and the petitioner's consent.
//!
//! The due dates are office practice, not statute: 30 days to carry out a supported decision,
//! 15 to talk a petitioner through a refusal; the task's unit may move a due date with a reason.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::kinds::Outcome;
use crate::wire::{Field, Problems};

/// Days from the decision to an execution task's due date (office practice).
pub const EXECUTION_DAYS: i32 = 30;
/// Days from the decision to a persuasion task's due date (office practice).
pub const PERSUASION_DAYS: i32 = 15;
/// Characters of a note and of an agreement.
pub const MAX_FOLLOW_UP_TEXT: usize = 5_000;

wire_enum! {
    /// What a task is for.
    FollowUpKind {
        Execution => "execution", "落实", "Carry out the decision";
        Persuasion => "persuasion", "疏导", "Talk the petitioner through";
    }
}

wire_enum! {
    /// Where a task stands. `superseded`: a later decision on the case replaced it.
    FollowUpStatus {
        Open => "open", "跟进中", "Open";
        Done => "done", "已完成", "Done";
        Superseded => "superseded", "已由新的处理意见取代", "Superseded";
    }
}

wire_enum! {
    /// How a task ended.
    Resolution {
        Executed => "executed", "已落实", "Carried out";
        Persuaded => "persuaded", "已疏导，息诉罢访", "Petitioner persuaded";
        Mediated => "mediated", "调解结案", "Closed by mediation";
        Settled => "settled", "和解结案", "Closed by settlement";
    }
}

wire_enum! {
    /// The steps on a task.
    FollowUpAction {
        Progress => "progress", "记录跟进情况", "Record progress";
        Extend => "extend", "调整完成期限", "Move the due date";
        Done => "done", "完成", "Complete";
    }
}

/// The task a decision creates, if any: its kind and due date.
pub fn task_for(outcome: Outcome, decided_on: Date) -> Option<(FollowUpKind, Date)> {
    match outcome {
        Outcome::Supported => Some((FollowUpKind::Execution, decided_on.add_days(EXECUTION_DAYS))),
        Outcome::NotSupported => Some((
            FollowUpKind::Persuasion,
            decided_on.add_days(PERSUASION_DAYS),
        )),
        Outcome::Explained => None,
    }
}

/// A step as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FollowUpActionForm {
    /// `progress`, `extend` or `done`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<String>,
    /// What was done (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub note: Field<String>,
    /// `extend`: the new due date, YYYY-MM-DD, not before today.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub due_on: Field<Date>,
    /// `done`: `executed`, `persuaded`, `mediated` or `settled`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub resolution: Field<String>,
    /// `done` by mediation or settlement: the agreement reached (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agreement: Field<String>,
    /// `done` by mediation or settlement: the petitioner consents to it (`true`).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub consent: Option<Value>,
}

/// A step the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpStep {
    pub action: FollowUpAction,
    pub note: String,
    pub due_on: Option<Date>,
    pub resolution: Option<Resolution>,
    pub agreement: Option<String>,
}

fn yes(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim(), "true" | "1" | "on" | "yes"),
        _ => false,
    }
}

fn text_ok(t: &str) -> bool {
    (2..=MAX_FOLLOW_UP_TEXT).contains(&t.chars().count())
        && !t
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl FollowUpStep {
    /// Every problem at once. `status` is the task's, `today` bounds a new due date.
    pub fn read(
        f: FollowUpActionForm,
        status: FollowUpStatus,
        today: Date,
    ) -> Result<FollowUpStep, DomainError> {
        let mut p = Problems::default();
        let action = f.action.given().and_then(|a| FollowUpAction::parse(a));
        if action.is_none() {
            p.add(
                "action",
                "操作应为 progress、extend 或 done",
                "progress, extend or done",
            );
        }
        let note = f.note.into_given().unwrap_or_default();
        if !text_ok(&note) {
            p.add(
                "note",
                "请填写跟进情况（2至5000字，不含控制字符）",
                "what was done, 2 to 5,000 characters",
            );
        }
        let due_on = f.due_on.given().copied();
        if action == Some(FollowUpAction::Extend) {
            match due_on {
                None => p.add(
                    "due_on",
                    "请填写新的完成期限（YYYY-MM-DD）",
                    "the new due date",
                ),
                Some(d) if d < today => p.add("due_on", "完成期限不能早于今天", "not before today"),
                Some(_) => {}
            }
        }
        let resolution = f.resolution.given().and_then(|r| Resolution::parse(r));
        let mut agreement = None;
        if action == Some(FollowUpAction::Done) {
            if resolution.is_none() {
                p.add(
                    "resolution",
                    "请选择完成方式：已落实、已疏导、调解或和解",
                    "executed, persuaded, mediated or settled",
                );
            }
            if matches!(resolution, Some(Resolution::Mediated | Resolution::Settled)) {
                let a = f.agreement.into_given().unwrap_or_default();
                if !text_ok(&a) {
                    p.add(
                        "agreement",
                        "调解、和解结案须记录达成的协议（2至5000字）",
                        "mediation or settlement records the agreement reached",
                    );
                }
                if !yes(f.consent.as_ref()) {
                    p.add(
                        "consent",
                        "调解、和解结案须经信访人同意",
                        "mediation or settlement needs the petitioner's consent",
                    );
                }
                agreement = Some(a);
            }
        }
        p.finish(|| ())?;
        if status != FollowUpStatus::Open {
            return Err(DomainError::new(ErrorCode::FollowUpStepNotAllowed));
        }
        let Some(action) = action else {
            return Err(DomainError::new(ErrorCode::Validation));
        };
        Ok(FollowUpStep {
            action,
            note,
            due_on: due_on.filter(|_| action == FollowUpAction::Extend),
            resolution: resolution.filter(|_| action == FollowUpAction::Done),
            agreement,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form(json: &str) -> FollowUpActionForm {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_decision_creates_the_task_its_outcome_calls_for() {
        let on = Date::parse("2026-06-01").unwrap();
        assert_eq!(
            task_for(Outcome::Supported, on),
            Some((FollowUpKind::Execution, Date::parse("2026-07-01").unwrap()))
        );
        assert_eq!(
            task_for(Outcome::NotSupported, on),
            Some((FollowUpKind::Persuasion, Date::parse("2026-06-16").unwrap()))
        );
        assert_eq!(task_for(Outcome::Explained, on), None);
    }

    #[test]
    fn mediation_needs_the_agreement_and_the_consent() {
        let today = Date::parse("2026-06-30").unwrap();
        let e = FollowUpStep::read(
            form(r#"{"action": "done", "note": "双方达成一致", "resolution": "mediated"}"#),
            FollowUpStatus::Open,
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["agreement", "consent"]);
        let s = FollowUpStep::read(
            form(
                r#"{"action": "done", "note": "双方达成一致", "resolution": "settled",
                    "agreement": "学校退还借读费3000元", "consent": "on"}"#,
            ),
            FollowUpStatus::Open,
            today,
        )
        .unwrap();
        assert_eq!(s.resolution, Some(Resolution::Settled));
        assert_eq!(s.agreement.as_deref(), Some("学校退还借读费3000元"));
    }

    #[test]
    fn every_problem_at_once_and_no_step_on_a_closed_task() {
        let today = Date::parse("2026-06-30").unwrap();
        let e = FollowUpStep::read(
            form(r#"{"action": "extend", "due_on": "2026-06-01"}"#),
            FollowUpStatus::Open,
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["note", "due_on"]);
        let e = FollowUpStep::read(
            form(r#"{"action": "progress", "note": "电话回访"}"#),
            FollowUpStatus::Done,
            today,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::FollowUpStepNotAllowed);
    }
}
