//! The outbox page and the SMS and e-mail transports through the firewall.

use super::*;

/// The outbox page (`/admin/outbox`, system administrators; issue 13 item 2): a message about a
/// warning behind an accusation never shows to an administrator of the accused county, whatever
/// the status, channel or page asked (nor through `GET /api/v1/outbox` with the same filters),
/// and a retry of it is not found; an administrator above sees every one (so the sweep can fail).
/// One message per warning and channel is written as the store writes them, addressed to the
/// county (which the rule never addresses for an accusation: so the list's own firewall is what
/// is tested), its text naming the case's word; the delivery pass leaves the in-app ones sent,
/// the SMS failed (no spool) and the e-mail pending. Case workers of every standing get 403.
#[tokio::test]
async fn the_outbox_page_never_shows_the_accused_unit_a_message_about_an_accusation() {
    let dir = tempfile::tempdir().unwrap();
    let config = huiyin_app::AppConfig {
        sms_spool_dir: Some(dir.path().join("missing")),
        ..huiyin_app::AppConfig::default()
    };
    let t = huiyin_testkit::spawn_app_with("2026-06-30", config).await;
    let cases = seed(&t).await;
    for (username, unit_id) in [
        ("county_admin", t.units.county),
        ("city_admin", t.units.city),
    ] {
        t.app
            .create_user(
                None,
                huiyin_app::NewUserInput {
                    username: username.into(),
                    password: huiyin_testkit::PASSWORD.into(),
                    display_name: format!("测试{username}"),
                    unit_id,
                    roles: vec![huiyin_core::role::Role::Admin],
                },
            )
            .await
            .unwrap();
    }
    let (_, warnings) = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await;
    let now = t.app.now_ms();
    for c in &cases {
        let w = warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            // Its own `sensitive` warning (a warning behind several cases, one an accusation,
            // is hidden with it).
            .find(|w| w["kind"] == "sensitive" && w["case_ids"] == json!([c.id]))
            .unwrap_or_else(|| panic!("a warning on the {:?} case: {warnings}", c.kind));
        let drafts: Vec<huiyin_store::OutboxDraft> = huiyin_core::outbox::Channel::ALL
            .iter()
            .map(|channel| huiyin_store::OutboxDraft {
                event: huiyin_core::outbox::OutboxEvent::WarningRaised,
                recipient_unit_id: Some(t.units.county),
                audience: Some(huiyin_core::outbox::Audience::Office),
                recipient_user_id: None,
                channel: *channel,
                text_zh: format!("【回音】关于{}的预警", word(c.kind)),
                text_en: format!("[Huiyin] a warning about {}", word(c.kind)),
                key: "firewall-matrix".into(),
            })
            .collect();
        t.app
            .store_for_tests()
            .insert_outbox(
                huiyin_store::OutboxSubject::Warning(w["id"].as_i64().unwrap()),
                &drafts,
                now,
            )
            .await
            .unwrap();
    }
    t.app.deliver_outbox().await.unwrap();
    let filters: Vec<String> = ["", "pending", "sent", "failed"]
        .iter()
        .flat_map(|s| {
            ["", "in_app", "sms", "email"]
                .iter()
                .flat_map(move |c| (1..=2).map(move |p| format!("status={s}&channel={c}&page={p}")))
        })
        .collect();
    for (user, standing) in [
        ("county_admin", Standing::AccusedUnitStaff),
        ("city_admin", Standing::Above),
    ] {
        let cookie = sign_in(&t, user).await;
        let token = t.token(user).await;
        let mut seen = String::new();
        for q in &filters {
            let (status, page) = get(&t, &cookie, &format!("/admin/outbox?{q}")).await;
            assert_eq!(status, 200, "{user} {q}: {page}");
            let (status, api) = t
                .get(&format!("/api/v1/outbox?{q}&per_page=50"), Some(&token))
                .await;
            assert_eq!(status, 200, "{user} {q}: {api}");
            for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
                for (what, text) in [("page", &page), ("API", &api.to_string())] {
                    assert!(
                        !text.contains(word(c.kind)) && !text.contains(&c.number),
                        "{user} ({standing:?}) meets the {:?} case in the outbox {what} ({q})",
                        c.kind
                    );
                }
            }
            seen.push_str(&page);
        }
        // Every message the reader may see shows under some filter.
        for c in cases.iter().filter(|c| sees(standing, c.kind)) {
            assert!(
                seen.contains(&format!("关于{}的预警", word(c.kind))),
                "{user} ({standing:?}): the {:?} case's messages",
                c.kind
            );
        }
    }
    // A hidden failed message cannot be retried from the accused county: not found, unchanged.
    let (_, failed) = t
        .get(
            "/api/v1/outbox?status=failed&per_page=200",
            Some(&t.token("city_admin").await),
        )
        .await;
    let hidden = failed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["text"]
                .as_str()
                .unwrap()
                .contains(word(CaseKind::Accusation))
        })
        .unwrap_or_else(|| panic!("the accusation's SMS failed: {failed}"))["id"]
        .as_i64()
        .unwrap();
    let county_admin = sign_in(&t, "county_admin").await;
    let (_, home) = get(&t, &county_admin, "/admin/outbox").await;
    let (status, html) = huiyin_testkit::pages::post(
        &t,
        &county_admin,
        &format!("/admin/outbox/{hidden}/retry"),
        &[("_csrf", &huiyin_testkit::pages::csrf_of(&home))],
    )
    .await;
    assert_eq!(status, 404, "{html}");
    assert!(!html.contains(word(CaseKind::Accusation)), "{html}");
    let (_, still) = t
        .get(
            "/api/v1/outbox?status=failed&per_page=200",
            Some(&t.token("city_admin").await),
        )
        .await;
    assert!(
        still["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == hidden)
    );
    // Case workers of every standing: the page is not theirs.
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let (status, page) = get(&t, &sign_in(&t, user).await, "/admin/outbox").await;
            assert_eq!(status, 403, "{user}");
            assert!(!page.contains("data-message="), "{user}");
        }
    }
}

