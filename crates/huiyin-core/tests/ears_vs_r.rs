//! The independent reference for the count methods (issue 13 item 7): R's
//! `surveillance::earsC` (Debian's `r-cran-surveillance`, which `.ci/run` installs) judges the
//! same series as `huiyin_core::detect::ears`, and every alarm and upper bound must agree —
//! short series, flat zero series, sparse series and changed knobs included.
//!
//! Also the seasonal method against `surveillance::algo.cdc`. Ignored by default (it needs
//! `Rscript`); `.ci/run` runs it with `--ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: failures should panic

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use huiyin_core::detect::{
    EarsControl, EarsMethod, EarsPoint, HistoricalControl, WEEKS_PER_YEAR, ears, historical_limits,
};

/// A deterministic pseudo-random count series (a linear congruential generator, so R and Rust
/// read the same numbers from the script).
fn counts(seed: u64, len: usize, mean: u64, spikes: &[(usize, u64)]) -> Vec<f64> {
    let mut state = seed;
    (0..len)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let noise = (state >> 33) % (2 * mean + 1);
            let extra = spikes
                .iter()
                .find(|(at, _)| *at == i)
                .map_or(0, |(_, n)| *n);
            (noise + extra) as f64
        })
        .collect()
}

struct Case {
    name: &'static str,
    series: Vec<f64>,
    control: EarsControl,
}

fn cases() -> Vec<Case> {
    let mut series: Vec<(&'static str, Vec<f64>)> = vec![
        (
            "steady_then_jump",
            vec![
                3., 4., 2., 3., 5., 3., 4., 15., 4., 3., 2., 4., 18., 20., 3.,
            ],
        ),
        ("zeros", vec![0.0; 20]),
        (
            "sparse",
            vec![
                0., 0., 1., 0., 0., 0., 2., 0., 0., 0., 0., 1., 0., 5., 0., 0., 0., 0., 3., 0.,
            ],
        ),
        ("short_c1", vec![1., 2., 3., 2., 1., 2., 3., 9.]),
        (
            "short_c3",
            vec![1., 2., 3., 2., 1., 2., 3., 2., 1., 2., 3., 9.],
        ),
        ("too_short", vec![1., 2., 3., 4., 5.]),
        (
            "county_daily",
            counts(7, 120, 4, &[(40, 12), (41, 15), (90, 9)]),
        ),
        ("school_weekly", counts(11, 60, 1, &[(30, 6), (50, 4)])),
        ("busy_city", counts(3, 90, 30, &[(60, 45)])),
    ];
    series.push(("flat_then_one", {
        let mut s = vec![2.0; 15];
        s[12] = 3.0;
        s
    }));
    let mut out = Vec::new();
    for (name, s) in series {
        for method in [EarsMethod::C1, EarsMethod::C2, EarsMethod::C3] {
            out.push(Case {
                name,
                series: s.clone(),
                control: EarsControl::new(method),
            });
            out.push(Case {
                name,
                series: s.clone(),
                control: EarsControl {
                    method,
                    baseline: 5,
                    min_sigma: 0.5,
                    alpha: Some(0.05),
                },
            });
        }
    }
    out
}

fn method_name(m: EarsMethod) -> &'static str {
    match m {
        EarsMethod::C1 => "C1",
        EarsMethod::C2 => "C2",
        EarsMethod::C3 => "C3",
    }
}

