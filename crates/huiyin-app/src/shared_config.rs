//! The configuration every server on one database must agree on — the organisation tree, the
//! rules and the holiday calendar — is held in memory for speed and changed through one
//! instance. Each instance re-reads it from the database every few seconds
//! ([`App::refresh_shared_config`], run by `huiyin serve`), so a unit added or a calendar
//! corrected on one instance is in force on every other within that time (issue 17 item 1).

use huiyin_core::calendar::HolidayCalendar;
use huiyin_core::rules::Rules;

use crate::context::{App, RULES_KEY};
use crate::error::Result;

/// Seconds between two reads of the shared configuration by a server.
pub const SHARED_CONFIG_REFRESH_SECS: u64 = 5;

impl App {
    /// Re-reads the organisation tree, the rules and the holiday calendar from the database.
    /// Stored rules or a calendar that do not read (another build's, mid-upgrade) leave the
    /// ones in force as they are; the failure is logged.
    pub async fn refresh_shared_config(&self) -> Result<()> {
        self.reload_org().await?;
        if let Some(text) = self.store.setting(RULES_KEY).await? {
            match Rules::from_toml(&text) {
                Ok(rules) if rules != *self.rules() => self.set_rules(rules),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.en(), "stored rules not read; kept"),
            }
        }
        let years = self.store.calendar_years().await?;
        if !years.is_empty() {
            match HolidayCalendar::new(years) {
                Ok(cal) if cal != *self.calendar() => self.set_calendar(cal),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.en(), "stored calendar not read; kept"),
            }
        }
        Ok(())
    }
}
