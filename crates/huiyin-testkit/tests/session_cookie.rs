//! The staff pages' cookies are `Secure` unless the server is configured as reached over
//! plain HTTP (`plain_http`; `serve --demo` and the testkit).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post_form, sign_in};
use huiyin_testkit::{TestApp, spawn_app, spawn_app_web};
use huiyin_web::WebConfig;

/// The `Set-Cookie` headers of signing in, switching the language and signing out.
async fn cookies(t: &TestApp) -> Vec<String> {
    let sign_in_res = post_form(
        t,
        "",
        "/login",
        &[
            ("username", "registrar"),
            ("password", huiyin_testkit::PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    assert_eq!(sign_in_res.status(), 303);
    let session = sign_in_res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let lang = huiyin_testkit::pages::client()
        .get(t.url("/lang/en?back=/"))
        .send()
        .await
        .unwrap();
    let lang = lang.headers()["set-cookie"].to_str().unwrap().to_owned();
    let pair = session.split(';').next().unwrap().to_owned();
    let (_, html) = get(t, &pair, "/").await;
    let out = post_form(t, &pair, "/logout", &[("_csrf", &csrf_of(&html))]).await;
    assert_eq!(out.status(), 303);
    let cleared = out.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    vec![session, lang, cleared]
}

fn is_secure(cookie: &str) -> bool {
    cookie
        .split(';')
        .any(|a| a.trim().eq_ignore_ascii_case("secure"))
}

#[tokio::test]
async fn cookies_are_secure_by_default() {
    let t = spawn_app_web("2026-06-30", WebConfig::default()).await;
    for c in cookies(&t).await {
        assert!(is_secure(&c), "{c}");
        assert!(c.contains("SameSite=Strict") && c.contains("Path=/"), "{c}");
    }
    // The Secure session cookie is a working session (the test client sends it back itself).
    let cookie = sign_in(&t, "registrar").await;
    assert_eq!(get(&t, &cookie, "/").await.0, 200);
}

#[tokio::test]
async fn cookies_are_not_secure_when_served_over_plain_http() {
    let t = spawn_app().await;
    for c in cookies(&t).await {
        assert!(!is_secure(&c), "{c}");
        assert!(c.contains("SameSite=Strict") && c.contains("Path=/"), "{c}");
    }
}
