//! Local stand-ins for the outbox's transports (issue 17 item 3), started by a test on
//! 127.0.0.1:0: an SMS gateway (axum) and an SMTP sink (tokio), each recording what arrives
//! and answering as the test scripts it. Nothing leaves the machine. Also the helpers of the
//! delivery tests: contacts for the seeded users, a warning that sends SMS and e-mail.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use huiyin_app::{ContactInput, UserRef};

use crate::{TestApp, letter};

/// One request the SMS gateway stand-in received.
#[derive(Clone, Debug)]
pub struct SmsRequest {
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    pub body: Value,
}

/// The SMS gateway stand-in: POST /sms/send records the request and answers the next scripted
/// (status, body), or 200 `{"success": true}` when the script is empty.
#[derive(Clone, Default)]
pub struct SmsGateway {
    pub url: String,
    pub requests: Arc<Mutex<Vec<SmsRequest>>>,
    pub script: Arc<Mutex<VecDeque<(u16, Value)>>>,
}

async fn sms_send(
    State(gw): State<SmsGateway>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let header = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    gw.requests.lock().unwrap().push(SmsRequest {
        idempotency_key: header("idempotency-key"),
        authorization: header("authorization"),
        body,
    });
    let (status, answer) = gw
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or((200, json!({"success": true, "message": "OK"})));
    (StatusCode::from_u16(status).unwrap(), Json(answer))
}

impl SmsGateway {
    /// Starts the stand-in; its `url` is ready when this returns (the listener is bound).
    pub async fn start() -> SmsGateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gw = SmsGateway {
            url: format!("http://{}/sms/send", listener.local_addr().unwrap()),
            ..SmsGateway::default()
        };
        let router = axum::Router::new()
            .route("/sms/send", axum::routing::post(sms_send))
            .with_state(gw.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        gw
    }

    pub fn requests(&self) -> Vec<SmsRequest> {
        self.requests.lock().unwrap().clone()
    }
}

/// One message the SMTP sink received (the transaction reached the end of DATA).
#[derive(Clone, Debug)]
pub struct SmtpMessage {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent, dot-stuffing undone, lines joined by `\n`.
    pub data: String,
    /// The sink's answer to it (250 accepted).
    pub answered: u16,
}

/// The SMTP sink: greets, takes EHLO/HELO, MAIL FROM, RCPT TO, DATA … `.`, RSET, QUIT, and
/// answers each message's end of data with the next scripted code (250 when empty).
#[derive(Clone, Default)]
pub struct SmtpSink {
    pub port: u16,
    pub messages: Arc<Mutex<Vec<SmtpMessage>>>,
    pub script: Arc<Mutex<VecDeque<u16>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            port: listener.local_addr().unwrap().port(),
            ..SmtpSink::default()
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(stream).await;
                });
            }
        });
        sink
    }

    pub fn messages(&self) -> Vec<SmtpMessage> {
        self.messages.lock().unwrap().clone()
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = stream.into_split();
        let mut lines = BufReader::new(r).lines();
        w.write_all(b"220 sink.test ESMTP stand-in\r\n").await?;
        let (mut from, mut rcpt) = (String::new(), Vec::new());
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: String = if upper.starts_with("EHLO") {
                "250-sink.test\r\n250 8BITMIME".into()
            } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
                "250 sink.test".into()
            } else if upper.starts_with("MAIL FROM:") {
                from = line[10..].trim().to_owned();
                rcpt.clear();
                "250 OK".into()
            } else if upper.starts_with("RCPT TO:") {
                rcpt.push(line[8..].trim().to_owned());
                "250 OK".into()
            } else if upper == "DATA" {
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = Vec::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push(l.strip_prefix('.').map(str::to_owned).unwrap_or(l));
                }
                let code = self.script.lock().unwrap().pop_front().unwrap_or(250);
                self.messages.lock().unwrap().push(SmtpMessage {
                    mail_from: from.clone(),
                    rcpt_to: rcpt.clone(),
                    data: data.join("\n"),
                    answered: code,
                });
                match code {
                    250 => "250 OK queued".into(),
                    451 => "451 4.3.0 try again later".into(),
                    c => format!("{c} 5.7.1 refused by the sink"),
                }
            } else if upper == "RSET" {
                rcpt.clear();
                "250 OK".into()
            } else if upper == "QUIT" {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                "502 not implemented".into()
            };
            w.write_all(format!("{reply}\r\n").as_bytes()).await?;
        }
        Ok(())
    }
}

