//! `huiyin bench-signals`: how well the early-warning signals find labelled events planted in a
//! generated history (issue 13 item 6). First slice: the `cluster` signal. A fresh SQLite
//! database in a scratch directory gets the demo province; the planted history is registered
//! through the real intake; the figures are printed, written as JSON, and with `--check` a
//! missed target exits non-zero.

use std::path::PathBuf;

use clap::Args;
use huiyin_app::seed::{PlantParams, measure_cluster_signal, seed_organisation};

use crate::cli::{Error, build_app};
use crate::config::Config;

/// Recall and precision the cluster signal must reach (issue 13 item 6).
const CLUSTER_RECALL: f64 = 0.95;
const CLUSTER_PRECISION: f64 = 0.90;
/// The registration that completes a cluster raises its warning within this time.
const COMPLETING_MS: f64 = 1_000.0;

#[derive(Args, Debug)]
pub struct SignalsArgs {
    /// Ordinary petitions in the history.
    #[arg(long, default_value_t = 2_000)]
    pub background: usize,
    /// Planted clusters (3–8 people each).
    #[arg(long, default_value_t = 40)]
    pub clusters: usize,
    /// Days the history spans, ending today.
    #[arg(long, default_value_t = 180)]
    pub days: i32,
    /// Where to write the figures as JSON.
    #[arg(long, default_value = "signals-results.json")]
    pub out: PathBuf,
    /// Exit non-zero when a target is missed.
    #[arg(long)]
    pub check: bool,
}

/// The scratch directory, removed however the run ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub async fn run(cfg: &Config, a: SignalsArgs) -> Result<(), Error> {
    if a.days < 14 {
        return Err("--days must be at least 14 (a cluster's window)".into());
    }
    let dir = std::env::temp_dir().join(format!("huiyin-signals-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let scratch = Scratch(dir.clone());
    let mut cfg = cfg.clone();
    cfg.data_dir = dir.clone();
    cfg.database_url = String::new();
    let app = build_app(&cfg, true).await?;
    let org = seed_organisation(&app).await?;
    eprintln!(
        "登记 {} 件普通信访和 {} 组人为植入的聚集事项 registering the history…",
        a.background, a.clusters
    );
    let report = measure_cluster_signal(
        &app,
        &org,
        PlantParams {
            background: a.background,
            clusters: a.clusters,
            days: a.days,
            seed: 2026,
        },
    )
    .await?;
    app.close().await;
    drop(scratch);
    let r = &report;
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
    std::fs::write(
        &a.out,
        serde_json::to_string_pretty(&serde_json::json!({ "cluster": report }))
            .map_err(|e| e.to_string())?,
    )?;
    let mut missed = Vec::new();
    if r.recall < CLUSTER_RECALL {
        missed.push(format!("cluster recall {:.3} < {CLUSTER_RECALL}", r.recall));
    }
    if r.precision < CLUSTER_PRECISION {
        missed.push(format!(
            "cluster precision {:.3} < {CLUSTER_PRECISION}",
            r.precision
        ));
    }
    if r.delay_petitions_max > 0 {
        missed.push(format!(
            "a cluster warning came {} petitions late",
            r.delay_petitions_max
        ));
    }
    if r.completing_registration_ms_max > COMPLETING_MS {
        missed.push(format!(
            "the completing registration took {:.0} ms > {COMPLETING_MS} ms",
            r.completing_registration_ms_max
        ));
    }
    for m in &missed {
        println!("未达标 missed: {m}");
    }
    if a.check && !missed.is_empty() {
        return Err(format!("{} target(s) missed", missed.len()).into());
    }
    Ok(())
}
