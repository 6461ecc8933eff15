//! The workflow's time limits and windows: the step date, the five working days to object,
//! the one extension, the thirty days to ask for review, closing, and the hearing that pauses
//! only the 复核 clock.

use super::*;

#[test]
fn step_dates_are_checked() {
    let w = World::new("2026-03-10");
    let c = new_case(Status::Registered, 3);
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Accept {
                override_reason: None
            },
            "2026-03-11"
        ),
        Err(ErrorCode::StepInFuture)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(3),
            Action::Accept {
                override_reason: None
            },
            "2026-03-01"
        ),
        Err(ErrorCode::StepBeforePrevious)
    );
    assert!(
        w.step(
            &c,
            &staff(3),
            Action::Accept {
                override_reason: None
            },
            "2026-03-02"
        )
        .is_ok()
    );
}

#[test]
fn objection_within_five_working_days_only() {
    // Forwarded on Wed 2026-09-30: five working days end on 2026-10-13 (DOMAIN.md §8.3).
    let mut c = new_case(Status::Forwarded, 4);
    c.detail.transfer_received_on = Some(d("2026-09-30"));
    c.detail.transferred_by_unit_id = Some(3);
    c.last_step_on = d("2026-09-30");
    let on_time = World::new("2026-10-13");
    let objected = on_time
        .step(
            &c,
            &staff(4),
            Action::Object {
                reason: "不属于本校职责".into(),
                late_reason: None,
            },
            "2026-10-13",
        )
        .unwrap();
    assert_eq!(objected.status, Status::Objected);
    let late = World::new("2026-10-14");
    assert_eq!(
        late.step(
            &c,
            &staff(4),
            Action::Object {
                reason: "迟了".into(),
                late_reason: None,
            },
            "2026-10-14"
        ),
        Err(ErrorCode::ObjectionTooLate)
    );
    // The sender decides: approve returns it, deny sends it back to the receiver's queue.
    assert_eq!(
        on_time.step(&objected, &staff(4), Action::ApproveObjection, "2026-10-13"),
        Err(ErrorCode::NotHandlingUnit)
    );
    let back = on_time
        .step(&objected, &staff(3), Action::ApproveObjection, "2026-10-13")
        .unwrap();
    assert_eq!(
        (back.status, back.handling_unit_id),
        (Status::Registered, 3)
    );
    let denied = on_time
        .step(&objected, &staff(3), Action::DenyObjection, "2026-10-13")
        .unwrap();
    assert_eq!(
        (denied.status, denied.handling_unit_id),
        (Status::Forwarded, 4)
    );
}

#[test]
fn one_extension_of_at_most_thirty_days() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-01"));
    let leader = actor(4, &[Role::Leader]);
    assert_eq!(
        w.step(
            &c,
            &leader,
            Action::Extend {
                days: 31,
                reason: "x".into()
            },
            "2026-03-02"
        ),
        Err(ErrorCode::ExtensionTooLong)
    );
    assert_eq!(
        w.step(
            &c,
            &leader,
            Action::Extend {
                days: 10,
                reason: " ".into()
            },
            "2026-03-02"
        ),
        Err(ErrorCode::Validation)
    );
    let ext = w
        .step(
            &c,
            &leader,
            Action::Extend {
                days: 30,
                reason: "案情复杂".into(),
            },
            "2026-03-02",
        )
        .unwrap();
    assert_eq!(
        w.step(
            &ext,
            &leader,
            Action::Extend {
                days: 5,
                reason: "再延".into()
            },
            "2026-03-03"
        ),
        Err(ErrorCode::ExtensionUsed)
    );
    // 2026-03-01 + 60 + 30 = 2026-05-30 (Sat) → 2026-06-01 (DOMAIN.md §8.3).
    let limits = &w.rules.for_region("110105", w.today).limits;
    let due = case_deadlines(&ext, limits, &w.cal)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Handling)
        .unwrap();
    assert_eq!(due.due_on, d("2026-06-01"));
}

