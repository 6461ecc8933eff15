//! Loading a provincial rules file (issue 10 item 11): an administrator replaces the time-limit
//! rules in force with a TOML file (the national set plus provincial sets, as
//! `crates/huiyin-core/data/rules-example-zhejiang.toml` shows). A file that does not parse or
//! does not validate is refused with its error; nothing is replaced by the national set behind
//! anyone's back. Accepted rules re-time every open deadline.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::rules::Rules;

use crate::auth::CurrentUser;
use crate::context::{App, RULES_KEY};
use crate::error::Result;

impl App {
    /// Replaces the rules with `toml_text` (administrators, or the command line when `by` is
    /// `None`); returns how many open cases were re-timed (read) and written.
    #[tracing::instrument(name = "app.update_rules", skip_all)]
    pub async fn update_rules(
        &self,
        by: Option<&CurrentUser>,
        toml_text: &str,
    ) -> Result<crate::calendar::Retiming> {
        if by.is_some_and(|u| !u.may(Permission::Configure)) {
            return Err(ErrorCode::Forbidden.into());
        }
        let rules = Rules::from_toml(toml_text)
            .map_err(|e| DomainError::new(ErrorCode::RulesInvalid).with("toml", e.zh(), e.en()))?;
        let sets: Vec<String> = rules.sets().iter().map(|s| s.id.clone()).collect();
        self.store
            .put_setting(RULES_KEY, &rules.to_toml(), self.now_ms())
            .await?;
        self.set_rules(rules);
        self.audit(
            by,
            "command-line",
            "config.rules",
            &sets.join(","),
            "ok",
            "",
        )
        .await?;
        self.retime_open_cases().await
    }
}
