//! How the `spike` signal did on the planted spikes (`plant_spike.rs`): the weekly scan is run
//! over every week of the registered history as the job runs it (`App::scan_spikes`, warnings
//! raised), and its warnings on a county × category are matched with the planted weeks. The same
//! weekly series are judged by plain EARS C2 as R's `surveillance::earsC` computes it by default
//! (baseline 7, alpha 0.001, no floor under the standard deviation), the comparison issue 13 asks
//! for ("at least as sensitive as EARS C2 at no more false alarms").
//!
//! - a planted spike is **found** when its series has a spike warning in its first week or the
//!   `WITHIN_WEEKS` after (recall = found / planted); the **delay** is that week less the first;
//! - a warning on a series and week that is neither a planted spike's nor a week where a planted
//!   cluster alone brought at least `min_count` petitions (a real rise the signal is right to
//!   see; counted apart) is a **false alarm**, reported per county-month of the weeks judged.

use std::collections::{BTreeMap, HashMap, HashSet};

use huiyin_core::Date;
use huiyin_core::detect::{EarsControl, EarsMethod, ears};
use huiyin_core::warning::{WarningKind, week_of};
use serde::Serialize;

use super::DemoOrg;
use super::plant_spike::PlantedSpike;
use super::signal_bench::{Registered, all_warnings, share};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A planted spike is found by a warning in its first week or this many weeks after.
pub const WITHIN_WEEKS: i32 = 2;

/// A series (county office, category) and week.
type Cell = (i64, String, i32);

/// How one method did on the planted spikes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SpikeFigures {
    pub found: usize,
    pub recall: f64,
    /// Series-weeks alarmed, and those on a planted spike within its window.
    pub alarms: usize,
    pub true_alarms: usize,
    /// Alarms on a week a planted cluster filled (not counted as false).
    pub cluster_weeks_alarmed: usize,
    pub false_alarms: usize,
    pub false_alarms_per_county_month: f64,
    pub delay_weeks_max: i32,
    pub delay_weeks_mean: f64,
}

/// How the `spike` signal did, beside plain EARS C2.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SpikeReport {
    pub planted: usize,
    pub spikes: Vec<PlantedSpike>,
    /// Weeks the scan judged (after the weeks EARS reads), series of counties × categories.
    pub weeks_judged: usize,
    pub series: usize,
    /// Weeks in which a planted cluster alone brought `min_count` petitions to a series.
    pub cluster_weeks: usize,
    pub huiyin: SpikeFigures,
    pub ears_c2: SpikeFigures,
    /// Spike warnings on one concerned unit (the scan's other series), not scored.
    pub unit_warnings: usize,
    /// The false-alarm rate a calibrated C2 at the rules' alpha would show on a background
    /// without rises: alpha × categories × weeks per month, per county-month.
    pub nominal_false_alarms_per_county_month: f64,
    pub scan_ms: f64,
}

/// Scores series-week alarms against the planted spikes.
fn figures(
    alarmed: &HashSet<Cell>,
    spikes: &[PlantedSpike],
    cluster_weeks: &HashSet<Cell>,
    county_months: f64,
) -> SpikeFigures {
    let mut f = SpikeFigures {
        alarms: alarmed.len(),
        ..SpikeFigures::default()
    };
    let mut windows: HashSet<Cell> = HashSet::new();
    let mut delays = Vec::new();
    for s in spikes {
        let mut delay = None;
        for d in 0..=WITHIN_WEEKS {
            let cell = (s.county_office, s.category.clone(), s.week + d);
            if delay.is_none() && alarmed.contains(&cell) {
                delay = Some(d);
            }
            windows.insert(cell);
        }
        if let Some(d) = delay {
            f.found += 1;
            delays.push(d);
        }
    }
    for cell in alarmed {
        if windows.contains(cell) {
            f.true_alarms += 1;
        } else if cluster_weeks.contains(cell) {
            f.cluster_weeks_alarmed += 1;
        } else {
            f.false_alarms += 1;
        }
    }
    f.recall = share(f.found, spikes.len());
    f.false_alarms_per_county_month = f.false_alarms as f64 / county_months.max(1e-9);
    f.delay_weeks_max = delays.iter().copied().max().unwrap_or(0);
    f.delay_weeks_mean = if delays.is_empty() {
        0.0
    } else {
        f64::from(delays.iter().sum::<i32>()) / delays.len() as f64
    };
    f
}

