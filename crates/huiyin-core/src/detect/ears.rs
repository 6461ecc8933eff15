//! EARS C1, C2 and C3 (Hutwagner et al.; R `surveillance::earsC`, the reference).
//!
//! For each time point t in range, with the baseline of `baseline` earlier counts:
//! * C1: the `baseline` counts just before t; upper bound = mean + z·max(sd, min_sigma);
//! * C2: the same, two points earlier (a gap of two); same bound;
//! * C3: as `earsC` computes it — the C2 statistics of t−2 and t−1 (each less 1, at least 0)
//!   lower the bound: upper bound = max(0, y_t + max(sd_t, min_sigma)·(z − lag₂ − lag₁)).
//!
//! An alarm is a count above its bound. `z` is the normal quantile of 1 − alpha (alpha 0.001
//! for C1 and C2, 0.025 for C3 unless given). `sd` is the sample standard deviation (n − 1). A
//! bound that is not a number (a flat zero baseline under C3: 0/0) is `None` and raises no alarm,
//! where R gives NA.

use super::quantile::normal_quantile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EarsMethod {
    C1,
    C2,
    C3,
}

/// The knobs of `earsC`'s `control`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarsControl {
    pub method: EarsMethod,
    pub baseline: usize,
    pub min_sigma: f64,
    /// Default: 0.001 for C1 and C2, 0.025 for C3.
    pub alpha: Option<f64>,
}

impl EarsControl {
    pub fn new(method: EarsMethod) -> EarsControl {
        EarsControl {
            method,
            baseline: 7,
            min_sigma: 0.0,
            alpha: None,
        }
    }

    /// How many points precede the first one judged.
    pub fn lag(&self) -> usize {
        match self.method {
            EarsMethod::C1 => self.baseline,
            EarsMethod::C2 => self.baseline + 2,
            EarsMethod::C3 => self.baseline + 4,
        }
    }
}

/// One judged point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarsPoint {
    /// Index into the series.
    pub index: usize,
    pub upperbound: Option<f64>,
    pub alarm: bool,
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// The baseline window of point `t` (C1: the `baseline` points before it; C2/C3: two earlier).
fn window(series: &[f64], t: usize, baseline: usize, gap: usize) -> Option<&[f64]> {
    let end = t.checked_sub(gap)?;
    let start = end.checked_sub(baseline)?;
    series.get(start..end)
}

/// The C2 statistic of point `t` (NaN or infinite when the baseline is flat and σ is 0, as R).
fn c2_stat(series: &[f64], t: usize, c: &EarsControl) -> Option<f64> {
    let w = window(series, t, c.baseline, 2)?;
    let (mean, sd) = mean_sd(w);
    Some((series[t] - mean) / sd.max(c.min_sigma))
}

/// The EARS judgement of every point that has enough history (none when the series is too short,
/// where `earsC` stops with "The vector of observed is too short!"). The baseline is at least 3.
pub fn ears(series: &[f64], c: &EarsControl) -> Vec<EarsPoint> {
    if c.baseline < 3 || c.min_sigma < 0.0 {
        return Vec::new();
    }
    let alpha = c.alpha.unwrap_or(match c.method {
        EarsMethod::C1 | EarsMethod::C2 => 0.001,
        EarsMethod::C3 => 0.025,
    });
    let Some(z) = normal_quantile(1.0 - alpha) else {
        return Vec::new();
    };
    let bound_of = |v: f64| v.is_finite().then_some(v);
    (c.lag()..series.len())
        .filter_map(|t| {
            let upperbound = match c.method {
                EarsMethod::C1 | EarsMethod::C2 => {
                    let gap = if c.method == EarsMethod::C1 { 0 } else { 2 };
                    let (mean, sd) = mean_sd(window(series, t, c.baseline, gap)?);
                    bound_of(mean + z * sd.max(c.min_sigma))
                }
                EarsMethod::C3 => {
                    let lag = |s: f64| {
                        // R's pmax(0, NaN) is NaN: a NaN statistic makes the bound NaN.
                        if s.is_nan() {
                            f64::NAN
                        } else {
                            (s - 1.0).max(0.0)
                        }
                    };
                    let lag2 = lag(c2_stat(series, t - 2, c)?);
                    let lag1 = lag(c2_stat(series, t - 1, c)?);
                    let (_, sd) = mean_sd(window(series, t, c.baseline, 2)?);
                    let ub = series[t] + sd.max(c.min_sigma) * (z - (lag2 + lag1));
                    // R: pmax(0, ub); NaN stays NaN.
                    bound_of(if ub.is_nan() { ub } else { ub.max(0.0) })
                }
            };
            Some(EarsPoint {
                index: t,
                upperbound,
                alarm: upperbound.is_some_and(|u| series[t] > u),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_flags_a_jump_over_a_steady_week() {
        let s = [3.0, 4.0, 2.0, 3.0, 5.0, 3.0, 4.0, 15.0, 4.0];
        let pts = ears(&s, &EarsControl::new(EarsMethod::C1));
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[0].index, 7);
        assert!(pts[0].alarm, "{pts:?}");
        assert!(!pts[1].alarm);
        // mean 24/7, sample sd of the week, z = qnorm(0.999).
        let mean = 24.0 / 7.0;
        let sd = ([3.0, 4.0, 2.0, 3.0, 5.0, 3.0, 4.0f64]
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f64>()
            / 6.0)
            .sqrt();
        let want = mean + 3.090_232_306_167_813 * sd;
        assert!((pts[0].upperbound.unwrap_or(0.0) - want).abs() < 1e-9);
    }

    #[test]
    fn too_short_and_flat_series() {
        assert!(ears(&[1.0; 7], &EarsControl::new(EarsMethod::C1)).is_empty());
        assert!(ears(&[1.0; 10], &EarsControl::new(EarsMethod::C3)).is_empty());
        let flat = ears(&[0.0; 12], &EarsControl::new(EarsMethod::C1));
        assert!(flat.iter().all(|p| p.upperbound == Some(0.0) && !p.alarm));
        let c3 = ears(&[0.0; 12], &EarsControl::new(EarsMethod::C3));
        assert!(
            c3.iter().all(|p| p.upperbound.is_none() && !p.alarm),
            "{c3:?}"
        );
    }

    #[test]
    fn c2_waits_two_days_before_its_baseline() {
        let s = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 9.0, 9.0, 1.0];
        let c2 = ears(&s, &EarsControl::new(EarsMethod::C2));
        assert_eq!(c2.first().map(|p| p.index), Some(9));
        // The baseline of point 9 is points 0..7: the nines are not in it yet.
        assert!(!c2[0].alarm);
    }
}
