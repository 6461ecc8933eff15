//! The commented default configuration file that `huiyin default-config` prints: every key
//! with its meaning, its variable and its default.

use huiyin_app::{DEFAULT_TOTP_ROLES, MIN_AUDIT_RETENTION_DAYS};
use huiyin_core::role::Role;

use crate::config::{Config, MAX_IDLE_MINUTES, MAX_RETENTION_DAYS, names};

impl Config {
    /// A commented default configuration file.
    pub fn default_toml() -> String {
        let d = Config::default();
        format!(
            "# Huiyin configuration. Every key is optional; HUIYIN_<KEY> environment variables\n\
             # (e.g. HUIYIN_DATABASE_URL) override this file, and command-line flags override both.\n\n\
             # Directory of the embedded SQLite database (used when database_url is empty).\n\
             data_dir = {:?}\n\n\
             # Address the HTTP server listens on.\n\
             listen = {:?}\n\n\
             # PostgreSQL, e.g. \"postgres://huiyin@127.0.0.1:5432/huiyin\"; empty = embedded SQLite.\n\
             database_url = \"\"\n\n\
             # A PostgreSQL streaming standby that answers the statistics and the case list and\n\
             # search, e.g. \"postgres://huiyin@10.0.0.2:5432/huiyin\"; empty = the primary answers\n\
             # all. HUIYIN_DATABASE_READ_URL. See docs/OPERATIONS.md, \"A standby\".\n\
             # database_read_url = \"\"\n\n\
             # Lifetime of API tokens in hours.\n\
             token_hours = {}\n\n\
             # Seconds between deadline scans (overdue marking, 催办 and 督办).\n\
             scan_interval_secs = {}\n\n\
             # Log filter, e.g. \"info\" or \"huiyin=debug,sqlx=warn\".\n\
             log = {:?}\n\n\
             # Log lines as \"text\" or \"json\" (one object per line, with the request id).\n\
             log_format = {:?}\n\n\
             # Key file for personal data at rest; default <data_dir>/huiyin.keys, created on first\n\
             # start. Keep it outside the database and its backups (docs/SECURITY.md).\n\
             # key_file = \"/etc/huiyin/huiyin.keys\"\n\n\
             # Algorithm for new keys: \"sm4gcm\" (国密 SM4-GCM) or \"aes256gcm\".\n\
             pii_algorithm = \"sm4gcm\"\n\n\
             # true when browsers reach the server over plain HTTP (no TLS proxy in front): the\n\
             # session cookie of the staff pages is then sent without Secure. Unset: false (the\n\
             # cookie is Secure), except that `serve --demo` assumes plain HTTP. HUIYIN_PLAIN_HTTP,\n\
             # --plain-http[=true|false].\n\
             # plain_http = false\n\n\
             # Reverse proxies or load balancers in front of the server (addresses or networks):\n\
             # a request from one of them is taken to come from the address its X-Forwarded-For\n\
             # names (sign-in history, audit trail, the portal's rate limits). Empty: the TCP\n\
             # peer is the client and the header is ignored. HUIYIN_TRUSTED_PROXIES (comma list).\n\
             # trusted_proxies = [\"10.0.0.0/8\", \"127.0.0.1\"]\n\n\
             # /metrics (Prometheus text) answers clients on this host; a monitoring server\n\
             # elsewhere sends Authorization: Bearer <this token>. HUIYIN_METRICS_TOKEN.\n\
             # metrics_token = \"a long random string\"\n\n\
             # Minutes without a request after which a session (API token or page sign-in)\n\
             # ends (1 to {MAX_IDLE_MINUTES}).\n\
             token_idle_minutes = {}\n\n\
             # Roles that must sign in with a one-time code (TOTP second factor). When unset:\n\
             # {} outside demo mode, none in demo mode (serve --demo).\n\
             # [] requires none. Roles: {}.\n\
             # totp_required_roles = [{}]\n\n\
             # Days the audit trail is kept at least: huiyin audit purge refuses younger\n\
             # entries ({MIN_AUDIT_RETENTION_DAYS} to {MAX_RETENTION_DAYS}).\n\
             audit_retention_days = {}\n\n\
             # The sensitive-word lexicon of the early-warning signals (敏感词库): groups\n\
             # [name level] and one term per line; unset: the lexicon Huiyin ships\n\
             # (crates/huiyin-core/data/sensitive_lexicon.txt). A file that does not parse stops\n\
             # the start with its line.\n\
             # lexicon_file = \"/etc/huiyin/sensitive_lexicon.txt\"\n\n\
             # The early-warning signals judged at registration. Keep true: false exists only\n\
             # so huiyin bench can measure what they cost (no warning is raised at intake).\n\
             # intake_signals = true\n\n\
             # The outbox's spool directories (notifications): each SMS or e-mail message is\n\
             # written there as huiyin-<id>.json for the site's gateway to pick up. Unset: such\n\
             # messages wait, pending, with the reason shown on GET /api/v1/outbox.\n\
             # sms_spool_dir = \"/var/spool/huiyin/sms\"\n\
             # email_spool_dir = \"/var/spool/huiyin/email\"\n{}",
            d.data_dir.display().to_string(),
            d.listen,
            d.token_hours,
            d.scan_interval_secs,
            d.log,
            d.log_format,
            d.token_idle_minutes,
            names(DEFAULT_TOTP_ROLES, ", "),
            names(Role::STAFF, ", "),
            DEFAULT_TOTP_ROLES
                .iter()
                .map(|r| format!("{:?}", r.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            d.audit_retention_days,
            crate::config_notify::TEMPLATE
        )
    }
}
