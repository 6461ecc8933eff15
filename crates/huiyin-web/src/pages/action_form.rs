//! A workflow step from an HTML form: which fields each step's form shows (laid out from the
//! domain's [`step_fields`], the table the API's input is checked against too), and the posted
//! fields read into the domain's [`StepInput`] and converted by the same builder as the API's.

use huiyin_app::ActionInput;
use huiyin_core::error::DomainError;
use huiyin_core::workflow::{ActionKind, Need, StepCommand, StepField, StepInput, step_fields};
use serde_json::{Map, Value};

use super::session::Fields;

/// What a step's form asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormSpec {
    pub unit: bool,
    /// The unit must be chosen (forward, assign); optional for 阅批's 交由…办理.
    pub unit_required: bool,
    pub report_due: bool,
    pub reason: bool,
    pub reason_required: bool,
    pub override_reason: bool,
    pub procedure: bool,
    pub days: bool,
    pub decision: bool,
    pub grade: bool,
    pub petition_type: bool,
    pub service_method: bool,
    pub instruction: bool,
    /// 包案 from the page: the signed-in leader takes the case (the API may name another).
    pub own: bool,
    /// 分办: a select of the handling unit's handlers and leaders.
    pub handler: bool,
    /// 呈阅: a select of the leaders who may read the case.
    pub leader: bool,
    /// `report_instruction`: what was done on the leader's instruction.
    pub report: bool,
    /// Steps a leader should think twice about (shown with the danger style).
    pub danger: bool,
}

/// The form of a step, from the domain's table of its fields.
pub fn spec(kind: ActionKind) -> FormSpec {
    let mut s = FormSpec {
        danger: kind == ActionKind::Reject,
        ..FormSpec::default()
    };
    for &(field, need) in step_fields(kind) {
        match field {
            StepField::PetitionType => s.petition_type = true,
            StepField::ToUnit => {
                s.unit = true;
                s.unit_required = need == Need::Required;
            }
            StepField::ReportDueOn => s.report_due = true,
            StepField::Reason => {
                s.reason = true;
                s.reason_required = need == Need::Required;
            }
            StepField::OverrideReason => s.override_reason = true,
            // A late step is recorded by a leader through the API (the form records steps on
            // time, dated no earlier than the last one).
            StepField::LateReason => {}
            StepField::Procedure => s.procedure = true,
            StepField::Days => s.days = true,
            StepField::Outcome | StepField::Opinion | StepField::Basis | StepField::Facts => {
                s.decision = true
            }
            StepField::Grade => s.grade = true,
            StepField::Method => s.service_method = true,
            StepField::Instruction => s.instruction = true,
            StepField::LeaderUserId if kind == ActionKind::Own => s.own = true,
            StepField::LeaderUserId => s.leader = true,
            StepField::Report => s.report = true,
            StepField::HandlerUserId => s.handler = true,
        }
    }
    s
}

/// Parses the posted step; `Err` carries every field problem at once.
pub fn parse(f: &Fields) -> Result<ActionInput, DomainError> {
    let command = StepCommand::try_from(f.read::<StepInput>(&[]))?;
    Ok(ActionInput {
        action: command.action,
        on: command.on,
        params_json: params_json(f),
        remark: None,
    })
}

/// The step's parameters as recorded on the timeline (the same shape as the JSON API's body).
fn params_json(f: &Fields) -> String {
    let mut m = Map::new();
    for (k, v) in &f.0 {
        let v = v.trim();
        if k == "_csrf" || k == "action" || v.is_empty() {
            continue;
        }
        let value = match k.as_str() {
            "to_unit_id" | "days" | "leader_user_id" | "handler_user_id" => v
                .parse::<i64>()
                .map_or_else(|_| Value::String(v.to_owned()), Value::from),
            _ => Value::String(v.to_owned()),
        };
        m.insert(k.clone(), value);
    }
    Value::Object(m).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use huiyin_core::workflow::Action;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn an_opinion_needs_its_three_parts() {
        let err = parse(&fields(&[
            ("action", "issue_opinion"),
            ("outcome", "supported"),
        ]))
        .err()
        .map(|e| {
            let mut names: Vec<String> = e.fields.iter().map(|(k, _)| k.clone()).collect();
            names.sort();
            names
        });
        assert_eq!(err, Some(vec!["basis".to_owned(), "opinion".to_owned()]));
    }

    #[test]
    fn a_forward_is_parsed_with_its_unit_and_recorded_as_json() {
        let input = parse(&fields(&[
            ("_csrf", "x"),
            ("action", "forward"),
            ("to_unit_id", "7"),
            ("on", "2026-03-03"),
        ]));
        let Ok(input) = input else {
            panic!("should parse")
        };
        assert_eq!(input.action, Action::Forward { to_unit_id: 7 });
        let recorded: Value = serde_json::from_str(&input.params_json).unwrap_or_default();
        assert_eq!(
            recorded,
            serde_json::json!({"to_unit_id": 7, "on": "2026-03-03"})
        );
    }

    #[test]
    fn an_unknown_step_is_refused() {
        assert!(parse(&fields(&[("action", "explode")])).is_err());
    }
}
