//! The benchmark's table: one row per backend, scope and measurement, with its target.

use serde_json::Value;

use super::targets::{LEADER_READS, READS, SCOPES};

fn mark(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

pub fn print_table(report: &Value) {
    println!(
        "\n{:<9} {:<9} {:<22} {:>9} {:>9} {:>9} {:>8} {:>7} {:>6}  ",
        "backend",
        "scope",
        "measurement",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "per s",
        "target",
        "errors"
    );
    for b in report["backends"].as_array().into_iter().flatten() {
        let backend = b["backend"].as_str().unwrap_or("");
        let intake = &b["intake"];
        println!(
            "{backend:<9} {:<9} {:<22} {:>9.2} {:>9.2} {:>9.2} {:>8.0} {:>7} {:>6}  ",
            "registrar",
            "intake (conc. 16)",
            f(&intake["p50_ms"]),
            f(&intake["p95_ms"]),
            f(&intake["p99_ms"]),
            f(&intake["per_second"]),
            "",
            intake["errors"]
        );
        for (scope, _) in SCOPES {
            for (key, label) in READS {
                let m = &b["scopes"][scope][key];
                if m.is_null() {
                    println!("{backend:<9} {scope:<9} {label:<22} not measured");
                    continue;
                }
                let target = f(&m["target_p95_ms"]);
                let ok = f(&m["p95_ms"]) <= target && m["errors"].as_u64() == Some(0);
                println!(
                    "{backend:<9} {scope:<9} {label:<22} {:>9.2} {:>9.2} {:>9.2} {:>8.0} {:>7} {:>6}  {}",
                    f(&m["p50_ms"]),
                    f(&m["p95_ms"]),
                    f(&m["p99_ms"]),
                    f(&m["per_second"]),
                    format!("≤{target}"),
                    m["errors"],
                    mark(ok)
                );
            }
        }
        for (key, label) in LEADER_READS {
            let m = &b["leaders"][key];
            if m.is_null() {
                println!("{backend:<9} {:<9} {label:<22} not measured", "leaders");
                continue;
            }
            let target = f(&m["target_p95_ms"]);
            let ok = f(&m["p95_ms"]) <= target && m["errors"].as_u64() == Some(0);
            println!(
                "{backend:<9} {:<9} {label:<22} {:>9.2} {:>9.2} {:>9.2} {:>8.0} {:>7} {:>6}  {}",
                "leaders",
                f(&m["p50_ms"]),
                f(&m["p95_ms"]),
                f(&m["p99_ms"]),
                f(&m["per_second"]),
                format!("≤{target}"),
                m["errors"],
                mark(ok)
            );
        }
        let t = &b["targets"];
        let ratio = f(&b["intake_ratio_to_ceiling"]);
        let secs = f(&b["retime"]["seconds"]);
        let rss = f(&b["peak_rss_mb"]);
        let sqlite = backend == "sqlite";
        let judged = |ok: bool| if sqlite { mark(ok) } else { "(no target)" };
        println!(
            "{backend}: intake {:.0}/s = {:.0}% of the raw ceiling (target ≥ {:.0}%) {}",
            f(&intake["per_second"]),
            ratio * 100.0,
            f(&t["intake_ratio"]) * 100.0,
            judged(ratio >= f(&t["intake_ratio"]))
        );
        for (mix, name) in super::targets::MIXES {
            let measured = &b["intake_signals"][mix];
            let cost = f(&measured["cost"]);
            println!(
                "{backend}: intake of {name} {:.0}/s with the early-warning signals, {:.0}/s without: they cost {:.0}% (target ≤ {:.0}%) {}",
                f(&measured["signals_on_per_second"]),
                f(&measured["signals_off_per_second"]),
                cost * 100.0,
                f(&t["signals_cost"]) * 100.0,
                mark(cost <= f(&t["signals_cost"]))
            );
        }
        let probes = &b["cluster_delay"];
        let delay = probes["max_ms"].as_f64().unwrap_or(f64::INFINITY);
        println!(
            "{backend}: cluster warnings: {} of {} probe clusters raised one, at most {delay:.1} ms after the completing registration (target ≤ {} ms) {}",
            probes["raised"],
            probes["probes"],
            f(&t["cluster_delay_ms"]),
            mark(probes["raised"] == probes["probes"] && delay <= f(&t["cluster_delay_ms"]))
        );
        println!(
            "{backend}: re-timing {secs:.1} s (target ≤ {} s) {}: {} open cases read, {} written",
            f(&t["retime_s"]),
            judged(secs <= f(&t["retime_s"])),
            b["retime"]["read"],
            b["retime"]["written"]
        );
        println!(
            "{backend}: peak RSS {rss:.0} MB (target ≤ {} MB) {}; database {:.0} MB; demo generation {:.0} s",
            f(&t["rss_mb"]),
            judged(rss <= f(&t["rss_mb"])),
            f(&b["database_bytes"]) / 1e6,
            f(&b["demo_generation_s"])
        );
        let scan = &b["spike_scan"];
        println!(
            "{backend}: spike scan of {} weeks {:.1} s (target ≤ {} s) {}: {} series, {} weeks judged, {} spikes",
            scan["weeks"],
            f(&scan["seconds"]),
            f(&t["spike_scan_s"]),
            mark(f(&scan["seconds"]) <= f(&t["spike_scan_s"])),
            scan["series"],
            scan["judged"],
            scan["spikes"]
        );
        println!("{backend}: targets: {}\n", t["name"].as_str().unwrap_or(""));
    }
}
