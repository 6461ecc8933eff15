//! The seasonal method: historical limits (Stroup et al. 1989, the CDC's method; R
//! `surveillance::algo.cdc`, the reference `tests/ears_vs_r.rs` compares). Education has
//! seasons — enrolment and zoning in summer, exam results, pay days — that EARS, which looks
//! only at the weeks just before, reads as spikes every year; this method compares the last
//! four weeks with the same time of the year before.
//!
//! On weekly counts: the sum of the four weeks ending at week t is compared with the 4-week
//! sums of the same period, the `m` periods before and the `m` after, in each of the `years`
//! earlier years (weeks t − 52·y − 4m − 3 … t − 52·y + 4m): upper bound =
//! mean + z(1 − alpha/2) · sd · √(1 + 1/n) over those n = (2m + 1)·years sums.

use super::quantile::normal_quantile;

/// Weeks in a year of the method (the CDC's 52; a year of 52 weeks drifts a day a year).
pub const WEEKS_PER_YEAR: usize = 52;

/// The knobs of `algo.cdc`'s `control` (`b` is `years`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoricalControl {
    pub years: usize,
    pub m: usize,
    pub alpha: f64,
}

impl Default for HistoricalControl {
    /// R's defaults are 5 years, m = 1, alpha = 0.025; Huiyin's history starts with the
    /// system, so it reads 2 years by default (the demo's three years judge the third).
    fn default() -> Self {
        HistoricalControl {
            years: 2,
            m: 1,
            alpha: 0.025,
        }
    }
}

/// One judged week: the four weeks' sum against its bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoricalPoint {
    pub index: usize,
    pub observed: f64,
    pub upperbound: f64,
    /// The mean of the baseline sums: what the time of year usually brings.
    pub expected: f64,
    pub alarm: bool,
}

/// The judgement of week `t` of `weekly`, or `None` when there is not enough history (R:
/// "The vector of observed is too short!").
pub fn historical_limits(
    weekly: &[f64],
    t: usize,
    c: &HistoricalControl,
) -> Option<HistoricalPoint> {
    if c.years == 0 || t >= weekly.len() {
        return None;
    }
    let reach = c.years * WEEKS_PER_YEAR + 4 * c.m + 3;
    t.checked_sub(reach)?;
    let mut sums = Vec::with_capacity((2 * c.m + 1) * c.years);
    for y in (1..=c.years).rev() {
        let centre = t - y * WEEKS_PER_YEAR;
        // Weeks centre − 4m − 3 … centre + 4m in blocks of four.
        let start = centre - 4 * c.m - 3;
        for block in 0..(2 * c.m + 1) {
            let from = start + 4 * block;
            sums.push(weekly.get(from..from + 4)?.iter().sum::<f64>());
        }
    }
    let n = sums.len() as f64;
    let mean = sums.iter().sum::<f64>() / n;
    let sd = (sums.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / (n - 1.0)).sqrt();
    let z = normal_quantile(1.0 - c.alpha / 2.0)?;
    let upperbound = mean + z * sd * (1.0 + 1.0 / n).sqrt();
    let observed: f64 = weekly.get(t.checked_sub(3)?..=t)?.iter().sum();
    Some(HistoricalPoint {
        index: t,
        observed,
        upperbound,
        expected: mean,
        alarm: observed > upperbound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two years and a bit of a series with a summer season (weeks 26–33 of each year).
    fn seasonal(len: usize, spike_at: Option<usize>) -> Vec<f64> {
        (0..len)
            .map(|i| {
                let week = i % WEEKS_PER_YEAR;
                let base = if (26..34).contains(&week) { 20.0 } else { 5.0 };
                let wobble = f64::from(u8::try_from(i % 3).unwrap_or(0));
                base + wobble + if Some(i) == spike_at { 40.0 } else { 0.0 }
            })
            .collect()
    }

    #[test]
    fn the_season_is_not_a_spike_but_a_spike_in_the_season_is() {
        let c = HistoricalControl::default();
        let t = 2 * WEEKS_PER_YEAR + 30;
        let calm = seasonal(t + 1, None);
        let p = historical_limits(&calm, t, &c).expect("enough history");
        assert!(!p.alarm, "{p:?}");
        assert!(p.expected > 60.0, "the summer is expected: {p:?}");
        let spiked = seasonal(t + 1, Some(t));
        assert!(historical_limits(&spiked, t, &c).is_some_and(|p| p.alarm));
    }

    #[test]
    fn too_little_history_is_no_judgement() {
        let c = HistoricalControl::default();
        let s = seasonal(2 * WEEKS_PER_YEAR + 10, None);
        assert_eq!(historical_limits(&s, 2 * WEEKS_PER_YEAR + 6, &c), None);
        assert!(historical_limits(&s, 2 * WEEKS_PER_YEAR + 7, &c).is_some());
        assert_eq!(historical_limits(&s, s.len(), &c), None);
    }
}
