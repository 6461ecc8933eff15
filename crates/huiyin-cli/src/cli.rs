//! Commands and their options.

use clap::{Args, Parser, Subcommand};
use huiyin_app::{App, AppConfig, Database, KeyFile, SystemClock};
use huiyin_core::role::Role;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;

/// 回音 Huiyin — case management and early warning for education petition work (教育信访).
#[derive(Parser, Debug)]
#[command(name = "huiyin", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (TOML); see `huiyin default-config`.
    #[arg(long, global = true, env = "HUIYIN_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the server (web + API + deadline scanner). Ready when GET /healthz answers 200.
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate(DbArgs),
    /// Generate a demo database of N cases (for trying Huiyin and for benchmarks).
    Demo(DemoArgs),
    /// Administration: set up an office (init), import units, add users, rotate keys.
    #[command(subcommand)]
    Admin(crate::admin::AdminCommand),
    /// Back up the embedded SQLite database while the server runs, with a manifest (SM3,
    /// size, counts). The key file is NOT included: keep it apart. PostgreSQL: pg_dump -Fc.
    Backup(crate::backup::BackupArgs),
    /// Verify a backup (manifest, SM3, integrity, audit chain) and install it as the data
    /// directory's database. Stop the server first.
    Restore(crate::backup::RestoreArgs),
    /// Import cases from an office's earlier records (.xlsx or .csv): --dry-run checks every
    /// row and writes nothing; a file with any problem is never partly imported; importing
    /// the same file twice adds nothing. --template FILE.xlsx writes the template.
    Import(crate::import::ImportArgs),
    /// The audit trail: verify its hash chain, or purge entries past the retention period.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Measure intake, lookups, search, statistics and re-timing on a demo database of
    /// --cases cases (default one million), on SQLite and, with --postgres, PostgreSQL.
    Bench(crate::bench::BenchArgs),
    /// Plant labelled events (clusters) in a generated history, register it through the real
    /// intake and report how well the early-warning signals find them.
    BenchSignals(crate::signals::SignalsArgs),
    /// Print a commented default configuration file.
    DefaultConfig,
    /// Check the configuration (file + HUIYIN_* environment) and print it.
    CheckConfig,
}

#[derive(Args, Debug)]
pub struct DbArgs {
    /// Directory of the embedded SQLite database (ignored when HUIYIN_DATABASE_URL is set).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Directory of the embedded SQLite database (default ./huiyin-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Address to listen on (default 127.0.0.1:8080; port 0 picks a free port).
    #[arg(long)]
    pub listen: Option<String>,
    /// On an empty database, seed the demo province, demo accounts and cases, and print the
    /// accounts. Demo mode is shown on every page.
    #[arg(long)]
    pub demo: bool,
    /// Number of demo cases to generate with --demo.
    #[arg(long, default_value_t = 2000)]
    pub demo_cases: u64,
    /// Browsers reach the server over plain HTTP (no TLS proxy in front): the session cookie
    /// goes without `Secure`. Default false, or true with --demo; `--plain-http=false` keeps
    /// `Secure` in demo mode. Overrides `plain_http` / HUIYIN_PLAIN_HTTP.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub plain_http: Option<bool>,
    #[command(flatten)]
    pub security: SecurityArgs,
}

/// Security settings that override the configuration file and `HUIYIN_*` variables.
#[derive(Args, Debug)]
pub struct SecurityArgs {
    /// Minutes without a request after which a session ends (default 30; 1 to 1440).
    #[arg(long)]
    pub token_idle_minutes: Option<i64>,
    /// Roles that must sign in with a second factor (TOTP), comma separated, or "none".
    /// Default: admin,security_admin,auditor,leader; none with --demo.
    #[arg(long)]
    pub totp_required_roles: Option<String>,
    /// Days the audit trail is kept at least; `huiyin audit purge` refuses younger entries
    /// (default and minimum 180).
    #[arg(long)]
    pub audit_retention_days: Option<i64>,
}

