//! Planted habitual petitioners for the signals benchmark (`signal_bench.rs`): one person (a
//! name and a phone) writing about one matter (one school, one category, the same account in a
//! few own words) more often than `WarningRules::habitual_after`, whose registration that
//! crosses the threshold must raise a yellow `repeat` warning ("多次重复") — and near misses
//! that must not: a person who writes exactly `habitual_after` times, a person who writes as
//! often about different matters, and namesakes (one name, different phones) who together
//! write more than the threshold about one matter.

use std::collections::{HashMap, HashSet};

use huiyin_core::warning::{WarningKind, WarningLevel};
use serde::Serialize;

use super::Rng;
use super::planted::{Event, Labels};
use super::signal_bench::{Ground, Registered, all_warnings, share};
use super::texts::person_name;
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

const AGAIN: &[&str] = &[
    "这已经是我第几次反映了，",
    "上次反映后至今没有结果，",
    "我再次反映这个问题，",
    "问题一直没有解决，",
    "之前的答复我不认可，",
];

/// The days of `n` petitions, in order, within the period.
fn days_of(rng: &mut Rng, g: &Ground, n: usize) -> Vec<i32> {
    let mut days: Vec<i32> = (0..n)
        .map(|_| rng.below(g.days.max(1) as usize) as i32)
        .collect();
    days.sort_unstable();
    days
}

/// One person's petitions about the matter of `seed`, labelled as series `k`.
fn series(
    rng: &mut Rng,
    g: &Ground,
    seed: &Event,
    k: usize,
    n: usize,
    phone: String,
) -> Vec<Event> {
    days_of(rng, g, n)
        .into_iter()
        .enumerate()
        .map(|(i, day)| Event {
            on: g.start.add_days(day),
            county_office: seed.county_office,
            school: seed.school,
            category: seed.category.clone(),
            title: seed.title.clone(),
            content: if i == 0 {
                seed.content.clone()
            } else {
                format!("{}{}", rng.pick(AGAIN), seed.content)
            },
            demands: seed.demands.clone(),
            person: seed.person.clone(),
            phone: Some(phone.clone()),
            cluster: None,
            labels: Labels {
                habitual: Some((k, i + 1)),
                ..Labels::default()
            },
        })
        .collect()
}

/// Plants `n` habitual petitioners (each writing `after + 1` to `after + 3` times) and as many
/// near misses: `n / 2` writing exactly `after` times, `n / 4` writing `after + 2` times about
/// different matters, and `n / 4` pairs of namesakes writing `after` times each. Series `0..n`
/// are the habitual ones.
pub(super) fn plant_habitual(
    events: &mut Vec<Event>,
    rng: &mut Rng,
    g: &Ground,
    n: usize,
    after: usize,
) {
    let mut phone = 0usize;
    let mut next_phone = || {
        phone += 1;
        format!("139{:08}", 7_000_000 + phone)
    };
    for k in 0..n {
        let seed = g.draw(rng);
        let times = after + 1 + rng.below(3);
        events.extend(series(rng, g, &seed, k, times, next_phone()));
    }
    let mut k = n;
    for _ in 0..n / 2 {
        let seed = g.draw(rng);
        events.extend(series(rng, g, &seed, k, after, next_phone()));
        k += 1;
    }
    for _ in 0..n / 4 {
        // Different matters: a different school and a category of another kind each time.
        let person = person_name(rng);
        let own = next_phone();
        let mut tops = HashSet::new();
        let mut i = 0;
        let mut tries = 0;
        while i < after + 2 && tries < 200 {
            tries += 1;
            let mut e = g.draw(rng);
            let top = e.category.split('.').next().unwrap_or_default().to_owned();
            if !tops.insert(top) {
                continue;
            }
            i += 1;
            e.person = person.clone();
            e.phone = Some(own.clone());
            e.labels.habitual = Some((k, i));
            events.push(e);
        }
        k += 1;
    }
    for _ in 0..n / 4 {
        let seed = g.draw(rng);
        for _ in 0..2 {
            events.extend(series(rng, g, &seed, k, after, next_phone()));
            k += 1;
        }
    }
}

/// How the habitual (yellow `repeat`) signal did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HabitualReport {
    pub planted: usize,
    pub found: usize,
    pub recall: f64,
    /// Yellow `repeat` warnings, and those on a planted person's petition past the threshold.
    pub warnings: usize,
    pub true_warnings: usize,
    pub precision: f64,
    pub false_alarms: usize,
    pub false_alarms_per_county_month: f64,
    /// Near-miss people (at the threshold, different matters, namesakes) and those of them who
    /// got a yellow warning.
    pub near_miss_people: usize,
    pub near_miss_people_raised: usize,
    /// Petitions after the one that crossed the threshold before the first yellow warning.
    pub delay_petitions_max: usize,
}

/// Scores the yellow `repeat` warnings against the planted people (series `0..planted`).
pub(super) async fn score_habitual(
    app: &App,
    reader: &CurrentUser,
    reg: &Registered<'_>,
    planted: usize,
) -> Result<HabitualReport> {
    let after = app.warning_rules.habitual_after as usize;
    let event_of = reg.event_of();
    let warnings = all_warnings(app, reader, WarningKind::Repeat).await?;
    let mut r = HabitualReport {
        planted,
        ..HabitualReport::default()
    };
    // The first petition of each series with a yellow warning.
    let mut first_yellow: HashMap<usize, usize> = HashMap::new();
    for w in warnings.iter().filter(|w| w.level == WarningLevel::Yellow) {
        r.warnings += 1;
        let label = w
            .case_ids
            .iter()
            .filter_map(|id| event_of.get(id))
            .find_map(|i| reg.events[*i].labels.habitual);
        match label {
            Some((k, nth)) => {
                let first = first_yellow.entry(k).or_insert(nth);
                *first = (*first).min(nth);
                if k < planted && nth > after {
                    r.true_warnings += 1;
                } else {
                    r.false_alarms += 1;
                }
            }
            None => r.false_alarms += 1,
        }
    }
    let near_miss: HashSet<usize> = reg
        .events
        .iter()
        .filter_map(|e| e.labels.habitual.map(|(k, _)| k))
        .filter(|k| *k >= planted)
        .collect();
    r.near_miss_people = near_miss.len();
    for (k, nth) in &first_yellow {
        if *k < planted {
            if *nth > after {
                r.found += 1;
                r.delay_petitions_max = r.delay_petitions_max.max(nth - (after + 1));
            }
        } else {
            r.near_miss_people_raised += 1;
        }
    }
    r.recall = share(r.found, planted);
    r.precision = share(r.true_warnings, r.warnings);
    r.false_alarms_per_county_month = reg.per_county_month(r.false_alarms);
    Ok(r)
}
