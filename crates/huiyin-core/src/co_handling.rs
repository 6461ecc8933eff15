//! 协办 (issue 15 item 4; DOMAIN.md §1.4, joint handling): beside a case's lead unit (its
//! handling unit), co-handling units each with a task and a deadline, recording their
//! contribution until their part is done. The inputs as submitted, every problem at once.

use serde::{Deserialize, Serialize};

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

/// Characters of a task and of a note.
pub const MAX_CO_HANDLING_TEXT: usize = 2_000;

wire_enum! {
    /// Where a co-handling unit's part stands.
    CoHandlingStatus {
        Open => "open", "协办中", "Open";
        Done => "done", "已完成", "Done";
    }
}

wire_enum! {
    /// The steps of a co-handling unit on its part.
    CoHandlingAction {
        Progress => "progress", "记录协办情况", "Record progress";
        Done => "done", "协办完成", "Complete";
    }
}

/// A co-handling request as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CoHandlingForm {
    /// The co-handling unit (in your scope; not the handling unit; never the accused unit of
    /// an accusation or a unit inside it).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// Its task (2 to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub task: Field<String>,
    /// Its deadline, YYYY-MM-DD, not before today.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub due_on: Field<Date>,
}

/// A request the domain accepts (the unit is checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCoHandling {
    pub unit_id: i64,
    pub task: String,
    pub due_on: Date,
}

/// A step as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CoHandlingActionForm {
    /// `progress` or `done`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<String>,
    /// What the unit did, its contribution (2 to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub note: Field<String>,
}

fn text_ok(t: &str) -> bool {
    (2..=MAX_CO_HANDLING_TEXT).contains(&t.chars().count())
        && !t
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl NewCoHandling {
    pub fn read(f: CoHandlingForm, today: Date) -> Result<NewCoHandling, DomainError> {
        let mut p = Problems::default();
        let unit = f.unit_id.given().copied().filter(|u| *u > 0);
        if unit.is_none() {
            p.add("unit_id", "请选择协办单位", "the co-handling unit");
        }
        let task = f.task.into_given().unwrap_or_default();
        if !text_ok(&task) {
            p.add(
                "task",
                "请填写协办任务（2至2000字）",
                "the task, 2 to 2,000 characters",
            );
        }
        let due_on = f.due_on.given().copied();
        match due_on {
            None => p.add("due_on", "请填写协办期限（YYYY-MM-DD）", "the deadline"),
            Some(d) if d < today => p.add("due_on", "协办期限不能早于今天", "not before today"),
            Some(_) => {}
        }
        p.finish(|| ())?;
        match (unit, due_on) {
            (Some(unit_id), Some(due_on)) => Ok(NewCoHandling {
                unit_id,
                task,
                due_on,
            }),
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

/// A step the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoHandlingStep {
    pub action: CoHandlingAction,
    pub note: String,
}

impl CoHandlingStep {
    /// Every problem at once; no step on a part already done.
    pub fn read(
        f: CoHandlingActionForm,
        status: CoHandlingStatus,
    ) -> Result<CoHandlingStep, DomainError> {
        let mut p = Problems::default();
        let action = f.action.given().and_then(|a| CoHandlingAction::parse(a));
        if action.is_none() {
            p.add("action", "操作应为 progress 或 done", "progress or done");
        }
        let note = f.note.into_given().unwrap_or_default();
        if !text_ok(&note) {
            p.add(
                "note",
                "请填写协办情况（2至2000字）",
                "the contribution, 2 to 2,000 characters",
            );
        }
        p.finish(|| ())?;
        if status != CoHandlingStatus::Open {
            return Err(DomainError::new(ErrorCode::CoHandlingStepNotAllowed));
        }
        action
            .map(|action| CoHandlingStep { action, note })
            .ok_or_else(|| DomainError::new(ErrorCode::Validation))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_request_and_a_step_name_every_problem() {
        let today = Date::parse("2026-06-30").unwrap();
        let f: CoHandlingForm =
            serde_json::from_str(r#"{"unit_id": 0, "due_on": "2026-06-01"}"#).unwrap();
        let e = NewCoHandling::read(f, today).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["unit_id", "task", "due_on"]);
        let f: CoHandlingActionForm =
            serde_json::from_str(r#"{"action": "done", "note": "已核实学籍材料"}"#).unwrap();
        let e = CoHandlingStep::read(f, CoHandlingStatus::Done).unwrap_err();
        assert_eq!(e.code, ErrorCode::CoHandlingStepNotAllowed);
    }
}
