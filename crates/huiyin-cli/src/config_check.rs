//! Checking a configuration once its layers are read: each bad value named with the setting
//! (and variable or flag) it came from, in Chinese and English.

use huiyin_app::MIN_AUDIT_RETENTION_DAYS;
use huiyin_core::role::Role;
use huiyin_core::trusted_proxies::TrustedProxies;

use crate::config::{Config, ConfigError, MAX_IDLE_MINUTES, MAX_RETENTION_DAYS};

impl Config {
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError(format!(
                "listen: not an address like 127.0.0.1:8080: {}",
                self.listen
            )));
        }
        if !self.database_url.is_empty()
            && !self.database_url.starts_with("postgres://")
            && !self.database_url.starts_with("postgresql://")
            && !self.database_url.starts_with("sqlite:")
        {
            return Err(ConfigError(
                "database_url: use postgres://… or sqlite://…".into(),
            ));
        }
        let postgres = |u: &str| u.starts_with("postgres://") || u.starts_with("postgresql://");
        let standby_ok = self.database_read_url.is_empty()
            || (postgres(&self.database_read_url) && postgres(&self.database_url));
        if !standby_ok {
            return Err(ConfigError(
                "只读备库须为PostgreSQL且主库也是PostgreSQL database_read_url \
                 (HUIYIN_DATABASE_READ_URL): a postgres://… standby of a PostgreSQL database_url"
                    .into(),
            ));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError(format!(
                "日志格式须为text或json log_format (HUIYIN_LOG_FORMAT): use text or json, not {}",
                self.log_format
            )));
        }
        if huiyin_crypto::Algorithm::parse(&self.pii_algorithm).is_none() {
            return Err(ConfigError(format!(
                "pii_algorithm: use sm4gcm or aes256gcm, not {}",
                self.pii_algorithm
            )));
        }
        if self.token_hours <= 0 {
            return Err(ConfigError("token_hours: must be positive".into()));
        }
        if !(1..=MAX_IDLE_MINUTES).contains(&self.token_idle_minutes) {
            return Err(ConfigError(format!(
                "空闲超时须为1至{MAX_IDLE_MINUTES}分钟 token_idle_minutes \
                 (HUIYIN_TOKEN_IDLE_MINUTES, --token-idle-minutes) must be 1 to \
                 {MAX_IDLE_MINUTES} minutes, not {}",
                self.token_idle_minutes
            )));
        }
        if !(MIN_AUDIT_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&self.audit_retention_days) {
            return Err(ConfigError(format!(
                "审计日志保存期限须为{MIN_AUDIT_RETENTION_DAYS}至{MAX_RETENTION_DAYS}天 \
                 audit_retention_days (HUIYIN_AUDIT_RETENTION_DAYS, --audit-retention-days) \
                 must be {MIN_AUDIT_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days, not {}",
                self.audit_retention_days
            )));
        }
        if self
            .metrics_token
            .as_ref()
            .is_some_and(|t| t.trim().chars().count() < 16)
        {
            return Err(ConfigError(
                "监控令牌至少16个字符 metrics_token (HUIYIN_METRICS_TOKEN) must be at least 16 \
                 characters: it lets another host read /metrics"
                    .to_owned(),
            ));
        }
        if let Err(bad) = TrustedProxies::parse(&self.trusted_proxies.join(",")) {
            return Err(ConfigError(format!(
                "可信代理须为IP地址或网段 trusted_proxies (HUIYIN_TRUSTED_PROXIES): \
                 not an address or network like 10.0.0.0/8: {bad}"
            )));
        }
        crate::config_notify::check(self)?;
        for name in self.totp_required_roles.iter().flatten() {
            if Role::parse(name).is_none() {
                let all: Vec<&str> = Role::STAFF.iter().map(|r| r.as_str()).collect();
                return Err(ConfigError(format!(
                    "未知角色 unknown role \"{name}\" in totp_required_roles \
                     (HUIYIN_TOTP_REQUIRED_ROLES, --totp-required-roles); roles: {}",
                    all.join(", ")
                )));
            }
        }
        Ok(())
    }
}