impl SecurityArgs {
    /// Applies the flags given over `cfg`.
    pub fn apply(&self, cfg: &mut Config) {
        if let Some(v) = self.token_idle_minutes {
            cfg.token_idle_minutes = v;
        }
        if let Some(v) = &self.totp_required_roles {
            cfg.totp_required_roles = Some(crate::config::role_list(v));
        }
        if let Some(v) = self.audit_retention_days {
            cfg.audit_retention_days = v;
        }
    }
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many cases to generate.
    #[arg(long, default_value_t = 10_000)]
    pub cases: u64,
    /// Years of history the cases are received over, evenly (1 to 5).
    #[arg(long, default_value_t = huiyin_app::seed::DEFAULT_HISTORY_YEARS,
          value_parser = clap::value_parser!(u32).range(1..=5))]
    pub years: u32,
    /// Directory of the embedded SQLite database (default ./huiyin-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check every entry of the audit trail; exits non-zero if any entry was edited, deleted or
    /// reordered.
    Verify(DbArgs),
    /// Delete entries older than a day; refuses anything younger than the retention period
    /// (audit_retention_days, at least 180 days).
    Purge(PurgeArgs),
}

#[derive(Args, Debug)]
pub struct PurgeArgs {
    /// Delete entries recorded before this day (YYYY-MM-DD).
    #[arg(long)]
    pub before: String,
    /// Days the audit trail is kept at least (default: the configuration's
    /// audit_retention_days, 180 unless set; never less than 180).
    #[arg(long)]
    pub audit_retention_days: Option<i64>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The configured keys for personal data (creating the key file on first use).
pub fn key_file(cfg: &Config) -> Result<KeyFile, Error> {
    let alg = huiyin_crypto::Algorithm::parse(&cfg.pii_algorithm)
        .unwrap_or(huiyin_crypto::Algorithm::Sm4Gcm);
    let path = cfg.key_file();
    let ring = crate::keys::load_or_create(&path, alg)?;
    Ok(KeyFile { ring, path })
}

/// Connects to and migrates the database named by the configuration, with its keys.
pub async fn open_database(cfg: &Config) -> Result<Database, Error> {
    let db = open_primary(cfg).await?;
    if cfg.database_read_url.is_empty() {
        return Ok(db);
    }
    Ok(db.with_standby(&cfg.database_read_url).await?)
}

/// Connects to and migrates the database of `database_url`, with its keys.
async fn open_primary(cfg: &Config) -> Result<Database, Error> {
    if cfg.database_url.is_empty() {
        std::fs::create_dir_all(&cfg.data_dir).map_err(|e| {
            format!(
                "cannot create data directory {}: {e}",
                cfg.data_dir.display()
            )
        })?;
    }
    // A missing key file is made only once the database is known to hold no personal data
    // sealed with another key: a server never creates a key for a database that has data.
    let path = cfg.key_file();
    if path.exists() {
        return Ok(Database::open(&cfg.database_url(), key_file(cfg)?).await?);
    }
    let alg = huiyin_crypto::Algorithm::parse(&cfg.pii_algorithm)
        .unwrap_or(huiyin_crypto::Algorithm::Sm4Gcm);
    let ring = huiyin_crypto::KeyRing::generate(alg)?;
    let keys = KeyFile {
        ring: ring.clone(),
        path: path.clone(),
    };
    let db = Database::open(&cfg.database_url(), keys)
        .await
        .map_err(|e| -> Error {
            match e {
                huiyin_app::AppError::KeysDoNotOpen(why) => format!(
                    "密钥文件 {p} 不存在，未创建新密钥。The key file {p} does not exist; no key was created. {why}",
                    p = path.display()
                )
                .into(),
                other => other.into(),
            }
        })?;
    crate::keys::write_new(&path, &ring)?;
    Ok(db)
}

/// What the configuration says about the app (the demo flag aside).
pub fn app_config(cfg: &Config, demo: bool) -> Result<AppConfig, Error> {
    // The office's own sensitive-word lexicon, read here; the app refuses one that does not
    // parse (`lexicon.invalid`, with the line).
    let sensitive_lexicon = match &cfg.lexicon_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read lexicon_file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let (sms_gateway, smtp) = crate::config_notify::transports(cfg);
    Ok(AppConfig {
        demo,
        token_hours: cfg.token_hours,
        token_idle_minutes: cfg.token_idle_minutes,
        totp_required_roles: cfg.totp_roles(demo),
        audit_retention_days: cfg.audit_retention_days,
        sensitive_lexicon,
        sms_spool_dir: cfg.sms_spool_dir.clone(),
        email_spool_dir: cfg.email_spool_dir.clone(),
        sms_gateway,
        smtp,
        intake_signals: cfg.intake_signals,
        ..AppConfig::default()
    })
}

pub async fn build_app(cfg: &Config, demo: bool) -> Result<App, Error> {
    let db = open_database(cfg).await?;
    Ok(db
        .into_app(Arc::new(SystemClock), app_config(cfg, demo)?)
        .await?)
}

pub async fn run(cli: Cli) -> Result<(), Error> {
    let mut cfg = Config::load(cli.config.as_deref()).map_err(|e| e.to_string())?;
    // `serve` logs what the configuration asks; the other commands talk on stdout and log
    // only warnings (a new key file, say).
    let filter = match &cli.command {
        Command::Serve(_) => cfg.log.as_str(),
        _ => "warn,sqlx::query=error",
    };
    crate::serve::init_tracing(filter, cfg.log_format == "json");
    match cli.command {
        Command::Bench(a) => crate::bench::run(a).await,
        Command::BenchSignals(a) => crate::signals::run(&cfg, a).await,
        Command::DefaultConfig => {
            print!("{}", Config::default_toml());
            Ok(())
        }
        Command::CheckConfig => {
            let mut shown = cfg.clone();
            crate::config_notify::redact(&mut shown);
            if !shown.database_url.is_empty() {
                shown.database_url = huiyin_app::redact_url(&shown.database_url);
            }
            shown.database_read_url = huiyin_app::redact_url(&shown.database_read_url);
            if shown.metrics_token.is_some() {
                shown.metrics_token = Some("***".to_owned());
            }
            println!(
                "配置有效 configuration OK\n{}",
                toml::to_string(&shown).map_err(|e| e.to_string())?
            );
            let none = |roles: Vec<Role>| {
                if roles.is_empty() {
                    "none".to_owned()
                } else {
                    crate::config::names(&roles, ", ")
                }
            };
            println!(
                "# 须使用动态验证码的角色 second factor required for: {} (serve --demo: {})",
                none(cfg.totp_roles(false)),
                none(cfg.totp_roles(true))
            );
            Ok(())
        }
        Command::Migrate(a) => {
            if let Some(d) = a.data_dir {
                cfg.data_dir = d;
            }
            open_database(&cfg).await?.close().await;
            println!("数据库已是最新结构 database schema is up to date");
            Ok(())
        }
        Command::Serve(a) => {
            if let Some(d) = a.data_dir {
                cfg.data_dir = d;
            }
            if let Some(l) = a.listen {
                cfg.listen = l;
            }
            if let Some(p) = a.plain_http {
                cfg.plain_http = Some(p);
            }
            a.security.apply(&mut cfg);
            cfg.check().map_err(|e| e.to_string())?;
            crate::serve::serve(cfg, a.demo, a.demo_cases).await
        }
        Command::Demo(a) => {
            if let Some(d) = a.data_dir {
                cfg.data_dir = d;
            }
            crate::demo::run(&cfg, a.cases, a.years).await
        }
        Command::Audit(AuditCommand::Verify(a)) => {
            if let Some(d) = a.data_dir {
                cfg.data_dir = d;
            }
            let db = open_database(&cfg).await?;
            let report = db.verify_audit().await?;
            db.close().await;
            match report.keyed_from {
                Some(id) => {
                    println!("keyed with HMAC-SM3 from entry {id} (key outside the database)")
                }
                None => println!("no keyed entries (written without a key file)"),
            }
            match report.anchored {
                Some(id) => println!("head anchored outside the database at entry {id}: checked"),
                None => println!("no anchor outside the database yet"),
            }
            if report.is_intact() {
                println!(
                    "审计日志完整 audit trail intact: {} entries checked",
                    report.checked
                );
                Ok(())
            } else {
                for p in &report.problems {
                    println!("  {p}");
                }
                Err(format!(
                    "审计日志被篡改 audit trail tampered: {} problem(s) in {} entries",
                    report.problems.len(),
                    report.checked
                )
                .into())
            }
        }
        Command::Audit(AuditCommand::Purge(a)) => {
            if let Some(d) = a.data_dir {
                cfg.data_dir = d;
            }
            if let Some(v) = a.audit_retention_days {
                cfg.audit_retention_days = v;
            }
            cfg.check().map_err(|e| e.to_string())?;
            let day = huiyin_core::Date::parse(a.before.trim()).map_err(|e| e.to_string())?;
            let app = build_app(&cfg, false).await?;
            let n = app.purge_audit_before(day).await?;
            app.close().await;
            println!("已清理 {n} 条审计记录 purged {n} entries");
            Ok(())
        }
        Command::Admin(a) => crate::admin::run(cfg, a).await,
        Command::Backup(a) => crate::backup::backup(cfg, a).await,
        Command::Restore(a) => crate::backup::restore(cfg, a).await,
        Command::Import(a) => crate::import::run(cfg, a).await,
    }
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
