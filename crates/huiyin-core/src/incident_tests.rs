//! Tests of incidents and the reports they owe (`incident`).

use super::*;
use crate::org::Unit;

fn org() -> OrgTree {
    let u = |id, kind, level, parent| Unit {
        id,
        name: format!("u{id}"),
        kind,
        level,
        parent_id: parent,
        region_code: "110000".into(),
    };
    OrgTree::new(vec![
        u(1, UnitKind::ProvincialDepartment, 2, None),
        u(2, UnitKind::CityBureau, 3, Some(1)),
        u(3, UnitKind::CountyBureau, 4, Some(2)),
        u(4, UnitKind::School, 5, Some(3)),
    ])
}

#[test]
fn the_chain_grows_with_the_level() {
    let chain = ReportingChain::default();
    let o = org();
    let general = chain.reports_for(&o, 4, IncidentLevel::General, 0);
    let to: Vec<(UnitId, ReportKind, i64)> = general
        .iter()
        .map(|d| (d.to_unit_id, d.kind, d.due_at / 60_000))
        .collect();
    // A school's incident: the school itself is its own body, the county one level up.
    assert_eq!(
        to,
        vec![
            (3, ReportKind::Written, 1440),
            (4, ReportKind::Written, 1440)
        ]
    );
    let serious = chain.reports_for(&o, 3, IncidentLevel::Serious, 0);
    let to: Vec<(UnitId, ReportKind, i64)> = serious
        .iter()
        .map(|d| (d.to_unit_id, d.kind, d.due_at / 60_000))
        .collect();
    assert_eq!(
        to,
        vec![
            (2, ReportKind::First, 30),
            (3, ReportKind::First, 30),
            (1, ReportKind::First, 60),
            (1, ReportKind::Written, 120),
            (2, ReportKind::Written, 120),
            (3, ReportKind::Written, 120),
        ]
    );
    // At the province nobody is above to report to but the province itself.
    let top = chain.reports_for(&o, 1, IncidentLevel::EspeciallySerious, 0);
    assert!(top.iter().all(|d| d.to_unit_id == 1), "{top:?}");
}

#[test]
fn late_and_missing() {
    assert_eq!(report_late(Some(100), Some(150), 200), (true, false));
    assert_eq!(report_late(Some(100), Some(90), 200), (false, false));
    assert_eq!(report_late(Some(100), None, 200), (false, true));
    assert_eq!(report_late(Some(100), None, 50), (false, false));
    assert_eq!(report_late(None, None, 50), (false, false));
}

fn form(occurred_at: &str) -> IncidentForm {
    IncidentForm {
        title: Field::Given("家长聚集校门口".into()),
        level: Field::Given(IncidentLevel::Major),
        unit_id: Field::Given(4),
        occurred_at: Field::Given(occurred_at.into()),
        people_count: Field::Given(40),
        description: Field::Given("约40名家长因划片问题聚集".into()),
        case_ids: None,
    }
}

#[test]
fn a_future_incident_is_refused_by_its_own_code() {
    let now = parse_instant("2026-06-30T12:00:00+08:00").unwrap_or_default();
    let ok = NewIncident::read(form("2026-06-30 11:30"), &org(), now).expect("ok");
    assert_eq!(ok.occurred_at, now - 30 * 60_000);
    let e = NewIncident::read(form("2026-06-30 13:00"), &org(), now).expect_err("future");
    assert_eq!(e.code, ErrorCode::IncidentInFuture);
    let mut bad = form("昨天");
    bad.unit_id = Field::Given(99);
    bad.title = Field::Absent;
    let e = NewIncident::read(bad, &org(), now).expect_err("bad");
    let fields: Vec<&str> = e.fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, vec!["title", "unit_id", "occurred_at"]);
}