#[test]
fn review_window_is_thirty_days() {
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-05"));
    // Issued Mon 2026-03-09: 30 days end Wed 2026-04-08, a working day.
    let w = World::new("2026-03-09");
    let issued = w
        .step(
            &c,
            &staff(4),
            Action::IssueOpinion(decision()),
            "2026-03-09",
        )
        .unwrap();
    let issued = w
        .step(
            &issued,
            &staff(4),
            Action::Serve {
                method: ServiceMethod::Direct,
            },
            "2026-03-09",
        )
        .unwrap();
    let late = World::new("2026-04-09");
    assert_eq!(
        late.step(
            &issued,
            &staff(4),
            Action::RequestReview { late_reason: None },
            "2026-04-09"
        ),
        Err(ErrorCode::WindowClosed)
    );
    let in_time = World::new("2026-04-08");
    assert!(
        in_time
            .step(
                &issued,
                &staff(3),
                Action::RequestReview { late_reason: None },
                "2026-04-08"
            )
            .is_ok(),
        "the reviewing body may record it"
    );
}

#[test]
fn closing_waits_for_satisfaction_or_the_window() {
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-05"));
    let w = World::new("2026-04-01");
    let issued = w
        .step(
            &c,
            &staff(4),
            Action::IssueOpinion(decision()),
            "2026-04-01",
        )
        .unwrap();
    assert_eq!(
        w.step(
            &issued,
            &staff(4),
            Action::Close { reason: None },
            "2026-04-01"
        ),
        Err(ErrorCode::CloseTooEarly)
    );
    let happy = w
        .step(
            &issued,
            &staff(4),
            Action::Evaluate {
                grade: Grade::Satisfied,
            },
            "2026-04-01",
        )
        .unwrap();
    assert_eq!(
        w.step(
            &happy,
            &staff(4),
            Action::Evaluate {
                grade: Grade::Satisfied
            },
            "2026-04-01"
        ),
        Err(ErrorCode::AlreadyEvaluated)
    );
    assert_eq!(
        w.step(
            &happy,
            &staff(4),
            Action::Close { reason: None },
            "2026-04-01"
        )
        .unwrap()
        .status,
        Status::Closed
    );
    let later = World::new("2026-06-01");
    assert_eq!(
        later.step(
            &issued,
            &staff(4),
            Action::Close { reason: None },
            "2026-06-01"
        ),
        Err(ErrorCode::CloseTooEarly),
        "never served: the window has not started"
    );
    let served = later
        .step(
            &issued,
            &staff(4),
            Action::Serve {
                method: ServiceMethod::Post,
            },
            "2026-04-03",
        )
        .unwrap();
    assert_eq!(
        later
            .step(
                &served,
                &staff(4),
                Action::Close { reason: None },
                "2026-06-01"
            )
            .unwrap()
            .status,
        Status::Closed
    );
}

#[test]
fn hearing_pauses_only_the_rereview_clock() {
    let w = World::new("2026-06-30");
    let limits = &w.rules.for_region("110105", w.today).limits;
    let mut c = new_case(Status::RereviewRequested, 2);
    c.detail.rereview_requested_on = Some(d("2026-05-01"));
    c.last_step_on = d("2026-05-01");
    // 30 days from 2026-05-01 end Sun 05-31 → Mon 06-01.
    assert_eq!(
        case_deadlines(&c, limits, &w.cal)[0].due_on,
        d("2026-06-01")
    );
    let heard = w
        .step(&c, &staff(2), Action::StartHearing, "2026-05-05")
        .unwrap();
    let heard = w
        .step(&heard, &staff(2), Action::EndHearing, "2026-05-14")
        .unwrap();
    // The ten hearing days 05-05..05-14 do not count: 3 days before, 27 after → Wed 06-10.
    assert_eq!(
        case_deadlines(&heard, limits, &w.cal)[0].due_on,
        d("2026-06-10")
    );
    // A hearing in the first-instance handling stage does not stop the 60-day clock.
    let mut h = new_case(Status::Accepted, 4);
    h.detail.accepted_on = Some(d("2026-03-01"));
    let before = case_deadlines(&h, limits, &w.cal)[0].due_on;
    let h = w
        .step(&h, &staff(4), Action::StartHearing, "2026-03-05")
        .unwrap();
    let h = w
        .step(&h, &staff(4), Action::EndHearing, "2026-03-20")
        .unwrap();
    assert_eq!(case_deadlines(&h, limits, &w.cal)[0].due_on, before);
}
