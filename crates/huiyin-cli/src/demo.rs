//! `huiyin demo`: a demo database of N cases. A new SQLite database is bulk-loaded under a
//! temporary name (no journal, one fsync at the end) and renamed when complete, so an
//! interrupted run leaves no half-made database behind; an existing database or PostgreSQL
//! goes through the ordinary store.

use std::path::PathBuf;
use std::sync::Arc;

use huiyin_app::{Database, SystemClock};

use crate::cli::{Error, app_config, build_app, key_file};
use crate::config::Config;
use crate::serve::{judge_demo_clusters, seed_demo};

pub async fn run(cfg: &Config, cases: u64, years: u32) -> Result<(), Error> {
    let target = cfg.data_dir.join("huiyin.db");
    if !cfg.database_url.is_empty() || target.exists() {
        let app = build_app(cfg, true).await?;
        seed_demo(&app, cases, years, true, true).await?;
        app.close().await;
        return Ok(());
    }
    std::fs::create_dir_all(&cfg.data_dir).map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            cfg.data_dir.display()
        )
    })?;
    let partial = PathBuf::from(format!("{}.partial", target.display()));
    // A leftover of an interrupted run is incomplete by construction.
    if partial.exists() {
        std::fs::remove_file(&partial)?;
    }
    let (db, mut load) = Database::open_bulk_load(&partial, key_file(cfg)?).await?;
    let app = db
        .into_app(Arc::new(SystemClock), app_config(cfg, true)?)
        .await?;
    seed_demo(&app, cases, years, true, false).await?;
    eprintln!("建立索引 building indexes…");
    app.rebuild_bulk_indexes(&mut load).await?;
    judge_demo_clusters(&app).await?;
    app.finish_bulk_load(load).await?;
    std::fs::rename(&partial, &target)?;
    std::fs::File::open(&cfg.data_dir)?.sync_all()?;
    Ok(())
}