/// Runs the weekly scan over the history and scores it, and plain EARS C2, on the spikes.
pub(super) async fn score_spikes(
    app: &App,
    reader: &CurrentUser,
    reg: &Registered<'_>,
    org: &DemoOrg,
    spikes: &[PlantedSpike],
    today: Date,
) -> Result<SpikeReport> {
    let rules = &app.warning_rules.spike;
    let events = reg.events;
    let Some(first_on) = events.iter().map(|e| e.on).min() else {
        return Ok(SpikeReport::default());
    };
    let (known_from, last) = (week_of(first_on), week_of(today) - 1);
    let t0 = std::time::Instant::now();
    app.scan_spikes(known_from..=last).await?;
    let scan_ms = t0.elapsed().as_secs_f64() * 1_000.0;
    // The petitions of each series and week.
    let mut cells: HashMap<Cell, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let cell = (e.county_office, e.category.clone(), week_of(e.on));
        cells.entry(cell).or_default().push(i);
    }
    let event_of = reg.event_of();
    let mut alarmed: HashSet<Cell> = HashSet::new();
    let mut unit_warnings = 0;
    for w in all_warnings(app, reader, WarningKind::Spike).await? {
        let mut of: Vec<usize> = w
            .case_ids
            .iter()
            .filter_map(|id| event_of.get(id).copied())
            .collect();
        of.sort_unstable();
        let cell = of.first().map(|i| {
            let e = &events[*i];
            (e.county_office, e.category.clone(), week_of(e.on))
        });
        // A county × category warning links every petition of its series and week.
        match cell.filter(|c| cells.get(c) == Some(&of)) {
            Some(c) => {
                alarmed.insert(c);
            }
            None => unit_warnings += 1,
        }
    }
    let min_count = usize::try_from(rules.min_count).unwrap_or(usize::MAX);
    let cluster_weeks: HashSet<Cell> = cells
        .iter()
        .filter(|(_, idx)| {
            let mut by: BTreeMap<usize, usize> = BTreeMap::new();
            for i in idx.iter() {
                if let Some(k) = events[*i].cluster {
                    *by.entry(k).or_default() += 1;
                }
            }
            by.values().any(|n| *n >= min_count)
        })
        .map(|(c, _)| c.clone())
        .collect();
    // Plain EARS C2 over the same series: every county × category from the first week on record.
    let control = EarsControl::new(EarsMethod::C2);
    let span = usize::try_from(last - known_from + 1).unwrap_or(0);
    let mut series: HashMap<(i64, String), Vec<f64>> = HashMap::new();
    for ((office, category, week), idx) in &cells {
        if let Ok(t) = usize::try_from(week - known_from)
            && t < span
        {
            series
                .entry((*office, category.clone()))
                .or_insert_with(|| vec![0.0; span])[t] += idx.len() as f64;
        }
    }
    let mut c2_alarmed: HashSet<Cell> = HashSet::new();
    for ((office, category), counts) in &series {
        for p in ears(counts, &control).into_iter().filter(|p| p.alarm) {
            let week = known_from + i32::try_from(p.index).unwrap_or(0);
            c2_alarmed.insert((*office, category.clone(), week));
        }
    }
    let weeks_judged = span.saturating_sub(rules.ears_control().lag());
    let county_months = org.counties.len() as f64 * weeks_judged as f64 * 7.0 / 30.0;
    let categories = app
        .categories()
        .all()
        .iter()
        .filter(|c| c.parent_code.is_some())
        .count();
    Ok(SpikeReport {
        planted: spikes.len(),
        spikes: spikes.to_vec(),
        weeks_judged,
        series: org.counties.len() * categories,
        cluster_weeks: cluster_weeks.len(),
        huiyin: figures(&alarmed, spikes, &cluster_weeks, county_months),
        ears_c2: figures(&c2_alarmed, spikes, &cluster_weeks, county_months),
        unit_warnings,
        nominal_false_alarms_per_county_month: f64::from(rules.alpha_per_mille) / 1000.0
            * categories as f64
            * 30.0
            / 7.0,
        scan_ms,
    })
}