fn r_script(cases: &[Case]) -> String {
    let mut s = String::from(
        "suppressMessages(library(surveillance))\n\
         run <- function(id, y, method, baseline, minSigma, alpha) {\n\
           ctl <- list(method = method, baseline = baseline, minSigma = minSigma)\n\
           if (!is.na(alpha)) ctl$alpha <- alpha\n\
           r <- tryCatch(earsC(sts(observed = matrix(y, ncol = 1)), control = ctl), error = function(e) NULL)\n\
           if (is.null(r)) { cat(sprintf(\"%d,none\\n\", id)); return(invisible()) }\n\
           ub <- upperbound(r)[, 1]; al <- alarms(r)[, 1]; rng <- r@control$range\n\
           for (k in seq_along(rng)) cat(sprintf(\"%d,%d,%.17g,%s\\n\", id, rng[k] - 1, ub[k], al[k]))\n\
         }\n",
    );
    for (id, c) in cases.iter().enumerate() {
        // One more week after the series: R's C3 fails on a one-point range (`refVals[3:1, ]`
        // drops to a vector), and a point judged depends only on the weeks up to it, so the
        // extra week's row is dropped when read (`judged_by_r`).
        let y: Vec<String> = c
            .series
            .iter()
            .chain(std::iter::once(&0.0))
            .map(|v| format!("{v}"))
            .collect();
        let alpha = c.control.alpha.map_or("NA".to_string(), |a| format!("{a}"));
        let _ = writeln!(
            s,
            "run({id}, c({}), \"{}\", {}, {}, {alpha})",
            y.join(","),
            method_name(c.control.method),
            c.control.baseline,
            c.control.min_sigma,
        );
    }
    s
}

