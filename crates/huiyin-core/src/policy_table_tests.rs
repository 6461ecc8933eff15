//! The access policy as a table: every role × every unit relation × every petition type.

use std::collections::BTreeSet;

use crate::calendar::HolidayCalendar;
use crate::case::{Case, CaseDetail, Flag, Status};
use crate::date::Date;
use crate::kinds::{Channel, PetitionType};
use crate::org::{OrgTree, Unit, UnitKind};
use crate::policy::matrix::{CaseKind, Standing, sees};
use crate::policy::{IdentityAccess, can_see_case, identity_access, wall_of};
use crate::role::{Actor, Role};
use crate::rules::Rules;
use crate::workflow::{StepContext, allowed_actions};

// province 1 → city 2 → county 3 (office 5) → schools 4 (the one concerned) and 8;
// sibling county 6 → school 7; the county's discipline body 9.
fn org() -> OrgTree {
    let u = |id, kind, parent, level| Unit {
        id,
        name: format!("u{id}"),
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
        u(7, UnitKind::School, Some(6), 5),
        u(8, UnitKind::School, Some(3), 5),
        u(9, UnitKind::DisciplineBody, Some(3), 4),
    ])
}

fn case(t: PetitionType, confidential: bool) -> Case {
    let mut flags = BTreeSet::new();
    if confidential {
        flags.insert(Flag::Confidential);
    }
    Case {
        id: 1,
        number: "n".into(),
        status: Status::Registered,
        channel: Channel::Letter,
        petition_type: t,
        category: "fees".into(),
        title: "t".into(),
        content: "c".into(),
        demands: "d".into(),
        received_on: Date::from_ymd(2026, 6, 1).unwrap(),
        receiving_unit_id: 5,
        handling_unit_id: 5,
        concerned_unit_id: 4,
        registered_by: Some(501),
        people_count: 1,
        flags,
        last_step_on: Date::from_ymd(2026, 6, 1).unwrap(),
        detail: CaseDetail::default(),
    }
}

/// (relation, a unit with that relation to the case)
const RELATIONS: &[(&str, i64)] = &[
    ("own", 3),
    ("own_office", 5),
    ("ancestor", 2),
    ("top", 1),
    ("descendant", 8),
    ("accused", 4),
    ("sibling", 6),
    ("sibling_child", 7),
];

/// Expected (sees, identity, acts) for a case role ('R'egistrar/'H'andler/'L'eader), the
/// supervisor ('S') and the three administrators ('A'). Identity: F full, M masked, H hidden,
/// '-' not visible.
fn expected(relation: &str, role: char, t: PetitionType, confidential: bool) -> (bool, char, bool) {
    let case_role = matches!(role, 'R' | 'H' | 'L');
    let restricted = confidential || t == PetitionType::Accusation;
    match (relation, role) {
        (_, 'A') => (false, '-', false),
        ("own" | "own_office", 'S') => (true, 'M', false),
        ("own" | "own_office", _) => (true, 'F', case_role),
        ("ancestor" | "top", 'S') => (true, 'M', false),
        // A leader above may instruct on (阅批) and take (包案) a case below.
        ("ancestor" | "top", _) => (true, if restricted { 'M' } else { 'F' }, role == 'L'),
        _ => (false, '-', false),
    }
}

#[test]
fn policy_table() {
    let org = org();
    let rules = Rules::national();
    let cal = HolidayCalendar::official();
    let today = Date::from_ymd(2026, 6, 30).unwrap();
    let roles: &[(char, Role)] = &[
        ('R', Role::Registrar),
        ('H', Role::Handler),
        ('L', Role::Leader),
        ('S', Role::Supervisor),
        ('A', Role::Admin),
        ('A', Role::SecurityAdmin),
        ('A', Role::Auditor),
    ];
    let mut rows = 0;
    for t in PetitionType::ALL {
        for confidential in [false, true] {
            let c = case(*t, confidential);
            for (relation, unit) in RELATIONS {
                for (code, role) in roles {
                    let actor = Actor {
                        user_id: 1,
                        unit_id: *unit,
                        roles: vec![*role],
                    };
                    let (sees, identity, acts) = expected(relation, *code, *t, confidential);
                    let held = [c.receiving_unit_id, c.handling_unit_id];
                    assert_eq!(
                        can_see_case(&actor, &org, &held, wall_of(&c).as_ref()),
                        sees,
                        "{relation} {role:?} {t:?} sees"
                    );
                    if sees {
                        let got = match identity_access(&actor, &org, &c) {
                            IdentityAccess::Full => 'F',
                            IdentityAccess::Masked => 'M',
                            IdentityAccess::Hidden => 'H',
                        };
                        assert_eq!(
                            got, identity,
                            "{relation} {role:?} {t:?} confidential={confidential} identity"
                        );
                    }
                    let limits = &rules.for_region("110105", today).limits;
                    let ctx = StepContext {
                        actor: &actor,
                        org: &org,
                        today,
                        limits,
                        calendar: &cal,
                    };
                    assert_eq!(
                        !allowed_actions(&c, &ctx).is_empty(),
                        acts,
                        "{relation} {role:?} {t:?} acts"
                    );
                    rows += 1;
                }
            }
        }
    }
    assert_eq!(rows, 3 * 2 * RELATIONS.len() * roles.len());
}

