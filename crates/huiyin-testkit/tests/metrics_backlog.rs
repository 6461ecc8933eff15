//! Issue 17 item 4: `/metrics` carries the operators' backlog — job queue depth, outbox backlog,
//! warnings not resolved — and each figure equals what the database holds, counted here through
//! the API; a client on another host reads it only with the metrics token.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::collections::BTreeMap;

use huiyin_core::trusted_proxies::TrustedProxies;
use huiyin_testkit::{TestApp, letter, spawn_app_web};
use huiyin_web::WebConfig;
use serde_json::{Value, json};

const TOKEN: &str = "monitoring-0123456789";

async fn app() -> TestApp {
    spawn_app_web(
        "2026-06-30",
        WebConfig {
            plain_http: true,
            trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
            metrics_token: Some(TOKEN.to_owned()),
        },
    )
    .await
}

/// The `/metrics` text read from this host.
async fn scrape(t: &TestApp) -> String {
    let res = t.client.get(t.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

/// The samples of one metric: label text (`kind="x"`) → value.
fn samples(text: &str, name: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (key, value) = l.rsplit_once(' ')?;
            let labels = if key == name {
                String::new()
            } else {
                key.strip_prefix(name)?
                    .strip_prefix('{')?
                    .strip_suffix('}')?
                    .to_owned()
            };
            Some((labels, value.parse().ok()?))
        })
        .collect()
}

fn red_visit(t: &TestApp) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(3);
    v["content"] = json!("再不退费就从教学楼跳楼");
    v["petitioners"] = json!([{"name": "李娜", "representative": true}]);
    v
}

/// The outbox's undelivered messages as the API lists them: `channel="…",status="…"` → count.
async fn outbox_backlog(t: &TestApp, admin: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for status in ["pending", "failed"] {
        let (code, v) = t
            .get(
                &format!("/api/v1/outbox?status={status}&per_page=100"),
                Some(admin),
            )
            .await;
        assert_eq!(code, 200, "{v}");
        for m in v["items"].as_array().unwrap() {
            let key = format!(
                "channel=\"{}\",status=\"{status}\"",
                m["channel"].as_str().unwrap()
            );
            *out.entry(key).or_insert(0.0) += 1.0;
        }
    }
    out
}

/// The warnings not resolved as the province's office lists them: `status=…,level=…` → count.
async fn unresolved_warnings(t: &TestApp, province: &str) -> BTreeMap<String, f64> {
    let (code, v) = t.get("/api/v1/warnings?per_page=100", Some(province)).await;
    assert_eq!(code, 200, "{v}");
    let mut out = BTreeMap::new();
    for w in v["items"].as_array().unwrap() {
        if w["status"] == "resolved" {
            continue;
        }
        let key = format!(
            "status=\"{}\",level=\"{}\"",
            w["status"].as_str().unwrap(),
            w["level"].as_str().unwrap()
        );
        *out.entry(key).or_insert(0.0) += 1.0;
    }
    out
}

#[tokio::test]
async fn the_backlog_gauges_count_what_the_database_holds() {
    let t = app().await;
    let admin = t.token("admin").await;
    let registrar = t.token("registrar").await;
    let province = t.token("province").await;

    let before = scrape(&t).await;
    assert_eq!(samples(&before, "huiyin_backlog_up")[""], 1.0, "{before}");
    assert!(
        samples(&before, "huiyin_outbox_backlog").is_empty(),
        "{before}"
    );
    assert!(samples(&before, "huiyin_warnings_unresolved").is_empty());

    // A red sensitive visit raises a warning and writes its messages; no spool is configured,
    // so SMS and e-mail stay pending.
    t.register(&registrar, &red_visit(&t)).await;
    t.register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    t.app.enqueue_daily_scan().await.unwrap();
    t.app.enqueue_retime("test").await.unwrap();
    let enqueued_at = t.app.now_ms();
    t.clock.set_millis(enqueued_at + 90_000);

    let text = scrape(&t).await;
    let warnings = unresolved_warnings(&t, &province).await;
    assert!(!warnings.is_empty(), "the red visit raised a warning");
    assert_eq!(
        samples(&text, "huiyin_warnings_unresolved"),
        warnings,
        "{text}"
    );
    let backlog = outbox_backlog(&t, &admin).await;
    assert!(!backlog.is_empty(), "the warning wrote messages");
    assert_eq!(samples(&text, "huiyin_outbox_backlog"), backlog, "{text}");
    let queued = samples(&text, "huiyin_jobs_queued");
    assert_eq!(queued.get("kind=\"deadline_scan\""), Some(&1.0), "{text}");
    assert_eq!(
        queued.get("kind=\"retime_deadlines\""),
        Some(&1.0),
        "{text}"
    );
    let due = samples(&text, "huiyin_jobs_due")[""];
    assert_eq!(
        due,
        queued.values().sum::<f64>(),
        "all queued jobs are due: {text}"
    );
    assert!(
        samples(&text, "huiyin_jobs_oldest_due_seconds")[""] >= 90.0,
        "{text}"
    );
    assert!(samples(&text, "huiyin_outbox_oldest_pending_seconds")[""] >= 90.0);

    // The runner does the jobs, the worker delivers the in-app messages; SMS and e-mail stay
    // pending (no channel configured).
    t.app.run_ready_jobs("test").await.unwrap();
    t.app.deliver_outbox().await.unwrap();
    let text = scrape(&t).await;
    assert!(samples(&text, "huiyin_jobs_queued").is_empty(), "{text}");
    assert_eq!(samples(&text, "huiyin_jobs_due")[""], 0.0);
    assert_eq!(samples(&text, "huiyin_jobs_oldest_due_seconds")[""], 0.0);
    let after = outbox_backlog(&t, &admin).await;
    assert!(after.values().sum::<f64>() < backlog.values().sum::<f64>());
    assert!(!after.keys().any(|k| k.contains("in_app")), "{after:?}");
    assert_eq!(samples(&text, "huiyin_outbox_backlog"), after, "{text}");
}

#[tokio::test]
async fn another_host_reads_the_metrics_only_with_the_token() {
    let t = app().await;
    let from_afar = |token: Option<&str>| {
        let mut req = t
            .client
            .get(t.url("/metrics"))
            .header("x-forwarded-for", "203.0.113.7");
        if let Some(tok) = token {
            req = req.header("authorization", format!("Bearer {tok}"));
        }
        req
    };
    for token in [None, Some("monitoring-012345678X")] {
        let res = from_afar(token).send().await.unwrap();
        assert_eq!(res.status(), 403);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "metrics.forbidden", "{body}");
        assert!(body["message"].as_str().unwrap().contains("监控令牌"));
    }
    // A staff user's own API token is not the metrics token.
    let staff = t.token("registrar").await;
    let res = from_afar(Some(&staff)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = from_afar(Some(TOKEN)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("huiyin_outbox_backlog"));
}
