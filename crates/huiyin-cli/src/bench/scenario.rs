//! One benchmark run on one backend: generate, serve, measure, tear down.

use reqwest::Client;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

use super::BenchArgs;
use super::load::Latency;
use super::scopes::login;
use super::{intake, reads, scopes, server, targets};
use crate::cli::Error;
use crate::config::Config;

pub fn machine() -> Value {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(str::to_owned))
        .unwrap_or_default();
    json!({ "cpus": cpus, "memory": mem, "os": std::env::consts::OS })
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn lat(l: &Latency) -> Value {
    serde_json::to_value(l).unwrap_or(Value::Null)
}

pub async fn run_backend(
    args: &BenchArgs,
    work: &Path,
    pg: Option<String>,
    ceiling: f64,
) -> Result<Value, Error> {
    let backend = if pg.is_some() { "postgres" } else { "sqlite" };
    println!("== {backend}: {} cases", args.cases);
    let dir = work.join(format!("{backend}-{}", args.cases));
    let mut cfg = Config {
        data_dir: dir.clone(),
        key_file: Some(dir.join("huiyin.keys")),
        log: "warn".into(),
        ..Config::default()
    };
    let marker = dir.join("generated.ok");
    let generated_secs;
    if args.reuse && marker.exists() {
        if let Some(base) = &pg {
            cfg.database_url = format!(
                "{}/huiyin_bench",
                base.rsplit_once('/').map(|(h, _)| h).unwrap_or(base)
            );
        }
        generated_secs = std::fs::read_to_string(&marker)?
            .trim()
            .parse::<f64>()
            .unwrap_or(0.0);
    } else {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        if let Some(base) = &pg {
            cfg.database_url =
                huiyin_app::bench::create_postgres_database(base, "huiyin_bench").await?;
        }
        let t0 = Instant::now();
        crate::demo::run(&cfg, args.cases, args.years).await?;
        generated_secs = t0.elapsed().as_secs_f64();
        std::fs::write(&marker, format!("{generated_secs}"))?;
    }
    println!("  demo data: {generated_secs:.1} s");

    let client = Client::builder().pool_max_idle_per_host(64).build()?;
    let db_url = pg.is_some().then_some(cfg.database_url.as_str());
    let (server, base) = server::start(&client, &dir, db_url, true).await?;
    let pid = server.pid();

    let registrar = login(&client, &base, "registrar", "demo").await?;
    let admin = login(&client, &base, "admin", "demo").await?;
    let units: Value = client
        .get(format!("{base}/api/v1/units"))
        .bearer_auth(&admin)
        .send()
        .await?
        .json()
        .await?;
    let units = units.as_array().cloned().unwrap_or_default();
    let (schools, school_names): (Vec<i64>, Vec<String>) = units
        .iter()
        .filter(|u| u["kind"] == "school")
        .filter_map(|u| Some((u["id"].as_i64()?, u["name"].as_str()?.to_owned())))
        .unzip();
    let today_date = huiyin_core::clock::Clock::today(&huiyin_app::SystemClock);
    // Durable intake at concurrency 16, with every early-warning signal judged.
    let intake_lat = intake::measure(
        &client,
        &base,
        &registrar,
        &schools,
        (args.intake, args.concurrency),
        today_date,
        &intake::Mix::OneMatter,
    )
    .await?;
    println!(
        "  intake: {:.0}/s ({:.0}% of ceiling)",
        intake_lat.per_second,
        intake_lat.per_second / ceiling * 100.0
    );
    let cluster_delay =
        intake::cluster_delays(&client, &base, &registrar, &schools, today_date, 20).await?;
    let signals_cost = intake::signals_cost(
        &client,
        (&dir, db_url),
        (&base, &registrar),
        &schools,
        args,
        today_date,
        &[
            intake::Mix::OneMatter,
            intake::Mix::varied_day(school_names),
        ],
    )
    .await?;

    // A server in daily use has read its working set: PostgreSQL's freshly written database
    // is read once first (`huiyin_app::bench::warm_postgres`; SQLite's file was just written
    // through the same cache).
    let warmed = match db_url {
        Some(_) if args.cold => json!({"cold": true}),
        Some(url) => warm(url).await,
        None => Value::Null,
    };
    // Every read as four users, from a school to the province.
    let targets = targets::for_run(args.cases);
    let scopes = scopes::setup(&client, &base, &admin, today_date).await?;
    let categories: Value = client
        .get(format!("{base}/api/v1/categories"))
        .bearer_auth(&admin)
        .send()
        .await?
        .json()
        .await?;
    let inputs = reads::Inputs {
        vocab: huiyin_app::seed::bench_vocabulary(),
        categories: categories
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["code"].as_str().map(str::to_owned))
            .collect(),
        today: today_date,
        requests: args.requests,
    };
    let mut per_scope = serde_json::Map::new();
    for scope in &scopes {
        let m = reads::measure(&client, &base, backend, &targets, &inputs, scope).await?;
        per_scope.insert(scope.name.to_owned(), m);
    }
    // The leaders' and supervisors' reads, as those users.
    let leaders = super::leaders::measure(
        &client,
        &base,
        &admin,
        &targets,
        args.requests,
        today_date,
        &scopes,
    )
    .await?;

    // Re-timing every open deadline after a calendar change.
    let cal: Value = client
        .get(format!("{base}/api/v1/calendar"))
        .bearer_auth(&admin)
        .send()
        .await?
        .json()
        .await?;
    let changed = toggle_bench_holiday(cal["toml"].as_str().unwrap_or_default());
    let t0 = Instant::now();
    let res: Value = client
        .put(format!("{base}/api/v1/calendar"))
        .bearer_auth(&admin)
        .timeout(Duration::from_secs(600))
        .json(&json!({"toml": changed}))
        .send()
        .await?
        .json()
        .await?;
    let retime_secs = t0.elapsed().as_secs_f64();
    println!(
        "  re-timing: {} open cases read, {} written, in {retime_secs:.1} s",
        res["read"], res["written"]
    );

    let rss_mb = server::peak_rss_kb(pid) as f64 / 1024.0;
    drop(server);
    let spike_scan = spike_scan(&cfg, today_date, args.years).await?;
    let size = if pg.is_some() {
        let db = crate::cli::open_database(&cfg).await?;
        let s = db.size_bytes().await? as u64;
        db.close().await;
        s
    } else {
        dir_size(&dir)
    };
    Ok(json!({
        "backend": backend,
        "demo_generation_s": generated_secs,
        "intake": lat(&intake_lat),
        "intake_ratio_to_ceiling": intake_lat.per_second / ceiling,
        "intake_signals": signals_cost,
        "cluster_delay": cluster_delay,
        "warmed": warmed,
        "scopes": per_scope,
        "leaders": leaders,
        "retime": {"seconds": retime_secs, "read": res["read"], "written": res["written"]},
        "targets": targets,
        "peak_rss_mb": rss_mb,
        "spike_scan": spike_scan,
        "database_bytes": size,
    }))
}

