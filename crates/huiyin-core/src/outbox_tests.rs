//! The who-is-notified rule, as a table.

use super::*;
use crate::org::{Unit, UnitKind};

// 1 province, 2 city, 3 county, 4 county office, 5 school, 6 county discipline body.
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
        u(4, UnitKind::PetitionOffice, Some(3), 4),
        u(5, UnitKind::School, Some(3), 5),
        u(6, UnitKind::DisciplineBody, Some(3), 4),
    ])
}

fn pairs(a: &[Addressee]) -> Vec<(UnitId, &'static str, &'static str)> {
    a.iter()
        .map(|a| (a.unit_id, a.audience.as_str(), a.channel.as_str()))
        .collect()
}

#[test]
fn each_level_reaches_its_audiences() {
    let org = org();
    let at = |level| {
        pairs(&warning_addressees(
            OutboxEvent::WarningRaised,
            level,
            3,
            &org,
            &[],
        ))
    };
    assert_eq!(at(WarningLevel::Blue), vec![(3, "office", "in_app")]);
    assert_eq!(
        at(WarningLevel::Yellow),
        vec![(3, "office", "in_app"), (3, "office", "email")]
    );
    assert_eq!(
        at(WarningLevel::Orange),
        vec![
            (3, "office", "in_app"),
            (3, "office", "email"),
            (3, "leaders", "in_app"),
            (3, "leaders", "sms"),
        ]
    );
    let red = at(WarningLevel::Red);
    assert_eq!(red.len(), 5);
    assert!(red.contains(&(3, "office", "sms")));
}

#[test]
fn escalation_goes_to_the_unit_above_and_a_missed_deadline_to_the_leaders() {
    let org = org();
    let up = warning_addressees(
        OutboxEvent::WarningEscalated,
        WarningLevel::Blue,
        2,
        &org,
        &[],
    );
    assert_eq!(pairs(&up), vec![(2, "office", "in_app")]);
    let late = warning_addressees(
        OutboxEvent::WarningOverdueAck,
        WarningLevel::Blue,
        3,
        &org,
        &[],
    );
    assert_eq!(
        pairs(&late),
        vec![
            (3, "office", "in_app"),
            (3, "leaders", "in_app"),
            (3, "leaders", "sms")
        ]
    );
}

#[test]
fn nobody_on_the_accused_side_is_addressed() {
    let org = org();
    let to = |unit, accused: &[UnitId]| {
        warning_addressees(
            OutboxEvent::WarningRaised,
            WarningLevel::Red,
            unit,
            &org,
            accused,
        )
    };
    // An accusation against the county: neither the county nor anything inside it hears.
    assert!(to(3, &[3]).is_empty());
    assert!(to(5, &[3]).is_empty());
    // Against its petition office: the county it acts for neither.
    assert!(to(3, &[4]).is_empty());
    // Against the city: the county's users are the city's staff too.
    assert!(to(3, &[2]).is_empty());
    // The city above an accused county, the discipline body beside it: addressed.
    assert_eq!(to(2, &[3]).len(), 5);
    assert_eq!(to(6, &[3]).len(), 5);
    // Against a school: the county above it hears.
    assert_eq!(to(3, &[5]).len(), 5);
}

#[test]
fn audiences_are_the_body_s_case_workers_and_its_leaders() {
    let org = org();
    let actor = |unit, roles: &[Role]| Actor {
        user_id: 1,
        unit_id: unit,
        roles: roles.to_vec(),
    };
    let office_registrar = actor(4, &[Role::Registrar]);
    assert!(in_audience(&office_registrar, &org, 3, Audience::Office));
    assert!(!in_audience(&office_registrar, &org, 3, Audience::Leaders));
    let leader = actor(3, &[Role::Leader]);
    assert!(in_audience(&leader, &org, 3, Audience::Leaders));
    assert!(in_audience(&leader, &org, 3, Audience::Office));
    assert!(!in_audience(&leader, &org, 2, Audience::Leaders));
    // A supervisor or an administrator handles no case; a school is not the county's office.
    assert!(!in_audience(
        &actor(3, &[Role::Supervisor]),
        &org,
        3,
        Audience::Office
    ));
    assert!(!in_audience(
        &actor(3, &[Role::Admin]),
        &org,
        3,
        Audience::Office
    ));
    assert!(!in_audience(
        &actor(5, &[Role::Handler]),
        &org,
        3,
        Audience::Office
    ));
    // The discipline body is a body of its own.
    assert!(!in_audience(
        &actor(6, &[Role::Handler]),
        &org,
        3,
        Audience::Office
    ));
}

#[test]
fn incidents_reach_the_unit_and_lateness_its_leaders_by_sms() {
    let org = org();
    assert_eq!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportDue,
            3,
            &org
        )),
        vec![(3, "office", "in_app"), (3, "leaders", "in_app")]
    );
    assert!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            3,
            &org
        ))
        .contains(&(3, "leaders", "sms"))
    );
}

#[test]
fn a_late_report_also_reaches_the_office_one_level_up() {
    let org = org();
    // The county's late report: its office and leaders, its leaders by SMS, the city's office.
    assert_eq!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            3,
            &org
        )),
        vec![
            (3, "office", "in_app"),
            (3, "leaders", "in_app"),
            (3, "leaders", "sms"),
            (2, "office", "in_app"),
        ]
    );
    // A report owed is the unit's own business: nobody above hears of it.
    assert!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportDue,
            3,
            &org
        ))
        .iter()
        .all(|(u, _, _)| *u == 3)
    );
    // A school's: the county above it.
    assert_eq!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            5,
            &org
        ))
        .last(),
        Some(&(3, "office", "in_app"))
    );
    // An incident recorded at the county's petition office is the county's (the office acts
    // for it): its people are addressed as the county, the city above.
    assert_eq!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            4,
            &org
        )),
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            3,
            &org
        ))
    );
    // A discipline body beside the county answers to the level above the county.
    assert_eq!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            6,
            &org
        ))
        .last(),
        Some(&(2, "office", "in_app"))
    );
    // At the top nobody is above: the province's own people only.
    assert!(
        pairs(&incident_addressees(
            OutboxEvent::IncidentReportLate,
            1,
            &org
        ))
        .iter()
        .all(|(u, _, _)| *u == 1)
    );
}

#[test]
fn texts_name_the_event_and_the_deadline_in_both_languages() {
    let (zh, en) = render(&MessageFacts {
        event: OutboxEvent::WarningRaised,
        what_zh: "红色预警（敏感信息）",
        what_en: "red warning (sensitive content)",
        unit_name: "某区教育局",
        due: "2026-06-30 10:00",
        to_unit_name: "",
    });
    assert!(
        zh.contains("某区教育局") && zh.contains("红色预警") && zh.contains("2026-06-30 10:00")
    );
    assert!(en.contains("red warning") && en.contains("by 2026-06-30 10:00"));
    let (zh, _) = render(&MessageFacts {
        event: OutboxEvent::IncidentReportLate,
        what_zh: "较大事件",
        what_en: "major incident",
        unit_name: "某区教育局",
        due: "2026-06-30 10:00",
        to_unit_name: "某市教育局",
    });
    assert!(zh.contains("逾期未报") && zh.contains("某市教育局"));
    for e in OutboxEvent::ALL {
        assert_eq!(OutboxEvent::parse(e.as_str()), Some(*e));
    }
}
