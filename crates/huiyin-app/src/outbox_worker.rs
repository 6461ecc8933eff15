//! The outbox worker (issue 13 item 2), run as a job of the durable queue: delivers each
//! message due — in-app by making it readable in the recipients' notification list, SMS and
//! e-mail by writing it as a file into the spool directory the site's gateway picks up (tmp +
//! rename, named by the message's id, so a crash between writing and marking sent rewrites
//! the same file rather than losing the message) — and retries failures with backoff.
//! Nothing travels over a network from here.

use std::path::{Path, PathBuf};

use huiyin_core::org::UnitId;
use huiyin_core::outbox::{Channel, in_audience};
use huiyin_core::policy::{Wall, walled_off};
use huiyin_core::role::Actor;
use huiyin_store::{OutboxOutcome, OutboxRecord, UserRecord};
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

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxPass {
    pub sent: usize,
    pub failed: usize,
    /// Left pending: no spool directory configured for their channel.
    pub waiting: usize,
}

/// One recipient as a spool file names them (the gateway maps accounts to numbers/addresses).
#[derive(Clone, Debug, Serialize)]
struct SpoolRecipient {
    user_id: i64,
    username: String,
    display_name: String,
    unit_id: UnitId,
    unit_name: String,
}

#[derive(Serialize)]
struct SpoolFile<'a> {
    id: i64,
    channel: &'a str,
    event: &'a str,
    created_at: String,
    to: &'a [SpoolRecipient],
    text: &'a str,
    text_en: &'a str,
    link: String,
}

fn internal(e: impl std::fmt::Display) -> crate::error::AppError {
    tracing::error!(error = %e, "outbox worker");
    crate::error::AppError::code(huiyin_core::error::ErrorCode::Internal)
}

/// The delay before attempt `attempts + 1`: 1 min, 2 min, 4 min … ; none after the last.
fn retry_delay(attempts: i64) -> Option<i64> {
    (attempts < MAX_ATTEMPTS).then(|| 60_000_i64 << attempts.clamp(0, 10))
}

/// Writes `body` as `dir/huiyin-{id}.json` through a temporary file and a rename.
fn write_spool_file(dir: &Path, id: i64, body: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let target = dir.join(format!("huiyin-{id}.json"));
    let tmp = dir.join(format!(".huiyin-{id}.json.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(body)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, &target)?;
    Ok(target)
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
    /// never one walled off from a case behind its warning.
    async fn message_recipients(
        &self,
        m: &OutboxRecord,
        users: &[UserRecord],
    ) -> Result<Vec<SpoolRecipient>> {
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
        Ok(users
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
            .map(|u| SpoolRecipient {
                user_id: u.id,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                unit_id: u.unit_id,
                unit_name: org
                    .get(u.unit_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
            })
            .collect())
    }

    async fn deliver_to_spool(
        &self,
        m: &OutboxRecord,
        users: &[UserRecord],
        now: i64,
    ) -> Result<OutboxOutcome> {
        let (dir, setting, zh) = match m.channel {
            Channel::Sms => (&self.config.sms_spool_dir, "sms_spool_dir", "短信"),
            _ => (&self.config.email_spool_dir, "email_spool_dir", "电子邮件"),
        };
        let Some(dir) = dir.clone() else {
            return Ok(OutboxOutcome::Waiting {
                reason: format!(
                    "未配置{zh}投递目录（设置 {setting}），消息保留待发 / no {} spool directory \
                     configured (setting {setting}); the message waits",
                    m.channel.en()
                ),
                retry_at: now + UNCONFIGURED_WAIT_MS,
            });
        };
        let to = self.message_recipients(m, users).await?;
        if to.is_empty() {
            return Ok(OutboxOutcome::Failed {
                error: "没有可接收该消息的用户 / no user to receive it".into(),
                retry_at: None,
            });
        }
        let view = self.outbox_view(m);
        let body = serde_json::to_vec_pretty(&SpoolFile {
            id: m.id,
            channel: m.channel.as_str(),
            event: m.event.as_str(),
            created_at: view.created_at.clone(),
            to: &to,
            text: &m.text_zh,
            text_en: &m.text_en,
            link: view.link.clone(),
        })
        .map_err(internal)?;
        let id = m.id;
        let written = tokio::task::spawn_blocking(move || write_spool_file(&dir, id, &body))
            .await
            .map_err(internal)?;
        Ok(match written {
            Ok(_) => OutboxOutcome::Sent { at: now },
            Err(e) => OutboxOutcome::Failed {
                error: format!("写入投递目录失败 / spool write failed: {e}"),
                retry_at: retry_delay(m.attempts + 1).map(|d| now + d),
            },
        })
    }

    /// Delivers every message due now; a message that fails is marked with its error and
    /// tried again later.
    #[tracing::instrument(name = "app.deliver_outbox", skip_all)]
    pub async fn deliver_outbox(&self) -> Result<OutboxPass> {
        let now = self.now_ms();
        let due = self.store.due_outbox(now, BATCH).await?;
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
            let outcome = match m.channel {
                // Delivered is readable: the notification list reads sent in-app messages.
                Channel::InApp => OutboxOutcome::Sent { at: now },
                Channel::Sms | Channel::Email => self.deliver_to_spool(m, &users, now).await?,
            };
            match &outcome {
                OutboxOutcome::Sent { .. } => pass.sent += 1,
                OutboxOutcome::Failed { error, .. } => {
                    tracing::warn!(message = m.id, %error, "outbox delivery failed");
                    pass.failed += 1;
                }
                OutboxOutcome::Waiting { .. } => pass.waiting += 1,
            }
            self.store.mark_outbox(m.id, &outcome).await?;
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

    #[test]
    fn a_rewrite_replaces_the_file_of_the_same_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_spool_file(dir.path(), 7, b"first").expect("write");
        let p = write_spool_file(dir.path(), 7, b"second").expect("rewrite");
        assert_eq!(std::fs::read(&p).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("huiyin-7.json")]);
        assert!(write_spool_file(&dir.path().join("missing"), 8, b"x").is_err());
    }
}
