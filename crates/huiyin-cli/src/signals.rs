//! `huiyin bench-signals`: how well the early-warning signals find labelled events planted in a
//! generated history (issue 13 item 6): clusters, sensitive texts, habitual petitioners and
//! spikes. A fresh SQLite database in a scratch directory gets the demo province; the planted
//! history is registered through the real intake and the weekly spike scan is run over it; the
//! figures are printed (`signals_table.rs`), written as JSON, and with `--check` a missed target
//! (`signals_table::missed`) exits non-zero.

use std::path::PathBuf;

use clap::Args;
use huiyin_app::seed::{PlantParams, measure_signals, seed_organisation};

use crate::cli::{Error, app_config, open_database};
use crate::config::Config;
use crate::signals_table::{missed, print_tables};

#[derive(Args, Debug)]
pub struct SignalsArgs {
    /// Ordinary petitions in the history.
    #[arg(long, default_value_t = 2_000)]
    pub background: usize,
    /// Planted clusters (3–8 people each).
    #[arg(long, default_value_t = 40)]
    pub clusters: usize,
    /// Planted sensitive texts (with half as many near misses, a quarter as many harmless
    /// mentions of a lexicon word).
    #[arg(long, default_value_t = 40)]
    pub sensitive: usize,
    /// Planted habitual petitioners (with as many near misses).
    #[arg(long, default_value_t = 20)]
    pub habitual: usize,
    /// Planted spike weeks (one category of one county).
    #[arg(long, default_value_t = 20)]
    pub spikes: usize,
    /// Days the history spans, ending today (at least 84 with spikes: EARS reads nine weeks
    /// before the first week it judges).
    #[arg(long, default_value_t = 180)]
    pub days: i32,
    /// Where to write the figures as JSON.
    #[arg(long, default_value = "signals-results.json")]
    pub out: PathBuf,
    /// Exit non-zero when a target is missed.
    #[arg(long)]
    pub check: bool,
    /// Keep no shingles in memory: every earlier petition is judged from its stored sketch or
    /// its text, as by a server that has seen none of them.
    #[arg(long)]
    pub unseen: bool,
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
    if a.spikes > 0 && a.days < 84 {
        return Err("--days must be at least 84 with --spikes (EARS C2 reads nine weeks before the week it judges)".into());
    }
    let dir = std::env::temp_dir().join(format!("huiyin-signals-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let scratch = Scratch(dir.clone());
    let mut cfg = cfg.clone();
    cfg.data_dir = dir.clone();
    cfg.database_url = String::new();
    let mut config = app_config(&cfg, true)?;
    if a.unseen {
        config.kept_shingles = 0;
    }
    let app = open_database(&cfg)
        .await?
        .into_app(std::sync::Arc::new(huiyin_app::SystemClock), config)
        .await?;
    let org = seed_organisation(&app).await?;
    eprintln!(
        "登记 {} 件普通信访，植入 {} 组聚集、{} 件敏感信息、{} 名多次重复信访人、{} 个数量异常周 registering the history…",
        a.background, a.clusters, a.sensitive, a.habitual, a.spikes
    );
    let report = measure_signals(
        &app,
        &org,
        PlantParams {
            background: a.background,
            clusters: a.clusters,
            sensitive: a.sensitive,
            habitual: a.habitual,
            spikes: a.spikes,
            days: a.days,
            seed: 2026,
        },
    )
    .await?;
    app.close().await;
    drop(scratch);
    print_tables(&report);
    std::fs::write(
        &a.out,
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
    )?;
    let missed = missed(&report, a.spikes);
    for m in &missed {
        println!("未达标 missed: {m}");
    }
    if a.check && !missed.is_empty() {
        return Err(format!("{} target(s) missed", missed.len()).into());
    }
    Ok(())
}
