//! The application: the store, the clock, and the reference data kept in memory
//! (organisation tree, rules, holiday calendar, categories).

use std::sync::{Arc, RwLock};

use huiyin_core::Date;
use huiyin_core::calendar::HolidayCalendar;
use huiyin_core::category::CategoryTree;
use huiyin_core::clock::Clock;
use huiyin_core::org::OrgTree;
use huiyin_core::role::Role;
use huiyin_core::rules::{RuleSet, Rules};
use huiyin_store::Store;

use crate::error::{AppError, Result};

/// The roles that must sign in with a second factor unless configured otherwise (outside demo
/// mode): the three separated administrators and unit leaders.
pub const DEFAULT_TOTP_ROLES: &[Role] = &[
    Role::Admin,
    Role::SecurityAdmin,
    Role::Auditor,
    Role::Leader,
];

/// The shortest audit retention there is, in days: purging never removes younger entries.
pub const MIN_AUDIT_RETENTION_DAYS: i64 = 180;

/// Settings the app needs. The binary fills them from its configuration (`huiyin-cli`
/// `config.rs`: defaults, file, `HUIYIN_*` variables, flags); `Default` is the library's
/// neutral setting for embedding and tests (no second factor required).
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Demo mode: the UI says so everywhere; demo accounts exist.
    pub demo: bool,
    /// How long an API token lives, in hours.
    pub token_hours: i64,
    /// Name of this instance (job and lease holder).
    pub instance: String,
    /// A token unused for this many minutes is signed out.
    pub token_idle_minutes: i64,
    /// Roles that must sign in with a second factor (TOTP).
    pub totp_required_roles: Vec<Role>,
    /// Audit entries younger than this many days can never be purged (at least
    /// [`MIN_AUDIT_RETENTION_DAYS`]).
    pub audit_retention_days: i64,
    /// The sensitive-word lexicon's text (`lexicon_file`); `None`: the one Huiyin ships.
    pub sensitive_lexicon: Option<String>,
    /// Where SMS messages of the outbox are written for the site's SMS gateway to pick up;
    /// `None`: they wait, pending, with the reason shown to the administrator.
    pub sms_spool_dir: Option<std::path::PathBuf>,
    /// The same for e-mail messages.
    pub email_spool_dir: Option<std::path::PathBuf>,
    /// SMS through an HTTP gateway instead of the spool (`outbox_sms_http.rs`).
    pub sms_gateway: Option<crate::outbox_sms_http::SmsGatewayConfig>,
    /// E-mail through an SMTP relay instead of the spool (`outbox_smtp.rs`).
    pub smtp: Option<crate::outbox_smtp::SmtpConfig>,
    /// The early-warning signals judged at registration; off only to measure their cost.
    pub intake_signals: bool,
    /// Cases whose shingles the cluster signal keeps in memory, per generation (two are
    /// kept; `shingle_cache.rs`). 0 keeps none: every candidate is judged from its stored
    /// sketch or its text, as by an instance that has seen none of them (`huiyin
    /// bench-signals --unseen` measures detection so).
    pub kept_shingles: usize,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            demo: false,
            token_hours: 12,
            instance: format!("huiyin-{}", std::process::id()),
            token_idle_minutes: 30,
            totp_required_roles: Vec::new(),
            audit_retention_days: MIN_AUDIT_RETENTION_DAYS,
            sensitive_lexicon: None,
            sms_spool_dir: None,
            email_spool_dir: None,
            sms_gateway: None,
            smtp: None,
            intake_signals: true,
            kept_shingles: crate::shingle_cache::GENERATION,
        }
    }
}

/// The production clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place that reads the real clock
    fn now_millis(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}

impl SystemClock {
    /// Today (Beijing) as `YYYY-MM-DD`.
    pub fn today_string(&self) -> String {
        Clock::today(self).to_string()
    }
}

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Store,
    pub clock: Arc<dyn Clock>,
    pub config: AppConfig,
    org: Arc<RwLock<Arc<OrgTree>>>,
    rules: Arc<RwLock<Arc<Rules>>>,
    calendar: Arc<RwLock<Arc<HolidayCalendar>>>,
    categories: Arc<CategoryTree>,
    pub(crate) lexicon: Arc<crate::warning_signals::SensitiveLexicon>,
    pub(crate) warning_rules: Arc<huiyin_core::warning::WarningRules>,
    pub(crate) committer: crate::committer::Committer,
    /// Token digest → (last seen, last written to the database), to spare a write per request.
    pub(crate) token_seen: Arc<std::sync::Mutex<std::collections::HashMap<String, (i64, i64)>>>,
    /// The shingles of recent cases, for the `cluster` signal.
    pub(crate) shingles: Arc<crate::shingle_cache::ShingleCache>,
}

