//! The incident reporting chain as data (issue 13 item 3): the administrator's chain, stored as
//! TOML in `settings`, else the documented default (`ReportingChain::default`, office practice).
//! Recording an incident reads the chain in force; the reports an incident owes are written
//! with it and never re-timed, so a later edit changes only incidents recorded after it.
//! Every change, and a restore of the default, is audited with what changed, in the same
//! transaction as the change.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::incident::{IncidentLevel, Recipient, ReportKind, ReportingChain};
use huiyin_core::permission::Permission;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// The settings key of the administrator's chain (TOML).
pub(crate) const INCIDENT_CHAIN_KEY: &str = "incident_chain.toml";

/// One duty as read: from which level, to whom, what, within how many minutes.
#[derive(Clone, Debug, Serialize)]
pub struct ChainDutyView {
    pub min_level: IncidentLevel,
    pub min_level_label: &'static str,
    pub to: Recipient,
    pub to_label: &'static str,
    pub kind: ReportKind,
    pub kind_label: &'static str,
    pub within_minutes: i64,
}

/// The chain in force (CONTRACT.md "Incidents", `GET /api/v1/incident-chain`).
#[derive(Clone, Debug, Serialize)]
pub struct IncidentChainView {
    pub rules: Vec<ChainDutyView>,
    /// Whether no administrator's chain is stored and the documented default applies.
    pub is_default: bool,
    /// The chain as the TOML an administrator edits.
    pub toml: String,
}

/// A chain as submitted: TOML text, or a JSON array of duties.
pub enum ChainInput<'a> {
    Toml(&'a str),
    Json(&'a serde_json::Value),
}

fn view(chain: &ReportingChain, is_default: bool) -> IncidentChainView {
    IncidentChainView {
        rules: chain
            .rules
            .iter()
            .map(|r| ChainDutyView {
                min_level: r.min_level,
                min_level_label: r.min_level.zh(),
                to: r.to,
                to_label: r.to.zh(),
                kind: r.kind,
                kind_label: r.kind.zh(),
                within_minutes: r.within_minutes,
            })
            .collect(),
        is_default,
        toml: chain.to_toml(),
    }
}

impl App {
    /// The chain in force and whether it is the default. A stored chain that no longer reads
    /// (only a hand-edited database can hold one) is refused with its problem rather than
    /// silently replaced by the default: an administrator fixes or restores it.
    pub async fn reporting_chain(&self) -> Result<(ReportingChain, bool)> {
        match self.store.setting(INCIDENT_CHAIN_KEY).await? {
            Some(text) => Ok((ReportingChain::from_toml(&text)?, false)),
            None => Ok((ReportingChain::default(), true)),
        }
    }

    /// The stored chain's text as stored (`None`: the default applies), for the
    /// administrator's editor when it no longer reads.
    pub async fn incident_chain_stored(&self, user: &CurrentUser) -> Result<Option<String>> {
        if !user.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        Ok(self.store.setting(INCIDENT_CHAIN_KEY).await?)
    }

    /// The chain in force, for case staff and administrators.
    pub async fn incident_chain(&self, user: &CurrentUser) -> Result<IncidentChainView> {
        if !user.actor().works_cases() && !user.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        let (chain, is_default) = self.reporting_chain().await?;
        Ok(view(&chain, is_default))
    }

    /// Replaces the chain (administrators). A chain that does not read or make sense changes
    /// nothing; incidents already recorded keep the reports they owe.
    #[tracing::instrument(name = "app.update_incident_chain", skip_all, fields(user_id = user.id))]
    pub async fn update_incident_chain(
        &self,
        user: &CurrentUser,
        input: ChainInput<'_>,
    ) -> Result<IncidentChainView> {
        if !user.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        let chain = match input {
            ChainInput::Toml(text) => ReportingChain::from_toml(text)?,
            ChainInput::Json(rules) => ReportingChain::from_json(rules)?,
        };
        let text = chain.to_toml();
        self.write_chain(user, Some(&text), &chain).await?;
        Ok(view(&chain, false))
    }

    /// Restores the documented default (administrators): the stored chain is removed.
    #[tracing::instrument(name = "app.restore_incident_chain", skip_all, fields(user_id = user.id))]
    pub async fn restore_incident_chain(&self, user: &CurrentUser) -> Result<IncidentChainView> {
        if !user.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        let chain = ReportingChain::default();
        self.write_chain(user, None, &chain).await?;
        Ok(view(&chain, true))
    }

    /// Writes (or removes) the stored chain with its audit entry: who (the entry's user), when
    /// (its time) and what changed (`old → new: -duty +duty`).
    async fn write_chain(
        &self,
        user: &CurrentUser,
        text: Option<&str>,
        new: &ReportingChain,
    ) -> Result<()> {
        let (old, old_label) = match self.store.setting(INCIDENT_CHAIN_KEY).await? {
            None => (ReportingChain::default(), "default"),
            // A stored chain that no longer reads is being replaced: every new duty is new.
            Some(t) => (
                ReportingChain::from_toml(&t).unwrap_or(ReportingChain { rules: Vec::new() }),
                "custom",
            ),
        };
        let new_label = if text.is_some() { "custom" } else { "default" };
        let detail = format!("{old_label} -> {new_label}: {}", new.change_summary(&old));
        let entry = self.audit_entry(
            Some(user),
            "",
            "config.incident_chain",
            "incident_chain",
            "ok",
            &detail,
        );
        self.store
            .replace_setting_audited(INCIDENT_CHAIN_KEY, text, self.now_ms(), &entry)
            .await?;
        Ok(())
    }
}

/// The error of a chain that is not a TOML text nor an array of duties (API bodies).
pub fn chain_input_missing() -> DomainError {
    DomainError::new(ErrorCode::IncidentChainInvalid).with(
        "rules",
        "请提供报告链：rules（报告义务数组）或 toml（文本）其中之一",
        "send the chain as either rules (an array of duties) or toml (text)",
    )
}
