//! Labelled events planted in a generated history (issue 13 item 6): the history's petitions
//! ([`Event`], with their labels), the planted clusters, and how well the `cluster` signal finds
//! them. The other plants are `plant_sensitive.rs`, `plant_habitual.rs` and `plant_spike.rs`;
//! `signal_bench.rs` registers the history and scores every signal.
//!
//! A history of `background` ordinary petitions (the demo generator's templates, schools,
//! people and categories, spread over `days` days) is interleaved with `clusters` planted
//! clusters: one matter about one school raised by 3–8 different people within a few days,
//! each telling it in their own words around the same facts, and with each cluster its near
//! misses (two other matters about the same school in the same days, one person writing three
//! times about one matter), which must not raise a cluster. Every petition is registered in
//! date order through the real intake (`App::register`, where the signals run in the
//! registration's transaction), as a registrar of the school's county office (`signal_bench.rs`). Then each
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

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::warning::WarningKind;
use serde::Serialize;

use super::signal_bench::{Registered, all_warnings, share};
use super::texts::{person_name, petition_text};
use super::{DemoOrg, Rng};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// What to plant.
#[derive(Clone, Copy, Debug)]
pub struct PlantParams {
    pub background: usize,
    pub clusters: usize,
    /// Petitions with a sensitive phrase (with half as many near misses and a quarter as many
    /// harmless mentions of a lexicon word).
    pub sensitive: usize,
    /// People who write about one matter more often than `WarningRules::habitual_after` (with
    /// as many near misses).
    pub habitual: usize,
    /// Weeks in which one category of one county gets many more petitions than its baseline.
    pub spikes: usize,
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
    pub(super) phone: Option<String>,
    pub(super) cluster: Option<usize>,
    pub(super) labels: Labels,
}

/// What a petition was planted as, for the signals other than `cluster`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Labels {
    pub(super) text: TextLabel,
    /// (the person's series, this petition's number in it from 1).
    pub(super) habitual: Option<(usize, usize)>,
    pub(super) spike: Option<usize>,
    /// A planted text's lexicon group (or near-miss kind) and how it was written.
    pub(super) how: Option<(&'static str, &'static str)>,
}

/// What a petition's text was written as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum TextLabel {
    /// An ordinary text.
    #[default]
    Ordinary,
    /// A planted sensitive text.
    Sensitive,
    /// An ordinary template whose topic is a minor's safety (体罚, 欺凌): sensitive too.
    Topic,
    /// Words like the lexicon's that are not its terms (跳远, 自习, 聚餐): must not match.
    NearMiss,
    /// A lexicon word in a harmless sentence (防溺水安全教育): a word list cannot tell.
    Mention,
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

/// Every school with its county's petition office and its county bureau.
pub(super) fn schools_of(org: &DemoOrg) -> Vec<(i64, i64, i64)> {
    org.counties
        .iter()
        .flat_map(|(county, office, schools)| schools.iter().map(move |s| (*county, *office, *s)))
        .collect()
}

/// One ordinary petition about a random school and category on a random day of the period.
pub(super) fn draw(
    rng: &mut Rng,
    schools: &[(i64, i64, i64)],
    cats: &[String],
    names: &HashMap<i64, String>,
    start: Date,
    days: i32,
) -> Event {
    let (_, office, school) = *rng.pick(schools);
    let category = rng.pick(cats).clone();
    let name = names.get(&school).cloned().unwrap_or_default();
    let (title, content, demands) = petition_text(rng, &category, &name);
    Event {
        on: start.add_days(rng.below(days.max(1) as usize) as i32),
        county_office: office,
        school,
        category,
        title,
        content,
        demands,
        person: person_name(rng),
        phone: None,
        cluster: None,
        labels: Labels::default(),
    }
}

/// The ordinary history and the planted clusters with their near misses, in date order.
pub(super) fn plant_clusters(
    org: &DemoOrg,
    cats: &[String],
    names: &HashMap<i64, String>,
    p: PlantParams,
    today: Date,
) -> Vec<Event> {
    let mut rng = Rng::new(p.seed);
    let start = today.add_days(-p.days);
    let schools = schools_of(org);
    let mut events = Vec::with_capacity(p.background + p.clusters * 8);
    let draw = |rng: &mut Rng, cluster: Option<usize>| Event {
        cluster,
        ..draw(rng, &schools, cats, names, start, p.days)
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
                phone: None,
                cluster: Some(k),
                labels: Labels::default(),
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

/// Follows the planted clusters while the history is registered: when the registration that
/// brings a cluster to the signal's minimum has raised its warning, and how long it took.
#[derive(Default)]
pub(super) struct ClusterTracker {
    cluster_cases: BTreeMap<usize, Vec<CaseId>>,
    pending_since: HashMap<usize, usize>,
    pub(super) completing_ms: f64,
    pub(super) delay_max: usize,
}

impl ClusterTracker {
    /// After registering `case` of planted cluster `k` in `ms`.
    pub(super) async fn registered(
        &mut self,
        app: &App,
        k: usize,
        case: CaseId,
        ms: f64,
        min: usize,
    ) -> Result<()> {
        let cases = self.cluster_cases.entry(k).or_default();
        cases.push(case);
        if cases.len() == min {
            self.completing_ms = self.completing_ms.max(ms);
            self.pending_since.insert(k, 0);
        }
        if let Some(after) = self.pending_since.get_mut(&k) {
            if app.store.open_cluster_of(case).await?.is_some() {
                self.delay_max = self.delay_max.max(*after);
                self.pending_since.remove(&k);
            } else {
                *after += 1;
            }
        }
        Ok(())
    }
}

/// Scores the `cluster` warnings against the labelled clusters.
pub(super) async fn score_clusters(
    app: &App,
    reader: &CurrentUser,
    reg: &Registered<'_>,
    p: PlantParams,
    chance: usize,
    tracker: &ClusterTracker,
) -> Result<ClusterReport> {
    let min = app.warning_rules.cluster_min_petitioners as usize;
    let case_cluster: HashMap<CaseId, usize> = reg
        .cases
        .iter()
        .filter_map(|(id, i)| reg.events[*i].cluster.map(|k| (*id, k)))
        .collect();
    let warnings = all_warnings(app, reader, WarningKind::Cluster).await?;
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
    let false_alarms = warnings.len() - true_warnings;
    Ok(ClusterReport {
        petitions: reg.events.len(),
        planted: p.clusters,
        found: found_planted,
        recall: share(found_planted, p.clusters),
        chance_clusters: chance,
        chance_found: found_chance,
        warnings: warnings.len(),
        true_warnings,
        precision: share(true_warnings, warnings.len()),
        false_alarms,
        false_alarms_per_county_month: reg.per_county_month(false_alarms),
        delay_petitions_max: tracker.delay_max,
        completing_registration_ms_max: tracker.completing_ms,
        registration_ms_p50: reg.registration_ms_p50,
    })
}
