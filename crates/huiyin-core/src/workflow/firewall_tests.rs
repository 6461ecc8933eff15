//! The whistleblower firewall in the workflow (issue 10 items 1, 2, 11): the accused unit
//! never handles an accusation against itself, and the firewall survives `classify`.

use super::*;

/// An accusation against the county (3), registered by its own petition office (5).
fn accusation_against_county() -> Case {
    let mut c = new_case(Status::Registered, 5);
    c.petition_type = PetitionType::Accusation;
    c.concerned_unit_id = 3;
    c.flags.insert(Flag::Whistleblower);
    c
}

#[test]
fn the_accused_units_office_may_only_forward_it_up() {
    let w = World::new("2026-06-30");
    let c = accusation_against_county();
    let office = staff(5);
    assert_eq!(w.allowed(&c, &office), vec![ActionKind::Forward]);
    for action in [
        Action::Accept {
            override_reason: None,
        },
        Action::Reject {
            reason: "不属于受理范围".into(),
        },
        Action::Redirect {
            reason: "向纪委反映".into(),
        },
    ] {
        assert_eq!(
            w.step(&c, &office, action.clone(), "2026-03-03"),
            Err(ErrorCode::ForwardToAccused),
            "{action:?}"
        );
    }
    // Not to a unit inside the accused county either (its school).
    assert_eq!(
        w.step(&c, &office, Action::Forward { to_unit_id: 4 }, "2026-03-03"),
        Err(ErrorCode::ForwardToAccused)
    );
    let up = w
        .step(&c, &office, Action::Forward { to_unit_id: 2 }, "2026-03-03")
        .unwrap();
    assert_eq!(up.handling_unit_id, 2);
    // The discipline body beside the county is a body of its own: it may take the case.
    let beside = w
        .step(&c, &office, Action::Forward { to_unit_id: 8 }, "2026-03-03")
        .unwrap();
    assert_eq!(beside.handling_unit_id, 8);
    assert!(w.allowed(&beside, &staff(8)).contains(&ActionKind::Accept));
}

#[test]
fn the_city_may_not_assign_it_back_to_the_accused_county() {
    let w = World::new("2026-06-30");
    let mut c = accusation_against_county();
    c.handling_unit_id = 2;
    for to in [3, 4, 5] {
        assert_eq!(
            w.step(
                &c,
                &staff(2),
                Action::Assign {
                    to_unit_id: to,
                    report_due_on: None
                },
                "2026-03-03"
            ),
            Err(ErrorCode::ForwardToAccused),
            "to {to}"
        );
    }
    assert!(
        w.step(
            &c,
            &staff(2),
            Action::Assign {
                to_unit_id: 6,
                report_due_on: None
            },
            "2026-03-03"
        )
        .is_ok()
    );
}

#[test]
fn the_firewall_is_sticky_across_classify() {
    let w = World::new("2026-06-30");
    let mut c = accusation_against_county();
    c.handling_unit_id = 2;
    let to_appeal = |reason: Option<&str>| Action::Classify {
        petition_type: PetitionType::Appeal,
        reason: reason.map(str::to_owned),
    };
    // Only a leader, and not one of the accused unit; with a reason.
    assert_eq!(
        w.step(
            &c,
            &actor(2, &[Role::Handler]),
            to_appeal(Some("理由")),
            "2026-03-03"
        ),
        Err(ErrorCode::ReclassifyAccusation)
    );
    assert_eq!(
        w.step(&c, &staff(2), to_appeal(None), "2026-03-03"),
        Err(ErrorCode::Validation)
    );
    let appeal = w
        .step(
            &c,
            &staff(2),
            to_appeal(Some("反映的是个人诉求")),
            "2026-03-03",
        )
        .unwrap();
    assert_eq!(appeal.petition_type, PetitionType::Appeal);
    assert!(appeal.has(Flag::Whistleblower));
    assert_eq!(
        w.step(
            &appeal,
            &staff(2),
            Action::Forward { to_unit_id: 3 },
            "2026-03-04"
        ),
        Err(ErrorCode::ForwardToAccused),
        "classify-then-forward must not hand the reporter to the accused unit"
    );
    // Classifying into accusation sets the flag too.
    let mut plain = new_case(Status::Registered, 2);
    plain.concerned_unit_id = 3;
    let accused = w
        .step(
            &plain,
            &staff(2),
            Action::Classify {
                petition_type: PetitionType::Accusation,
                reason: None,
            },
            "2026-03-03",
        )
        .unwrap();
    assert!(accused.has(Flag::Whistleblower));
}

#[test]
fn the_accused_leader_cannot_reclassify_to_lift_the_firewall() {
    let w = World::new("2026-06-30");
    let c = accusation_against_county();
    assert_eq!(
        w.step(
            &c,
            &staff(5),
            Action::Classify {
                petition_type: PetitionType::Suggestion,
                reason: Some("误报".into()),
            },
            "2026-03-03"
        ),
        Err(ErrorCode::ForwardToAccused)
    );
}
