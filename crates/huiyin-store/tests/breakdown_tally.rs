//! Breakdowns read from the per-unit tallies (migration 0059) count what the cases' own
//! values give: for every dimension, unit, period (whole months, ragged ends, one day), filter
//! and firewall, after steps that change a case's stage, handling unit, type and decision,
//! through the triggers and through the demo's bulk load. Runs on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeMap;

use common::{Org, case, day, entry, org, store, tokens};
use huiyin_core::Date;
use huiyin_core::case::{Opinion, Status};
use huiyin_core::kinds::{BreakdownBy, Channel, Outcome, PetitionType};
use huiyin_core::org::UnitId;
use huiyin_store::{BreakdownFilter, Firewall, StepRecord, Store};

const CATEGORIES: [&str; 4] = [
    "fees.tutoring",
    "fees.sponsorship",
    "admissions.zoning",
    "safety.canteen",
];

/// What the test knows of a case: the values a breakdown counts by.
#[derive(Clone, Debug)]
struct Known {
    id: i64,
    received: Date,
    petition_type: PetitionType,
    channel: Channel,
    category: String,
    status: Status,
    outcome: Option<Outcome>,
    concerned: UnitId,
    handling: UnitId,
    /// The units whose staff see it: each unit that held it and every unit above.
    seen_by: Vec<UnitId>,
}

fn above(o: &Org, unit: UnitId) -> Vec<UnitId> {
    if unit == o.school_a1 {
        vec![o.school_a1, o.county_a, o.city, o.province]
    } else if unit == o.school_b1 {
        vec![o.school_b1, o.county_b, o.city, o.province]
    } else if unit == o.county_a || unit == o.county_b {
        vec![unit, o.city, o.province]
    } else if unit == o.city {
        vec![o.city, o.province]
    } else {
        vec![o.province]
    }
}

fn key(k: &Known, by: BreakdownBy) -> String {
    match by {
        BreakdownBy::Month => k.received.to_string()[..7].to_owned(),
        BreakdownBy::Category => k.category.clone(),
        BreakdownBy::Field => k.category.split('.').next().unwrap().to_owned(),
        BreakdownBy::Region | BreakdownBy::Unit => k.concerned.to_string(),
        BreakdownBy::HandlingUnit => k.handling.to_string(),
        BreakdownBy::Channel => k.channel.as_str().to_owned(),
        BreakdownBy::Type => k.petition_type.as_str().to_owned(),
        BreakdownBy::Stage => k.status.as_str().to_owned(),
        BreakdownBy::Outcome => k.outcome.map_or("none", |o| o.as_str()).to_owned(),
    }
}

/// What a reader at `root` whose firewall walls accusations against `walled_units` counts.
fn expected(
    known: &[Known],
    root: UnitId,
    walled_units: &[UnitId],
    f: &BreakdownFilter,
    by: BreakdownBy,
) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for k in known {
        let walled =
            k.petition_type == PetitionType::Accusation && walled_units.contains(&k.concerned);
        let category_ok = f
            .category
            .as_ref()
            .is_none_or(|c| k.category == *c || k.category.starts_with(&format!("{c}.")));
        if k.seen_by.contains(&root)
            && !walled
            && k.received >= f.from
            && k.received <= f.to
            && f.petition_type
                .as_deref()
                .is_none_or(|t| t == k.petition_type.as_str())
            && f.channel.as_deref().is_none_or(|c| c == k.channel.as_str())
            && category_ok
        {
            *out.entry(key(k, by)).or_default() += 1;
        }
    }
    out
}

