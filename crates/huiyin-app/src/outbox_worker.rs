//! The outbox worker (issue 13 item 2, issue 17 item 3), run as a job of the durable queue:
//! delivers each message due — in-app by making it readable in the recipients' notification
//! list; SMS through the HTTP gateway (`outbox_sms_http.rs`) or into a spool directory
//! (`outbox_spool.rs`); e-mail through SMTP (`outbox_smtp.rs`) or into a spool directory —
//! and retries failures with backoff.
//!
//! Before sending an SMS or e-mail the worker claims the message (`claim_outbox`): no other
//! worker touches it until the claim expires, so two workers never send it at once. Sending
//! comes before marking sent, so a worker that dies between the two leaves the message to be
//! sent again after the claim expires — under the same idempotency key (the gateway's
//! `Idempotency-Key`, the e-mail's Message-ID, the spool file's name), never lost.

use std::sync::atomic::{AtomicU64, Ordering};

use huiyin_core::org::UnitId;
use huiyin_core::outbox::{Channel, in_audience};
use huiyin_core::policy::{Wall, walled_off};
use huiyin_core::role::Actor;
use huiyin_store::{OutboxOutcome, OutboxRecord, UserContact, UserRecord};
use serde::Serialize;

use crate::context::App;
use crate::error::Result;

/// The job kind of a delivery pass.
pub const OUTBOX_DELIVERY: &str = "outbox_delivery";

/// How many messages one pass delivers at most (the next pass takes the rest).
const BATCH: i64 = 500;
/// After this many failed attempts a message waits for an operator's retry.
const MAX_ATTEMPTS: i64 = 8;
/// How long a message with no transport configured waits before it is looked at again.
const UNCONFIGURED_WAIT_MS: i64 = 15 * 60_000;
/// How long a worker's claim on a message lasts: well beyond the longest send (each
/// transport gives up after [`SEND_TIMEOUT`]).
pub(crate) const CLAIM_MS: i64 = 5 * 60_000;
/// The longest one send may take, connection included.
pub(crate) const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Distinguishes the passes of one process in their claims.
static PASSES: AtomicU64 = AtomicU64::new(0);

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxPass {
    pub sent: usize,
    pub failed: usize,
    /// Left pending: no transport configured for their channel.
    pub waiting: usize,
    /// Claimed by another worker meanwhile: left to it.
    pub skipped: usize,
}

/// One recipient of a message (a spool file names them by account; the gateway and SMTP
/// reach them at their contacts).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Recipient {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    #[serde(skip)]
    pub contact: UserContact,
}

pub(crate) fn internal(e: impl std::fmt::Display) -> crate::error::AppError {
    tracing::error!(error = %e, "outbox worker");
    crate::error::AppError::code(huiyin_core::error::ErrorCode::Internal)
}

/// The delay before attempt `attempts + 1`: 1 min, 2 min, 4 min … ; none after the last.
pub(crate) fn retry_delay(attempts: i64) -> Option<i64> {
    (attempts < MAX_ATTEMPTS).then(|| 60_000_i64 << attempts.clamp(0, 10))
}

/// A failure to try again with the backoff (`retry`) or only on an operator's retry.
pub(crate) fn failed(m: &OutboxRecord, now: i64, retry: bool, error: String) -> OutboxOutcome {
    OutboxOutcome::Failed {
        error,
        retry_at: if retry {
            retry_delay(m.attempts + 1).map(|d| now + d)
        } else {
            None
        },
    }
}

impl App {
    /// Enqueues a delivery pass (one per minute, whoever enqueues it).
    pub async fn enqueue_outbox_delivery(&self) -> Result<bool> {
        let key = format!("{OUTBOX_DELIVERY}:{}", self.now_ms() / 60_000);
        Ok(self
            .store
            .enqueue_job(OUTBOX_DELIVERY, &key, "{}", self.now_ms())
            .await?)
    }

