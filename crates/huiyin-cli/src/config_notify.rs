//! The outbox's transports in the configuration (issue 17 item 3): the `[sms_gateway]` and
//! `[smtp]` tables of huiyin.toml and their `HUIYIN_SMS_GATEWAY_*` / `HUIYIN_SMTP_*` variables.
//! Either transport replaces the spool directory of its channel; both unset, the spool (or,
//! without one, messages wait pending with the reason shown).

use huiyin_app::{SmsGatewayConfig, SmtpConfig};
use serde::{Deserialize, Serialize};

use crate::config::{Config, ConfigError};

/// `[sms_gateway]`: SMS through an HTTP gateway.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsGatewaySettings {
    /// `http://…` the messages are POSTed to (https: through a local relay).
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Sent as `Authorization: Bearer …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The approved signature (签名), e.g. `【某某教育局】`.
    pub signature: String,
    /// The approved template whose parameter `text` is the message.
    pub template_id: String,
}

/// `[smtp]`: e-mail through an SMTP relay.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// `huiyin@edu.example.cn` or `回音 <huiyin@edu.example.cn>`.
    pub from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: String::new(),
            port: 25,
            from: String::new(),
            user: None,
            password: None,
        }
    }
}

/// Applies the `HUIYIN_SMS_GATEWAY_*`, `HUIYIN_SMS_*` and `HUIYIN_SMTP_*` variables.
pub fn apply_env(
    cfg: &mut Config,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    let sms = [
        "HUIYIN_SMS_GATEWAY_URL",
        "HUIYIN_SMS_GATEWAY_ACCOUNT",
        "HUIYIN_SMS_GATEWAY_TOKEN",
        "HUIYIN_SMS_SIGNATURE",
        "HUIYIN_SMS_TEMPLATE_ID",
    ];
    if sms.iter().any(|k| env(k).is_some()) {
        let gw = cfg.sms_gateway.get_or_insert_with(Default::default);
        if let Some(v) = env(sms[0]) {
            gw.url = v;
        }
        if let Some(v) = env(sms[1]) {
            gw.account = Some(v);
        }
        if let Some(v) = env(sms[2]) {
            gw.token = Some(v);
        }
        if let Some(v) = env(sms[3]) {
            gw.signature = v;
        }
        if let Some(v) = env(sms[4]) {
            gw.template_id = v;
        }
    }
    let smtp = [
        "HUIYIN_SMTP_HOST",
        "HUIYIN_SMTP_PORT",
        "HUIYIN_SMTP_FROM",
        "HUIYIN_SMTP_USER",
        "HUIYIN_SMTP_PASSWORD",
    ];
    if smtp.iter().any(|k| env(k).is_some()) {
        let s = cfg.smtp.get_or_insert_with(Default::default);
        if let Some(v) = env(smtp[0]) {
            s.host = v;
        }
        if let Some(v) = env(smtp[1]) {
            s.port = v.trim().parse().map_err(|_| {
                ConfigError(format!(
                    "HUIYIN_SMTP_PORT 应为端口号 must be a port number: {v}"
                ))
            })?;
        }
        if let Some(v) = env(smtp[2]) {
            s.from = v;
        }
        if let Some(v) = env(smtp[3]) {
            s.user = Some(v);
        }
        if let Some(v) = env(smtp[4]) {
            s.password = Some(v);
        }
    }
    Ok(())
}

/// The checks of [`Config::check`] on the transports.
pub fn check(cfg: &Config) -> Result<(), ConfigError> {
    let bad = |m: &str| Err(ConfigError(m.to_owned()));
    if let Some(gw) = &cfg.sms_gateway {
        if !gw.url.starts_with("http://") {
            return bad(
                "短信网关地址须为 http://… sms_gateway.url (HUIYIN_SMS_GATEWAY_URL) must be \
                 http://…; for an https gateway run a local relay (docs/OPERATIONS.md)",
            );
        }
        if gw.signature.trim().is_empty() || gw.template_id.trim().is_empty() {
            return bad(
                "短信网关须配置签名和模板 sms_gateway.signature and sms_gateway.template_id \
                 (HUIYIN_SMS_SIGNATURE, HUIYIN_SMS_TEMPLATE_ID) are required with a gateway",
            );
        }
        if cfg.sms_spool_dir.is_some() {
            return bad(
                "短信网关与短信投递目录只能选一 choose sms_gateway or sms_spool_dir, not both",
            );
        }
    }
    if let Some(s) = &cfg.smtp {
        if s.host.trim().is_empty() || s.port == 0 {
            return bad(
                "邮件服务器须有地址和端口 smtp.host and smtp.port (HUIYIN_SMTP_HOST, HUIYIN_SMTP_PORT) are required",
            );
        }
        if !huiyin_app::sender_ok(&s.from) {
            return Err(ConfigError(format!(
                "发件人地址无效 smtp.from (HUIYIN_SMTP_FROM) must be an address like \
                 回音 <huiyin@edu.example.cn>, not {:?}",
                s.from
            )));
        }
        if s.user.is_some() != s.password.is_some() {
            return bad(
                "smtp.user 与 smtp.password 须同时配置 set both smtp.user and smtp.password, or neither",
            );
        }
        if cfg.email_spool_dir.is_some() {
            return bad(
                "邮件服务器与邮件投递目录只能选一 choose smtp or email_spool_dir, not both",
            );
        }
    }
    Ok(())
}

/// The app's view of the transports.
pub fn transports(cfg: &Config) -> (Option<SmsGatewayConfig>, Option<SmtpConfig>) {
    (
        cfg.sms_gateway.as_ref().map(|g| SmsGatewayConfig {
            url: g.url.clone(),
            account: g.account.clone(),
            token: g.token.clone(),
            signature: g.signature.clone(),
            template_id: g.template_id.clone(),
        }),
        cfg.smtp.as_ref().map(|s| SmtpConfig {
            host: s.host.clone(),
            port: s.port,
            from: s.from.clone(),
            user: s.user.clone(),
            password: s.password.clone(),
        }),
    )
}

/// The secrets replaced by `***` for `check-config`.
pub fn redact(cfg: &mut Config) {
    if let Some(gw) = &mut cfg.sms_gateway
        && gw.token.is_some()
    {
        gw.token = Some("***".to_owned());
    }
    if let Some(s) = &mut cfg.smtp
        && s.password.is_some()
    {
        s.password = Some("***".to_owned());
    }
}

/// The commented part of the default configuration file (tables come last in TOML).
pub const TEMPLATE: &str = "\n\
# Real delivery instead of a spool directory (docs/OPERATIONS.md, \"Notifications\"). Tables\n\
# must stay at the end of this file. SMS through an HTTP gateway: one JSON POST per message,\n\
# with the message id as Idempotency-Key; plain http:// only (https through a local relay).\n\
# HUIYIN_SMS_GATEWAY_URL, _ACCOUNT, _TOKEN, HUIYIN_SMS_SIGNATURE, HUIYIN_SMS_TEMPLATE_ID.\n\
# [sms_gateway]\n\
# url = \"http://127.0.0.1:9000/sms/send\"\n\
# account = \"huiyin\"\n\
# token = \"…\"\n\
# signature = \"【某某教育局】\"\n\
# template_id = \"SMS_0001\"\n\n\
# E-mail through SMTP to the site's relay, without TLS (the relay carries mail on with\n\
# STARTTLS); user and password only over a trusted link. HUIYIN_SMTP_HOST, _PORT, _FROM,\n\
# _USER, _PASSWORD.\n\
# [smtp]\n\
# host = \"127.0.0.1\"\n\
# port = 25\n\
# from = \"回音 <huiyin@edu.example.cn>\"\n";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_environment_fills_the_tables_and_the_checks_hold() {
        let mut cfg = Config::default();
        apply_env(
            &mut cfg,
            env_of(&[
                ("HUIYIN_SMS_GATEWAY_URL", "http://127.0.0.1:9000/sms"),
                ("HUIYIN_SMS_SIGNATURE", "【某某教育局】"),
                ("HUIYIN_SMS_TEMPLATE_ID", "SMS_1"),
                ("HUIYIN_SMTP_HOST", "127.0.0.1"),
                ("HUIYIN_SMTP_PORT", "2525"),
                ("HUIYIN_SMTP_FROM", "回音 <huiyin@edu.example.cn>"),
            ]),
        )
        .unwrap();
        check(&cfg).unwrap();
        let (sms, smtp) = transports(&cfg);
        assert_eq!(sms.unwrap().signature, "【某某教育局】");
        assert_eq!(smtp.unwrap().port, 2525);

        let mut https = cfg.clone();
        https.sms_gateway.as_mut().unwrap().url = "https://sms.example.cn".into();
        assert!(check(&https).is_err());
        let mut both = cfg.clone();
        both.email_spool_dir = Some("/tmp".into());
        assert!(check(&both).is_err());
        let mut half = cfg.clone();
        half.smtp.as_mut().unwrap().user = Some("u".into());
        assert!(check(&half).is_err());
        let mut bad_from = cfg;
        bad_from.smtp.as_mut().unwrap().from = "nobody".into();
        assert!(check(&bad_from).is_err());
        let mut port = Config::default();
        assert!(apply_env(&mut port, env_of(&[("HUIYIN_SMTP_PORT", "x")])).is_err());
    }

    #[test]
    fn the_template_s_tables_load_uncommented_and_show_redacted() {
        let text: String = TEMPLATE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let mut cfg: Config = toml::from_str(&text).unwrap();
        check(&cfg).unwrap();
        assert_eq!(
            cfg.sms_gateway.as_ref().unwrap().signature,
            "【某某教育局】"
        );
        assert_eq!(cfg.smtp.as_ref().unwrap().port, 25);
        cfg.smtp.as_mut().unwrap().user = Some("u".into());
        cfg.smtp.as_mut().unwrap().password = Some("p".into());
        redact(&mut cfg);
        let shown = toml::to_string(&cfg).unwrap();
        assert!(!shown.contains("\"p\"") && shown.contains("***"), "{shown}");
        let back: Config = toml::from_str(&shown).unwrap();
        assert_eq!(back.smtp.unwrap().from, "回音 <huiyin@edu.example.cn>");
    }
}
