//! Notifications through the outbox (issue 13 item 2): the messages an event sends, composed
//! here from the rule in `huiyin_core::outbox` and written by the store in the event's own
//! transaction; the list of messages for the administrator and the petition offices of a
//! scope, with a retry for a failed one. Delivery is `outbox_worker.rs`.

use huiyin_core::Date;
use huiyin_core::error::ErrorCode;
use huiyin_core::org::UnitId;
use huiyin_core::outbox::{
    Audience, Channel, MessageFacts, OutboxEvent, OutboxStatus, render, warning_addressees,
};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::warning::{WarningKind, WarningLevel};
use huiyin_store::{NewWarning, OutboxDraft, OutboxRecord, OutboxSight};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// A deadline as a message says it: `2026-06-30 10:00` (Beijing time).
pub(crate) fn due_text(ms: i64) -> String {
    let t = Date::beijing_timestamp(ms);
    t.get(..16).unwrap_or(&t).replace('T', " ")
}

/// A message as its readers see it.
#[derive(Clone, Debug, Serialize)]
pub struct OutboxView {
    pub id: i64,
    pub event: OutboxEvent,
    pub event_label: &'static str,
    pub warning_id: Option<i64>,
    pub incident_id: Option<i64>,
    pub recipient_unit_id: Option<UnitId>,
    pub recipient_unit_name: String,
    pub audience: Option<Audience>,
    pub audience_label: &'static str,
    pub recipient_user_id: Option<i64>,
    pub channel: Channel,
    pub channel_label: &'static str,
    pub text: String,
    pub text_en: String,
    pub status: OutboxStatus,
    pub status_label: &'static str,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The page it is about.
    pub link: String,
}

/// A page of messages, with how many of each status the reader sees.
#[derive(Clone, Debug, Serialize)]
pub struct OutboxList {
    pub items: Vec<OutboxView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

impl App {
    /// The messages of a warning event at `unit_id` (see [`warning_addressees`]), each unique
    /// by `key` besides its warning, recipient and channel.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn warning_notices(
        &self,
        event: OutboxEvent,
        level: WarningLevel,
        kind: WarningKind,
        unit_id: UnitId,
        due_ms: i64,
        accused: &[UnitId],
        key: &str,
    ) -> Vec<OutboxDraft> {
        let org = self.org();
        let unit_name = org.get(unit_id).map(|u| u.name.clone()).unwrap_or_default();
        let what_zh = format!("{}预警（{}）", level.zh(), kind.zh());
        let what_en = format!("{} warning ({})", level.as_str(), kind.en());
        let due = due_text(due_ms);
        let (text_zh, text_en) = render(&MessageFacts {
            event,
            what_zh: &what_zh,
            what_en: &what_en,
            unit_name: &unit_name,
            due: &due,
            to_unit_name: "",
        });
        warning_addressees(event, level, unit_id, &org, accused)
            .into_iter()
            .map(|a| OutboxDraft {
                event,
                recipient_unit_id: Some(a.unit_id),
                audience: Some(a.audience),
                recipient_user_id: None,
                channel: a.channel,
                text_zh: text_zh.clone(),
                text_en: text_en.clone(),
                key: key.to_owned(),
            })
            .collect()
    }

    /// A new warning with the messages its raising sends (once per level it reaches).
    pub(crate) fn with_notices(&self, mut w: NewWarning, accused: &[UnitId]) -> NewWarning {
        w.notify = self.warning_notices(
            OutboxEvent::WarningRaised,
            w.level,
            w.kind,
            w.unit_id,
            w.acknowledge_due_at,
            accused,
            w.level.as_str(),
        );
        w
    }

    /// Which messages the user sees: a case worker (case work or 督查) those about what they
    /// may see; the system administrator those addressed to their subtree; nobody else any.
    pub(crate) fn outbox_sight(&self, user: &CurrentUser) -> Option<OutboxSight> {
        let actor = user.actor();
        let org = self.org();
        let root = visibility_root(&actor, &org);
        let subtree = org.subtree(root);
        let units = (subtree.len() != org.len()).then_some(subtree);
        let case_worker =
            actor.may(Permission::HandleCases) || actor.may(Permission::SuperviseScope);
        if !case_worker && !actor.may(Permission::Configure) {
            return None;
        }
        Some(OutboxSight {
            case_worker,
            scope: self.scope_of(user),
            firewall: self.firewall_of(user),
            units,
        })
    }

    pub(crate) fn outbox_view(&self, r: &OutboxRecord) -> OutboxView {
        let org = self.org();
        let link = match (r.warning_id, r.incident_id) {
            (Some(w), _) => format!("/warnings/{w}"),
            (None, Some(i)) => format!("/incidents/{i}"),
            (None, None) => "/notifications".to_owned(),
        };
        OutboxView {
            id: r.id,
            event: r.event,
            event_label: r.event.zh(),
            warning_id: r.warning_id,
            incident_id: r.incident_id,
            recipient_unit_id: r.recipient_unit_id,
            recipient_unit_name: r
                .recipient_unit_id
                .and_then(|u| org.get(u))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            audience: r.audience,
            audience_label: r.audience.map_or("指定用户", |a| a.zh()),
            recipient_user_id: r.recipient_user_id,
            channel: r.channel,
            channel_label: r.channel.zh(),
            text: r.text_zh.clone(),
            text_en: r.text_en.clone(),
            status: r.status,
            status_label: r.status.zh(),
            attempts: r.attempts,
            last_error: r.last_error.clone(),
            next_attempt_at: r.next_attempt_at.map(Date::beijing_timestamp),
            created_at: Date::beijing_timestamp(r.created_at),
            sent_at: r.sent_at.map(Date::beijing_timestamp),
            link,
        }
    }