/// Registers 36 cases, `batch` at a time (the committer writes concurrent registrations as
/// one batch, and on SQLite counts a batch's statistics in one statement).
async fn seed(store: &Store, o: &Org, batch: usize) -> Vec<Known> {
    let units = [o.school_a1, o.school_b1, o.county_a, o.county_b, o.city];
    let mut known = Vec::new();
    let mut pending = Vec::new();
    for i in 0..36usize {
        let unit = units[i % units.len()];
        // From 20 December 2025 to 8 March 2026, two or three days apart.
        let received = day("2025-12-20").add_days((i * 79 / 35) as i32);
        let mut r = case(
            unit,
            "330100-2026",
            "学校收费",
            "家长反映",
            &received.to_string(),
        );
        r.case.channel = Channel::ALL[i % Channel::ALL.len()];
        r.case.petition_type = PetitionType::ALL[i % PetitionType::ALL.len()];
        r.case.category = CATEGORIES[i % CATEGORIES.len()].into();
        r.case.status = [Status::Registered, Status::Accepted, Status::Closed][i % 3];
        r.visible_units = vec![unit];
        pending.push(r);
        known.push(Known {
            id: 0,
            received,
            petition_type: PetitionType::ALL[i % PetitionType::ALL.len()],
            channel: Channel::ALL[i % Channel::ALL.len()],
            category: CATEGORIES[i % CATEGORIES.len()].into(),
            status: [Status::Registered, Status::Accepted, Status::Closed][i % 3],
            outcome: None,
            concerned: unit,
            handling: unit,
            seen_by: above(o, unit),
        });
        if pending.len() == batch || i == 35 {
            let ids = store.insert_cases(&pending, 1_000).await.unwrap();
            let first = known.len() - ids.len();
            for (k, (id, _)) in known[first..].iter_mut().zip(ids) {
                k.id = id;
            }
            pending.clear();
        }
    }
    known
}

/// A step on `k`: a new stage, a new handling unit (which then sees it), a decision.
async fn step(store: &Store, o: &Org, k: &mut Known, i: usize) {
    let rec = store.case(k.id).await.unwrap().unwrap();
    let mut c = rec.case.clone();
    let from = c.status;
    c.status = Status::OpinionIssued;
    let to_unit = if i.is_multiple_of(2) {
        o.school_a1
    } else {
        k.handling
    };
    c.handling_unit_id = to_unit;
    if i.is_multiple_of(3) {
        c.petition_type = PetitionType::Appeal;
    }
    let outcome = Outcome::ALL[i % Outcome::ALL.len()];
    let opinion = Opinion {
        outcome,
        opinion: "意见".into(),
        basis: "依据".into(),
        facts: None,
        issued_on: day("2026-03-10"),
        unit_id: to_unit,
        service: None,
    };
    if i % 4 == 1 {
        c.detail.opinion = Some(opinion.clone());
        c.detail.review_opinion = Some(Opinion {
            outcome: Outcome::ALL[(i + 1) % Outcome::ALL.len()],
            ..opinion
        });
        k.outcome = Some(Outcome::ALL[(i + 1) % Outcome::ALL.len()]);
    } else {
        c.detail.opinion = Some(opinion);
        k.outcome = Some(outcome);
    }
    let s = StepRecord {
        case: c.clone(),
        expected_version: rec.version,
        deadlines: Vec::new(),
        entry: entry(
            "issue_opinion",
            day("2026-03-10"),
            Some(from),
            c.status,
            9_000,
        ),
        add_visible_unit: (to_unit != k.handling)
            .then(|| (to_unit, tokens(&rec.case.title, &rec.case.content, &[]))),
        kpi: huiyin_core::kpi::KpiFacts {
            received_on: Some(k.received),
            ..Default::default()
        },
        audit: None,
        warnings: Vec::new(),
        decision: None,
        warning_moves: Vec::new(),
    };
    store.record_step(&s, 9_000).await.unwrap();
    k.status = c.status;
    k.petition_type = c.petition_type;
    for u in above(o, to_unit) {
        if !k.seen_by.contains(&u) {
            k.seen_by.push(u);
        }
    }
    k.handling = to_unit;
}

