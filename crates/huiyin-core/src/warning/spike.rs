//! The `spike` signal (issue 13 item 1): a week's count of petitions — per category in a
//! region, or per concerned unit — above what its history leads one to expect.
//!
//! Two methods judge a week, both on weekly counts (daily counts of a county are too sparse):
//! EARS (C2 by default: the seven weeks before last, so a rise over two weeks is not in its own
//! baseline) and, where two years of history exist, the seasonal method of historical limits,
//! which knows that enrolment and zoning fill the summer every year. A week is a spike when
//! EARS alarms and the seasonal method, when it can judge, alarms too; a week with fewer than
//! `min_count` petitions never is (one or two letters to a small school are not a trend).

use serde::{Deserialize, Serialize};

use super::WarningLevel;
use crate::date::Date;
use crate::detect::{
    EarsControl, EarsMethod, HistoricalControl, HistoricalPoint, ears, historical_limits,
};

/// The knobs of the spike signal (office practice, not statute: data with defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpikeRules {
    pub method: EarsMethod,
    pub baseline_weeks: usize,
    /// The smallest standard deviation EARS assumes, in petitions: a flat baseline of zeros
    /// would otherwise make any single petition a spike.
    pub min_sigma: u32,
    /// EARS alpha in thousandths (1 = 0.001, R's default for C1 and C2).
    pub alpha_per_mille: u32,
    pub min_count: u32,
    /// Years of history the seasonal method reads (0: EARS alone).
    pub seasonal_years: usize,
    /// The seasonal method's alpha in thousandths (25 = 0.025, R's default).
    pub seasonal_alpha_per_mille: u32,
}

impl Default for SpikeRules {
    fn default() -> Self {
        SpikeRules {
            method: EarsMethod::C2,
            baseline_weeks: 7,
            min_sigma: 1,
            alpha_per_mille: 1,
            min_count: 5,
            seasonal_years: 2,
            seasonal_alpha_per_mille: 25,
        }
    }
}

impl SpikeRules {
    pub fn ears_control(&self) -> EarsControl {
        EarsControl {
            method: self.method,
            baseline: self.baseline_weeks,
            min_sigma: f64::from(self.min_sigma),
            alpha: Some(f64::from(self.alpha_per_mille) / 1000.0),
        }
    }

    pub fn seasonal_control(&self) -> Option<HistoricalControl> {
        (self.seasonal_years > 0).then(|| HistoricalControl {
            years: self.seasonal_years,
            m: 1,
            alpha: f64::from(self.seasonal_alpha_per_mille) / 1000.0,
        })
    }

    /// Weeks of history a judgement reads, the judged week included.
    pub fn weeks_needed(&self) -> usize {
        let ears = self.ears_control().lag() + 1;
        let seasonal = self
            .seasonal_control()
            .map_or(0, |c| c.years * crate::detect::WEEKS_PER_YEAR + 4 * c.m + 4);
        ears.max(seasonal)
    }
}

/// The week a day falls in, numbered from the Monday of 1970-01-01's week (weeks start on
/// Monday, as the office's weekly reports do).
pub fn week_of(d: Date) -> i32 {
    (d.days_since_epoch() + 3).div_euclid(7)
}

/// The Monday that starts week `w`.
pub fn week_start(w: i32) -> Date {
    Date::from_days(w * 7 - 3)
}

/// Why a week is a spike.
#[derive(Clone, Debug, PartialEq)]
pub struct SpikeFinding {
    pub level: WarningLevel,
    pub observed: f64,
    /// EARS's upper bound for the week, and the mean of its baseline.
    pub upperbound: f64,
    pub expected: f64,
    pub seasonal: Option<HistoricalPoint>,
}

/// Judges week `t` of `weekly` (counts, oldest first); `None` when it is not a spike.
pub fn judge_week(weekly: &[f64], t: usize, rules: &SpikeRules) -> Option<SpikeFinding> {
    let observed = *weekly.get(t)?;
    if observed < f64::from(rules.min_count) {
        return None;
    }
    let control = rules.ears_control();
    let from = t.checked_sub(control.lag())?;
    let point = *ears(&weekly[from..=t], &control).last()?;
    let upperbound = point.upperbound?;
    if !point.alarm {
        return None;
    }
    let seasonal = rules
        .seasonal_control()
        .and_then(|c| historical_limits(weekly, t, &c));
    if seasonal.is_some_and(|s| !s.alarm) {
        return None;
    }
    let gap = if control.method == EarsMethod::C1 {
        0
    } else {
        2
    };
    let base = &weekly[t - gap - control.baseline..t - gap];
    let expected = base.iter().sum::<f64>() / base.len() as f64;
    let ratio = observed / upperbound.max(1.0);
    let level = if ratio >= 3.0 {
        WarningLevel::Orange
    } else if ratio >= 2.0 {
        WarningLevel::Yellow
    } else {
        WarningLevel::Blue
    };
    Some(SpikeFinding {
        level,
        observed,
        upperbound,
        expected,
        seasonal,
    })
}

