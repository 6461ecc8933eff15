//! Service (送达, issue 10 item 6): the 复查 and 复核 windows count from the day the
//! petitioner received the decision (XFGZTL-2022 Arts. 35–36), not from its issue.

use super::*;
use crate::case::Service;

fn issued_on_0309() -> (World, Case) {
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-05"));
    let w = World::new("2026-03-09");
    let issued = w
        .step(
            &c,
            &staff(4),
            Action::IssueOpinion(decision()),
            "2026-03-09",
        )
        .unwrap();
    (w, issued)
}

fn deadline_kinds(w: &World, c: &Case) -> Vec<(DeadlineKind, Date)> {
    let limits = &w.rules.for_region("110105", w.today).limits;
    case_deadlines(c, limits, &w.cal)
        .into_iter()
        .map(|d| (d.kind, d.start_on))
        .collect()
}

#[test]
fn until_served_the_window_has_not_started() {
    let (w, issued) = issued_on_0309();
    assert!(issued.has(Flag::AwaitingService));
    assert!(deadline_kinds(&w, &issued).is_empty(), "no window yet");
    assert!(w.allowed(&issued, &staff(4)).contains(&ActionKind::Serve));
    // Months later and still not served: the petitioner may still ask for review.
    let much_later = World::new("2026-09-01");
    assert!(
        much_later
            .step(
                &issued,
                &staff(4),
                Action::RequestReview { late_reason: None },
                "2026-09-01"
            )
            .is_ok()
    );
}

#[test]
fn the_window_counts_from_the_day_of_service() {
    let (_, issued) = issued_on_0309();
    let w = World::new("2026-03-21");
    let served = w
        .step(
            &issued,
            &staff(4),
            Action::Serve {
                method: ServiceMethod::Post,
            },
            "2026-03-20",
        )
        .unwrap();
    assert!(!served.has(Flag::AwaitingService));
    assert_eq!(
        served.detail.opinion.as_ref().unwrap().service,
        Some(Service::Served {
            on: d("2026-03-20"),
            method: ServiceMethod::Post
        })
    );
    assert_eq!(
        deadline_kinds(&w, &served),
        vec![(DeadlineKind::ReviewRequest, d("2026-03-20"))]
    );
    // 2026-04-09 is past 30 days from the issue but within 30 days of service.
    let later = World::new("2026-04-09");
    assert!(
        later
            .step(
                &served,
                &staff(4),
                Action::RequestReview { late_reason: None },
                "2026-04-09"
            )
            .is_ok()
    );
    // Served once only.
    assert_eq!(
        w.step(
            &served,
            &staff(4),
            Action::Serve {
                method: ServiceMethod::Direct
            },
            "2026-03-21"
        ),
        Err(ErrorCode::AlreadyServed)
    );
}

#[test]
fn review_decisions_are_served_the_same_way() {
    let (_, issued) = issued_on_0309();
    let later = World::new("2026-03-20");
    let asked = later
        .step(
            &issued,
            &staff(4),
            Action::RequestReview { late_reason: None },
            "2026-03-10",
        )
        .unwrap();
    let decided = later
        .step(
            &asked,
            &staff(3),
            Action::DecideReview(decision()),
            "2026-03-20",
        )
        .unwrap();
    assert!(decided.has(Flag::AwaitingService));
    assert!(deadline_kinds(&later, &decided).is_empty());
    let served = later
        .step(
            &decided,
            &staff(3),
            Action::Serve {
                method: ServiceMethod::Electronic,
            },
            "2026-03-20",
        )
        .unwrap();
    assert_eq!(
        deadline_kinds(&later, &served),
        vec![(DeadlineKind::RereviewRequest, d("2026-03-20"))]
    );
}

#[test]
fn a_decision_recorded_before_service_was_tracked_counts_from_its_issue() {
    let (w, mut issued) = issued_on_0309();
    if let Some(op) = issued.detail.opinion.as_mut() {
        op.service = None;
    }
    assert_eq!(
        deadline_kinds(&w, &issued),
        vec![(DeadlineKind::ReviewRequest, d("2026-03-09"))]
    );
}

#[test]
fn a_request_recorded_after_its_window_closed_needs_a_leaders_reason() {
    let (_, issued) = issued_on_0309();
    let w = World::new("2026-03-09");
    let served = w
        .step(
            &issued,
            &staff(4),
            Action::Serve {
                method: ServiceMethod::Direct,
            },
            "2026-03-09",
        )
        .unwrap();
    // The window ended 2026-04-08; the letter asking for review was dated 2026-04-05.
    let in_time = World::new("2026-04-06");
    assert!(
        in_time
            .step(
                &served,
                &staff(4),
                Action::RequestReview { late_reason: None },
                "2026-04-05"
            )
            .is_ok(),
        "recorded while the window is still open: no override"
    );
    let late = World::new("2026-04-20");
    let handler = actor(4, &[Role::Handler]);
    let ask = |reason: Option<&str>| Action::RequestReview {
        late_reason: reason.map(str::to_owned),
    };
    assert_eq!(
        late.step(&served, &handler, ask(Some("信件邮寄延误")), "2026-04-05"),
        Err(ErrorCode::LateRecordNeedsLeader)
    );
    assert_eq!(
        late.step(&served, &staff(4), ask(None), "2026-04-05"),
        Err(ErrorCode::Validation)
    );
    let limits = &late.rules.for_region("110105", late.today).limits;
    let ctx = StepContext {
        actor: &staff(4),
        org: &late.org,
        today: late.today,
        limits,
        calendar: &late.cal,
    };
    let out = apply(&served, &ask(Some("信件邮寄延误")), d("2026-04-05"), &ctx).unwrap();
    assert!(
        out.note_zh.contains("补录") && out.note_zh.contains("信件邮寄延误"),
        "{}",
        out.note_zh
    );
    // Dated after the window: refused whoever records it.
    assert_eq!(
        late.step(&served, &staff(4), ask(Some("理由")), "2026-04-10"),
        Err(ErrorCode::WindowClosed)
    );
}

#[test]
fn an_objection_has_a_deadline_and_its_approval_keeps_the_senders_clock() {
    // The county (3) received a letter on 2026-03-02 and forwarded it to its school on 03-05.
    let w = World::new("2026-03-20");
    let c = new_case(Status::Registered, 3);
    let fwd = w
        .step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 4 },
            "2026-03-05",
        )
        .unwrap();
    let objected = World::new("2026-03-06")
        .step(
            &fwd,
            &staff(4),
            Action::Object {
                reason: "不属于本校职责".into(),
                late_reason: None,
            },
            "2026-03-06",
        )
        .unwrap();
    let limits = &w.rules.for_region("110105", w.today).limits;
    let pending = case_deadlines(&objected, limits, &w.cal);
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(
        (pending[0].kind, pending[0].start_on),
        (DeadlineKind::ObjectionDecision, d("2026-03-06"))
    );
    assert!(pending[0].kind.is_staff_duty());
    let back = w
        .step(&objected, &staff(3), Action::ApproveObjection, "2026-03-12")
        .unwrap();
    assert_eq!(back.status, Status::Registered);
    let disposal = case_deadlines(&back, limits, &w.cal);
    assert_eq!(
        (disposal[0].kind, disposal[0].start_on),
        (DeadlineKind::Disposal, d("2026-03-02")),
        "the county's own 15 days from its receipt, not from the approval"
    );
}
