//! The figures of `huiyin bench-signals` as tables, and the targets each signal must meet
//! (issue 13 item 6).
//!
//! Targets: cluster, sensitive and habitual recall ≥ 95 % at precision ≥ 90 %, each warning
//! raised by the registration that completes or carries its event (delay 0 petitions); spikes
//! recall ≥ 80 % within `WITHIN_WEEKS` weeks, no more false alarms per county-month than a
//! calibrated EARS C2 at the rules' alpha would raise on a background without rises (alpha ×
//! categories × weeks per month), and at least as sensitive as plain EARS C2 at no more false
//! alarms.

use huiyin_app::seed::{SignalsReport, SpikeFigures, WITHIN_WEEKS};

const CLUSTER_RECALL: f64 = 0.95;
const CLUSTER_PRECISION: f64 = 0.90;
/// The registration that completes a cluster raises its warning within this time.
const COMPLETING_MS: f64 = 1_000.0;
const SENSITIVE_RECALL: f64 = 0.95;
const SENSITIVE_PRECISION: f64 = 0.90;
const HABITUAL_RECALL: f64 = 0.95;
const HABITUAL_PRECISION: f64 = 0.90;
const SPIKE_RECALL: f64 = 0.80;

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn spike_row(name: &str, planted: usize, f: &SpikeFigures) -> String {
    format!(
        "| {name} | {planted} | {} | {} | {} ({} on planted, {} on cluster weeks) | {} | {:.3} | {} (mean {:.2}) |",
        f.found,
        pct(f.recall),
        f.alarms,
        f.true_alarms,
        f.cluster_weeks_alarmed,
        f.false_alarms,
        f.false_alarms_per_county_month,
        f.delay_weeks_max,
        f.delay_weeks_mean
    )
}

/// Prints one table per kind of figure.
pub fn print_tables(report: &SignalsReport) {
    let r = &report.cluster;
    println!(
        "| signal | planted | found | recall | chance clusters (found) | warnings | precision | false alarms / county-month | delay (petitions) | completing registration |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| cluster | {} | {} | {:.1}% | {} ({}) | {} | {:.1}% | {:.3} | {} | {:.1} ms (p50 of all {:.1} ms) |",
        r.planted,
        r.found,
        r.recall * 100.0,
        r.chance_clusters,
        r.chance_found,
        r.warnings,
        r.precision * 100.0,
        r.false_alarms_per_county_month,
        r.delay_petitions_max,
        r.completing_registration_ms_max,
        r.registration_ms_p50
    );
    println!();
    println!(
        "| signal | labelled (planted) | found (planted) | recall | warnings | precision | false alarms / county-month | near misses raised | delay (petitions) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let s = &report.sensitive;
    println!(
        "| sensitive | {} ({}) | {} ({}) | {} | {} | {} | {:.3} | {} of {} | {} |",
        s.labelled,
        s.planted,
        s.found,
        s.planted_found,
        pct(s.recall),
        s.warnings,
        pct(s.precision),
        s.false_alarms_per_county_month,
        s.near_misses_raised,
        s.near_misses,
        s.delay_petitions_max
    );
    let h = &report.habitual;
    println!(
        "| habitual (yellow repeat) | {} | {} | {} | {} | {} | {:.3} | {} of {} people | {} |",
        h.planted,
        h.found,
        pct(h.recall),
        h.warnings,
        pct(h.precision),
        h.false_alarms_per_county_month,
        h.near_miss_people_raised,
        h.near_miss_people,
        h.delay_petitions_max
    );
    println!(
        "harmless mentions of a lexicon word (not in the precision above): raised on {} of {}; precision with them counted {}",
        s.mentions_raised,
        s.mentions,
        pct(s.precision_with_mentions)
    );
    let ways: Vec<String> = s
        .by_variant
        .iter()
        .map(|(k, (n, f))| format!("{k} {f}/{n}"))
        .collect();
    println!(
        "sensitive, planted found by way of writing: {}",
        ways.join(", ")
    );
    if !s.missed_titles.is_empty() {
        println!("sensitive, missed (titles): {}", s.missed_titles.join("；"));
    }
    if !s.false_alarm_titles.is_empty() {
        println!(
            "sensitive, false alarms (titles): {}",
            s.false_alarm_titles.join("；")
        );
    }
    println!();
    let p = &report.spike;
    println!(
        "spike scan: {} weeks judged × {} county × category series, {:.0} ms; {} weeks a planted cluster filled; {} unit-series warnings (not scored)",
        p.weeks_judged, p.series, p.scan_ms, p.cluster_weeks, p.unit_warnings
    );
    println!(
        "| spike method | planted | found (within {WITHIN_WEEKS} weeks) | recall | series-weeks alarmed | false alarms | false alarms / county-month | delay (weeks) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "{}",
        spike_row(
            "Huiyin rule (EARS C2, floor σ ≥ 1, at least 5, seasonal)",
            p.planted,
            &p.huiyin
        )
    );
    println!(
        "{}",
        spike_row("plain EARS C2 (R defaults)", p.planted, &p.ears_c2)
    );
    println!(
        "nominal false alarms / county-month of a calibrated C2 at the rules' alpha: {:.3}",
        p.nominal_false_alarms_per_county_month
    );
}

/// The targets missed, in words (`spikes`: the spikes asked for).
pub fn missed(report: &SignalsReport, spikes: usize) -> Vec<String> {
    let mut m = Vec::new();
    let mut floor = |name: &str, value: f64, target: f64| {
        if value < target {
            m.push(format!("{name} {value:.3} < {target}"));
        }
    };
    let c = &report.cluster;
    floor("cluster recall", c.recall, CLUSTER_RECALL);
    floor("cluster precision", c.precision, CLUSTER_PRECISION);
    let s = &report.sensitive;
    floor("sensitive recall", s.recall, SENSITIVE_RECALL);
    floor("sensitive precision", s.precision, SENSITIVE_PRECISION);
    let h = &report.habitual;
    floor("habitual recall", h.recall, HABITUAL_RECALL);
    floor("habitual precision", h.precision, HABITUAL_PRECISION);
    let p = &report.spike;
    floor("spike recall", p.huiyin.recall, SPIKE_RECALL);
    floor(
        "spike recall against plain EARS C2",
        p.huiyin.recall,
        p.ears_c2.recall,
    );
    if c.delay_petitions_max > 0 {
        m.push(format!(
            "a cluster warning came {} petitions late",
            c.delay_petitions_max
        ));
    }
    if c.completing_registration_ms_max > COMPLETING_MS {
        m.push(format!(
            "the completing registration took {:.0} ms > {COMPLETING_MS} ms",
            c.completing_registration_ms_max
        ));
    }
    if h.delay_petitions_max > 0 {
        m.push(format!(
            "a habitual warning came {} petitions after the threshold was crossed",
            h.delay_petitions_max
        ));
    }
    if p.planted < spikes {
        m.push(format!(
            "only {} of {spikes} spikes could be planted",
            p.planted
        ));
    }
    let fa = p.huiyin.false_alarms_per_county_month;
    if fa > p.nominal_false_alarms_per_county_month {
        m.push(format!(
            "spike false alarms {fa:.3} per county-month > the nominal {:.3}",
            p.nominal_false_alarms_per_county_month
        ));
    }
    if p.huiyin.false_alarms > p.ears_c2.false_alarms {
        m.push(format!(
            "spike false alarms {} > plain EARS C2's {}",
            p.huiyin.false_alarms, p.ears_c2.false_alarms
        ));
    }
    m
}
