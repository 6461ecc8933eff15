//! The `spike` scan (issue 13 item 1), a job of the durable queue once a week: the weekly
//! counts of petitions per category in each region (the county bureau, or the city or
//! province or university a unit answers to directly) and per concerned unit, judged by the
//! rules' methods (EARS with the seasonal check, core `warning::judge_week`). A spike raises
//! one warning per series and week (a second scan of the week changes nothing), owned by the
//! region's bureau and linked to every case of the week behind it, so the firewall that hides
//! a case hides the warning.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use huiyin_core::Date;
use huiyin_core::org::{OrgTree, UnitId, UnitKind};
use huiyin_core::warning::{WarningKind, judge_week, week_of, week_start};

use crate::context::App;
use crate::error::Result;

/// The job kind of the weekly scan.
pub const SPIKE_SCAN: &str = "spike_scan";

/// At most this many cases are linked to one spike (a county's week in one category stays far
/// below it).
const CASES_BEHIND_LIMIT: i64 = 5_000;

/// New spike warnings written per transaction: a first scan of years of history raises
/// thousands, each a commit of its own before; a crash between two batches loses nothing,
/// the next scan raises the rest (each spike's key makes it one warning).
const RAISED_PER_TRANSACTION: usize = 200;

/// What a scan did.
#[derive(Clone, Debug, Default)]
pub struct SpikeScanReport {
    /// Series judged (region × category, and concerned units).
    pub series: usize,
    /// Weeks judged over all series.
    pub judged: usize,
    /// Spikes found, and warnings newly written for them.
    pub spikes: usize,
    pub raised: usize,
    /// Milliseconds spent reading the counts, judging the weeks, and raising the warnings
    /// (reading the cases behind each and writing it).
    pub read_ms: u64,
    pub judge_ms: u64,
    pub raise_ms: u64,
}

/// What a series counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum SeriesKey {
    Region { region: UnitId, category: String },
    Unit { unit: UnitId },
}

/// The region a concerned unit's petitions count under: its nearest ancestor (or itself) that
/// is a bureau or a university.
fn region_of(org: &OrgTree, unit: UnitId) -> UnitId {
    org.ancestors_or_self(unit)
        .into_iter()
        .find(|u| {
            matches!(
                u.kind,
                UnitKind::CountyBureau
                    | UnitKind::CityBureau
                    | UnitKind::ProvincialDepartment
                    | UnitKind::Ministry
                    | UnitKind::University
            )
        })
        .map_or(unit, |u| u.id)
}

impl App {
    /// Enqueues the scan of last week (a no-op when it is queued or done already).
    pub async fn enqueue_spike_scan(&self) -> Result<bool> {
        let week = week_of(self.today()) - 1;
        let key = format!("{SPIKE_SCAN}:{}", week_start(week));
        Ok(self
            .store
            .enqueue_job(SPIKE_SCAN, &key, "{}", self.now_ms())
            .await?)
    }

    /// The scan the job runs: last week, the last complete one.
    pub async fn scan_last_week_for_spikes(&self) -> Result<SpikeScanReport> {
        let week = week_of(self.today()) - 1;
        self.scan_spikes(week..=week).await
    }

