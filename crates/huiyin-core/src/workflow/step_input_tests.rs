//! The step builder: problems by field, forms and JSON alike.

#![allow(clippy::unwrap_used)]
use super::*;
use crate::error::{DomainError, ErrorCode};

fn command(json: &str) -> Result<StepCommand, DomainError> {
    StepCommand::try_from(serde_json::from_str::<StepInput>(json).unwrap())
}

fn problem_fields(e: &DomainError) -> Vec<&str> {
    let mut v: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn every_problem_is_reported_by_field_at_once() {
    let e =
        command(r#"{"action": "issue_opinion", "outcome": "maybe", "on": "soon"}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(problem_fields(&e), ["basis", "on", "opinion", "outcome"]);
}

#[test]
fn a_reject_needs_its_reason_and_a_blank_one_is_none() {
    let e = command(r#"{"action": "reject", "reason": "   "}"#).unwrap_err();
    assert_eq!(problem_fields(&e), ["reason"]);
    let ok = command(r#"{"action": "reject", "reason": "不属于信访事项"}"#).unwrap();
    assert_eq!(
        ok.action,
        Action::Reject {
            reason: "不属于信访事项".into()
        }
    );
}

#[test]
fn a_form_and_a_json_body_give_the_same_command() {
    // A form sends strings only; JSON sends the unit id as a number.
    let form = command(r#"{"action": "assign", "to_unit_id": "7", "report_due_on": "2026-12-20", "on": "2026-12-02"}"#).unwrap();
    let json = command(r#"{"action": "assign", "to_unit_id": 7, "report_due_on": "2026-12-20", "on": "2026-12-02"}"#).unwrap();
    assert_eq!(form, json);
    assert_eq!(form.on, Some(Date::parse("2026-12-02").unwrap()));
}

#[test]
fn an_unknown_step_is_refused_with_its_code() {
    for body in [r#"{"action": "explode"}"#, "{}"] {
        assert_eq!(command(body).unwrap_err().code, ErrorCode::UnknownAction);
    }
}

#[test]
fn every_required_field_of_every_step_is_reported_when_missing() {
    for &kind in ActionKind::ALL {
        let body = format!(r#"{{"action": "{}"}}"#, kind.as_str());
        let required: Vec<&str> = step_fields(kind)
            .iter()
            .filter(|(_, n)| *n == Need::Required)
            .map(|(f, _)| f.name())
            .collect();
        match command(&body) {
            Ok(c) => {
                assert!(required.is_empty(), "{kind:?} built without {required:?}");
                assert_eq!(c.action.kind(), kind);
            }
            Err(e) => {
                let mut want = required.clone();
                want.sort_unstable();
                assert_eq!(problem_fields(&e), want, "{kind:?}");
            }
        }
    }
}