    /// The users a message reaches now: the user it names, or the audience of its body —
    /// never one walled off from a case behind its warning — with their contacts.
    async fn message_recipients(
        &self,
        m: &OutboxRecord,
        users: &[UserRecord],
    ) -> Result<Vec<Recipient>> {
        let org = self.org();
        let walls: Vec<Wall> = match m.warning_id {
            Some(w) => self
                .store
                .warning_walls(w)
                .await?
                .into_iter()
                .map(|(accused_unit_id, registered_by)| Wall {
                    accused_unit_id,
                    registered_by,
                })
                .collect(),
            None => Vec::new(),
        };
        let chosen: Vec<&UserRecord> = users
            .iter()
            .filter(|u| u.active)
            .filter(|u| {
                let actor = Actor {
                    user_id: u.id,
                    unit_id: u.unit_id,
                    roles: u.roles.clone(),
                };
                let addressed = match (m.recipient_user_id, m.recipient_unit_id, m.audience) {
                    (Some(id), _, _) => id == u.id,
                    (None, Some(unit), Some(a)) => in_audience(&actor, &org, unit, a),
                    _ => false,
                };
                addressed && !walls.iter().any(|w| walled_off(&actor, &org, Some(w)))
            })
            .collect();
        let ids: Vec<i64> = chosen.iter().map(|u| u.id).collect();
        let contacts = self.store.user_contacts(&ids).await?;
        Ok(chosen
            .into_iter()
            .map(|u| Recipient {
                user_id: u.id,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                unit_id: u.unit_id,
                unit_name: org
                    .get(u.unit_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                contact: contacts
                    .iter()
                    .find(|(id, _)| *id == u.id)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default(),
            })
            .collect())
    }

    /// Sends an SMS or e-mail message by the transport configured for its channel.
    async fn deliver_external(
        &self,
        m: &OutboxRecord,
        users: &[UserRecord],
        now: i64,
    ) -> Result<OutboxOutcome> {
        let (spool, configured, setting, zh) = match m.channel {
            Channel::Sms => (
                self.config.sms_spool_dir.clone(),
                self.config.sms_gateway.is_some(),
                "sms_gateway_url / sms_spool_dir",
                "短信",
            ),
            _ => (
                self.config.email_spool_dir.clone(),
                self.config.smtp.is_some(),
                "smtp_host / email_spool_dir",
                "电子邮件",
            ),
        };
        if !configured && spool.is_none() {
            return Ok(OutboxOutcome::Waiting {
                reason: format!(
                    "未配置{zh}发送方式（设置 {setting}），消息保留待发 / no {} transport \
                     configured (setting {setting}); the message waits",
                    m.channel.en()
                ),
                retry_at: now + UNCONFIGURED_WAIT_MS,
            });
        }
        let to = self.message_recipients(m, users).await?;
        if to.is_empty() {
            return Ok(failed(
                m,
                now,
                false,
                "没有可接收该消息的用户 / no user to receive it".into(),
            ));
        }
        match (m.channel, &self.config.sms_gateway, &self.config.smtp) {
            (Channel::Sms, Some(gw), _) => self.send_sms_http(gw, m, &to, now).await,
            (Channel::Email, _, Some(smtp)) => self.send_smtp(smtp, m, &to, now).await,
            _ => match spool {
                Some(dir) => self.deliver_to_spool(m, &to, dir, now).await,
                None => Err(internal("no transport")),
            },
        }
    }

    /// Delivers every message due now; a message that fails is marked with its error and
    /// tried again later.
    #[tracing::instrument(name = "app.deliver_outbox", skip_all)]
    pub async fn deliver_outbox(&self) -> Result<OutboxPass> {
        let holder = format!(
            "{}:{}",
            self.config.instance,
            PASSES.fetch_add(1, Ordering::Relaxed)
        );
        let due = self.store.due_outbox(self.now_ms(), BATCH).await?;
        let mut pass = OutboxPass::default();
        if due.is_empty() {
            return Ok(pass);
        }
        let users = if due.iter().any(|m| m.channel != Channel::InApp) {
            self.store.users().await?
        } else {
            Vec::new()
        };
        for m in &due {
            let now = self.now_ms();
            let (outcome, claim) = if m.channel == Channel::InApp {
                // Delivered is readable: the notification list reads sent in-app messages.
                (OutboxOutcome::Sent { at: now }, None)
            } else if self
                .store
                .claim_outbox(m.id, &holder, now, now + CLAIM_MS)
                .await?
            {
                let outcome = self.deliver_external(m, &users, now).await?;
                (outcome, Some(holder.as_str()))
            } else {
                pass.skipped += 1;
                continue;
            };
            if !self.store.mark_outbox(m.id, claim, &outcome).await? {
                tracing::warn!(
                    message = m.id,
                    "outbox claim expired before the outcome; another worker holds the message"
                );
                pass.skipped += 1;
                continue;
            }
            match &outcome {
                OutboxOutcome::Sent { .. } => pass.sent += 1,
                OutboxOutcome::Failed { error, .. } => {
                    tracing::warn!(message = m.id, %error, "outbox delivery failed");
                    pass.failed += 1;
                }
                OutboxOutcome::Waiting { .. } => pass.waiting += 1,
            }
        }
        Ok(pass)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_stops() {
        assert_eq!(retry_delay(1), Some(120_000));
        assert_eq!(retry_delay(2), Some(240_000));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }
}