/// Reads the PostgreSQL database into the cache as far as 80 % of the memory available;
/// what it read, or why it could not (the reads are then measured cold, and it says so).
async fn warm(url: &str) -> Value {
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemAvailable:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
        })
        .map_or(4 << 30, |kb| kb * 1024);
    match huiyin_app::bench::warm_postgres(url, available / 5 * 4).await {
        Ok(w) => {
            println!(
                "  warmed: {} relations, {:.1} GB in {:.1} s ({} left for memory)",
                w.relations,
                w.bytes as f64 / 1e9,
                w.seconds,
                w.skipped
            );
            json!({"relations": w.relations, "bytes": w.bytes, "skipped": w.skipped, "seconds": w.seconds})
        }
        Err(e) => {
            println!("  not warmed, reads measured cold: {e}");
            json!({"error": e.to_string()})
        }
    }
}

/// The weekly spike scan judging every week of the demo's history (`years` × 52 weeks) at
/// once, in process over the database the server used (it raises the warnings it finds, as
/// the job would).
async fn spike_scan(cfg: &Config, today: huiyin_core::Date, years: u32) -> Result<Value, Error> {
    let app = crate::cli::build_app(cfg, false).await?;
    let last = huiyin_core::warning::week_of(today) - 1;
    let scanned_weeks = i32::try_from(years).unwrap_or(2) * 52;
    let t0 = Instant::now();
    let report = app.scan_spikes(last - scanned_weeks + 1..=last).await?;
    let seconds = t0.elapsed().as_secs_f64();
    app.close().await;
    println!(
        "  spike scan: {scanned_weeks} weeks, {} series, {} spikes, in {seconds:.1} s (counts read {} ms, judged {} ms, warnings raised {} ms)",
        report.series, report.spikes, report.read_ms, report.judge_ms, report.raise_ms
    );
    Ok(json!({
        "seconds": seconds,
        "weeks": scanned_weeks,
        "series": report.series,
        "judged": report.judged,
        "spikes": report.spikes,
        "raised": report.raised,
        "read_ms": report.read_ms,
        "judge_ms": report.judge_ms,
        "raise_ms": report.raise_ms,
    }))
}

/// A real calendar change: a made-up day off on Wednesday 2026-12-16, inside many open
/// deadlines of the demo data; removed again when present (a reused database).
fn toggle_bench_holiday(toml: &str) -> String {
    const DAY: &str = "  { from = \"2026-12-16\", name = \"基准测试调休\" },\n";
    if toml.contains(DAY) {
        return toml.replacen(DAY, "", 1);
    }
    match toml
        .find("year = 2026")
        .and_then(|y| toml[y..].find("off = [\n").map(|o| y + o + 8))
    {
        Some(at) => format!("{}{DAY}{}", &toml[..at], &toml[at..]),
        None => toml.to_owned(),
    }
}