#[test]
fn the_accused_unit_gets_nothing_identifying_even_when_it_handles() {
    // An accusation against the county itself, handled by the county: its staff act on the
    // case (someone must) but never see who reported it.
    let org = org();
    let mut c = case(PetitionType::Accusation, false);
    c.concerned_unit_id = 3;
    for unit in [3, 5] {
        for role in [
            Role::Registrar,
            Role::Handler,
            Role::Leader,
            Role::Supervisor,
        ] {
            let actor = Actor {
                user_id: 1,
                unit_id: unit,
                roles: vec![role],
            };
            assert_eq!(
                identity_access(&actor, &org, &c),
                IdentityAccess::Hidden,
                "unit {unit} {role:?}"
            );
        }
    }
    let city = Actor {
        user_id: 1,
        unit_id: 2,
        roles: vec![Role::Leader],
    };
    assert_eq!(identity_access(&city, &org, &c), IdentityAccess::Masked);
}

/// The case of the firewall matrix's setting: about the county (3), registered by user 501 of
/// its office (5); accusations forwarded to the city (2).
fn matrix_case(kind: CaseKind) -> (Case, Vec<i64>) {
    let t = match kind {
        CaseKind::Suggestion => PetitionType::Suggestion,
        CaseKind::Appeal | CaseKind::FormerAccusation => PetitionType::Appeal,
        CaseKind::Accusation => PetitionType::Accusation,
    };
    let mut c = case(t, false);
    c.concerned_unit_id = 3;
    if matches!(kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
        c.flags.insert(Flag::Whistleblower);
        c.handling_unit_id = 2;
        (c, vec![5, 2])
    } else {
        (c, vec![5])
    }
}

fn standing_actor(s: Standing) -> Actor {
    let staff = vec![Role::Registrar, Role::Handler, Role::Leader];
    let (user_id, unit_id, roles) = match s {
        Standing::AccusedUnitStaff => (502, 3, staff),
        Standing::AccusedOfficeStaff => (503, 5, vec![Role::Registrar]),
        Standing::AccusedRegistrar => (501, 5, vec![Role::Registrar]),
        Standing::InsideAccused => (504, 4, staff),
        Standing::Above => (505, 2, staff),
        Standing::Top => (506, 1, staff),
        Standing::Sibling => (507, 6, staff),
        Standing::DisciplineBeside => (508, 9, staff),
    };
    Actor {
        user_id,
        unit_id,
        roles,
    }
}

#[test]
fn firewall_matrix_in_the_domain() {
    let org = org();
    let mut checked = 0;
    for (standing, _) in crate::policy::matrix::MATRIX {
        let actor = standing_actor(*standing);
        for kind in CaseKind::ALL {
            let (c, held) = matrix_case(kind);
            assert_eq!(
                can_see_case(&actor, &org, &held, wall_of(&c).as_ref()),
                sees(*standing, kind),
                "{standing:?} {kind:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 8 * 4);
}

#[test]
fn work_about_an_accusation_is_owned_above_every_wall() {
    use crate::policy::body_above_walls;
    let org = org();
    // Nothing walled: the body keeps it.
    assert_eq!(body_above_walls(&org, 3, &[]), 3);
    // An accusation against a school leaves its county the owner; one against the county
    // (or its office, which belongs to it) moves the work to the city.
    assert_eq!(body_above_walls(&org, 3, &[4]), 3);
    assert_eq!(body_above_walls(&org, 3, &[3]), 2);
    assert_eq!(body_above_walls(&org, 5, &[3]), 2);
    // Against the city as well: the province.
    assert_eq!(body_above_walls(&org, 3, &[4, 3, 2]), 1);
    // A discipline body is a body of its own: an accusation against the county bureau does not
    // wall it; one against itself goes above the county.
    assert_eq!(body_above_walls(&org, 9, &[3]), 9);
    assert_eq!(body_above_walls(&org, 9, &[9]), 2);
    // At the top there is nowhere to go.
    assert_eq!(body_above_walls(&org, 1, &[1]), 1);
}
