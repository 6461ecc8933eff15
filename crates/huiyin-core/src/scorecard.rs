//! 考评 scorecards (issue 14 item 6; DOMAIN.md §6): a scheme as data — rate indicators with
//! weights, penalties per counted case — and the scoring and ranking of the units of a level.
//! Every part keeps its numerator and denominator so each figure can be traced to its cases.

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, ErrorCode};
use crate::kpi::KpiCounts;

/// The scheme Huiyin ships.
pub const DEFAULT_SCHEME: &str = include_str!("../data/scorecard.toml");

/// The figures a scheme can score.
pub const RATE_KPIS: &[&str] = &[
    "timely_acceptance",
    "on_time_conclusion",
    "participation",
    "satisfaction",
    "supervision_on_time",
];
pub const PENALTY_KPIS: &[&str] = &["repeat", "overdue"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub kpi: String,
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub kpi: String,
    pub points: f64,
    /// At most this many points off in all (no cap when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
}

/// A scoring scheme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardScheme {
    pub name: String,
    #[serde(default)]
    pub indicator: Vec<Indicator>,
    #[serde(default)]
    pub penalty: Vec<Penalty>,
}

fn invalid(zh: String, en: String) -> DomainError {
    DomainError::new(ErrorCode::ScorecardInvalid).with("scheme", zh, en)
}

