//! Planted spikes for the signals benchmark (`signal_bench.rs`): weeks in which one category of
//! one county gets many more petitions than its baseline — 6 to 10 petitions in one week from
//! different people about different schools of the county, or a rise over two weeks (3, then 6
//! to 10) — where the ordinary history gives a county's category well under one a week. Each
//! spike is in its own series (county × category), in a week the weekly scan can judge (EARS
//! reads the weeks before it).

use std::collections::HashSet;

use huiyin_core::Date;
use huiyin_core::warning::{WarningRules, week_of, week_start};
use serde::Serialize;

use super::planted::{Event, Labels};
use super::signal_bench::Ground;
use super::texts::{person_name, petition_text};
use super::{DemoOrg, Rng};

/// One planted spike: its series and the petitions of each of its weeks.
#[derive(Clone, Debug, Serialize)]
pub struct PlantedSpike {
    /// The county's petition office (its series is the county bureau's).
    pub county_office: i64,
    pub category: String,
    /// The first week of the rise (core `week_of`), and the petitions planted in each week.
    pub week: i32,
    pub counts: Vec<usize>,
}

/// The first and last week a planted spike may start in: after the weeks EARS reads (with one
/// week's margin for the first petition on record), and before the current, partial week.
pub(super) fn plantable_weeks(start: Date, today: Date, rules: &WarningRules) -> (i32, i32) {
    let lag = i32::try_from(rules.spike.ears_control().lag()).unwrap_or(i32::MAX / 8);
    (week_of(start) + lag + 1, week_of(today) - 1)
}

/// Plants `n` spikes, each in a county × category of its own.
pub(super) fn plant_spikes(
    events: &mut Vec<Event>,
    rng: &mut Rng,
    g: &Ground,
    org: &DemoOrg,
    n: usize,
    today: Date,
    rules: &WarningRules,
) -> Vec<PlantedSpike> {
    let (first, last) = plantable_weeks(g.start, today, rules);
    let mut out = Vec::new();
    if last < first || org.counties.is_empty() || g.cats.is_empty() {
        return out;
    }
    let mut used = HashSet::new();
    let mut tries = 0;
    while out.len() < n && tries < n * 50 {
        tries += 1;
        let (_, office, schools) = rng.pick(&org.counties);
        let category = rng.pick(g.cats).clone();
        if schools.is_empty() || !used.insert((*office, category.clone())) {
            continue;
        }
        let week = first + rng.below(usize::try_from(last - first + 1).unwrap_or(1)) as i32;
        let peak = 6 + rng.below(5);
        let counts = if week < last && rng.chance(33) {
            vec![3, peak]
        } else {
            vec![peak]
        };
        let j = out.len();
        for (w, count) in counts.iter().enumerate() {
            let monday = week_start(week + i32::try_from(w).unwrap_or(0));
            for _ in 0..*count {
                let school = *rng.pick(schools);
                let name = g.names.get(&school).cloned().unwrap_or_default();
                let (title, content, demands) = petition_text(rng, &category, &name);
                events.push(Event {
                    on: monday.add_days(rng.below(7) as i32).min(today),
                    county_office: *office,
                    school,
                    category: category.clone(),
                    title,
                    content,
                    demands,
                    person: person_name(rng),
                    phone: None,
                    cluster: None,
                    labels: Labels {
                        spike: Some(j),
                        ..Labels::default()
                    },
                });
            }
        }
        out.push(PlantedSpike {
            county_office: *office,
            category,
            week,
            counts,
        });
    }
    out
}
