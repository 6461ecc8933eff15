//! What a step needs and where a case may go: a decision's content, a leader's override
//! after a final decision, the accused unit never handling an accusation, 交办 and 转送
//! targets, diversion to a statutory procedure, and no review above the top body.

use super::*;

#[test]
fn opinion_needs_content_and_basis() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-05"));
    let empty = Decision {
        outcome: Outcome::Supported,
        opinion: "".into(),
        basis: "依据".into(),
        facts: None,
    };
    assert_eq!(
        w.step(&c, &staff(4), Action::IssueOpinion(empty), "2026-03-06"),
        Err(ErrorCode::Validation)
    );
    let no_basis = Decision {
        outcome: Outcome::Supported,
        opinion: "意见".into(),
        basis: "  ".into(),
        facts: None,
    };
    assert_eq!(
        w.step(&c, &staff(4), Action::IssueOpinion(no_basis), "2026-03-06"),
        Err(ErrorCode::Validation)
    );
}

#[test]
fn after_final_needs_a_leaders_override() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::Registered, 3);
    c.flags.insert(Flag::AfterFinal);
    let registrar = actor(3, &[Role::Registrar]);
    assert_eq!(
        w.step(
            &c,
            &registrar,
            Action::Accept {
                override_reason: Some("x".into())
            },
            "2026-03-03"
        ),
        Err(ErrorCode::AfterFinal)
    );
    let leader = actor(3, &[Role::Leader]);
    assert_eq!(
        w.step(
            &c,
            &leader,
            Action::Accept {
                override_reason: None
            },
            "2026-03-03"
        ),
        Err(ErrorCode::AfterFinal)
    );
    let ok = w
        .step(
            &c,
            &leader,
            Action::Accept {
                override_reason: Some("出现新的事实".into()),
            },
            "2026-03-03",
        )
        .unwrap();
    assert!(ok.has(Flag::OverrideAccepted));
    // Other dispositions remain open to a registrar.
    assert!(
        w.step(
            &c,
            &registrar,
            Action::Reject {
                reason: "复核终结，不再受理".into()
            },
            "2026-03-03"
        )
        .is_ok()
    );
}

#[test]
fn accusations_never_go_to_the_accused() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::Registered, 3);
    c.petition_type = PetitionType::Accusation;
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 4 },
            "2026-03-03"
        ),
        Err(ErrorCode::ForwardToAccused)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Assign {
                to_unit_id: 4,
                report_due_on: None
            },
            "2026-03-03"
        ),
        Err(ErrorCode::ForwardToAccused)
    );
    assert!(
        w.step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 6 },
            "2026-03-03"
        )
        .is_ok()
    );
}

/// 交办 goes only down the line: a sibling county or the city above is refused (forward them).
#[test]
fn a_case_is_assigned_only_below() {
    let w = World::new("2026-06-30");
    let c = new_case(Status::Registered, 3);
    for to in [6, 2, 1] {
        let r = w.step(
            &c,
            &staff(3),
            Action::Assign {
                to_unit_id: to,
                report_due_on: None,
            },
            "2026-03-03",
        );
        assert_eq!(r.map(|_| ()), Err(ErrorCode::Validation), "to {to}");
    }
    assert!(
        w.step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 6 },
            "2026-03-03"
        )
        .is_ok()
    );
}

#[test]
fn forwarding_checks_the_target() {
    let w = World::new("2026-06-30");
    let c = new_case(Status::Registered, 3);
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 99 },
            "2026-03-03"
        ),
        Err(ErrorCode::UnitNotFound)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 5 },
            "2026-03-03"
        ),
        Err(ErrorCode::ForwardToSelf)
    );
    let a = w
        .step(
            &c,
            &staff(3),
            Action::Assign {
                to_unit_id: 4,
                report_due_on: Some(d("2026-04-01")),
            },
            "2026-03-03",
        )
        .unwrap();
    assert_eq!(a.status, Status::Assigned);
    assert_eq!(a.detail.report_due_on, Some(d("2026-04-01")));
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Assign {
                to_unit_id: 4,
                report_due_on: Some(d("2026-03-03"))
            },
            "2026-03-03"
        ),
        Err(ErrorCode::Validation)
    );
}

#[test]
fn diversion_only_for_appeals_and_terminal_steps() {
    let w = World::new("2026-06-30");
    let c = new_case(Status::Registered, 3);
    let diverted = w
        .step(
            &c,
            &staff(3),
            Action::Divert {
                procedure: DiversionProcedure::Arbitration,
            },
            "2026-03-03",
        )
        .unwrap();
    assert_eq!(diverted.status, Status::Diverted);
    assert!(w.allowed(&diverted, &staff(3)).is_empty());
    let mut s = new_case(Status::Registered, 3);
    s.petition_type = PetitionType::Suggestion;
    assert_eq!(
        w.step(
            &s,
            &staff(3),
            Action::Divert {
                procedure: DiversionProcedure::Litigation
            },
            "2026-03-03"
        ),
        Err(ErrorCode::NotAppeal)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Reject { reason: "".into() },
            "2026-03-03"
        ),
        Err(ErrorCode::Validation)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Redirect {
                reason: "请向人社部门反映".into()
            },
            "2026-03-03"
        )
        .unwrap()
        .status,
        Status::Redirected
    );
    let cls = w
        .step(
            &c,
            &staff(3),
            Action::Classify {
                petition_type: PetitionType::Suggestion,
                reason: None,
            },
            "2026-03-03",
        )
        .unwrap();
    assert_eq!(cls.petition_type, PetitionType::Suggestion);
}

#[test]
fn no_review_above_the_top() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::OpinionIssued, 1);
    c.detail.opinion = Some(crate::case::Opinion {
        outcome: Outcome::Supported,
        opinion: "o".into(),
        basis: "b".into(),
        facts: None,
        issued_on: d("2026-06-01"),
        unit_id: 1,
        service: None,
    });
    c.last_step_on = d("2026-06-01");
    assert_eq!(
        w.step(
            &c,
            &staff(1),
            Action::RequestReview { late_reason: None },
            "2026-06-02"
        ),
        Err(ErrorCode::NoHigherBody)
    );
    let _ = Grade::ALL;
}
