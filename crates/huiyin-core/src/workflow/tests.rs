//! Every transition of the workflow, allowed and forbidden.

use std::collections::BTreeSet;

use crate::calendar::HolidayCalendar;
use crate::case::{Case, CaseDetail, Flag, Status};
use crate::date::Date;
use crate::error::ErrorCode;
use crate::kinds::{Channel, DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use crate::org::{OrgTree, Unit, UnitKind};
use crate::role::{Actor, Role};
use crate::rules::Rules;
use crate::workflow::{
    Action, ActionKind, DeadlineKind, Decision, StepContext, allowed_actions, apply, case_deadlines,
};

// Province(1) → city(2) → county(3) → school(4); county petition office(5); sibling county(6);
// provincial petition office(7); the county's discipline body(8).
fn org() -> OrgTree {
    let u = |id, kind, parent, level| Unit {
        id,
        name: format!("单位{id}"),
        kind,
        level,
        parent_id: parent,
        region_code: "110105".into(),
    };
    OrgTree::new([
        u(1, UnitKind::ProvincialDepartment, None, 2),
        u(2, UnitKind::CityBureau, Some(1), 3),
        u(3, UnitKind::CountyBureau, Some(2), 4),
        u(4, UnitKind::School, Some(3), 5),
        u(5, UnitKind::PetitionOffice, Some(3), 4),
        u(6, UnitKind::CountyBureau, Some(2), 4),
        u(7, UnitKind::PetitionOffice, Some(1), 2),
        u(8, UnitKind::DisciplineBody, Some(3), 4),
    ])
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn new_case(status: Status, at: i64) -> Case {
    Case {
        id: 1,
        number: "330102-2026-000001".into(),
        status,
        channel: Channel::Letter,
        petition_type: PetitionType::Appeal,
        category: "fees".into(),
        title: "反映学校违规收费".into(),
        content: "内容".into(),
        demands: "退还费用".into(),
        received_on: d("2026-03-02"),
        receiving_unit_id: at,
        handling_unit_id: at,
        concerned_unit_id: 4,
        registered_by: None,
        people_count: 1,
        flags: BTreeSet::new(),
        last_step_on: d("2026-03-02"),
        detail: CaseDetail::default(),
    }
}

struct World {
    org: OrgTree,
    rules: Rules,
    cal: HolidayCalendar,
    today: Date,
}

impl World {
    fn new(today: &str) -> World {
        World {
            org: org(),
            rules: Rules::national(),
            cal: HolidayCalendar::official(),
            today: d(today),
        }
    }
    fn step(
        &self,
        case: &Case,
        actor: &Actor,
        action: Action,
        on: &str,
    ) -> Result<Case, ErrorCode> {
        let limits = &self.rules.for_region("110105", self.today).limits;
        let ctx = StepContext {
            actor,
            org: &self.org,
            today: self.today,
            limits,
            calendar: &self.cal,
        };
        apply(case, &action, d(on), &ctx)
            .map(|o| o.case)
            .map_err(|e| e.code)
    }
    fn allowed(&self, case: &Case, actor: &Actor) -> Vec<ActionKind> {
        let limits = &self.rules.for_region("110105", self.today).limits;
        let ctx = StepContext {
            actor,
            org: &self.org,
            today: self.today,
            limits,
            calendar: &self.cal,
        };
        allowed_actions(case, &ctx)
    }
}

fn actor(unit: i64, roles: &[Role]) -> Actor {
    Actor {
        user_id: unit * 10,
        unit_id: unit,
        roles: roles.to_vec(),
    }
}

fn staff(unit: i64) -> Actor {
    actor(unit, &[Role::Registrar, Role::Handler, Role::Leader])
}

fn decision() -> Decision {
    Decision {
        outcome: Outcome::Explained,
        opinion: "经调查核实……".into(),
        basis: "《信访工作条例》第三十二条".into(),
        facts: Some("经实地核查……".into()),
    }
}

#[test]
fn full_path_to_finality() {
    let w = World::new("2026-06-30");
    let c = new_case(Status::Registered, 3);
    let c = w
        .step(
            &c,
            &staff(3),
            Action::Forward { to_unit_id: 4 },
            "2026-03-03",
        )
        .unwrap();
    assert_eq!((c.status, c.handling_unit_id), (Status::Forwarded, 4));
    let c = w
        .step(
            &c,
            &staff(4),
            Action::Accept {
                override_reason: None,
            },
            "2026-03-05",
        )
        .unwrap();
    assert_eq!(c.status, Status::Accepted);
    let c = w
        .step(
            &c,
            &actor(4, &[Role::Leader]),
            Action::Extend {
                days: 30,
                reason: "情况复杂".into(),
            },
            "2026-03-10",
        )
        .unwrap();
    assert!(c.has(Flag::Extended));
    let c = w
        .step(
            &c,
            &staff(4),
            Action::IssueOpinion(decision()),
            "2026-04-01",
        )
        .unwrap();
    assert_eq!(c.status, Status::OpinionIssued);
    let c = w
        .step(
            &c,
            &staff(4),
            Action::Evaluate {
                grade: Grade::Dissatisfied,
            },
            "2026-04-02",
        )
        .unwrap();
    let c = w
        .step(
            &c,
            &staff(4),
            Action::RequestReview { late_reason: None },
            "2026-04-10",
        )
        .unwrap();
    assert_eq!(
        (c.status, c.handling_unit_id),
        (Status::ReviewRequested, 3),
        "review one level up"
    );
    let c = w
        .step(
            &c,
            &staff(5),
            Action::DecideReview(decision()),
            "2026-04-20",
        )
        .unwrap();
    assert_eq!(
        c.status,
        Status::ReviewDecided,
        "the county petition office acts for the county"
    );
    let c = w
        .step(
            &c,
            &staff(3),
            Action::RequestRereview { late_reason: None },
            "2026-05-01",
        )
        .unwrap();
    assert_eq!(
        (c.status, c.handling_unit_id),
        (Status::RereviewRequested, 2)
    );
    let c = w
        .step(&c, &staff(2), Action::StartHearing, "2026-05-05")
        .unwrap();
    assert_eq!(
        w.step(
            &c,
            &staff(2),
            Action::DecideRereview(decision()),
            "2026-05-06"
        ),
        Err(ErrorCode::HearingOpen)
    );
    let c = w
        .step(&c, &staff(2), Action::EndHearing, "2026-05-15")
        .unwrap();
    let c = w
        .step(
            &c,
            &staff(2),
            Action::DecideRereview(decision()),
            "2026-05-20",
        )
        .unwrap();
    assert_eq!(c.status, Status::Final);
    assert!(w.allowed(&c, &staff(2)).iter().all(|k| matches!(
        k,
        ActionKind::Evaluate
            | ActionKind::Serve
            | ActionKind::Instruct
            | ActionKind::Own
            | ActionKind::SubmitForInstruction
    )));
}

#[test]
fn every_action_is_refused_outside_its_states() {
    let w = World::new("2026-06-30");
    for status in Status::ALL {
        let c = new_case(*status, 3);
        let allowed = w.allowed(&c, &staff(3));
        for kind in ActionKind::ALL {
            if !kind.from_states().contains(status) {
                assert!(!allowed.contains(kind), "{kind:?} allowed in {status:?}");
            }
        }
    }
}

#[test]
fn only_the_handling_unit_acts_and_siblings_cannot() {
    let w = World::new("2026-06-30");
    let c = new_case(Status::Registered, 3);
    assert_eq!(
        w.step(
            &c,
            &staff(6),
            Action::Accept {
                override_reason: None
            },
            "2026-03-03"
        ),
        Err(ErrorCode::NotHandlingUnit)
    );
    assert_eq!(
        w.step(
            &c,
            &staff(4),
            Action::Accept {
                override_reason: None
            },
            "2026-03-03"
        ),
        Err(ErrorCode::NotHandlingUnit)
    );
    assert!(
        w.step(
            &c,
            &staff(5),
            Action::Accept {
                override_reason: None
            },
            "2026-03-03"
        )
        .is_ok(),
        "petition office acts for its bureau"
    );
    assert!(w.allowed(&c, &staff(6)).is_empty());
}

#[test]
fn roles_are_enforced() {
    let w = World::new("2026-06-30");
    let mut c = new_case(Status::Accepted, 4);
    c.detail.accepted_on = Some(d("2026-03-05"));
    let handler = actor(4, &[Role::Handler]);
    assert_eq!(
        w.step(
            &c,
            &handler,
            Action::Extend {
                days: 10,
                reason: "复杂".into()
            },
            "2026-03-06"
        ),
        Err(ErrorCode::RoleRequired)
    );
    let registrar = actor(4, &[Role::Registrar]);
    assert_eq!(
        w.step(
            &c,
            &registrar,
            Action::IssueOpinion(decision()),
            "2026-03-06"
        ),
        Err(ErrorCode::RoleRequired)
    );
    let supervisor = actor(4, &[Role::Supervisor]);
    assert!(w.allowed(&c, &supervisor).is_empty());
}

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

#[path = "firewall_tests.rs"]
mod firewall;

#[path = "service_tests.rs"]
mod service;