    /// The messages the user sees, newest first, with the counts by status (of every
    /// channel); with `status` or `channel`, those only.
    #[tracing::instrument(name = "app.outbox", skip_all, fields(user_id = user.id))]
    pub async fn outbox(
        &self,
        user: &CurrentUser,
        status: Option<OutboxStatus>,
        channel: Option<Channel>,
        page: u32,
        per_page: u32,
    ) -> Result<OutboxList> {
        let sight = self
            .outbox_sight(user)
            .ok_or(AppError::code(ErrorCode::Forbidden))?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (records, total) = self
            .store
            .list_outbox(
                &sight,
                status,
                channel,
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        let counts = self.store.outbox_counts(&sight).await?;
        let count = |s: OutboxStatus| counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
        Ok(OutboxList {
            items: records.iter().map(|r| self.outbox_view(r)).collect(),
            total,
            page,
            per_page,
            pending: count(OutboxStatus::Pending),
            sent: count(OutboxStatus::Sent),
            failed: count(OutboxStatus::Failed),
        })
    }

    /// Sends a failed message again at the worker's next pass (the administrator or a petition
    /// office that sees it). A message not seen is not found; one not failed, a conflict.
    #[tracing::instrument(name = "app.retry_outbox", skip_all, fields(user_id = user.id, message_id = id))]
    pub async fn retry_outbox(&self, user: &CurrentUser, id: i64) -> Result<OutboxView> {
        let not_found = || AppError::code(ErrorCode::OutboxNotFound);
        let sight = self.outbox_sight(user).ok_or_else(not_found)?;
        let m = self.store.outbox_message(id).await?.ok_or_else(not_found)?;
        if !self.store.outbox_visible(id, &sight).await? {
            return Err(not_found());
        }
        if m.status != OutboxStatus::Failed || !self.store.retry_outbox(id, self.now_ms()).await? {
            return Err(ErrorCode::OutboxNotFailed.into());
        }
        self.audit(
            Some(user),
            "",
            "outbox.retry",
            &format!("outbox:{id}"),
            "ok",
            &format!("channel={} attempts={}", m.channel.as_str(), m.attempts),
        )
        .await?;
        let m = self.store.outbox_message(id).await?.ok_or_else(not_found)?;
        Ok(self.outbox_view(&m))
    }
}

/// The accused unit of a case that is or was an accusation (its firewall), as a list.
pub(crate) fn accused_of(case: &huiyin_core::case::Case) -> Vec<UnitId> {
    huiyin_core::policy::wall_of(case)
        .map(|w| w.accused_unit_id)
        .into_iter()
        .collect()
}

impl App {
    async fn accused_behind(&self, warning_id: i64) -> Result<Vec<UnitId>> {
        Ok(self
            .store
            .warning_walls(warning_id)
            .await?
            .into_iter()
            .map(|(accused, _)| accused)
            .collect())
    }

    /// The messages of an escalation to `above` (due there by `due_ms`); when the deadline
    /// was missed (`overdue`), also to the unit that let it pass.
    pub(crate) async fn escalation_notices(
        &self,
        w: &huiyin_store::WarningRecord,
        above: UnitId,
        due_ms: i64,
        overdue: bool,
    ) -> Result<Vec<OutboxDraft>> {
        let accused = self.accused_behind(w.id).await?;
        let key = format!("{above}:{due_ms}");
        let mut out = self.warning_notices(
            OutboxEvent::WarningEscalated,
            w.level,
            w.kind,
            above,
            due_ms,
            &accused,
            &key,
        );
        if overdue {
            out.extend(self.warning_notices(
                OutboxEvent::WarningOverdueAck,
                w.level,
                w.kind,
                w.unit_id,
                w.acknowledge_due_at,
                &accused,
                &w.acknowledge_due_at.to_string(),
            ));
        }
        Ok(out)
    }

    /// A warning past its deadline at the top of the tree, with nobody above: its unit's
    /// leaders hear of it once per deadline.
    pub(crate) async fn notify_overdue_at_top(
        &self,
        w: &huiyin_store::WarningRecord,
    ) -> Result<()> {
        let accused = self.accused_behind(w.id).await?;
        let drafts = self.warning_notices(
            OutboxEvent::WarningOverdueAck,
            w.level,
            w.kind,
            w.unit_id,
            w.acknowledge_due_at,
            &accused,
            &w.acknowledge_due_at.to_string(),
        );
        self.store
            .insert_outbox(
                huiyin_store::OutboxSubject::Warning(w.id),
                &drafts,
                self.now_ms(),
            )
            .await?;
        Ok(())
    }
}
