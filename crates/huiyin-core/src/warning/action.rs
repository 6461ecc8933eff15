//! A step on a warning (CONTRACT.md: `acknowledge` | `escalate` | `resolve`, with a note) and
//! the status it leads to.

use serde::{Deserialize, Serialize};

use super::WarningStatus;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

crate::case::wire_enum! {
    /// What a user does with a warning.
    WarningAction {
        Acknowledge => "acknowledge", "签收", "Acknowledge";
        Escalate => "escalate", "上报上级", "Escalate";
        Resolve => "resolve", "处置完毕", "Resolve";
    }
}

crate::from_wire_by_parse!(WarningAction);

/// Characters of a note.
pub const MAX_WARNING_NOTE: usize = 2_000;

/// A step as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WarningActionForm {
    /// acknowledge (签收) | escalate (上报上级) | resolve (处置完毕)
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<WarningAction>,
    /// What was done or why; required to resolve (2 to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub note: Field<String>,
}

/// A step the domain accepts on a warning in a given status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningStep {
    pub action: WarningAction,
    pub note: String,
    /// The status after the step.
    pub to: WarningStatus,
}

impl WarningStep {
    /// Reads the form and judges it against the warning's status: a resolved warning takes no
    /// step; an acknowledged one is not acknowledged twice.
    pub fn read(
        form: WarningActionForm,
        status: WarningStatus,
    ) -> Result<WarningStep, DomainError> {
        let mut p = Problems::default();
        let action = form.action.given().copied();
        if action.is_none() {
            p.add(
                "action",
                "操作应为 acknowledge（签收）、escalate（上报上级）或 resolve（处置完毕）",
                "action must be acknowledge, escalate or resolve",
            );
        }
        let note = form.note.into_given().unwrap_or_default();
        let n = note.chars().count();
        if n > MAX_WARNING_NOTE {
            p.add("note", "说明最多2000字", "at most 2,000 characters");
        } else if action == Some(WarningAction::Resolve) && n < 2 {
            p.add(
                "note",
                "处置完毕须写明处置情况（2至2000字）",
                "say how it was resolved (2 to 2,000 characters)",
            );
        }
        p.finish(|| ())?;
        let Some(action) = action else {
            return Err(DomainError::new(ErrorCode::Validation));
        };
        use WarningStatus::*;
        let to = match (action, status) {
            (_, Resolved) => return Err(DomainError::new(ErrorCode::WarningResolved)),
            (WarningAction::Acknowledge, Acknowledged) => {
                return Err(DomainError::new(ErrorCode::WarningAcknowledged));
            }
            (WarningAction::Acknowledge, Open | Escalated) => Acknowledged,
            (WarningAction::Escalate, _) => Escalated,
            (WarningAction::Resolve, _) => Resolved,
        };
        Ok(WarningStep { action, note, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(action: &str, note: &str) -> WarningActionForm {
        let text = |s: &str| {
            if s.is_empty() {
                Field::Absent
            } else {
                Field::Given(s.to_owned())
            }
        };
        WarningActionForm {
            action: match WarningAction::parse(action) {
                Some(a) => Field::Given(a),
                None if action.is_empty() => Field::Absent,
                None => Field::Invalid(action.to_owned()),
            },
            note: text(note),
        }
    }

    fn code(r: Result<WarningStep, DomainError>) -> &'static str {
        r.expect_err("refused").code.as_str()
    }

    #[test]
    fn the_life_of_a_warning() {
        use WarningStatus::*;
        let ack = WarningStep::read(form("acknowledge", ""), Open).expect("ack");
        assert_eq!(ack.to, Acknowledged);
        let up = WarningStep::read(form("escalate", "需上级协调"), Acknowledged).expect("up");
        assert_eq!(up.to, Escalated);
        let ack2 = WarningStep::read(form("acknowledge", ""), Escalated).expect("ack up");
        assert_eq!(ack2.to, Acknowledged);
        let done = WarningStep::read(form("resolve", "已约谈家长，事项化解"), Acknowledged)
            .expect("resolve");
        assert_eq!(done.to, Resolved);
    }

    #[test]
    fn refusals_name_their_reason() {
        use WarningStatus::*;
        assert_eq!(
            code(WarningStep::read(form("acknowledge", ""), Acknowledged)),
            "warning.acknowledged"
        );
        assert_eq!(
            code(WarningStep::read(form("escalate", ""), Resolved)),
            "warning.resolved"
        );
        assert_eq!(
            code(WarningStep::read(form("resolve", ""), Open)),
            "request.invalid"
        );
        assert_eq!(
            code(WarningStep::read(form("delete", ""), Open)),
            "request.invalid"
        );
        assert_eq!(
            code(WarningStep::read(form("", ""), Open)),
            "request.invalid"
        );
    }
}