pub(crate) const RULES_KEY: &str = "rules.toml";

impl App {
    /// The store under the app, for tests that check what was written or simulate damage.
    /// Only with the `test-support` feature: the binary and the web layer go through the
    /// app's use cases (`.ci/run` fails if either names the store).
    #[cfg(feature = "test-support")]
    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }
}

impl App {
    /// Builds the app over a migrated store, seeding the official calendar and national rules
    /// on first start.
    pub async fn new(store: Store, clock: Arc<dyn Clock>, config: AppConfig) -> Result<App> {
        let now = clock.now_millis();
        let mut years = store.calendar_years().await?;
        if years.is_empty() {
            store
                .replace_calendar_years(HolidayCalendar::official().years())
                .await?;
            years = store.calendar_years().await?;
        }
        let calendar = HolidayCalendar::new(years).map_err(|e| {
            AppError::Domain(
                huiyin_core::error::DomainError::new(
                    huiyin_core::error::ErrorCode::CalendarInvalid,
                )
                .with("calendar", e.zh(), e.en()),
            )
        })?;
        let rules = match store.setting(RULES_KEY).await? {
            // Stored rules that do not parse stop the start with their error: silently falling
            // back to the national set would change every deadline without anyone knowing.
            Some(text) => Rules::from_toml(&text).map_err(|e| {
                AppError::Domain(
                    huiyin_core::error::DomainError::new(
                        huiyin_core::error::ErrorCode::RulesInvalid,
                    )
                    .with("rules", e.zh(), e.en()),
                )
            })?,
            None => {
                let r = Rules::national();
                store.put_setting(RULES_KEY, &r.to_toml(), now).await?;
                r
            }
        };
        // A lexicon that does not parse stops the start with its line: running without the
        // sensitive-word signal would hide warnings without anyone knowing.
        let lexicon = crate::warning_signals::SensitiveLexicon::parse(
            config
                .sensitive_lexicon
                .as_deref()
                .unwrap_or(crate::warning_signals::DEFAULT_LEXICON),
        )?;
        if !config.intake_signals {
            tracing::warn!(
                "intake_signals = false: no early-warning signal is judged at registration \
                 (a measurement setting; never in service)"
            );
        }
        let org = OrgTree::new(store.units().await?);
        let committer = crate::committer::Committer::start(store.clone());
        let shingles = crate::shingle_cache::ShingleCache::with_capacity(config.kept_shingles);
        Ok(App {
            store,
            clock,
            config,
            org: Arc::new(RwLock::new(Arc::new(org))),
            rules: Arc::new(RwLock::new(Arc::new(rules))),
            calendar: Arc::new(RwLock::new(Arc::new(calendar))),
            categories: Arc::new(CategoryTree::official()),
            lexicon: Arc::new(lexicon),
            warning_rules: Arc::new(huiyin_core::warning::WarningRules::default()),
            committer,
            token_seen: Arc::default(),
            shingles: Arc::new(shingles),
        })
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_millis()
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }

    pub fn org(&self) -> Arc<OrgTree> {
        self.org
            .read()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub fn rules(&self) -> Arc<Rules> {
        self.rules
            .read()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub fn calendar(&self) -> Arc<HolidayCalendar> {
        self.calendar
            .read()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub fn categories(&self) -> Arc<CategoryTree> {
        self.categories.clone()
    }

    pub(crate) fn set_rules(&self, rules: Rules) {
        let mut g = self.rules.write().unwrap_or_else(|p| p.into_inner());
        *g = Arc::new(rules);
    }

    pub(crate) fn set_calendar(&self, cal: HolidayCalendar) {
        let mut guard = self.calendar.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(cal);
    }

    /// Reloads the organisation tree after a unit changed.
    pub async fn reload_org(&self) -> Result<()> {
        let tree = OrgTree::new(self.store.units().await?);
        let mut guard = self.org.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(tree);
        Ok(())
    }

    /// The rule set in force for a unit on a day (by the unit's region code).
    pub fn rule_set_for_unit(&self, unit_id: i64, on: Date) -> RuleSet {
        let org = self.org();
        let region = org
            .get(unit_id)
            .map(|u| u.region_code.clone())
            .unwrap_or_default();
        self.rules().for_region(&region, on).clone()
    }
}