    /// Judges the weeks `weeks` (numbered as core `week_of`) of every series and raises a
    /// warning for each spike.
    pub async fn scan_spikes(&self, weeks: RangeInclusive<i32>) -> Result<SpikeScanReport> {
        let rules = &self.warning_rules.spike;
        let (first_judged, last_judged) = (*weeks.start(), *weeks.end());
        if last_judged < first_judged {
            return Ok(SpikeScanReport::default());
        }
        let history = i32::try_from(rules.weeks_needed()).unwrap_or(i32::MAX / 8);
        let first_week = first_judged - history + 1;
        let span = usize::try_from(last_judged - first_week + 1).unwrap_or(0);
        let started = std::time::Instant::now();
        let counts = self
            .store
            .matter_day_counts(week_start(first_week), week_start(last_judged).add_days(6))
            .await?;
        let org = self.org();
        let mut regions: HashMap<UnitId, UnitId> = HashMap::new();
        let mut series: HashMap<SeriesKey, Vec<f64>> = HashMap::new();
        // The concerned units behind each region's series, for the cases behind a spike.
        let mut members: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
        for c in &counts {
            let Ok(i) = usize::try_from(week_of(c.received_on) - first_week) else {
                continue;
            };
            let region = *regions
                .entry(c.concerned_unit_id)
                .or_insert_with(|| region_of(&org, c.concerned_unit_id));
            let units = members.entry(region).or_default();
            if !units.contains(&c.concerned_unit_id) {
                units.push(c.concerned_unit_id);
            }
            let n = c.count as f64;
            for key in [
                SeriesKey::Region {
                    region,
                    category: c.category.clone(),
                },
                SeriesKey::Unit {
                    unit: c.concerned_unit_id,
                },
            ] {
                series.entry(key).or_insert_with(|| vec![0.0; span])[i] += n;
            }
        }
        let mut report = SpikeScanReport {
            series: series.len(),
            read_ms: elapsed_ms(started),
            ..SpikeScanReport::default()
        };
        let judging = std::time::Instant::now();
        let mut keys: Vec<&SeriesKey> = series.keys().collect();
        keys.sort();
        // The weeks before the first petition on record are not history (the system had not
        // started): neither EARS nor the seasonal method reads them as quiet weeks.
        let known_from = counts
            .iter()
            .map(|c| c.received_on)
            .min()
            .and_then(|d| usize::try_from(week_of(d) - first_week).ok())
            .unwrap_or(span);
        let judged_from = usize::try_from(first_judged - first_week)
            .unwrap_or(span)
            .max(known_from);
        let mut found = Vec::new();
        for key in keys {
            let weekly = &series[key];
            for t in judged_from..span {
                report.judged += 1;
                let Some(finding) = judge_week(&weekly[known_from..], t - known_from, rules) else {
                    continue;
                };
                let week = first_week + i32::try_from(t).unwrap_or(0);
                found.push((key, week, finding));
            }
        }
        report.spikes = found.len();
        report.judge_ms = elapsed_ms(judging);
        let raising = std::time::Instant::now();
        // A spike raised by an earlier scan keeps its warning: found in one read, not probed
        // warning by warning (a scan of three years meets every spike of the last run again).
        let unique_keys: Vec<String> = found
            .iter()
            .map(|(key, week, _)| unique_key(key, *week))
            .collect();
        let raised_before = self.store.existing_warning_keys(&unique_keys).await?;
        let mut batch = Vec::new();
        for ((key, week, finding), unique) in found.iter().zip(unique_keys) {
            if raised_before.contains(&unique) {
                continue;
            }
            batch.push(
                self.spike_warning(key, *week, finding, unique, &members)
                    .await?,
            );
            if batch.len() == RAISED_PER_TRANSACTION {
                report.raised += self.store.insert_warnings(&batch, self.now_ms()).await?;
                batch.clear();
            }
        }
        report.raised += self.store.insert_warnings(&batch, self.now_ms()).await?;
        report.raise_ms = elapsed_ms(raising);
        Ok(report)
    }

    /// The warning of one spike with the cases behind it.
    async fn spike_warning(
        &self,
        key: &SeriesKey,
        week: i32,
        finding: &huiyin_core::warning::SpikeFinding,
        unique: String,
        members: &HashMap<UnitId, Vec<UnitId>>,
    ) -> Result<(huiyin_store::NewWarning, Vec<huiyin_core::case::CaseId>)> {
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let monday: Date = week_start(week);
        let (owner, units, category, scope) = match key {
            SeriesKey::Region { region, category } => {
                let label = self
                    .categories()
                    .get(category)
                    .map_or_else(|| category.clone(), |c| c.name_zh.clone());
                (
                    *region,
                    members.get(region).cloned().unwrap_or_default(),
                    Some(category.as_str()),
                    format!("{} · {label}", name(*region)),
                )
            }
            SeriesKey::Unit { unit } => (region_of(&org, *unit), vec![*unit], None, name(*unit)),
        };
        let behind = self
            .store
            .cases_of_matter_between(
                &units,
                category,
                monday,
                monday.add_days(6),
                CASES_BEHIND_LIMIT,
            )
            .await?;
        let (zh, en) = finding.explanation(&scope, monday, self.warning_rules.spike.method);
        let level = finding.level;
        let w = huiyin_store::NewWarning {
            kind: WarningKind::Spike,
            level,
            // Never owned inside the wall of an accusation behind it (DOMAIN.md §4).
            unit_id: huiyin_core::policy::body_above_walls(
                &org,
                org.competent_body(owner).map_or(owner, |u| u.id),
                &behind.walls,
            ),
            explanation_zh: zh,
            explanation_en: en,
            acknowledge_due_at: self.now_ms() + self.warning_rules.acknowledge_within_ms(level),
            other_case_ids: Vec::new(),
            join_warning_id: None,
            join_move: None,
            unique_key: Some(unique),
            notify: Vec::new(),
        };
        Ok((self.with_notices(w, &behind.walls), behind.case_ids))
    }
}

/// The key that makes a spike one warning however often its week is scanned.
fn unique_key(key: &SeriesKey, week: i32) -> String {
    let monday = week_start(week);
    match key {
        SeriesKey::Region { region, category } => {
            format!("spike:region:{region}:{category}:{monday}")
        }
        SeriesKey::Unit { unit } => format!("spike:unit:{unit}:{monday}"),
    }
}

fn elapsed_ms(since: std::time::Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}