/// Every dimension, root, period, filter and firewall against what the cases say.
async fn check_all(store: &Store, o: &Org, known: &[Known]) {
    let periods = [
        ("2025-01-01", "2026-12-31"),
        ("2026-01-01", "2026-02-28"),
        ("2025-12-25", "2026-02-10"),
        ("2026-01-05", "2026-01-20"),
        ("2026-02-01", "2026-03-05"),
    ];
    // A top-level category and one below it: the tally holds the first for every
    // dimension but the units, the second only by category (the rest read `case_scope`).
    let filters: [(Option<&str>, Option<&str>, Option<&str>); 5] = [
        (None, None, None),
        (Some("accusation"), None, None),
        (None, Some("visit"), None),
        (None, None, Some("fees")),
        (Some("appeal"), None, Some("fees.tutoring")),
    ];
    let mut checked = 0;
    for root in [o.province, o.city, o.county_a, o.school_a1] {
        for hidden_from in [None, Some(o.county_a), Some(o.school_a1)] {
            let firewall = match hidden_from {
                None => Firewall::default(),
                Some(u) => Firewall {
                    member_units: above(o, u),
                    user_id: 424_242,
                },
            };
            for (from, to) in periods {
                for (t, c, cat) in filters {
                    let f = BreakdownFilter {
                        from: day(from),
                        to: day(to),
                        petition_type: t.map(str::to_owned),
                        channel: c.map(str::to_owned),
                        category: cat.map(str::to_owned),
                    };
                    for by in BreakdownBy::ALL {
                        // A reader of an accused unit: the accusations against any unit of
                        // its chain are walled.
                        let want = expected(known, root, &firewall.member_units, &f, *by);
                        let got: BTreeMap<String, i64> = store
                            .breakdown_counts(root, &firewall, &f, *by)
                            .await
                            .unwrap()
                            .into_iter()
                            .map(|k| (k.key, k.count))
                            .collect();
                        assert_eq!(
                            got, want,
                            "root {root}, hidden from {hidden_from:?}, {from}..{to}, {t:?}/{c:?}/{cat:?}, by {by:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 2000);
}

#[tokio::test]
async fn breakdowns_from_the_tallies_count_what_the_cases_say() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut known = seed(&store, &o, 1).await;
    check_all(&store, &o, &known).await;
    // Steps: stages, handling units that then see the case, types, decisions.
    for (i, k) in known.iter_mut().enumerate().filter(|(i, _)| i % 3 != 2) {
        step(&store, &o, k, i).await;
    }
    check_all(&store, &o, &known).await;
}

/// The committer's batches: on SQLite a batch's statistics are counted in one statement
/// (migration 0068), summed where its cases share a unit, a day, a type and a channel.
#[tokio::test]
async fn registrations_in_batches_count_as_one_at_a_time() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut known = seed(&store, &o, 12).await;
    // Six petitions alike in one batch: every tally row of theirs is added to six at once.
    let alike: Vec<_> = (0..6)
        .map(|_| {
            let mut r = case(
                o.school_b1,
                "330100-2026",
                "学校收费",
                "家长反映",
                "2026-01-05",
            );
            r.case.category = CATEGORIES[0].into();
            r.visible_units = vec![o.school_b1];
            r
        })
        .collect();
    for (id, _) in store.insert_cases(&alike, 1_000).await.unwrap() {
        let r = &alike[0].case;
        known.push(Known {
            id,
            received: day("2026-01-05"),
            petition_type: r.petition_type,
            channel: r.channel,
            category: CATEGORIES[0].into(),
            status: r.status,
            outcome: None,
            concerned: o.school_b1,
            handling: o.school_b1,
            seen_by: above(&o, o.school_b1),
        });
    }
    check_all(&store, &o, &known).await;
    for (i, k) in known.iter_mut().enumerate().filter(|(i, _)| i % 3 != 1) {
        step(&store, &o, k, i).await;
    }
    check_all(&store, &o, &known).await;
}

#[tokio::test]
async fn the_bulk_load_fills_the_tallies_as_the_triggers_do() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let suspended = store.suspend_indexes().await.unwrap();
    let mut known = seed(&store, &o, 1).await;
    store.restore_indexes(&suspended).await.unwrap();
    check_all(&store, &o, &known).await;
    for (i, k) in known.iter_mut().enumerate().filter(|(i, _)| i % 2 == 0) {
        step(&store, &o, k, i).await;
    }
    check_all(&store, &o, &known).await;
}