impl ScorecardScheme {
    /// Reads a scheme; a file that does not parse, an unknown figure, a weight that is not a
    /// positive finite number, or a figure counted twice is `scorecard.invalid`.
    pub fn from_toml(text: &str) -> Result<ScorecardScheme, DomainError> {
        let s: ScorecardScheme = toml::from_str(text).map_err(|e| {
            invalid(
                format!("考评方案格式有误：{}", e.message()),
                format!("the scheme does not parse: {}", e.message()),
            )
        })?;
        if s.indicator.is_empty() {
            return Err(invalid(
                "考评方案至少要有一项指标".into(),
                "at least one indicator".into(),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for i in &s.indicator {
            if !RATE_KPIS.contains(&i.kpi.as_str()) {
                return Err(invalid(
                    format!("未知的考评指标“{}”", i.kpi),
                    format!(
                        "unknown indicator `{}` (one of {})",
                        i.kpi,
                        RATE_KPIS.join(", ")
                    ),
                ));
            }
            if !(i.weight.is_finite() && i.weight > 0.0 && i.weight <= 1000.0) {
                return Err(invalid(
                    format!("指标“{}”的分值应为0至1000之间的正数", i.kpi),
                    format!(
                        "`{}`: the weight must be a positive number up to 1000",
                        i.kpi
                    ),
                ));
            }
            if seen.contains(&i.kpi.as_str()) {
                return Err(invalid(
                    format!("指标“{}”重复", i.kpi),
                    format!("`{}` twice", i.kpi),
                ));
            }
            seen.push(&i.kpi);
        }
        for p in &s.penalty {
            if !PENALTY_KPIS.contains(&p.kpi.as_str()) {
                return Err(invalid(
                    format!("未知的扣分项“{}”", p.kpi),
                    format!(
                        "unknown penalty `{}` (one of {})",
                        p.kpi,
                        PENALTY_KPIS.join(", ")
                    ),
                ));
            }
            let ok = |v: f64| v.is_finite() && (0.0..=1000.0).contains(&v);
            if !ok(p.points) || !p.cap.is_none_or(ok) {
                return Err(invalid(
                    format!("扣分项“{}”的分值应为0至1000之间的数", p.kpi),
                    format!("`{}`: points and cap are numbers from 0 to 1000", p.kpi),
                ));
            }
            if seen.contains(&p.kpi.as_str()) {
                return Err(invalid(
                    format!("扣分项“{}”重复", p.kpi),
                    format!("`{}` twice", p.kpi),
                ));
            }
            seen.push(&p.kpi);
        }
        Ok(s)
    }

    /// The shipped scheme (checked by `the_shipped_scheme_parses`).
    pub fn default_scheme() -> ScorecardScheme {
        ScorecardScheme::from_toml(DEFAULT_SCHEME).unwrap_or(ScorecardScheme {
            name: String::new(),
            indicator: Vec::new(),
            penalty: Vec::new(),
        })
    }

    /// The most a unit can score.
    pub fn full_marks(&self) -> f64 {
        self.indicator.iter().map(|i| i.weight).sum()
    }
}

/// What a unit's scorecard is computed from, for one period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UnitFigures {
    pub counts: KpiCounts,
    pub repeat: i64,
    pub overdue: i64,
    /// Supervision orders to the unit (or below) due in the period, and those answered by
    /// their due day.
    pub supervision_due: i64,
    pub supervision_on_time: i64,
}

impl UnitFigures {
    /// The numerator and denominator of a figure.
    pub fn fraction(&self, kpi: &str) -> (i64, i64) {
        let c = &self.counts;
        match kpi {
            "timely_acceptance" => (c.acceptance_timely, c.acceptance_due),
            "on_time_conclusion" => (c.conclusion_timely, c.conclusion_due),
            "participation" => (c.evaluated, c.with_opinion),
            "satisfaction" => (c.satisfied, c.evaluated),
            "supervision_on_time" => (self.supervision_on_time, self.supervision_due),
            "repeat" => (self.repeat, c.received),
            "overdue" => (self.overdue, c.received),
            _ => (0, 0),
        }
    }
}

/// One line of a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScorePart {
    pub kpi: String,
    /// The rate (0 to 1) of an indicator, `None` with nothing due; the count of a penalty.
    pub value: Option<f64>,
    /// An indicator's weight; a penalty's points per case (negative).
    pub weight: f64,
    pub points: f64,
    pub numerator: i64,
    pub denominator: i64,
}

/// A unit's score with its parts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitScore {
    pub score: f64,
    pub parts: Vec<ScorePart>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Scores one unit's figures under a scheme (never below zero).
pub fn score(scheme: &ScorecardScheme, f: &UnitFigures) -> UnitScore {
    let mut parts = Vec::new();
    let mut total = 0.0;
    for i in &scheme.indicator {
        let (n, d) = f.fraction(&i.kpi);
        let value = (d > 0).then(|| n as f64 / d as f64);
        let points = round2(i.weight * value.unwrap_or(1.0));
        total += points;
        parts.push(ScorePart {
            kpi: i.kpi.clone(),
            value: value.map(|v| (v * 10_000.0).round() / 10_000.0),
            weight: i.weight,
            points,
            numerator: n,
            denominator: d,
        });
    }
    for p in &scheme.penalty {
        let (n, d) = f.fraction(&p.kpi);
        let off = (p.points * n as f64).min(p.cap.unwrap_or(f64::MAX));
        // Never `-0.0` on the wire.
        let points = if off > 0.0 { -round2(off) } else { 0.0 };
        total += points;
        parts.push(ScorePart {
            kpi: p.kpi.clone(),
            value: Some(n as f64),
            weight: -p.points,
            points,
            numerator: n,
            denominator: d,
        });
    }
    UnitScore {
        score: round2(total.max(0.0)),
        parts,
    }
}

/// Competition ranks (1, 1, 3, …) of scores, highest first, in the order given.
pub fn ranks(scores: &[f64]) -> Vec<u32> {
    scores
        .iter()
        .map(|s| 1 + u32::try_from(scores.iter().filter(|o| *o > s).count()).unwrap_or(u32::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scheme_parses() {
        let s = ScorecardScheme::from_toml(DEFAULT_SCHEME).expect("parses");
        assert_eq!(s.full_marks(), 40.0);
        assert_eq!(s.penalty.len(), 2);
    }

    #[test]
    fn a_unit_is_scored_part_by_part() {
        let s = ScorecardScheme::default_scheme();
        let f = UnitFigures {
            counts: KpiCounts {
                received: 10,
                acceptance_timely: 8,
                acceptance_due: 10,
                conclusion_timely: 5,
                conclusion_due: 5,
                with_opinion: 5,
                evaluated: 4,
                satisfied: 3,
            },
            repeat: 2,
            overdue: 1,
            supervision_due: 0,
            supervision_on_time: 0,
        };
        let sc = score(&s, &f);
        let points: Vec<(&str, f64)> = sc
            .parts
            .iter()
            .map(|p| (p.kpi.as_str(), p.points))
            .collect();
        assert_eq!(
            points,
            vec![
                ("timely_acceptance", 4.0),
                ("on_time_conclusion", 10.0),
                ("participation", 4.0),
                ("satisfaction", 7.5),
                ("supervision_on_time", 10.0),
                ("repeat", -2.0),
                ("overdue", -0.5),
            ]
        );
        assert_eq!(sc.score, 33.0);
        assert_eq!(sc.parts[4].value, None, "nothing due: full marks, no rate");
    }

    #[test]
    fn penalties_stop_at_their_cap_and_scores_at_zero() {
        let s = ScorecardScheme::from_toml(
            "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = 1.0\n[[penalty]]\nkpi = \"repeat\"\npoints = 1.0\ncap = 3.0\n",
        )
        .expect("parses");
        let f = UnitFigures {
            repeat: 50,
            ..UnitFigures::default()
        };
        let sc = score(&s, &f);
        assert_eq!(sc.parts[1].points, -3.0);
        assert_eq!(sc.score, 0.0);
    }

    #[test]
    fn ties_share_a_rank() {
        assert_eq!(ranks(&[30.0, 35.5, 30.0, 10.0]), vec![2, 1, 2, 4]);
    }

    #[test]
    fn bad_schemes_say_what_is_wrong() {
        for bad in [
            "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = \"ten\"\n",
            "name = \"x\"\n[[indicator]]\nkpi = \"happiness\"\nweight = 1.0\n",
            "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = -1.0\n",
            "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = 1.0\n[[indicator]]\nkpi = \"satisfaction\"\nweight = 2.0\n",
            "name = \"x\"\n",
            "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = 1.0\n[[penalty]]\nkpi = \"repeat\"\npoints = nan\n",
            "not toml at all [",
        ] {
            let e = ScorecardScheme::from_toml(bad).expect_err(bad);
            assert_eq!(e.code, ErrorCode::ScorecardInvalid, "{bad}");
            assert!(!e.fields[0].1.zh.is_empty());
        }
    }
}
