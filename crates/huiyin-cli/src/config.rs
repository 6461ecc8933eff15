//! Configuration: defaults → TOML file → `HUIYIN_*` environment → command-line flags.

use huiyin_app::{DEFAULT_TOTP_ROLES, MIN_AUDIT_RETENTION_DAYS};
use huiyin_core::role::Role;
use huiyin_core::trusted_proxies::TrustedProxies;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use crate::config_notify::{SmsGatewaySettings, SmtpSettings};

/// The longest idle timeout accepted, in minutes (a day).
pub const MAX_IDLE_MINUTES: i64 = 24 * 60;
/// The longest audit retention accepted, in days (a hundred years).
pub const MAX_RETENTION_DAYS: i64 = 36_500;

/// Every setting, with its default.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the embedded SQLite database lives when no database URL is given.
    pub data_dir: PathBuf,
    /// Address the HTTP server listens on.
    pub listen: String,
    /// `postgres://…` to use PostgreSQL; empty for embedded SQLite under `data_dir`.
    pub database_url: String,
    /// `postgres://…` of a streaming standby that answers the statistics and the case
    /// list/search (the primary takes everything else); empty: the primary answers all.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub database_read_url: String,
    /// Lifetime of API tokens, in hours.
    pub token_hours: i64,
    /// Seconds between deadline scans.
    pub scan_interval_secs: u64,
    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `huiyin=debug`.
    pub log: String,
    /// Log lines as `text` (default, for a terminal) or `json` (one object per line, for a log
    /// collector): each carries the request id of the request it belongs to.
    pub log_format: String,
    /// Key file for personal data at rest (default `<data_dir>/huiyin.keys`, created on first
    /// start). Keep it out of the database and its backups.
    pub key_file: Option<PathBuf>,
    /// Algorithm for new keys: `sm4gcm` (default, 国密) or `aes256gcm`.
    pub pii_algorithm: String,
    /// The server is reached over plain HTTP, with no TLS proxy in front: the staff pages'
    /// cookies go without `Secure`. Unset: false (cookies `Secure`), except with `serve --demo`.
    pub plain_http: Option<bool>,
    /// Reverse proxies (addresses or networks like `10.0.0.0/8`) whose `X-Forwarded-For` names
    /// the client; empty: the TCP peer is the client (the header is ignored).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trusted_proxies: Vec<String>,
    /// A bearer token that lets a monitoring server on another host read `/metrics`; unset:
    /// only clients on this host (loopback) may.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_token: Option<String>,
    /// Minutes without a request after which a session (token or page sign-in) ends.
    pub token_idle_minutes: i64,
    /// Roles that must sign in with a second factor (TOTP). Unset: the administrators and
    /// leaders ([`DEFAULT_TOTP_ROLES`]) outside demo mode, none in demo mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_required_roles: Option<Vec<String>>,
    /// Days the audit trail is kept at least: `audit purge` refuses younger entries.
    pub audit_retention_days: i64,
    /// The office's sensitive-word lexicon (early warning, `sensitive` and `beijing`); unset:
    /// the one Huiyin ships.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lexicon_file: Option<PathBuf>,
    /// The outbox's SMS spool: each SMS message is written there as a file for the site's SMS
    /// gateway to pick up. Unset: SMS messages wait, pending, with the reason shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_spool_dir: Option<PathBuf>,
    /// The same for e-mail messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_spool_dir: Option<PathBuf>,
    /// SMS through an HTTP gateway instead of the spool (`config_notify.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_gateway: Option<SmsGatewaySettings>,
    /// E-mail through SMTP instead of the spool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp: Option<SmtpSettings>,
    /// The early-warning signals judged at registration (collective, sensitive, beijing,
    /// repeat, cluster…). Always on in service: `false` exists only so a benchmark can measure
    /// what they cost (issue 13 item 6); a server started with it off says so in its log.
    pub intake_signals: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./huiyin-data"),
            listen: "127.0.0.1:8080".into(),
            database_url: String::new(),
            database_read_url: String::new(),
            token_hours: 12,
            scan_interval_secs: 300,
            log: "info".into(),
            log_format: "text".into(),
            key_file: None,
            pii_algorithm: "sm4gcm".into(),
            plain_http: None,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            token_idle_minutes: 30,
            totp_required_roles: None,
            audit_retention_days: MIN_AUDIT_RETENTION_DAYS,
            lexicon_file: None,
            sms_spool_dir: None,
            email_spool_dir: None,
            sms_gateway: None,
            smtp: None,
            intake_signals: true,
        }
    }
}

