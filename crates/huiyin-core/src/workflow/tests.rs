//! Every transition of the workflow, allowed and forbidden.
//!
//! The fixtures here serve the topic files below too: time limits and windows (`windows`), what a
//! step needs and where a case may go (`routing`), the firewall and service.

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

#[path = "windows_tests.rs"]
mod windows;

#[path = "routing_tests.rs"]
mod routing;

#[path = "firewall_tests.rs"]
mod firewall;

#[path = "service_tests.rs"]
mod service;