impl SpikeFinding {
    /// What a clerk reads: "某县教育局 · 招生入学：2026-11-23 一周 34 件，预期约 8.1 件，
    /// 上限 12.4 件（EARS C2）；历年同期四周均值 30.0 件，本期四周 61 件".
    pub fn explanation(&self, scope: &str, week: Date, method: EarsMethod) -> (String, String) {
        let m = format!("{method:?}");
        let mut zh = format!(
            "{scope}：{week}起一周{:.0}件，预期约{:.1}件，上限{:.1}件（EARS {m}）",
            self.observed, self.expected, self.upperbound
        );
        let mut en = format!(
            "{scope}: {:.0} petitions in the week from {week}, about {:.1} expected, bound {:.1} (EARS {m})",
            self.observed, self.expected, self.upperbound
        );
        if let Some(s) = &self.seasonal {
            zh.push_str(&format!(
                "；历年同期四周均值{:.1}件，本期四周{:.0}件",
                s.expected, s.observed
            ));
            en.push_str(&format!(
                "; the same four weeks of earlier years averaged {:.1}, these four weeks {:.0}",
                s.expected, s.observed
            ));
        }
        (zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::WEEKS_PER_YEAR;

    fn weeks(len: usize, summer: f64) -> Vec<f64> {
        (0..len)
            .map(|i| {
                let w = i % WEEKS_PER_YEAR;
                let season = if (26..34).contains(&w) { summer } else { 0.0 };
                6.0 + f64::from(u8::try_from(i % 4).unwrap_or(0)) + season
            })
            .collect()
    }

    #[test]
    fn weeks_start_on_monday() {
        let monday = Date::from_ymd(2026, 11, 30).expect("date");
        let sunday = Date::from_ymd(2026, 12, 6).expect("date");
        assert_eq!(week_of(monday), week_of(sunday));
        assert_eq!(week_of(monday.add_days(-1)) + 1, week_of(monday));
        assert_eq!(week_start(week_of(sunday)), monday);
    }

    #[test]
    fn a_jump_is_a_spike_and_small_counts_never_are() {
        let rules = SpikeRules {
            seasonal_years: 0,
            ..SpikeRules::default()
        };
        let mut s = weeks(20, 0.0);
        s[19] = 40.0;
        let f = judge_week(&s, 19, &rules).expect("a spike");
        assert!(f.level >= WarningLevel::Yellow, "{f:?}");
        assert!(f.expected > 5.0 && f.expected < 10.0);
        assert_eq!(judge_week(&s, 18, &rules), None);
        let quiet = vec![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0];
        assert_eq!(judge_week(&quiet, 9, &rules), None, "below min_count");
    }

    #[test]
    fn the_summer_season_is_expected_once_there_is_history() {
        let rules = SpikeRules::default();
        let s = weeks(2 * WEEKS_PER_YEAR + 30, 25.0);
        let t = 2 * WEEKS_PER_YEAR + 26; // the first summer week of the third year
        let ears_alone = SpikeRules {
            seasonal_years: 0,
            ..SpikeRules::default()
        };
        assert!(
            judge_week(&s, t, &ears_alone).is_some(),
            "EARS reads the season as a spike"
        );
        assert_eq!(
            judge_week(&s, t, &rules),
            None,
            "the seasonal method knows it"
        );
        // A jump well above the season is still news (the band of four-week sums around a
        // season's edge is wide, so the test jumps inside the season).
        let inside = 2 * WEEKS_PER_YEAR + 29;
        let mut spiked = s.clone();
        assert_eq!(judge_week(&spiked, inside, &rules), None);
        spiked[inside] += 100.0;
        assert!(judge_week(&spiked, inside, &rules).is_some());
    }
}
