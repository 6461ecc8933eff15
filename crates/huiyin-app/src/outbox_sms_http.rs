//! SMS through an HTTP gateway (issue 17 item 3): one JSON POST per message to the provider's
//! (or a site relay's) URL, carrying the recipients' mobile numbers, the signature (签名), the
//! template and its one parameter, the message's text — never a case's content, which the
//! text does not hold (`huiyin_core::outbox::render`). The message's id travels as the
//! idempotency key, in the `Idempotency-Key` header and the body, so a resend after a worker
//! died between sending and marking sent is recognisable as the same message.
//!
//! Plain `http://` only: reqwest is built without TLS here; a gateway reached over https goes
//! through a local relay (docs/OPERATIONS.md).
//!
//! The answer: 2xx with the provider's success field (`"success": true`, or `"code"` of
//! `"OK"`/`0`) is sent; another 2xx, 408, 429, 5xx, a timeout or no connection are retried
//! with the backoff; any other 4xx fails for good (an operator's retry sends it again), with
//! the provider's message.

use huiyin_store::{OutboxOutcome, OutboxRecord};
use serde_json::{Value, json};

use crate::context::App;
use crate::error::Result;
use crate::outbox_worker::{Recipient, SEND_TIMEOUT, failed};

/// The gateway's settings (`sms_gateway_*`, `sms_signature`, `sms_template_id`).
#[derive(Clone, Debug, Default)]
pub struct SmsGatewayConfig {
    /// `http://host:port/path` the messages are POSTed to.
    pub url: String,
    /// The account at the provider, sent in the body when set.
    pub account: Option<String>,
    /// Sent as `Authorization: Bearer <token>` when set.
    pub token: Option<String>,
    /// The approved signature, e.g. `【某某教育局】`.
    pub signature: String,
    /// The approved template whose one parameter `text` is the message.
    pub template_id: String,
}

/// The idempotency key of a message: the same on every attempt.
pub fn idempotency_key(message_id: i64) -> String {
    format!("huiyin-{message_id}")
}

/// The provider's message in an answer: its `message`/`msg`/`error` field, else the start of
/// the body.
fn provider_message(body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let field = parsed.as_ref().and_then(|v| {
        ["message", "msg", "Message", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_owned))
    });
    field.unwrap_or_else(|| body.chars().take(200).collect())
}

/// Whether a 2xx answer says the provider accepted the message.
fn accepted(body: &str) -> bool {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return false;
    };
    v.get("success").and_then(Value::as_bool) == Some(true)
        || matches!(v.get("code"), Some(Value::String(s)) if s == "OK" || s == "0")
        || v.get("code").and_then(Value::as_i64) == Some(0)
}

impl App {
    pub(crate) async fn send_sms_http(
        &self,
        gw: &SmsGatewayConfig,
        m: &OutboxRecord,
        to: &[Recipient],
        now: i64,
    ) -> Result<OutboxOutcome> {
        let phones: Vec<&str> = to
            .iter()
            .filter_map(|r| r.contact.phone.as_deref())
            .collect();
        if phones.is_empty() {
            return Ok(failed(
                m,
                now,
                false,
                format!(
                    "收件人均未登记手机号（{}人），请登记后重发 / none of the {} recipients has a \
                     mobile number; add them (huiyin admin user-contact) and retry",
                    to.len(),
                    to.len()
                ),
            ));
        }
        if phones.len() < to.len() {
            tracing::warn!(
                message = m.id,
                without = to.len() - phones.len(),
                "SMS recipients without a mobile number are left out"
            );
        }
        let key = idempotency_key(m.id);
        // The signature stands for the system's own 【回音】 prefix.
        let text = m.text_zh.strip_prefix("【回音】").unwrap_or(&m.text_zh);
        let body = json!({
            "idempotency_key": key,
            "message_id": m.id,
            "account": gw.account,
            "phones": phones,
            "signature": gw.signature,
            "template_id": gw.template_id,
            "params": { "text": text },
        });
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            .build()
            .map_err(crate::outbox_worker::internal)?;
        let mut req = client
            .post(&gw.url)
            .header("Idempotency-Key", &key)
            .json(&body);
        if let Some(token) = &gw.token {
            req = req.bearer_auth(token);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                return Ok(failed(
                    m,
                    now,
                    true,
                    format!(
                        "短信网关无应答，稍后重试 / SMS gateway unreachable: {}",
                        e.without_url()
                    ),
                ));
            }
        };
        let status = resp.status();
        let text = match resp.text().await {
            Ok(t) => t,
            Err(e) => {
                return Ok(failed(
                    m,
                    now,
                    true,
                    format!(
                        "短信网关应答不完整，稍后重试 / SMS gateway answer cut: {}",
                        e.without_url()
                    ),
                ));
            }
        };
        let said = provider_message(&text);
        let code = status.as_u16();
        Ok(if status.is_success() && accepted(&text) {
            OutboxOutcome::Sent { at: now }
        } else if status.is_client_error() && code != 408 && code != 429 {
            failed(
                m,
                now,
                false,
                format!("短信网关拒绝（HTTP {code}）/ SMS gateway refused (HTTP {code}): {said}"),
            )
        } else {
            failed(
                m,
                now,
                true,
                format!(
                    "短信网关暂时失败（HTTP {code}），稍后重试 / SMS gateway failed (HTTP {code}), retried: {said}"
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_for_success_and_the_providers_message() {
        assert!(accepted(r#"{"success": true}"#));
        assert!(accepted(r#"{"code": "OK", "Message": "OK"}"#));
        assert!(accepted(r#"{"code": 0}"#));
        assert!(!accepted(r#"{"success": false, "message": "余额不足"}"#));
        assert!(!accepted("OK"));
        assert_eq!(provider_message(r#"{"message": "号码无效"}"#), "号码无效");
        assert_eq!(provider_message(r#"{"msg": "签名未报备"}"#), "签名未报备");
        assert_eq!(provider_message("Bad Gateway"), "Bad Gateway");
        assert_eq!(idempotency_key(42), "huiyin-42");
    }
}
