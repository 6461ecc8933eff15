//! Labelled events planted in a generated history, and how well the `cluster` signal finds
//! them (issue 13 item 6, first slice: the cluster signal).
//!
//! A history of `background` ordinary petitions (the demo generator's templates, schools,
//! people and categories, spread over `days` days) is interleaved with `clusters` planted
//! clusters: one matter about one school raised by 3–8 different people within a few days,
//! each telling it in their own words around the same facts, and with each cluster its near
//! misses (two other matters about the same school in the same days, one person writing three
//! times about one matter), which must not raise a cluster. Every petition is registered in
//! date order through the real intake (`App::register`, where the signals run in the
//! registration's transaction), as a registrar of the school's county office. Then each
//! `cluster` warning is matched with the planted clusters by its cases:
//! - a planted cluster is **found** when a warning holds at least the signal's minimum number of
//!   its petitions (recall = found / planted);
//! - a warning is **true** when most of its cases belong to one labelled cluster — planted, or
//!   formed by chance in the ordinary history (the same title about the same school from enough
//!   people within the window: by its text one matter raised by many) — (precision = true / all
//!   warnings); the others are false alarms, reported per county-month;
//! - the **delay** is how many petitions of a cluster arrived after the one that made it reach
//!   the minimum before its warning existed (0: raised by the registration that completes it),
//!   and the time that registration took.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::intake::{PetitionerInput, RegistrationInput};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::role::Role;
use huiyin_core::warning::{WarningFilter, WarningKind};
use serde::Serialize;

use super::chance_clusters::label_chance_clusters;
use super::texts::{person_name, petition_text};
use super::{DemoOrg, Rng};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::org::NewUserInput;

/// What to plant.
#[derive(Clone, Copy, Debug)]
pub struct PlantParams {
    pub background: usize,
    pub clusters: usize,
    pub days: i32,
    pub seed: u64,
}

/// How the cluster signal did.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterReport {
    pub petitions: usize,
    pub planted: usize,
    pub found: usize,
    pub recall: f64,
    /// Clusters the ordinary history formed by chance (same title, same school, enough people
    /// within the window), and how many of them a warning found: a warning on one is true.
    pub chance_clusters: usize,
    pub chance_found: usize,
    pub warnings: usize,
    pub true_warnings: usize,
    pub precision: f64,
    pub false_alarms: usize,
    pub false_alarms_per_county_month: f64,
    /// Petitions of a found cluster that arrived after the completing one before the warning.
    pub delay_petitions_max: usize,
    /// Wall time of the registrations that completed a cluster (the warning raised in them).
    pub completing_registration_ms_max: f64,
    pub registration_ms_p50: f64,
}

/// One petition to register, with its planted cluster (if any).
pub(super) struct Event {
    pub(super) on: Date,
    pub(super) county_office: i64,
    pub(super) school: i64,
    pub(super) category: String,
    pub(super) title: String,
    pub(super) content: String,
    pub(super) demands: String,
    pub(super) person: String,
    pub(super) cluster: Option<usize>,
}

/// Words a petitioner adds of their own around the shared facts.
const OWN_WORDS: &[&str] = &[
    "我家孩子也遇到同样的情况。",
    "班里很多家长都有意见。",
    "希望教育局尽快调查处理。",
    "之前向学校反映过，没有回复。",
    "请领导重视，给家长一个说法。",
    "孩子回家说了好几次。",
    "家长群里都在讨论这件事。",
    "我们多次电话联系学校未果。",
];

