//! A plain list filtered by petition type, channel or category counts its matches from the
//! breakdown tally (`search_tally.rs`): its total, capped or not, and its pages are what the
//! cases themselves give, for every unit's scope, with and without the firewall, with dates
//! and without, for cases registered one by one and in bulk. Runs on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{Org, case, day, insert, org, store};
use huiyin_core::Date;
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::UnitId;
use huiyin_store::{CaseFilter, CaseSort, Firewall, Scope, Store};

const CATEGORIES: [&str; 3] = ["fees.tutoring", "fees.sponsorship", "safety.canteen"];
const CHANNELS: [Channel; 3] = [Channel::Letter, Channel::Visit, Channel::Email];
const TYPES: [PetitionType; 3] = [
    PetitionType::Appeal,
    PetitionType::Suggestion,
    PetitionType::Accusation,
];

/// What the test registered of a case.
struct Known {
    id: i64,
    received: Date,
    petition_type: PetitionType,
    channel: Channel,
    category: &'static str,
    /// The unit an accusation is against (the case is walled from its staff).
    accused: Option<UnitId>,
    registered_by: i64,
    seen_by: Vec<UnitId>,
}

/// 48 cases over the schools and counties, half registered one by one and half in bulk.
async fn register(store: &Store, o: &Org) -> Vec<Known> {
    let holders = [
        (
            o.school_a1,
            vec![o.school_a1, o.county_a, o.city, o.province],
        ),
        (
            o.school_b1,
            vec![o.school_b1, o.county_b, o.city, o.province],
        ),
        (o.county_a, vec![o.county_a, o.city, o.province]),
        (o.city, vec![o.city, o.province]),
    ];
    let (mut known, mut bulk) = (Vec::new(), Vec::new());
    for i in 0..48usize {
        let (unit, seen_by) = holders[i % holders.len()].clone();
        let received = day("2026-01-05").add_days((i * 7 % 90) as i32);
        let mut rec = case(unit, "330100-2026", "标题", "内容", &received.to_string());
        rec.case.petition_type = TYPES[i / 4 % 3];
        rec.case.channel = CHANNELS[i / 2 % 3];
        rec.case.category = CATEGORIES[i % 3].into();
        rec.case.registered_by = Some(if i % 5 == 0 { 7 } else { 8 });
        // An accusation is against the county above the unit that holds it.
        let accused = (rec.case.petition_type == PetitionType::Accusation).then(|| seen_by[1]);
        rec.case.concerned_unit_id = accused.unwrap_or(unit);
        let k = Known {
            id: 0,
            received,
            petition_type: rec.case.petition_type,
            channel: rec.case.channel,
            category: CATEGORIES[i % 3],
            accused,
            registered_by: rec.case.registered_by.unwrap_or_default(),
            seen_by,
        };
        if i % 2 == 0 {
            known.push(Known {
                id: insert(store, rec).await,
                ..k
            });
        } else {
            bulk.push((rec, k));
        }
    }
    let records: Vec<_> = bulk.iter().map(|(r, _)| r.clone()).collect();
    let ids = store.insert_cases_bulk(&records, 1_000).await.unwrap();
    for ((id, _), (_, k)) in ids.into_iter().zip(bulk) {
        known.push(Known { id, ..k });
    }
    known
}

/// The filters a list is tried with: each of type, channel and category (a field and one
/// below it), two of them together, and with a period.
fn filters(today: Date) -> Vec<(String, CaseFilter)> {
    let mut out = Vec::new();
    for with_dates in [false, true] {
        for choice in 0..6 {
            let mut f = CaseFilter::new(Scope::All, today);
            match choice {
                0 => f.petition_type = Some(PetitionType::Suggestion),
                1 => f.channel = Some(Channel::Visit),
                2 => f.category = Some("fees".into()),
                3 => f.category = Some("safety.canteen".into()),
                4 => {
                    f.petition_type = Some(PetitionType::Accusation);
                    f.channel = Some(Channel::Email);
                }
                _ => {
                    f.category = Some("fees.tutoring".into());
                    f.petition_type = Some(PetitionType::Appeal);
                }
            }
            if with_dates {
                f.received_from = Some(day("2026-01-20"));
                f.received_to = Some(day("2026-03-02"));
            }
            out.push((format!("filter {choice}, dates {with_dates}"), f));
        }
    }
    out
}