/// The value of a header of a message (folded lines unfolded), if present.
pub fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\n\n").next().unwrap_or("");
    let mut out: Option<String> = None;
    for line in head.lines() {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(v) = out.as_mut() {
                v.push_str(line);
            }
            continue;
        }
        if out.is_some() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case(name)
        {
            out = Some(v.trim().to_owned());
        }
    }
    out
}

/// Base64 (standard alphabet, padding and whitespace ignored).
pub fn base64_decode(s: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes() {
        let Some(v) = ABC.iter().position(|&a| a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable (soft line breaks joined).
pub fn quoted_printable_decode(s: &str) -> Vec<u8> {
    let joined = s.replace("=\n", "");
    let b = joined.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        if b[i] == b'='
            && let Some(h) = joined.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// A header value with its RFC 2047 encoded words (`=?utf-8?b?…?=`, `?q?`) decoded.
pub fn decode_words(v: &str) -> String {
    let mut out = String::new();
    for word in v.split_whitespace() {
        let parts: Vec<&str> = word.split('?').collect();
        if parts.len() == 5 && parts[0] == "=" && parts[4] == "=" {
            let bytes = if parts[2].eq_ignore_ascii_case("b") {
                base64_decode(parts[3])
            } else {
                quoted_printable_decode(&parts[3].replace('_', " "))
            };
            out.push_str(&String::from_utf8_lossy(&bytes));
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The body of a single-part message, decoded by its Content-Transfer-Encoding.
pub fn body_text(data: &str) -> String {
    let body = data.split_once("\n\n").map(|(_, b)| b).unwrap_or("");
    let cte = header(data, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match cte.as_str() {
        "base64" => base64_decode(body),
        "quoted-printable" => quoted_printable_decode(body),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8(bytes).expect("UTF-8 body")
}

const USERS: [&str; 15] = [
    "province",
    "city",
    "city_supervisor",
    "registrar",
    "discipline",
    "handler",
    "leader",
    "county",
    "school",
    "school_handler",
    "school2",
    "sibling",
    "sibling_school",
    "admin",
    "registrar2",
];

/// Gives every seeded user but the last a phone `139000000NN` and an address `<name>@edu.test`;
/// returns username by phone.
pub async fn contacts(t: &TestApp) -> BTreeMap<String, String> {
    let mut by_phone = BTreeMap::new();
    for (i, name) in USERS.iter().enumerate().take(USERS.len() - 1) {
        let phone = format!("139000000{i:02}");
        t.app
            .set_user_contact(
                None,
                UserRef::Username((*name).into()),
                ContactInput {
                    phone: Some(phone.clone()),
                    email: Some(format!("{name}@edu.test")),
                },
            )
            .await
            .unwrap();
        by_phone.insert(phone, (*name).to_owned());
    }
    by_phone
}

/// Registers a visit whose content raises a red sensitive warning at the county: SMS to its
/// office and leaders, e-mail to its office.
pub async fn red_warning(t: &TestApp) {
    let registrar = t.token("registrar").await;
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(3);
    v["content"] = json!("再不退费就从教学楼跳楼");
    v["petitioners"] = json!([{"name": "李娜", "representative": true}]);
    t.register(&registrar, &v).await;
}

/// The outbox's messages of a channel as the administrator lists them, oldest first.
pub async fn messages(t: &TestApp, channel: &str) -> Vec<Value> {
    let (status, v) = t
        .get("/api/v1/outbox?per_page=200", Some(&t.token("admin").await))
        .await;
    assert_eq!(status, 200, "{v}");
    let mut out: Vec<Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["channel"] == channel)
        .cloned()
        .collect();
    out.sort_by_key(|m| m["id"].as_i64());
    out
}