fn plant(
    org: &DemoOrg,
    cats: &[String],
    names: &HashMap<i64, String>,
    p: PlantParams,
    today: Date,
) -> Vec<Event> {
    let mut rng = Rng::new(p.seed);
    let start = today.add_days(-p.days);
    let schools: Vec<(i64, i64)> = org
        .counties
        .iter()
        .flat_map(|(_, office, schools)| schools.iter().map(move |s| (*office, *s)))
        .collect();
    let mut events = Vec::with_capacity(p.background + p.clusters * 8);
    let draw = |rng: &mut Rng, cluster: Option<usize>| {
        let (office, school) = *rng.pick(&schools);
        let category = rng.pick(cats).clone();
        let name = names.get(&school).cloned().unwrap_or_default();
        let (title, content, demands) = petition_text(rng, &category, &name);
        Event {
            on: start.add_days(rng.below(p.days.max(1) as usize) as i32),
            county_office: office,
            school,
            category,
            title,
            content,
            demands,
            person: person_name(rng),
            cluster,
        }
    };
    for _ in 0..p.background {
        let e = draw(&mut rng, None);
        events.push(e);
    }
    for k in 0..p.clusters {
        let seed = draw(&mut rng, Some(k));
        // The cluster's first petition lands early enough for all of it to fit the period.
        let first = start.add_days(rng.below((p.days - 6).max(1) as usize) as i32);
        let size = 3 + rng.below(6);
        let mut people = HashSet::new();
        for i in 0..size {
            // Different people: a name drawn again until it is new (a third character after
            // many tries; a name holds letters only).
            let mut person = person_name(&mut rng);
            let mut tries = 0;
            while !people.insert(person.clone()) {
                tries += 1;
                person = if tries < 20 {
                    person_name(&mut rng)
                } else {
                    format!(
                        "{person}{}",
                        ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"][i % 8]
                    )
                };
            }
            events.push(Event {
                on: first.add_days(rng.below(5) as i32),
                county_office: seed.county_office,
                school: seed.school,
                category: seed.category.clone(),
                title: seed.title.clone(),
                content: format!("{}{}", seed.content, rng.pick(OWN_WORDS)),
                demands: seed.demands.clone(),
                person,
                cluster: Some(k),
            });
        }
        // Near misses the signal must not take for the cluster: two other matters about the
        // same school in the same days, and one person writing three times about one matter.
        for _ in 0..2 {
            let mut other = draw(&mut rng, None);
            other.school = seed.school;
            other.county_office = seed.county_office;
            other.on = first.add_days(rng.below(5) as i32);
            events.push(other);
        }
        let repeat = draw(&mut rng, None);
        for i in 0..3 {
            events.push(Event {
                on: repeat.on.add_days(-i),
                person: repeat.person.clone(),
                title: repeat.title.clone(),
                content: repeat.content.clone(),
                demands: repeat.demands.clone(),
                category: repeat.category.clone(),
                ..draw(&mut rng, None)
            });
            if let Some(e) = events.last_mut() {
                e.school = repeat.school;
                e.county_office = repeat.county_office;
            }
        }
    }
    events.sort_by_key(|e| e.on);
    events
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 1.0 } else { n as f64 / of as f64 }
}

