//! The benchmark's table and its targets (issue 6): printed, and checked from the JSON report.

use serde_json::Value;

pub fn print_table(report: &Value) {
    println!(
        "\n{:<22} {:>12} {:>10} {:>10} {:>10} {:>10}",
        "measurement", "backend", "p50 ms", "p95 ms", "p99 ms", "per s"
    );
    for b in report["backends"].as_array().into_iter().flatten() {
        let backend = b["backend"].as_str().unwrap_or("");
        for key in [
            "intake",
            "case_detail",
            "worklist",
            "search_two_char",
            "search_four_char",
            "search_names",
            "province_year_rates",
        ] {
            let m = &b[key];
            println!(
                "{key:<22} {backend:>12} {:>10.2} {:>10.2} {:>10.2} {:>10.0}",
                m["p50_ms"].as_f64().unwrap_or(0.0),
                m["p95_ms"].as_f64().unwrap_or(0.0),
                m["p99_ms"].as_f64().unwrap_or(0.0),
                m["per_second"].as_f64().unwrap_or(0.0)
            );
        }
        println!(
            "{backend}: intake {:.0}% of ceiling; re-timing {:.1} s; peak RSS {:.0} MB; database {:.0} MB; demo {:.0} s",
            b["intake_ratio_to_ceiling"].as_f64().unwrap_or(0.0) * 100.0,
            b["retime_open_deadlines_s"].as_f64().unwrap_or(0.0),
            b["peak_rss_mb"].as_f64().unwrap_or(0.0),
            b["database_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            b["demo_generation_s"].as_f64().unwrap_or(0.0)
        );
    }
}

/// The targets that the report misses.
pub fn failed_targets(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for b in report["backends"].as_array().into_iter().flatten() {
        let backend = b["backend"].as_str().unwrap_or("");
        let p95 = |k: &str| b[k]["p95_ms"].as_f64().unwrap_or(f64::MAX);
        let mut check = |ok: bool, what: String| {
            if !ok {
                out.push(format!("{backend}: {what}"));
            }
        };
        if backend == "sqlite" {
            check(
                b["intake_ratio_to_ceiling"].as_f64().unwrap_or(0.0) >= 0.5,
                "intake < 50% of the raw ceiling".into(),
            );
            check(
                p95("case_detail") <= 5.0,
                format!("case detail p95 {:.1} ms > 5", p95("case_detail")),
            );
            check(
                p95("worklist") <= 20.0,
                format!("worklist p95 {:.1} ms > 20", p95("worklist")),
            );
            for k in ["search_two_char", "search_four_char", "search_names"] {
                check(p95(k) <= 50.0, format!("{k} p95 {:.1} ms > 50", p95(k)));
            }
            check(
                p95("province_year_rates") <= 100.0,
                format!("rates p95 {:.1} ms > 100", p95("province_year_rates")),
            );
            check(
                b["retime_open_deadlines_s"].as_f64().unwrap_or(f64::MAX) <= 30.0,
                "re-timing > 30 s".into(),
            );
            check(
                b["peak_rss_mb"].as_f64().unwrap_or(f64::MAX) <= 300.0,
                "peak RSS > 300 MB".into(),
            );
        } else {
            for k in [
                "case_detail",
                "worklist",
                "search_two_char",
                "search_four_char",
                "search_names",
                "province_year_rates",
            ] {
                check(p95(k) <= 100.0, format!("{k} p95 {:.1} ms > 100", p95(k)));
            }
        }
        check(
            b["intake"]["errors"].as_u64() == Some(0),
            "intake had errors".into(),
        );
    }
    out
}