/// SMS through the HTTP gateway and e-mail through SMTP (issue 17 item 3): messages about each
/// case's warning, written as the store writes them to the office and the leaders of the accused
/// county and of the city (the rule never addresses the accused side: so the worker's own
/// per-user wall is what is tested), reach no user of a standing that may not see the case, at
/// the gateway stand-in or the SMTP sink; each case's messages reach somebody (so the sweep can
/// fail).
#[tokio::test]
async fn sms_and_email_through_the_transports_never_reach_who_may_not_see_the_case() {
    use huiyin_core::outbox::{Audience, Channel, OutboxEvent};
    use huiyin_testkit::standins::{SmsGateway, SmtpSink, body_text, contacts};
    let gw = SmsGateway::start().await;
    let sink = SmtpSink::start().await;
    let config = huiyin_app::AppConfig {
        sms_gateway: Some(huiyin_app::SmsGatewayConfig {
            url: gw.url.clone(),
            signature: "【某某教育局】".into(),
            template_id: "SMS_0001".into(),
            ..Default::default()
        }),
        smtp: Some(huiyin_app::SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            from: "huiyin@edu.test".into(),
            ..Default::default()
        }),
        ..huiyin_app::AppConfig::default()
    };
    let t = huiyin_testkit::spawn_app_with("2026-06-30", config).await;
    let cases = seed(&t).await;
    let by_phone = contacts(&t).await;
    let (_, warnings) = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await;
    for c in &cases {
        let w = warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == "sensitive" && w["case_ids"] == json!([c.id]))
            .unwrap_or_else(|| panic!("a warning on the {:?} case: {warnings}", c.kind));
        let mut drafts = Vec::new();
        for unit in [t.units.county, t.units.city] {
            for audience in [Audience::Office, Audience::Leaders] {
                for channel in [Channel::Sms, Channel::Email] {
                    drafts.push(huiyin_store::OutboxDraft {
                        event: OutboxEvent::WarningRaised,
                        recipient_unit_id: Some(unit),
                        audience: Some(audience),
                        recipient_user_id: None,
                        channel,
                        text_zh: format!("【回音】关于{}的预警", word(c.kind)),
                        text_en: format!("[Huiyin] a warning about {}", word(c.kind)),
                        key: "firewall-matrix-transports".into(),
                    });
                }
            }
        }
        t.app
            .store_for_tests()
            .insert_outbox(
                huiyin_store::OutboxSubject::Warning(w["id"].as_i64().unwrap()),
                &drafts,
                t.app.now_ms(),
            )
            .await
            .unwrap();
    }
    t.app.deliver_outbox().await.unwrap();
    // Who received which text, by SMS and by e-mail.
    let mut got: Vec<(String, String)> = Vec::new();
    for r in gw.requests() {
        let text = r.body["params"]["text"].as_str().unwrap().to_owned();
        for p in r.body["phones"].as_array().unwrap() {
            got.push((by_phone[p.as_str().unwrap()].clone(), text.clone()));
        }
    }
    for m in sink.messages() {
        let text = body_text(&m.data);
        for rcpt in &m.rcpt_to {
            let name = rcpt.trim_matches(['<', '>']).split('@').next().unwrap();
            got.push((name.to_owned(), text.clone()));
        }
    }
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            for c in cases.iter().filter(|c| !sees(*standing, c.kind)) {
                assert!(
                    !got.iter()
                        .any(|(u, text)| u == user && text.contains(word(c.kind))),
                    "{user} ({standing:?}) was sent the {:?} case's message",
                    c.kind
                );
            }
        }
    }
    for c in &cases {
        assert!(
            got.iter().any(|(_, text)| text.contains(word(c.kind))),
            "the {:?} case's messages reach somebody: {got:?}",
            c.kind
        );
    }
}
