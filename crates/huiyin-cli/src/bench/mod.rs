//! `huiyin bench`: builds a demo database, starts the server, and measures intake, lookups,
//! worklists, lists, search, statistics and re-timing over HTTP, on SQLite and PostgreSQL
//! (issue 6); every read as four users, from a school to the province (issue 18 item 3).

mod intake;
mod leaders;
mod load;
mod reads;
mod report;
mod scenario;
mod scopes;
mod server;
mod targets;

use clap::Args;
use std::path::PathBuf;

use crate::cli::Error;

#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    /// Cases in the demo database.
    #[arg(long, default_value_t = 1_000_000)]
    pub cases: u64,
    /// Years of history the demo's cases are received over (1 to 5); the spike scan judges
    /// every week of them. A reused database keeps the history it was generated with.
    #[arg(long, default_value_t = huiyin_app::seed::DEFAULT_HISTORY_YEARS,
          value_parser = clap::value_parser!(u32).range(1..=5))]
    pub years: u32,
    /// Requests per read measurement per user (each at least 1,000 for the targets to count).
    #[arg(long, default_value_t = 1000)]
    pub requests: usize,
    /// Registrations in the intake measurement.
    #[arg(long, default_value_t = 3000)]
    pub intake: usize,
    /// Concurrent clients for intake.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// PostgreSQL server to measure too (a database `huiyin_bench` is created on it).
    #[arg(long, env = "HUIYIN_BENCH_POSTGRES_URL")]
    pub postgres: Option<String>,
    /// Measure PostgreSQL only (with --postgres): the SQLite half is skipped.
    #[arg(long, requires = "postgres")]
    pub postgres_only: bool,
    /// Where to put the databases (default: a directory under the system temp dir).
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// Measure PostgreSQL's reads without reading its database into the cache first, as
    /// after a restart, an import or a restore (the warm-up:
    /// `huiyin_app::bench::warm_postgres`).
    #[arg(long)]
    pub cold: bool,
    /// Reuse databases already generated in --work-dir with the same size.
    #[arg(long)]
    pub reuse: bool,
    /// Where to write the results as JSON.
    #[arg(long, default_value = "bench-results.json")]
    pub out: PathBuf,
    /// Fail (exit non-zero) when a target is missed or a request answered an error.
    #[arg(long)]
    pub check: bool,
}

pub async fn run(args: BenchArgs) -> Result<(), Error> {
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("huiyin-bench"));
    std::fs::create_dir_all(&work)?;
    let mut results = Vec::new();
    let ceiling = {
        let dir = work.join("ceiling");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let n = u32::try_from(args.intake.clamp(200, 3000)).unwrap_or(1000);
        huiyin_app::bench::raw_sqlite_ceiling(&dir, n).await?
    };
    println!("raw SQLite ceiling (one durable transaction per case): {ceiling:.0} tx/s");
    if !args.postgres_only {
        results.push(scenario::run_backend(&args, &work, None, ceiling).await?);
    }
    if let Some(pg) = &args.postgres {
        results.push(scenario::run_backend(&args, &work, Some(pg.clone()), ceiling).await?);
    }
    let report = serde_json::json!({
        "cases": args.cases,
        "debug_build": cfg!(debug_assertions),
        "requests_per_measurement": args.requests,
        "raw_sqlite_ceiling_tx_per_s": ceiling,
        "machine": scenario::machine(),
        "backends": results,
    });
    std::fs::write(&args.out, serde_json::to_string_pretty(&report)?)?;
    report::print_table(&report);
    println!("results written to {}", args.out.display());
    let failed = targets::failed(&report);
    if failed.is_empty() {
        println!("all targets met");
        return Ok(());
    }
    println!("targets missed:");
    for f in &failed {
        println!("  ✗ {f}");
    }
    if args.check {
        return Err(format!("{} targets missed (--check)", failed.len()).into());
    }
    Ok(())
}