/// Plants the events, registers them, and measures the cluster signal.
pub async fn measure_cluster_signal(
    app: &App,
    org: &DemoOrg,
    p: PlantParams,
) -> Result<ClusterReport> {
    let tree = app.org();
    let names: HashMap<i64, String> = org
        .counties
        .iter()
        .flat_map(|(_, _, s)| s.iter())
        .filter_map(|s| tree.get(*s).map(|u| (*s, u.name.clone())))
        .collect();
    let cats: Vec<String> = app
        .categories()
        .all()
        .iter()
        .filter(|c| c.parent_code.is_some())
        .map(|c| c.code.clone())
        .collect();
    let mut events = plant(org, &cats, &names, p, app.today());
    let rules = &app.warning_rules;
    let min = rules.cluster_min_petitioners as usize;
    let window = i32::try_from(rules.cluster_window_days).unwrap_or(14);
    let chance = label_chance_clusters(&mut events, p.clusters, window, min);
    // A registrar at each county office, and a reader of the whole province.
    let mut registrars: HashMap<i64, CurrentUser> = HashMap::new();
    for (i, (_, office, _)) in org.counties.iter().enumerate() {
        let user = app
            .create_user(
                None,
                NewUserInput {
                    username: format!("signals_registrar_{i}"),
                    password: "signals-bench".into(),
                    display_name: format!("预警评测登记员{i}"),
                    unit_id: *office,
                    roles: vec![Role::Registrar],
                },
            )
            .await?;
        registrars.insert(*office, user);
    }
    let reader = app
        .create_user(
            None,
            NewUserInput {
                username: "signals_reader".into(),
                password: "signals-bench".into(),
                display_name: "预警评测".into(),
                unit_id: org.province_office,
                roles: vec![Role::Registrar, Role::Supervisor],
            },
        )
        .await?;
    let mut case_cluster: HashMap<CaseId, usize> = HashMap::new();
    let mut cluster_cases: BTreeMap<usize, Vec<CaseId>> = BTreeMap::new();
    let mut timings = Vec::with_capacity(events.len());
    let mut completing_ms: f64 = 0.0;
    let mut delay_max = 0usize;
    let mut pending_since: HashMap<usize, usize> = HashMap::new();
    for e in &events {
        let Some(user) = registrars.get(&e.county_office) else {
            continue;
        };
        let input = RegistrationInput {
            channel: Channel::Letter,
            petition_type: PetitionType::Appeal,
            category: e.category.clone(),
            title: e.title.clone(),
            content: e.content.clone(),
            demands: e.demands.clone(),
            concerned_unit_id: e.school,
            received_on: e.on,
            petitioners: vec![PetitionerInput {
                name: e.person.clone(),
                id_number: None,
                phone: None,
                address: None,
                representative: false,
            }],
            people_count: None,
            confidential: false,
            reception_id: None,
        };
        let t0 = Instant::now();
        let done = app.register(user, input).await?;
        let ms = t0.elapsed().as_secs_f64() * 1_000.0;
        timings.push(ms);
        let Some(k) = e.cluster else { continue };
        case_cluster.insert(done.case.id, k);
        if k >= p.clusters {
            // A chance cluster: judged by the warnings, not timed.
            continue;
        }
        let cases = cluster_cases.entry(k).or_default();
        cases.push(done.case.id);
        if cases.len() == min {
            completing_ms = completing_ms.max(ms);
            pending_since.insert(k, 0);
        }
        if let Some(after) = pending_since.get_mut(&k) {
            let raised = app.store.open_cluster_of(&[done.case.id]).await?.is_some();
            if raised {
                delay_max = delay_max.max(*after);
                pending_since.remove(&k);
            } else {
                *after += 1;
            }
        }
    }
    let filter = WarningFilter {
        kind: Some(WarningKind::Cluster),
        ..WarningFilter::default()
    };
    let mut warnings = Vec::new();
    let mut page = 1;
    loop {
        let list = app.warnings(&reader, filter.clone(), page, 200).await?;
        let n = list.items.len();
        warnings.extend(list.items);
        if n < 200 {
            break;
        }
        page += 1;
    }
    let mut found: HashSet<usize> = HashSet::new();
    let mut true_warnings = 0;
    for w in &warnings {
        let mut by: HashMap<usize, usize> = HashMap::new();
        for id in &w.case_ids {
            if let Some(k) = case_cluster.get(id) {
                *by.entry(*k).or_default() += 1;
            }
        }
        if let Some((k, n)) = by.iter().max_by_key(|(_, n)| **n) {
            if *n * 2 > w.case_ids.len() {
                true_warnings += 1;
            }
            if *n >= min {
                found.insert(*k);
            }
        }
    }
    let found_planted = found.iter().filter(|k| **k < p.clusters).count();
    let found_chance = found.len() - found_planted;
    timings.sort_by(f64::total_cmp);
    let months = (f64::from(p.days) / 30.0).max(1.0);
    let false_alarms = warnings.len() - true_warnings;
    Ok(ClusterReport {
        petitions: events.len(),
        planted: p.clusters,
        found: found_planted,
        recall: share(found_planted, p.clusters),
        chance_clusters: chance,
        chance_found: found_chance,
        warnings: warnings.len(),
        true_warnings,
        precision: share(true_warnings, warnings.len()),
        false_alarms,
        false_alarms_per_county_month: false_alarms as f64
            / (org.counties.len().max(1) as f64 * months),
        delay_petitions_max: delay_max,
        completing_registration_ms_max: completing_ms,
        registration_ms_p50: timings.get(timings.len() / 2).copied().unwrap_or(0.0),
    })
}
