//! Tests of the 矛盾纠纷排查 register (`risk`).

#![allow(clippy::unwrap_used)]

use super::*;

fn today() -> Date {
    Date::parse("2026-06-30").unwrap()
}

#[test]
fn an_entry_names_every_problem_at_once() {
    let f: RiskForm = serde_json::from_str(
        r#"{"title": "x", "level": "purple", "due_on": "2026-06-29", "case_ids": [0]}"#,
    )
    .unwrap();
    let e = NewRisk::read(f, today()).unwrap_err();
    let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        fields,
        [
            "title",
            "unit_id",
            "level",
            "owner_user_id",
            "due_on",
            "description",
            "case_ids"
        ]
    );
}

#[test]
fn levels_read_as_colours_or_words() {
    assert_eq!(risk_level("high"), Some(WarningLevel::Orange));
    assert_eq!(risk_level("red"), Some(WarningLevel::Red));
    assert_eq!(risk_level("low"), Some(WarningLevel::Blue));
    assert_eq!(risk_level("urgent"), None);
}

#[test]
fn steps_fit_the_status() {
    let step =
        |json: &str, status| RiskStep::read(serde_json::from_str(json).unwrap(), status, today());
    let resolve = r#"{"action": "resolve", "note": "已签订调解协议"}"#;
    assert!(step(resolve, RiskStatus::Open).is_ok());
    let e = step(resolve, RiskStatus::Resolved).unwrap_err();
    assert_eq!(e.code, ErrorCode::RiskStepNotAllowed);
    let reopen = r#"{"action": "reopen", "note": "家长再次聚集", "due_on": "2026-07-15"}"#;
    assert_eq!(
        step(reopen, RiskStatus::Resolved).unwrap().due_on,
        Date::parse("2026-07-15").ok()
    );
    assert!(step(reopen, RiskStatus::Open).is_err());
    let bad = r#"{"action": "resolve", "note": "好", "level": "red"}"#;
    assert_eq!(step(bad, RiskStatus::Open).unwrap_err().fields[0].0, "note");
    let linked =
        r#"{"action": "update", "note": "已约谈家长代表", "level": "red", "case_ids": [3, 3]}"#;
    let s = step(linked, RiskStatus::Open).unwrap();
    assert_eq!((s.level, s.case_ids), (Some(WarningLevel::Red), vec![3]));
}
