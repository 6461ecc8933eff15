//! Fixtures shared by the store's integration tests: a fresh store (SQLite, or PostgreSQL when
//! `HUIYIN_TEST_DATABASE_URL` is set), a small unit tree and valid case records.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod kpi;
pub mod search;
pub mod warnings;

use std::collections::BTreeSet;

use huiyin_core::Date;
use huiyin_core::case::{Case, CaseDetail, CaseId, Flag, Petitioner, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::workflow::{CaseDeadline, DeadlineKind};
use huiyin_store::{NewCaseRecord, Store, StoredPetitioner, TimelineEntry};

/// A migrated store on a fresh database; keep the directory alive as long as the store.
pub async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = huiyin_store::testdb::fresh_store(dir.path()).await.unwrap();
    (dir, store)
}

pub fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// province → city → {county A → school A1, county B → school B1}
#[derive(Clone, Copy, Debug)]
pub struct Org {
    pub province: UnitId,
    pub city: UnitId,
    pub county_a: UnitId,
    pub school_a1: UnitId,
    pub county_b: UnitId,
    pub school_b1: UnitId,
}

pub async fn org(store: &Store) -> Org {
    let u = |name: &'static str, kind, level, parent, region: &'static str| {
        let store = store.clone();
        async move {
            store
                .insert_unit(name, kind, level, parent, region, 1)
                .await
                .unwrap()
                .id
        }
    };
    let province = u(
        "浙江省教育厅",
        UnitKind::ProvincialDepartment,
        1,
        None,
        "330000",
    )
    .await;
    let city = u(
        "杭州市教育局",
        UnitKind::CityBureau,
        2,
        Some(province),
        "330100",
    )
    .await;
    let county_a = u(
        "西湖区教育局",
        UnitKind::CountyBureau,
        3,
        Some(city),
        "330106",
    )
    .await;
    let school_a1 = u("西湖小学", UnitKind::School, 4, Some(county_a), "330106").await;
    let county_b = u(
        "滨江区教育局",
        UnitKind::CountyBureau,
        3,
        Some(city),
        "330108",
    )
    .await;
    let school_b1 = u("滨江中学", UnitKind::School, 4, Some(county_b), "330108").await;
    Org {
        province,
        city,
        county_a,
        school_a1,
        county_b,
        school_b1,
    }
}

pub fn entry(action: &str, on: Date, from: Option<Status>, to: Status, at: i64) -> TimelineEntry {
    TimelineEntry {
        action: action.into(),
        on,
        actor_user_id: Some(7),
        actor_unit_id: None,
        actor_name: "王登记".into(),
        note_zh: format!("{action}（测试）"),
        note_en: format!("{action} (test)"),
        from_status: from,
        to_status: to,
        data: format!("{{\"action\":\"{action}\"}}"),
        recorded_at: at,
    }
}

pub fn deadline(kind: DeadlineKind, start: Date, due: Date) -> CaseDeadline {
    CaseDeadline {
        kind,
        start_on: start,
        due_on: due,
        provisional: false,
        explanation_zh: format!("{}：{start}起", kind.zh()),
        explanation_en: format!("{}: from {start}", kind.en()),
    }
}

/// The full-text tokens the application writes for a case (texts and petitioner names).
pub fn tokens(title: &str, content: &str, names: &[&str]) -> String {
    let mut s = huiyin_text::index_tokens(&format!("{title}\n{content}\n"));
    for n in names {
        s.push(' ');
        s.push_str(&huiyin_text::index_name_tokens(n));
    }
    s
}

pub fn petitioner(name: &str, id_number: Option<&str>, phone: Option<&str>) -> StoredPetitioner {
    StoredPetitioner {
        petitioner: Petitioner {
            name: name.into(),
            id_number: id_number.map(Into::into),
            phone: phone.map(Into::into),
            address: Some("杭州市西湖区文三路1号".into()),
            representative: false,
        },
        id_key: id_number.map(|v| format!("idk:{v}")),
        name_phone_key: phone.map(|p| format!("npk:{name}:{p}")),
    }
}

/// A registered case received and handled by `unit`, visible to `unit`.
pub fn case(
    unit: UnitId,
    scope: &str,
    title: &str,
    content: &str,
    received: &str,
) -> NewCaseRecord {
    let received_on = day(received);
    let case = Case {
        id: 0,
        number: String::new(),
        status: Status::Registered,
        channel: Channel::Letter,
        petition_type: PetitionType::Appeal,
        category: "admissions.zoning".into(),
        title: title.into(),
        content: content.into(),
        demands: String::new(),
        received_on,
        receiving_unit_id: unit,
        handling_unit_id: unit,
        concerned_unit_id: unit,
        registered_by: None,
        people_count: 1,
        flags: BTreeSet::new(),
        last_step_on: received_on,
        detail: CaseDetail::default(),
    };
    NewCaseRecord {
        number_scope: scope.into(),
        search_tokens: tokens(title, content, &["李四"]),
        petitioners: vec![petitioner("李四", None, Some("13900000000"))],
        links: Vec::new(),
        deadlines: vec![deadline(
            DeadlineKind::Disposal,
            received_on,
            received_on.add_days(15),
        )],
        first_entry: entry("register", received_on, None, Status::Registered, 1_000),
        more_entries: Vec::new(),
        visible_units: vec![unit],
        kpi: huiyin_core::kpi::KpiFacts {
            received_on: Some(received_on),
            acceptance_due_on: Some(received_on.add_days(15)),
            ..Default::default()
        },
        warnings: Vec::new(),
        reception_id: None,
        text_sketch: None,
        case,
    }
}

/// Inserts one record and returns its id.
pub async fn insert(store: &Store, rec: NewCaseRecord) -> CaseId {
    store.insert_cases(&[rec], 1_000).await.unwrap()[0].0
}

/// Asserts two timeline entries are equal field by field.
pub fn assert_entry_eq(got: &TimelineEntry, want: &TimelineEntry) {
    assert_eq!(got.action, want.action);
    assert_eq!(got.on, want.on);
    assert_eq!(got.actor_user_id, want.actor_user_id);
    assert_eq!(got.actor_unit_id, want.actor_unit_id);
    assert_eq!(got.actor_name, want.actor_name);
    assert_eq!(got.note_zh, want.note_zh);
    assert_eq!(got.note_en, want.note_en);
    assert_eq!(got.from_status, want.from_status);
    assert_eq!(got.to_status, want.to_status);
    assert_eq!(got.data, want.data);
    assert_eq!(got.recorded_at, want.recorded_at);
}

/// Flags from a list.
pub fn flags(list: &[Flag]) -> BTreeSet<Flag> {
    list.iter().copied().collect()
}

/// Every unit of the fixture with the units below it (`extra` hangs below county A).
pub fn subtrees(o: &Org, extra: Option<UnitId>) -> Vec<(UnitId, Vec<UnitId>)> {
    let mut a = vec![o.county_a, o.school_a1];
    a.extend(extra);
    let b = vec![o.county_b, o.school_b1];
    let mut city = vec![o.city];
    city.extend(a.iter().chain(&b));
    let mut province = vec![o.province];
    province.extend(&city);
    let mut out = vec![
        (o.province, province),
        (o.city, city),
        (o.county_a, a),
        (o.school_a1, vec![o.school_a1]),
        (o.county_b, b),
        (o.school_b1, vec![o.school_b1]),
    ];
    if let Some(x) = extra {
        out.push((x, vec![x]));
    }
    out
}
