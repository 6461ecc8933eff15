//! Real delivery of the outbox (issue 17 item 3), against local stand-ins the test starts on
//! 127.0.0.1:0: SMS through the HTTP gateway (fields, the idempotency key = the message id,
//! 500 retried then sent, 400 failed with the provider's message, a further pass sends
//! nothing, a claimed message left alone until its claim expires and then sent under the same
//! key) and e-mail through SMTP (To, Subject, Message-ID, the Chinese body intact; 451 retried,
//! 550 failed). Contacts are set through the API and the app's command-line use case.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::collections::BTreeSet;

use huiyin_app::{AppConfig, ContactInput, SmsGatewayConfig, SmtpConfig, UserRef};
use huiyin_testkit::spawn_app_with;
use huiyin_testkit::standins::{
    SmsGateway, SmtpSink, body_text, contacts, decode_words, header, messages, red_warning,
};
use serde_json::json;

#[tokio::test]
async fn sms_through_the_gateway_retries_a_500_fails_a_400_and_never_sends_twice_at_once() {
    let gw = SmsGateway::start().await;
    let config = AppConfig {
        sms_gateway: Some(SmsGatewayConfig {
            url: gw.url.clone(),
            account: Some("huiyin-test".into()),
            token: Some("secret-token".into()),
            signature: "【某某教育局】".into(),
            template_id: "SMS_0001".into(),
        }),
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    let by_phone = contacts(&t).await;
    let admin = t.token("admin").await;
    // The API sets contacts too: administrators only, a bad number refused with its field.
    let county_id = t
        .app
        .set_user_contact(
            None,
            UserRef::Username("county".into()),
            ContactInput {
                phone: Some("13900000007".into()),
                email: Some("county@edu.test".into()),
            },
        )
        .await
        .unwrap()
        .user_id;
    let path = format!("/api/v1/users/{county_id}/contact");
    let (status, e) = t
        .put_json(
            &path,
            Some(&admin),
            &json!({"phone": "12345", "email": "county@edu.test"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].clone()),
        (422, json!("request.invalid")),
        "{e}"
    );
    assert!(
        e["fields"]["phone"].is_object() || e["fields"]["phone"].is_string(),
        "{e}"
    );
    let (status, _) = t
        .put_json(
            &path,
            Some(&t.token("school").await),
            &json!({"phone": "13900000007"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, v) = t
        .put_json(
            &path,
            Some(&admin),
            &json!({"phone": "+86 139-0000-0007", "email": "county@edu.test"}),
        )
        .await;
    assert_eq!(
        (status, v["phone"].clone()),
        (200, json!("139****0007")),
        "{v}"
    );

    red_warning(&t).await;
    let sms = messages(&t, "sms").await;
    assert_eq!(sms.len(), 2, "office and leaders: {sms:?}");
    // The first SMS meets a 500, the second a 400; later ones are accepted.
    gw.script.lock().unwrap().extend([
        (500, json!({"success": false, "message": "upstream busy"})),
        (400, json!({"success": false, "message": "模板参数不合规"})),
    ]);
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(
        (pass.failed, pass.sent, pass.waiting),
        (2, 2, 1),
        "two SMS tried, two in-app, the e-mail without a transport: {pass:?}"
    );
    let reqs = gw.requests();
    assert_eq!(reqs.len(), 2);
    for (r, m) in reqs.iter().zip(&sms) {
        let key = format!("huiyin-{}", m["id"]);
        assert_eq!(r.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(r.body["idempotency_key"], json!(key));
        assert_eq!(r.body["message_id"], m["id"]);
        assert_eq!(r.authorization.as_deref(), Some("Bearer secret-token"));
        assert_eq!(
            (
                r.body["signature"].clone(),
                r.body["template_id"].clone(),
                r.body["account"].clone()
            ),
            (
                json!("【某某教育局】"),
                json!("SMS_0001"),
                json!("huiyin-test")
            )
        );
        let text = r.body["params"]["text"].as_str().unwrap();
        assert_eq!(
            format!("【回音】{text}"),
            m["text"].as_str().unwrap(),
            "the signature stands for 【回音】"
        );
        assert!(
            !text.contains("跳楼") && !text.contains("李娜"),
            "no case content: {text}"
        );
        let to: BTreeSet<&str> = r.body["phones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| by_phone[p.as_str().unwrap()].as_str())
            .collect();
        assert!(
            !to.is_empty() && !to.contains("school") && !to.contains("registrar2"),
            "{to:?}"
        );
    }
    let to = |r: &huiyin_testkit::standins::SmsRequest| -> BTreeSet<String> {
        r.body["phones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| by_phone[p.as_str().unwrap()].clone())
            .collect()
    };
    let (a, b) = (to(&reqs[0]), to(&reqs[1]));
    assert!(
        (a.contains("registrar") && b.contains("leader"))
            || (b.contains("registrar") && a.contains("leader")),
        "the office and the leaders: {a:?} {b:?}"
    );
    let now = messages(&t, "sms").await;
    assert_eq!(now[0]["status"], "failed");
    assert!(
        now[0]["last_error"].as_str().unwrap().contains("HTTP 500"),
        "{}",
        now[0]
    );
    assert!(
        now[0]["next_attempt_at"].is_string(),
        "a 500 is retried: {}",
        now[0]
    );
    assert_eq!(now[1]["status"], "failed");
    assert!(
        now[1]["last_error"]
            .as_str()
            .unwrap()
            .contains("模板参数不合规"),
        "{}",
        now[1]
    );
    assert!(
        now[1]["next_attempt_at"].is_null(),
        "a 400 is not retried: {}",
        now[1]
    );

    // Before the backoff nothing is sent; after it the 500 one is, under the same key.
    assert_eq!(t.app.deliver_outbox().await.unwrap().sent, 0);
    t.clock.set_millis(t.app.now_ms() + 3 * 60_000);
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!((pass.sent, pass.failed), (1, 0), "{pass:?}");
    let reqs = gw.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[2].idempotency_key, reqs[0].idempotency_key);
    // The 400 one goes on an operator's retry.
    let id = sms[1]["id"].as_i64().unwrap();
    let (status, v) = t
        .post_json(
            &format!("/api/v1/outbox/{id}/retry"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(t.app.deliver_outbox().await.unwrap().sent, 1);
    assert!(
        messages(&t, "sms")
            .await
            .iter()
            .all(|m| m["status"] == "sent")
    );
    // A further pass sends nothing.
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!((pass.sent, pass.failed), (0, 0), "{pass:?}");
    assert_eq!(gw.requests().len(), 4);

    // A worker sent the first one and died before marking it: it is pending under that
    // worker's claim. Another pass leaves it alone until the claim expires, then sends it
    // again under the same key (the gateway can tell the resend).
    let first = sms[0]["id"].as_i64().unwrap();
    let at = t.app.now_ms();
    t.app
        .store_for_tests()
        .execute_for_tests(&format!(
            "UPDATE outbox SET status = 'pending', sent_at = NULL, next_attempt_at = {at}, \
         claimed_by = 'dead-worker', claimed_until = {} WHERE id = {first}",
            at + 5 * 60_000
        ))
        .await
        .unwrap();
    assert!(
        !t.app
            .store_for_tests()
            .claim_outbox(first, "other", at, at + 60_000)
            .await
            .unwrap()
    );
    assert_eq!(t.app.deliver_outbox().await.unwrap().sent, 0);
    assert_eq!(gw.requests().len(), 4);
    t.clock.set_millis(at + 6 * 60_000);
    assert_eq!(t.app.deliver_outbox().await.unwrap().sent, 1);
    let reqs = gw.requests();
    assert_eq!(reqs.len(), 5);
    assert_eq!(reqs[4].idempotency_key, Some(format!("huiyin-{first}")));
    // Two passes at once: each message is claimed by one of them.
    t.app
        .store_for_tests()
        .execute_for_tests(&format!(
            "UPDATE outbox SET status = 'pending', next_attempt_at = {} WHERE channel = 'sms'",
            t.app.now_ms()
        ))
        .await
        .unwrap();
    let (a, b) = tokio::join!(t.app.deliver_outbox(), t.app.deliver_outbox());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 2, "{a:?} {b:?}");
    let keys: Vec<_> = gw.requests()[5..]
        .iter()
        .map(|r| r.idempotency_key.clone())
        .collect();
    assert_eq!(keys.len(), 2, "each message once: {keys:?}");
    assert_ne!(keys[0], keys[1]);
}

fn smtp_config(sink: &SmtpSink) -> AppConfig {
    AppConfig {
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            from: "回音 <huiyin@edu.test>".into(),
            user: None,
            password: None,
        }),
        ..AppConfig::default()
    }
}

#[tokio::test]
async fn email_through_smtp_arrives_intact_and_a_451_is_retried() {
    let sink = SmtpSink::start().await;
    let t = spawn_app_with("2026-06-30", smtp_config(&sink)).await;
    contacts(&t).await;
    red_warning(&t).await;
    let mails = messages(&t, "email").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let m = &mails[0];
    sink.script.lock().unwrap().push_back(451);
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(pass.failed, 1, "{pass:?}");
    let after = &messages(&t, "email").await[0];
    assert!(
        after["last_error"].as_str().unwrap().contains("451"),
        "{after}"
    );
    assert!(after["next_attempt_at"].is_string(), "{after}");

    t.clock.set_millis(t.app.now_ms() + 3 * 60_000);
    assert_eq!(t.app.deliver_outbox().await.unwrap().sent, 1);
    assert_eq!(messages(&t, "email").await[0]["status"], "sent");
    assert_eq!(t.app.deliver_outbox().await.unwrap(), Default::default());
    let got = sink.messages();
    assert_eq!(
        got.iter().map(|g| g.answered).collect::<Vec<_>>(),
        vec![451, 250]
    );
    let id = format!("<huiyin-{}@edu.test>", m["id"]);
    for g in &got {
        assert_eq!(
            header(&g.data, "Message-ID").as_deref(),
            Some(id.as_str()),
            "the resend is the same message"
        );
        assert_eq!(g.mail_from, "<huiyin@edu.test>");
    }
    let mail = &got[1];
    assert_eq!(
        decode_words(&header(&mail.data, "Subject").unwrap()),
        "【回音】新预警"
    );
    let to = header(&mail.data, "To").unwrap();
    let envelope: BTreeSet<String> = mail
        .rcpt_to
        .iter()
        .map(|r| r.trim_matches(['<', '>']).to_owned())
        .collect();
    assert!(
        envelope.contains("registrar@edu.test") && envelope.contains("county@edu.test"),
        "{envelope:?}"
    );
    assert!(!envelope.contains("school@edu.test"), "{envelope:?}");
    for addr in &envelope {
        assert!(to.contains(&format!("<{addr}>")), "{addr} in To: {to}");
    }
    let body = body_text(&mail.data);
    assert!(
        body.contains(m["text"].as_str().unwrap()),
        "Chinese intact: {body}"
    );
    assert!(body.contains(m["text_en"].as_str().unwrap()), "{body}");
    assert!(!body.contains("跳楼") && !body.contains("李娜"), "{body}");
}

#[tokio::test]
async fn email_refused_with_550_fails_for_good_and_one_without_addresses_is_not_sent() {
    let sink = SmtpSink::start().await;
    let t = spawn_app_with("2026-06-30", smtp_config(&sink)).await;
    red_warning(&t).await;
    // Nobody has an address yet: failed at once, nothing sent.
    assert_eq!(t.app.deliver_outbox().await.unwrap().failed, 1);
    let m = &messages(&t, "email").await[0];
    assert!(
        m["last_error"].as_str().unwrap().contains("未登记电子邮箱"),
        "{m}"
    );
    assert!(m["next_attempt_at"].is_null(), "{m}");
    assert!(sink.messages().is_empty());

    contacts(&t).await;
    let id = m["id"].as_i64().unwrap();
    let admin = t.token("admin").await;
    let (status, _) = t
        .post_json(
            &format!("/api/v1/outbox/{id}/retry"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    sink.script.lock().unwrap().push_back(550);
    assert_eq!(t.app.deliver_outbox().await.unwrap().failed, 1);
    let m = &messages(&t, "email").await[0];
    assert_eq!(m["status"], "failed");
    assert!(m["last_error"].as_str().unwrap().contains("550"), "{m}");
    assert!(m["next_attempt_at"].is_null(), "a 550 is not retried: {m}");
    t.clock.set_millis(t.app.now_ms() + 60 * 60_000);
    let pass = t.app.deliver_outbox().await.unwrap();
    assert_eq!(
        (pass.sent, pass.failed),
        (0, 0),
        "only the SMS without a transport: {pass:?}"
    );
    assert_eq!(sink.messages().len(), 1);
}
