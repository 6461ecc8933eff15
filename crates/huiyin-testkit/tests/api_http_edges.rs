//! The edges of HTTP a client meets before any handler: the `Authorization` header's forms
//! (sign-out included), answers the framework gives (body too large, wrong method, unreadable
//! query) in the CONTRACT error body, and trailing slashes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::Value;

/// Status, `Content-Type` and the body as JSON (or a string when it is not JSON).
async fn answer(res: reqwest::Response) -> (u16, String, Value) {
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, ct, v)
}

async fn me_with(t: &TestApp, authorization: &str) -> u16 {
    t.client
        .get(t.url("/api/v1/me"))
        .header("authorization", authorization)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn sign_out_reads_the_header_like_every_other_request() {
    let t = spawn_app().await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let token = t.token("county").await;
        assert_eq!(me_with(&t, &format!("{scheme} {token}")).await, 200);
        let res = t
            .client
            .post(t.url("/api/v1/auth/logout"))
            .header("authorization", format!("{scheme}  {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{scheme}");
        // The token sent with this scheme is the one that stopped working.
        assert_eq!(
            me_with(&t, &format!("Bearer {token}")).await,
            401,
            "{scheme}"
        );
        assert_eq!(
            me_with(&t, &format!("bearer {token}")).await,
            401,
            "{scheme}"
        );
    }
    // Another user's session is untouched by these sign-outs.
    let other = t.token("school").await;
    assert_eq!(me_with(&t, &format!("Bearer {other}")).await, 200);
}

fn assert_error(v: &Value, code: &str, ct: &str) {
    assert!(ct.starts_with("application/json"), "{ct}: {v}");
    assert_eq!(v["code"], code, "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

#[tokio::test]
async fn a_body_over_the_limit_gets_the_error_body_in_the_request_language() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    // Over the 2 MiB limit of every route that takes no files.
    let big = "x".repeat(2 * 1024 * 1024 + 1);
    for (lang, words) in [("zh-CN", "过大"), ("en", "larger")] {
        let res = t
            .client
            .post(t.url("/api/v1/cases"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .header("accept-language", lang)
            .body(big.clone())
            .send()
            .await
            .unwrap();
        let (s, ct, v) = answer(res).await;
        assert_eq!(s, 413, "{v}");
        assert_error(&v, "request.too_large", &ct);
        assert!(
            v["message"].as_str().unwrap().contains(words),
            "{lang}: {v}"
        );
    }
    // Sign-in too (no token yet).
    let res = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    let (s, ct, v) = answer(res).await;
    assert_eq!(s, 413);
    assert_error(&v, "request.too_large", &ct);
}

#[tokio::test]
async fn other_framework_answers_get_the_error_body() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    // A method the address does not take: 405, with the methods it does take.
    let res = t
        .client
        .delete(t.url("/api/v1/cases"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let allow = res
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned());
    let (s, ct, v) = answer(res).await;
    assert_eq!(s, 405, "{v}");
    assert_error(&v, "request.method_not_allowed", &ct);
    assert!(allow.is_some_and(|a| a.contains("GET") && a.contains("POST")));
    // A query string that cannot be read: 400, naming the parameter.
    let auditor = t.token("auditor").await;
    let res = t
        .client
        .get(t.url("/api/v1/audit?page=abc"))
        .bearer_auth(&auditor)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let (s, ct, v) = answer(res).await;
    assert_eq!(s, 400, "{v}");
    assert_error(&v, "request.bad_parameters", &ct);
    assert!(v["message"].as_str().unwrap().contains("page"), "{v}");
    // An unknown address stays a 404 with the error body.
    let (s, v) = t.get("/api/v1/no-such-thing", Some(&token)).await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn html_pages_keep_their_own_answers() {
    let t = spawn_app().await;
    let res = t
        .client
        .post(t.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x".repeat(2 * 1024 * 1024 + 1))
        .send()
        .await
        .unwrap();
    let (s, ct, _) = answer(res).await;
    assert_eq!(s, 413);
    assert!(!ct.starts_with("application/json"), "{ct}");
}

#[tokio::test]
async fn a_trailing_slash_redirects_to_the_path_without_it() {
    let t = spawn_app().await;
    let client = huiyin_testkit::pages::client();
    for (from, to) in [
        ("/public/", "/public"),
        ("/public/progress/", "/public/progress"),
        ("/login/", "/login"),
        (
            "/api/v1/calendar/deadline/?start=2026-09-30&days=5",
            "/api/v1/calendar/deadline?start=2026-09-30&days=5",
        ),
    ] {
        let res = client.get(t.url(from)).send().await.unwrap();
        assert_eq!(res.status(), 308, "{from}");
        assert_eq!(res.headers()["location"], to, "{from}");
        // And the target answers.
        let res = client.get(t.url(to)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{to}");
    }
    // Never a redirect off the site (`//host` would be another host to a browser).
    let res = client.get(t.url("//evil.example/")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("location").is_none());
}
