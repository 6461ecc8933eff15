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