/// Runs an R script and returns what it printed.
fn rscript(name: &str, script: &str) -> String {
    let dir = std::env::temp_dir().join(format!("huiyin-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("script.R");
    std::fs::write(&path, script).expect("write script");
    let out = Command::new("Rscript")
        .arg(&path)
        .output()
        .expect("Rscript runs (install r-cran-surveillance)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "Rscript failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// R's judgement per case: `None` when earsC refused the series (too short).
/// One point R judged: its index, upper bound and alarm (`None` where R printed NA).
type RPoint = (usize, Option<f64>, Option<bool>);

fn run_r(cases: &[Case]) -> BTreeMap<usize, Option<Vec<RPoint>>> {
    let printed = rscript("ears", &r_script(cases));
    let mut by_case: BTreeMap<usize, Option<Vec<_>>> = BTreeMap::new();
    for line in printed.lines() {
        let f: Vec<&str> = line.split(',').collect();
        let id: usize = f[0].parse().expect("case id");
        if f[1] == "none" {
            by_case.insert(id, None);
            continue;
        }
        let index: usize = f[1].parse().expect("index");
        let ub = match f[2] {
            "NA" | "NaN" => None,
            v => Some(v.parse::<f64>().expect("upper bound")),
        };
        let alarm = match f[3] {
            "NA" => None,
            v => Some(v == "TRUE"),
        };
        by_case
            .entry(id)
            .or_insert_with(|| Some(Vec::new()))
            .as_mut()
            .expect("judged case")
            .push((index, ub, alarm));
    }
    by_case
}

#[test]
#[ignore = "needs Rscript with the surveillance package (r-cran-surveillance); CI runs it"]
fn ears_matches_r_surveillance() {
    let cases = cases();
    let r = run_r(&cases);
    assert_eq!(r.len(), cases.len(), "R judged every case");
    let mut alarms = 0;
    let mut refused = 0;
    for (id, c) in cases.iter().enumerate() {
        let ours: Vec<EarsPoint> = ears(&c.series, &c.control);
        let what = format!("{} {:?}", c.name, c.control);
        let judged_by_r: Option<Vec<_>> = r[&id].as_ref().map(|rows| {
            rows.iter()
                .filter(|(index, _, _)| *index < c.series.len())
                .copied()
                .collect()
        });
        match judged_by_r.filter(|rows| !rows.is_empty()) {
            None => {
                refused += 1;
                assert!(
                    ours.is_empty(),
                    "{what}: R refused the series, we judged it"
                );
            }
            Some(theirs) => {
                assert_eq!(ours.len(), theirs.len(), "{what}: judged points");
                for (p, (index, ub, alarm)) in ours.iter().zip(&theirs) {
                    assert_eq!(p.index, *index, "{what}");
                    match (p.upperbound, ub) {
                        (Some(a), Some(b)) => assert!(
                            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                            "{what} at {index}: upper bound {a} vs R {b}"
                        ),
                        (None, None) => {}
                        (a, b) => panic!("{what} at {index}: upper bound {a:?} vs R {b:?}"),
                    }
                    // R's alarm is NA where its bound is; ours is then no alarm.
                    assert_eq!(p.alarm, alarm.unwrap_or(false), "{what} at {index}: alarm");
                    alarms += usize::from(p.alarm);
                }
            }
        }
    }
    // The set exercises both answers: alarms raised and series refused.
    assert!(alarms > 10, "only {alarms} alarms in the set");
    assert!(refused >= 3, "only {refused} series too short");
}

/// Three years of weekly counts with a summer season and a few planted spikes.
fn seasonal_weeks(seed: u64) -> Vec<f64> {
    let noise = counts(seed, 3 * WEEKS_PER_YEAR + 10, 2, &[(140, 25), (150, 9)]);
    noise
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let week = i % WEEKS_PER_YEAR;
            n + if (26..34).contains(&week) { 15.0 } else { 3.0 }
        })
        .collect()
}

#[test]
#[ignore = "needs Rscript with the surveillance package (r-cran-surveillance); CI runs it"]
fn historical_limits_match_r_algo_cdc() {
    let controls = [
        HistoricalControl::default(),
        HistoricalControl {
            years: 3,
            m: 1,
            alpha: 0.05,
        },
        HistoricalControl {
            years: 2,
            m: 2,
            alpha: 0.01,
        },
    ];
    let series = [
        seasonal_weeks(5),
        seasonal_weeks(9),
        vec![0.0; 3 * WEEKS_PER_YEAR],
    ];
    let mut script = String::from(
        "suppressMessages(library(surveillance))\n\
         cdc <- function(id, y, b, m, alpha) {\n\
           d <- create.disProg(week = seq_along(y), observed = y, state = rep(0, length(y)), freq = 52)\n\
           r <- tryCatch(algo.cdcLatestTimepoint(d, b * 52 + 4 * m - 1, control = list(b = b, m = m, alpha = alpha)), error = function(e) NULL)\n\
           if (is.null(r)) cat(sprintf(\"%d,refused\\n\", id))\n\
           from <- b * 52 + 4 * m + 4\n\
           if (from > length(y)) return(invisible())\n\
           for (t in from:length(y)) {\n\
             r <- algo.cdcLatestTimepoint(d, t, control = list(b = b, m = m, alpha = alpha))\n\
             cat(sprintf(\"%d,%d,%.17g,%.17g,%s\\n\", id, t - 1, r$aggr, r$upperbound, r$alarm))\n\
           }\n\
         }\n",
    );
    let mut jobs = Vec::new();
    for s in &series {
        for c in &controls {
            let y: Vec<String> = s.iter().map(|v| format!("{v}")).collect();
            let _ = writeln!(
                script,
                "cdc({}, c({}), {}, {}, {})",
                jobs.len(),
                y.join(","),
                c.years,
                c.m,
                c.alpha
            );
            jobs.push((s, c));
        }
    }
    let printed = rscript("cdc", &script);
    let (mut compared, mut alarms, mut refused) = (0, 0, 0);
    for line in printed.lines() {
        let f: Vec<&str> = line.split(',').collect();
        let (s, c) = jobs[f[0].parse::<usize>().expect("job id")];
        if f[1] == "refused" {
            refused += 1;
            // R refuses a week with less than its years of history; so do we.
            assert_eq!(
                historical_limits(s, c.years * WEEKS_PER_YEAR + 4 * c.m - 2, c),
                None
            );
            continue;
        }
        let t: usize = f[1].parse().expect("week");
        let ours =
            historical_limits(s, t, c).unwrap_or_else(|| panic!("{c:?} week {t}: no judgement"));
        let observed: f64 = f[2].parse().expect("sum");
        assert_eq!(ours.observed, observed, "{c:?} week {t}");
        match f[3] {
            "NA" | "NaN" => panic!("{c:?} week {t}: R gave no bound"),
            v => {
                let b: f64 = v.parse().expect("bound");
                assert!(
                    (ours.upperbound - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "{c:?} week {t}: bound {} vs R {b}",
                    ours.upperbound
                );
            }
        }
        assert_eq!(ours.alarm, f[4] == "TRUE", "{c:?} week {t}: alarm");
        alarms += usize::from(ours.alarm);
        compared += 1;
    }
    assert!(compared > 300, "only {compared} weeks compared");
    assert!(alarms >= 2, "only {alarms} alarms");
    assert_eq!(refused, jobs.len());
}
