//! Behind a reverse proxy (issue 17 item 1): with the proxy configured as trusted, the client
//! is the address its `X-Forwarded-For` names — in the sign-in history of the audit trail, for
//! the API and the pages — and a forged entry left of it changes nothing; without the setting
//! the header is ignored and the TCP peer is the client.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_core::trusted_proxies::TrustedProxies;
use huiyin_testkit::{PASSWORD, TestApp, spawn_app_web};
use huiyin_web::WebConfig;
use serde_json::json;

/// Signs `county` in through the API and the sign-in page with `X-Forwarded-For: forwarded`;
/// answers the addresses of the last two sign-ins in the audit trail.
async fn sign_ins_from(t: &TestApp, forwarded: &str) -> Vec<String> {
    let auditor = t.token("auditor").await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"username": "county", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = huiyin_testkit::pages::client()
        .post(t.url("/login"))
        .header("x-forwarded-for", forwarded)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=county&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let (status, v) = t
        .get("/api/v1/audit?action=sign_in&per_page=2", Some(&auditor))
        .await;
    assert_eq!(status, 200, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_a_forged_entry_is_ignored() {
    let web = WebConfig {
        plain_http: true,
        trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
        ..WebConfig::default()
    };
    let t = spawn_app_web("2026-06-30", web).await;
    let seen = sign_ins_from(&t, "6.6.6.6, 203.0.113.7").await;
    assert_eq!(seen, ["203.0.113.7", "203.0.113.7"]);
}

#[tokio::test]
async fn without_trusted_proxies_the_header_is_ignored() {
    let web = WebConfig {
        plain_http: true,
        ..WebConfig::default()
    };
    let t = spawn_app_web("2026-06-30", web).await;
    let seen = sign_ins_from(&t, "203.0.113.7").await;
    assert_eq!(seen, ["127.0.0.1", "127.0.0.1"]);
}