/// The ids `f` should list for a reader at `root` behind `wall`, newest first.
fn expected(known: &[Known], f: &CaseFilter, root: UnitId, wall: &Firewall) -> Vec<i64> {
    let mut ids: Vec<i64> = known
        .iter()
        .filter(|k| k.seen_by.contains(&root))
        .filter(|k| {
            !k.accused
                .is_some_and(|a| wall.member_units.contains(&a) && k.registered_by != wall.user_id)
        })
        .filter(|k| f.petition_type.is_none_or(|t| t == k.petition_type))
        .filter(|k| f.channel.is_none_or(|c| c == k.channel))
        .filter(|k| {
            f.category
                .as_deref()
                .is_none_or(|c| k.category == c || k.category.starts_with(&format!("{c}.")))
        })
        .filter(|k| f.received_from.is_none_or(|d| k.received >= d))
        .filter(|k| f.received_to.is_none_or(|d| k.received <= d))
        .map(|k| k.id)
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids
}

#[tokio::test]
async fn a_list_by_type_channel_or_category_counts_what_its_cases_give() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let known = register(&store, &o).await;
    let today = day("2026-06-01");
    // Each reader's firewall: the units whose staff they are (their unit and those above).
    let readers = [
        (o.province, Firewall::default()),
        (
            o.city,
            Firewall {
                member_units: vec![o.city, o.province],
                user_id: 9,
            },
        ),
        (
            o.county_a,
            Firewall {
                member_units: vec![o.county_a, o.city, o.province],
                user_id: 9,
            },
        ),
        // The registrar of some of county A's accusations sees the ones they registered.
        (
            o.county_a,
            Firewall {
                member_units: vec![o.county_a, o.city, o.province],
                user_id: 7,
            },
        ),
        (
            o.county_b,
            Firewall {
                member_units: vec![o.county_b, o.city, o.province],
                user_id: 9,
            },
        ),
        (
            o.school_a1,
            Firewall {
                member_units: vec![o.school_a1, o.county_a],
                user_id: 9,
            },
        ),
    ];
    let mut hidden_somewhere = false;
    for (root, wall) in &readers {
        for (name, base) in filters(today) {
            let want = expected(&known, &base, *root, wall);
            let open = expected(&known, &base, *root, &Firewall::default());
            hidden_somewhere |= want.len() < open.len();
            for cap in [0, 3, 1000] {
                let mut f = base.clone();
                f.scope = Scope::Subtree(*root);
                f.firewall = Some(wall.clone());
                f.count_cap = cap;
                f.sort = CaseSort::Newest;
                f.per_page = 4;
                let mut listed = Vec::new();
                for page in 1..=20 {
                    f.page = page;
                    let got = store.list_cases(&f).await.unwrap();
                    let (total, exact) = if cap > 0 && want.len() as i64 > cap {
                        (cap, false)
                    } else {
                        (want.len() as i64, true)
                    };
                    assert_eq!(
                        (got.total, got.total_exact),
                        (total, exact),
                        "{name}, unit {root}, user {}, cap {cap}",
                        wall.user_id
                    );
                    if got.items.is_empty() {
                        break;
                    }
                    listed.extend(got.items.iter().map(|r| r.case.id));
                }
                assert_eq!(listed, want, "{name}, unit {root}, cap {cap}");
            }
        }
    }
    assert!(
        hidden_somewhere,
        "the fixture walls some case off from some reader"
    );
}
