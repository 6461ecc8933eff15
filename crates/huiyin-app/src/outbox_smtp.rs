//! E-mail through SMTP (issue 17 item 3) with `lettre`: one message to the recipients' work
//! addresses, plain text in UTF-8, its Message-ID and Date fixed by the outbox message
//! (`<huiyin-<id>@<from domain>>`, the time it was written), so a resend after a worker died
//! between sending and marking sent is recognisable as the same message.
//!
//! Plain SMTP only (lettre is built without TLS features here): the relay is the site's own
//! mail server on the host or a trusted network, which carries the mail on with STARTTLS
//! (docs/OPERATIONS.md). A 4xx answer or a timeout is retried with the backoff; a 5xx fails
//! for good, with the server's answer.

use std::time::{Duration, UNIX_EPOCH};

use huiyin_store::{OutboxOutcome, OutboxRecord};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::context::App;
use crate::error::Result;
use crate::outbox_worker::{Recipient, SEND_TIMEOUT, failed};

/// The relay's settings (`smtp_*`).
#[derive(Clone, Debug, Default)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender, `huiyin@edu.example.cn` or `回音 <huiyin@edu.example.cn>`.
    pub from: String,
    /// AUTH (PLAIN/LOGIN) when both are set — in clear, so only to a relay on a trusted link.
    pub user: Option<String>,
    pub password: Option<String>,
}

/// How long each SMTP command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether `from` is a sender lettre takes (checked when the configuration loads).
pub fn sender_ok(from: &str) -> bool {
    from.parse::<Mailbox>().is_ok()
}

/// The Message-ID of an outbox message sent from `from`.
pub fn message_id(outbox_id: i64, from: &Mailbox) -> String {
    format!("<huiyin-{outbox_id}@{}>", from.email.domain())
}

impl App {
    pub(crate) async fn send_smtp(
        &self,
        cfg: &SmtpConfig,
        m: &OutboxRecord,
        to: &[Recipient],
        now: i64,
    ) -> Result<OutboxOutcome> {
        let for_good = |error: String| Ok(failed(m, now, false, error));
        let Ok(from) = cfg.from.parse::<Mailbox>() else {
            return for_good(format!(
                "发件人地址无效 / smtp_from is not an address: {}",
                cfg.from
            ));
        };
        let mut builder = Message::builder()
            .from(from.clone())
            .subject(format!("【回音】{}", m.event.zh()))
            .message_id(Some(message_id(m.id, &from)))
            .date(UNIX_EPOCH + Duration::from_millis(u64::try_from(m.created_at).unwrap_or(0)))
            .header(ContentType::TEXT_PLAIN);
        let mut addressed = 0;
        for r in to {
            let Some(addr) = r.contact.email.as_deref().and_then(|a| a.parse().ok()) else {
                continue;
            };
            builder = builder.to(Mailbox::new(Some(r.display_name.clone()), addr));
            addressed += 1;
        }
        if addressed == 0 {
            return for_good(format!(
                "收件人均未登记电子邮箱（{}人），请登记后重发 / none of the {} recipients has an \
                 e-mail address; add them (huiyin admin user-contact) and retry",
                to.len(),
                to.len()
            ));
        }
        let body = format!("{}\n\n{}\n", m.text_zh, m.text_en);
        let email = match builder.body(body) {
            Ok(e) => e,
            Err(e) => return for_good(format!("邮件无法组成 / e-mail not built: {e}")),
        };
        let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host)
            .port(cfg.port)
            .timeout(Some(COMMAND_TIMEOUT));
        if let (Some(user), Some(password)) = (&cfg.user, &cfg.password) {
            transport = transport.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let transport = transport.build();
        Ok(
            match tokio::time::timeout(SEND_TIMEOUT, transport.send(email)).await {
                Ok(Ok(_)) => OutboxOutcome::Sent { at: now },
                Ok(Err(e)) if e.is_permanent() => failed(
                    m,
                    now,
                    false,
                    format!("邮件服务器拒收 / SMTP server refused: {e}"),
                ),
                Ok(Err(e)) => failed(
                    m,
                    now,
                    true,
                    format!("邮件暂时未能发送，稍后重试 / SMTP failed, retried: {e}"),
                ),
                Err(_) => failed(
                    m,
                    now,
                    true,
                    format!(
                        "邮件服务器超时，稍后重试 / SMTP timed out after {} s, retried",
                        SEND_TIMEOUT.as_secs()
                    ),
                ),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_names_the_outbox_message_and_the_senders_domain() {
        let from: Mailbox = "回音 <huiyin@edu.example.cn>".parse().expect("mailbox");
        assert_eq!(message_id(7, &from), "<huiyin-7@edu.example.cn>");
        assert!(sender_ok("huiyin@edu.example.cn"));
        assert!(!sender_ok("not an address"));
    }
}
