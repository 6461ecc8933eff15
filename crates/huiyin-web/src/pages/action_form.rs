//! A workflow step from an HTML form: which fields each step shows, and parsing the posted
//! fields into a domain `Action` (every problem reported per field, in the page's language).

use huiyin_app::ActionInput;
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use huiyin_core::workflow::{Action, ActionKind, Decision};
use serde_json::{Map, Value};

use super::session::Fields;

/// What a step's form asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormSpec {
    pub unit: bool,
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
    /// Steps a leader should think twice about (shown with the danger style).
    pub danger: bool,
}

pub fn spec(kind: ActionKind) -> FormSpec {
    let mut s = FormSpec::default();
    match kind {
        ActionKind::Classify => {
            // A reason is asked for; the domain requires it when an accusation is reclassified.
            s.petition_type = true;
            s.reason = true;
        }
        ActionKind::Forward => s.unit = true,
        ActionKind::Assign => {
            s.unit = true;
            s.report_due = true;
        }
        ActionKind::Accept => s.override_reason = true,
        ActionKind::Reject | ActionKind::Redirect | ActionKind::Object => {
            s.reason = true;
            s.reason_required = true;
            s.danger = kind == ActionKind::Reject;
        }
        ActionKind::Divert => s.procedure = true,
        ActionKind::Extend => {
            s.days = true;
            s.reason = true;
            s.reason_required = true;
        }
        ActionKind::IssueOpinion | ActionKind::DecideReview | ActionKind::DecideRereview => {
            s.decision = true;
        }
        ActionKind::Evaluate => s.grade = true,
        ActionKind::Close => s.reason = true,
        ActionKind::Serve => s.service_method = true,
        ActionKind::ApproveObjection
        | ActionKind::DenyObjection
        | ActionKind::StartHearing
        | ActionKind::EndHearing
        | ActionKind::RequestReview
        | ActionKind::RequestRereview => {}
    }
    s
}

fn missing(e: &mut Option<DomainError>, field: &str) {
    add(e, field, "缺少此项", "required");
}

fn add(e: &mut Option<DomainError>, field: &str, zh: &str, en: &str) {
    let err = e
        .take()
        .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
    *e = Some(err.with(field, zh, en));
}

fn date(f: &Fields, name: &str, e: &mut Option<DomainError>) -> Option<Date> {
    let v = f.get(name)?;
    let d = Date::parse(v).ok();
    if d.is_none() {
        add(e, name, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
    }
    d
}

fn required(f: &Fields, name: &str, e: &mut Option<DomainError>) -> String {
    let v = f.text(name);
    if v.is_empty() {
        missing(e, name);
    }
    v
}

fn decision(f: &Fields, e: &mut Option<DomainError>) -> Decision {
    let outcome = match f.get("outcome").map(Outcome::parse) {
        Some(Some(o)) => o,
        _ => {
            missing(e, "outcome");
            Outcome::Explained
        }
    };
    Decision {
        outcome,
        opinion: required(f, "opinion", e),
        basis: required(f, "basis", e),
    }
}

/// Parses the posted step; `Err` carries every field problem at once.
pub fn parse(f: &Fields) -> Result<ActionInput, DomainError> {
    let kind = f
        .get("action")
        .and_then(ActionKind::parse)
        .ok_or(DomainError::new(ErrorCode::UnknownAction).field("action"))?;
    let mut e: Option<DomainError> = None;
    let on = date(f, "on", &mut e);
    let action = match kind {
        ActionKind::Classify => Action::Classify {
            petition_type: f
                .get("petition_type")
                .and_then(PetitionType::parse)
                .unwrap_or_else(|| {
                    missing(&mut e, "petition_type");
                    PetitionType::Appeal
                }),
            reason: f.get("reason").map(str::to_owned),
        },
        ActionKind::Forward | ActionKind::Assign => {
            let to = f.get("to_unit_id").and_then(|v| v.parse::<i64>().ok());
            if to.is_none() {
                missing(&mut e, "to_unit_id");
            }
            let to_unit_id = to.unwrap_or(0);
            if kind == ActionKind::Forward {
                Action::Forward { to_unit_id }
            } else {
                Action::Assign {
                    to_unit_id,
                    report_due_on: date(f, "report_due_on", &mut e),
                }
            }
        }
        ActionKind::Accept => Action::Accept {
            override_reason: f.get("override_reason").map(str::to_owned),
        },
        ActionKind::Reject => Action::Reject {
            reason: required(f, "reason", &mut e),
        },
        ActionKind::Redirect => Action::Redirect {
            reason: required(f, "reason", &mut e),
        },
        ActionKind::Object => Action::Object {
            reason: required(f, "reason", &mut e),
            late_reason: f.get("override_reason").map(str::to_owned),
        },
        ActionKind::Divert => Action::Divert {
            procedure: f
                .get("procedure")
                .and_then(DiversionProcedure::parse)
                .unwrap_or_else(|| {
                    missing(&mut e, "procedure");
                    DiversionProcedure::Litigation
                }),
        },
        ActionKind::ApproveObjection => Action::ApproveObjection,
        ActionKind::DenyObjection => Action::DenyObjection,
        ActionKind::Extend => {
            let days = f.get("days").and_then(|v| v.parse::<u32>().ok());
            if days.is_none() {
                add(&mut e, "days", "应为正整数", "expected a positive number");
            }
            Action::Extend {
                days: days.unwrap_or(0),
                reason: required(f, "reason", &mut e),
            }
        }
        ActionKind::StartHearing => Action::StartHearing,
        ActionKind::EndHearing => Action::EndHearing,
        ActionKind::IssueOpinion => Action::IssueOpinion(decision(f, &mut e)),
        ActionKind::DecideReview => Action::DecideReview(decision(f, &mut e)),
        ActionKind::DecideRereview => Action::DecideRereview(decision(f, &mut e)),
        ActionKind::Evaluate => Action::Evaluate {
            grade: f.get("grade").and_then(Grade::parse).unwrap_or_else(|| {
                missing(&mut e, "grade");
                Grade::Satisfied
            }),
        },
        ActionKind::RequestReview => Action::RequestReview {
            late_reason: f.get("override_reason").map(str::to_owned),
        },
        ActionKind::RequestRereview => Action::RequestRereview {
            late_reason: f.get("override_reason").map(str::to_owned),
        },
        ActionKind::Close => Action::Close {
            reason: f.get("reason").map(str::to_owned),
        },
        ActionKind::Serve => Action::Serve {
            method: f
                .get("method")
                .and_then(ServiceMethod::parse)
                .unwrap_or_else(|| {
                    missing(&mut e, "method");
                    ServiceMethod::Direct
                }),
        },
    };
    if let Some(err) = e {
        return Err(err);
    }
    Ok(ActionInput {
        action,
        on,
        params_json: params_json(f),
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
            "to_unit_id" | "days" => v
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
