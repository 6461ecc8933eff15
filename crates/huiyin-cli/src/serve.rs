//! `huiyin serve`: the web server and the deadline scanner under one graceful shutdown.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;
use tokio::net::TcpListener;

use crate::cli::{Error, build_app};
use crate::config::Config;
use huiyin_app::App;

/// Logs to standard error, filtered by `HUIYIN_LOG` (else `default`), as text or as one JSON
/// object per line (`log_format = "json"`), each with its spans (the request's id included).
pub fn init_tracing(default: &str, json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HUIYIN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        logs.json()
            .with_current_span(true)
            .with_span_list(true)
            .try_init()
    } else {
        logs.try_init()
    };
}

/// The days of the demo's history whose clusters are judged after it is written (the
/// signal's 14-day window twice over: what a registration today compares with, and the
/// clusters those cases joined).
const JUDGED_DAYS: i32 = 30;

/// Judges the cluster signal over the last [`JUDGED_DAYS`] of the demo's history, as its
/// registrations would have (`App::judge_history_clusters`).
pub async fn judge_demo_clusters(app: &App) -> Result<(), Error> {
    println!(
        "判断近{JUDGED_DAYS}天的同一事项多人反映 judging the clusters of the last {JUDGED_DAYS} days…"
    );
    let raised = app
        .judge_history_clusters(app.today().add_days(-JUDGED_DAYS))
        .await?;
    println!("  {raised} 件信访事项形成或加入聚集预警 cases raised or joined a cluster warning");
    Ok(())
}

/// Seeds the demo organisation, accounts and `cases` cases received over the last `years`
/// years on an empty database; with `judge_clusters`, then judges the recent history's
/// clusters (a bulk load does that once its indexes are rebuilt).
pub async fn seed_demo(
    app: &App,
    cases: u64,
    years: u32,
    show_progress: bool,
    judge_clusters: bool,
) -> Result<(), Error> {
    if app.has_units().await? {
        println!("数据库非空，跳过演示数据 the database is not empty: demo data not seeded");
        return Ok(());
    }
    let org = huiyin_app::seed::seed_organisation(app).await?;
    let accounts = huiyin_app::seed::seed_demo_users(app, &org).await?;
    let bar = if show_progress && cases > 0 {
        ProgressBar::new(cases)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} 生成演示信访件 {bar:40} {pos}/{len} ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |done: u64| bar.set_position(done);
    let made = huiyin_app::seed::generate_cases_over(app, &org, cases, years, &progress).await?;
    bar.finish_and_clear();
    if judge_clusters {
        judge_demo_clusters(app).await?;
    }
    app.refresh_statistics().await?;
    println!(
        "已生成演示数据：{} 个单位，{made} 件信访事项 demo data: {made} cases",
        app.org().len()
    );
    println!("演示账号 demo accounts (password 密码: demo):");
    for a in accounts {
        println!("  {:<11} {}  {}", a.username, a.display_name, a.unit_name);
    }
    Ok(())
}

pub async fn serve(cfg: Config, demo: bool, demo_cases: u64) -> Result<(), Error> {
    let app = build_app(&cfg, demo).await?;
    if demo {
        seed_demo(
            &app,
            demo_cases,
            huiyin_app::seed::DEFAULT_HISTORY_YEARS,
            false,
            true,
        )
        .await?;
    } else if !app.has_units().await? {
        println!(
            "数据库中还没有单位和用户：请先运行 huiyin admin init（README: Starting a real office） \
             the database has no units or users yet: run huiyin admin init first"
        );
    }
    let listener = TcpListener::bind(&cfg.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cfg.listen))?;
    let addr = listener.local_addr()?;
    println!(
        "回音 Huiyin 已启动 listening on http://{addr}{}",
        if demo { "  [演示模式 DEMO]" } else { "" }
    );
    let web = huiyin_web::WebConfig {
        plain_http: cfg.plain_http_for(demo),
        trusted_proxies: cfg.trusted_proxies(),
        metrics_token: cfg.metrics_token.as_deref().map(|t| t.trim().to_owned()),
    };
    if web.plain_http {
        println!(
            "明文HTTP：会话Cookie不带Secure标记 plain HTTP: the session cookie is sent without Secure"
        );
    }
    // A database written before scope tokens or with older text tokens: rewrite the full-text
    // rows in the background (searches work meanwhile, with what the rows hold).
    let upgrading = app.clone();
    tokio::spawn(async move {
        if let Err(e) = upgrading.upgrade_search_index().await {
            tracing::warn!(error = %e, "could not rewrite the full-text index");
        }
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let app_for_jobs = app.clone();
    // scan_interval_secs = 0 switches the job runner off (benchmarks).
    let scanner = tokio::spawn(async move {
        if cfg.scan_interval_secs > 0 {
            run_scanner(app_for_jobs, cfg.scan_interval_secs, stop_rx).await;
        }
    });
    // What every instance on the database must agree on (units, rules, calendar), re-read
    // every few seconds: a change made through another instance is in force here too.
    let refreshing = app.clone();
    let refresher = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(
            huiyin_app::SHARED_CONFIG_REFRESH_SECS,
        ));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = refreshing.refresh_shared_config().await {
                tracing::warn!(error = %e, "could not re-read the shared configuration");
            }
        }
    });
    // PostgreSQL's 工作台 rollup takes each write's changes as appended rows; settling them
    // keeps its reads short (one instance at a time; nothing to do on SQLite).
    let settling = app.clone();
    let settler = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(
            huiyin_app::workbench::WORK_TALLY_SETTLE_SECS,
        ));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = settling.settle_work_tally().await {
                tracing::warn!(error = %e, "could not settle the 工作台's rollup");
            }
        }
    });
    let router = huiyin_web::router_with(app.clone(), web);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    let _ = stop_tx.send(true);
    refresher.abort();
    settler.abort();
    let _ = scanner.await;
    app.close().await;
    Ok(())
}

/// The job runner: enqueues today's deadline scan and runs ready jobs, now and then every
/// `interval` seconds until stopped.
async fn run_scanner(app: App, interval: u64, mut stop: tokio::sync::watch::Receiver<bool>) {
    let holder = app.config.instance.clone();
    loop {
        if let Err(e) = app.enqueue_daily_scan().await {
            tracing::warn!(error = %e, "could not enqueue the deadline scan");
        }
        // The outbox's delivery pass (notifications), through the same queue.
        if let Err(e) = app.enqueue_outbox_delivery().await {
            tracing::warn!(error = %e, "could not enqueue the outbox delivery");
        }
        // Incident reports past their deadline (迟报/漏报 messages), each minute.
        if let Err(e) = app.enqueue_incident_late_scan().await {
            tracing::warn!(error = %e, "could not enqueue the late incident reports scan");
        }
        match app.run_ready_jobs(&holder).await {
            Ok(n) => tracing::debug!(jobs = n, "job runner pass"),
            Err(e) => tracing::warn!(error = %e, "job runner failed"),
        }
        // A warning not acknowledged in time goes one level up at once, not at the next day's
        // scan (a red warning has an hour). Each move is checked against the warning's
        // version, so instances running this together move it once.
        match app.escalate_unacknowledged_warnings().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(warnings = n, "warnings escalated"),
            Err(e) => tracing::warn!(error = %e, "warning escalation failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(interval.max(5))) => {}
            _ = stop.changed() => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
