//! The outbox's administration page (`/admin/outbox`, issue 13 item 2): the messages a system
//! administrator sees with their event, channel, recipient, status, attempts, last error and
//! times; paged; filtered by status and channel (a filter that does not read is named); a failed
//! message sent again from the page (confirmed, CSRF, audited); and refused to everyone else,
//! case workers included (they read their messages in their notifications and the API).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::AppConfig;
use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app_with};
use serde_json::json;

const PAGE: &str = "/admin/outbox";

/// The ids of the rows of a page, in order, with their status and channel.
fn rows(html: &str) -> Vec<(i64, String, String)> {
    html.split("<tr data-message=\"")
        .skip(1)
        .map(|r| {
            let attr = |name: &str| {
                let at = r.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                r[at..].split('"').next().unwrap().to_owned()
            };
            let id = r.split('"').next().unwrap().parse().unwrap();
            (id, attr("data-status"), attr("data-channel"))
        })
        .collect()
}

/// A red warning at the county (five messages: its office in-app, by e-mail and SMS, its
/// leaders in-app and by SMS) and six 较大 incidents at the school (four reports owed each, two
/// in-app messages per report: 48).
async fn seed(t: &TestApp) {
    let registrar = t.token("registrar").await;
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(3);
    v["content"] = json!("再不退费就从教学楼跳楼");
    v["petitioners"] = json!([{"name": "李娜", "representative": true}]);
    t.register(&registrar, &v).await;
    let county = t.token("county").await;
    for i in 0..6 {
        let body = json!({
            "title": format!("家长聚集第一小学校门口{i}"),
            "level": "major",
            "unit_id": t.units.school,
            "occurred_at": "2026-06-30T11:45:00+08:00",
            "people_count": 40,
            "description": "约40名家长因学区划片调整在校门口聚集。",
        });
        let (status, r) = t.post_json("/api/v1/incidents", Some(&county), &body).await;
        assert_eq!(status, 201, "{r}");
    }
}