/// A configuration problem, naming where the bad value came from.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Config {
    /// Loads the file (if any) then applies `HUIYIN_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with(file, |k| std::env::var(k).ok())
    }

    /// [`Config::load`] with the environment read through `var`.
    fn load_with(
        file: Option<&Path>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut cfg = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| ConfigError(format!("{}: {e}", p.display())))?;
                toml::from_str::<Config>(&text)
                    .map_err(|e| ConfigError(format!("{}: {e}", p.display())))?
            }
            None => Config::default(),
        };
        let env = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        if let Some(v) = env("HUIYIN_DATA_DIR") {
            cfg.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("HUIYIN_LISTEN") {
            cfg.listen = v;
        }
        if let Some(v) = env("HUIYIN_DATABASE_URL") {
            cfg.database_url = v;
        }
        if let Some(v) = env("HUIYIN_DATABASE_READ_URL") {
            cfg.database_read_url = v;
        }
        if let Some(v) = env("HUIYIN_TOKEN_HOURS") {
            cfg.token_hours = v
                .parse()
                .map_err(|_| ConfigError(format!("HUIYIN_TOKEN_HOURS: not a number: {v}")))?;
        }
        if let Some(v) = env("HUIYIN_SCAN_INTERVAL_SECS") {
            cfg.scan_interval_secs = v.parse().map_err(|_| {
                ConfigError(format!("HUIYIN_SCAN_INTERVAL_SECS: not a number: {v}"))
            })?;
        }
        if let Some(v) = env("HUIYIN_LOG") {
            cfg.log = v;
        }
        if let Some(v) = env("HUIYIN_LOG_FORMAT") {
            cfg.log_format = v;
        }
        if let Some(v) = env("HUIYIN_KEY_FILE") {
            cfg.key_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env("HUIYIN_LEXICON_FILE") {
            cfg.lexicon_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env("HUIYIN_SMS_SPOOL_DIR") {
            cfg.sms_spool_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = env("HUIYIN_EMAIL_SPOOL_DIR") {
            cfg.email_spool_dir = Some(PathBuf::from(v));
        }
        crate::config_notify::apply_env(&mut cfg, env)?;
        if let Some(v) = env("HUIYIN_PII_ALGORITHM") {
            cfg.pii_algorithm = v;
        }
        if let Some(v) = env("HUIYIN_PLAIN_HTTP") {
            cfg.plain_http = Some(parse_bool(&v).ok_or_else(|| {
                ConfigError(format!("HUIYIN_PLAIN_HTTP: use true or false, not {v}"))
            })?);
        }
        if let Some(v) = env("HUIYIN_INTAKE_SIGNALS") {
            cfg.intake_signals = parse_bool(&v).ok_or_else(|| {
                ConfigError(format!("HUIYIN_INTAKE_SIGNALS: use true or false, not {v}"))
            })?;
        }
        if let Some(v) = env("HUIYIN_TRUSTED_PROXIES") {
            cfg.trusted_proxies = v
                .split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect();
        }
        if let Some(v) = env("HUIYIN_METRICS_TOKEN") {
            cfg.metrics_token = Some(v).filter(|t| !t.trim().is_empty());
        }
        if let Some(v) = env("HUIYIN_TOKEN_IDLE_MINUTES") {
            cfg.token_idle_minutes = v.trim().parse().map_err(|_| {
                ConfigError(format!(
                    "HUIYIN_TOKEN_IDLE_MINUTES 应为分钟数 must be a number of minutes: {v}"
                ))
            })?;
        }
        if let Some(v) = env("HUIYIN_TOTP_REQUIRED_ROLES") {
            cfg.totp_required_roles = Some(role_list(&v));
        }
        if let Some(v) = env("HUIYIN_AUDIT_RETENTION_DAYS") {
            cfg.audit_retention_days = v.trim().parse().map_err(|_| {
                ConfigError(format!(
                    "HUIYIN_AUDIT_RETENTION_DAYS 应为天数 must be a number of days: {v}"
                ))
            })?;
        }
        cfg.check()?;
        Ok(cfg)
    }

    /// The roles that must sign in with a second factor: as configured, else the
    /// administrators and leaders outside demo mode and none in demo mode.
    pub fn totp_roles(&self, demo: bool) -> Vec<Role> {
        match &self.totp_required_roles {
            Some(names) => names.iter().filter_map(|n| Role::parse(n)).collect(),
            None if demo => Vec::new(),
            None => DEFAULT_TOTP_ROLES.to_vec(),
        }
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("huiyin.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// The trusted reverse proxies (checked by [`Config::check`]; one that does not read is
    /// left out here).
    pub fn trusted_proxies(&self) -> TrustedProxies {
        TrustedProxies::parse(&self.trusted_proxies.join(",")).unwrap_or_default()
    }

    /// Whether the server is reached over plain HTTP: as configured, else only in demo mode.
    pub fn plain_http_for(&self, demo: bool) -> bool {
        self.plain_http.unwrap_or(demo)
    }

    /// The key file in effect.
    pub fn key_file(&self) -> PathBuf {
        self.key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("huiyin.keys"))
    }
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), in any case.
fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Role names joined.
pub fn names(roles: &[Role], sep: &str) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// A comma-separated list of role names from a variable or flag; `none` (or nothing) is the
/// empty list.
pub fn role_list(v: &str) -> Vec<String> {
    if v.trim().eq_ignore_ascii_case("none") {
        return Vec::new();
    }
    v.split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn load(file: Option<&str>, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huiyin.toml");
        if let Some(text) = file {
            std::fs::write(&path, text).unwrap();
        }
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::load_with(file.map(|_| path.as_path()), |k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn plain_http_is_off_unless_configured_or_in_demo_mode() {
        let cfg = load(None, &[]).unwrap();
        assert_eq!(cfg.plain_http, None);
        assert!(!cfg.plain_http_for(false), "Secure cookies by default");
        assert!(cfg.plain_http_for(true), "serve --demo assumes plain HTTP");
        let file = load(Some("plain_http = false\n"), &[]).unwrap();
        assert!(
            !file.plain_http_for(true),
            "told otherwise, demo keeps Secure"
        );
        let file = load(Some("plain_http = true\n"), &[]).unwrap();
        assert!(file.plain_http_for(false));
        // The environment overrides the file.
        let env = load(
            Some("plain_http = true\n"),
            &[("HUIYIN_PLAIN_HTTP", "false")],
        )
        .unwrap();
        assert_eq!(env.plain_http, Some(false));
        let env = load(None, &[("HUIYIN_PLAIN_HTTP", "TRUE")]).unwrap();
        assert_eq!(env.plain_http, Some(true));
        assert!(load(None, &[("HUIYIN_PLAIN_HTTP", "maybe")]).is_err());
        assert!(load(None, &[]).unwrap().intake_signals, "on by default");
        let off = load(None, &[("HUIYIN_INTAKE_SIGNALS", "false")]).unwrap();
        assert!(!off.intake_signals);
        assert!(load(None, &[("HUIYIN_INTAKE_SIGNALS", "off-ish")]).is_err());
    }

    #[test]
    fn the_default_file_documents_every_key_and_loads() {
        let text = Config::default_toml();
        for key in [
            "data_dir",
            "listen",
            "database_url",
            "token_hours",
            "scan_interval_secs",
            "log",
            "log_format",
            "key_file",
            "pii_algorithm",
            "plain_http",
            "trusted_proxies",
            "lexicon_file",
        ] {
            assert!(text.contains(&format!("{key} =")), "{key} missing");
        }
        let cfg = load(Some(&text), &[]).unwrap();
        assert_eq!(
            cfg.plain_http, None,
            "the default file leaves plain_http unset"
        );
        assert_eq!(cfg.listen, Config::default().listen);
    }
}