#[tokio::test]
async fn an_administrator_reads_filters_and_retries_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    // The SMS spool does not exist: SMS fails; no e-mail spool: e-mail waits, pending.
    let config = AppConfig {
        sms_spool_dir: Some(dir.path().join("missing")),
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    seed(&t).await;
    t.app.deliver_outbox().await.unwrap();
    // 53 messages: 2 + 48 in-app sent, 2 SMS failed, 1 e-mail pending.
    let admin = sign_in(&t, "admin").await;

    let (status, html) = get(&t, &admin, PAGE).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("href=\"/admin/outbox\" aria-current=\"page\"")
            && html.contains("消息发件箱"),
        "the tab: {html}"
    );
    assert!(
        html.contains("data-count=\"pending\">待发送 1")
            && html.contains("data-count=\"sent\">已发送 50")
            && html.contains("data-count=\"failed\">发送失败 2")
            && html.contains("共 53 条"),
        "{html}"
    );
    // Newest first, 50 a page: the incidents' messages, then page 2 holds the warning's.
    let first = rows(&html);
    assert_eq!(first.len(), 50);
    assert!(first.windows(2).all(|w| w[0].0 > w[1].0), "newest first");
    assert!(
        html.contains("事件待报告") && html.contains("站内消息") && html.contains("某区第一小学"),
        "{html}"
    );
    assert!(html.contains("rel=\"next\" ") || html.contains("href=\"/admin/outbox?page=2\""));
    let (_, second) = get(&t, &admin, &format!("{PAGE}?page=2")).await;
    let second_rows = rows(&second);
    assert_eq!(second_rows.len(), 3, "{second}");
    assert!(
        second_rows
            .iter()
            .all(|r| !first.iter().any(|f| f.0 == r.0))
    );
    assert!(
        second.contains("新预警")
            && second.contains("红色预警")
            && second.contains("短信")
            && second.contains("电子邮件")
            && second.contains("某区教育局 · 单位负责人"),
        "{second}"
    );
    // No text carries the petition's words.
    for page in [&html, &second] {
        assert!(
            !page.contains("跳楼") && !page.contains("学区划片"),
            "no content"
        );
    }

    // Filters: by status, by channel, both; a value that does not read is named, 422.
    let (_, failed) = get(&t, &admin, &format!("{PAGE}?status=failed")).await;
    let failed_rows = rows(&failed);
    assert_eq!(failed_rows.len(), 2, "{failed}");
    assert!(
        failed_rows
            .iter()
            .all(|(_, s, c)| s == "failed" && c == "sms")
    );
    assert_eq!(failed.matches("data-testid=\"retry\"").count(), 2);
    assert!(
        failed.contains("data-testid=\"last-error\"") && failed.contains("spool"),
        "{failed}"
    );
    assert!(failed.contains("<option value=\"failed\" selected>"));
    let (_, email) = get(&t, &admin, &format!("{PAGE}?channel=email")).await;
    assert_eq!(rows(&email).len(), 1, "{email}");
    assert!(
        rows(&email)
            .iter()
            .all(|(_, s, c)| s == "pending" && c == "email")
    );
    assert!(!email.contains("data-testid=\"retry\""), "only failed ones");
    let (_, sent_sms) = get(&t, &admin, &format!("{PAGE}?status=sent&channel=sms")).await;
    assert!(rows(&sent_sms).is_empty(), "{sent_sms}");
    assert!(sent_sms.contains("data-testid=\"no-messages\""));
    let (_, in_app) = get(&t, &admin, &format!("{PAGE}?channel=in_app&page=2")).await;
    assert!(
        rows(&in_app).is_empty(),
        "50 in-app messages fit page 1: {in_app}"
    );
    let (status, bad) = get(&t, &admin, &format!("{PAGE}?status=lost&channel=pigeon")).await;
    assert_eq!(status, 422, "{bad}");
    assert!(
        bad.contains("data-testid=\"errors\"") && bad.contains("状态应为 pending、sent 或 failed"),
        "{bad}"
    );

    // Retry: confirmed first, CSRF; the message is pending again and audited.
    let (id, _, _) = failed_rows[0].clone();
    assert!(failed.contains(&format!(
        "action=\"/admin/outbox/{id}/retry\" data-confirm=\""
    )));
    let csrf = csrf_of(&failed);
    let path = format!("{PAGE}/{id}/retry");
    let (status, _) = post(&t, &admin, &path, &[("status", "failed")]).await;
    assert_eq!(status, 403, "no CSRF token");
    let (status, html) = post(&t, &admin, &path, &[("_csrf", &csrf), ("status", "failed")]).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-testid=\"done\"") && html.contains("已重新排队"),
        "{html}"
    );
    let after = rows(&html);
    assert_eq!(after.len(), 1, "the filter kept: {html}");
    assert!(after.iter().all(|(other, _, _)| *other != id));
    let (_, pending) = get(&t, &admin, &format!("{PAGE}?status=pending&channel=sms")).await;
    assert_eq!(
        rows(&pending).iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![id]
    );
    // Not failed any more: a conflict; no such message: not found; both named.
    let (status, html) = post(&t, &admin, &path, &[("_csrf", &csrf)]).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("data-testid=\"errors\""), "{html}");
    let (status, _) = post(
        &t,
        &admin,
        &format!("{PAGE}/999999/retry"),
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(status, 404);
    let (_, audit) = get(
        &t,
        &sign_in(&t, "auditor").await,
        "/audit?action=outbox.retry",
    )
    .await;
    assert!(audit.contains("data-action=\"outbox.retry\""), "{audit}");

    // English.
    let res = huiyin_testkit::pages::client()
        .get(t.url(&format!("{PAGE}?status=failed")))
        .header("cookie", format!("{admin}; hy_lang=en"))
        .send()
        .await
        .unwrap();
    let en = res.text().await.unwrap();
    assert!(
        en.contains("Outbox") && en.contains("Send again") && en.contains("SMS"),
        "{en}"
    );

    // The administration tabs link it.
    let (_, units) = get(&t, &admin, "/admin/units").await;
    assert!(units.contains("href=\"/admin/outbox\""), "{units}");
}

#[tokio::test]
async fn nobody_but_a_system_administrator_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig {
        sms_spool_dir: Some(dir.path().join("missing")),
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    seed(&t).await;
    t.app.deliver_outbox().await.unwrap();
    let admin = sign_in(&t, "admin").await;
    let (_, failed) = get(&t, &admin, &format!("{PAGE}?status=failed")).await;
    let (id, _, _) = rows(&failed)[0].clone();
    // Case workers (who read their messages by the API), leaders, auditors: 403, and a retry
    // posted with their own valid token changes nothing.
    for user in [
        "county",
        "registrar",
        "leader",
        "auditor",
        "city_supervisor",
    ] {
        let cookie = sign_in(&t, user).await;
        let (status, html) = get(&t, &cookie, PAGE).await;
        assert_eq!(status, 403, "{user}: {html}");
        assert!(!html.contains("data-message="), "{user}");
        let (_, home) = get(&t, &cookie, "/").await;
        let (status, _) = post(
            &t,
            &cookie,
            &format!("{PAGE}/{id}/retry"),
            &[("_csrf", &csrf_of(&home))],
        )
        .await;
        assert_eq!(status, 403, "{user}");
    }
    let (_, still) = get(&t, &admin, &format!("{PAGE}?status=failed")).await;
    assert_eq!(rows(&still).len(), 2, "nothing was retried");
}
