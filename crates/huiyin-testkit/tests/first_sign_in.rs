//! A user who must change the password (first sign-in after `huiyin admin init`): the API
//! refuses everything but the change, `me` and sign-out; the pages send them to
//! `/account/password`; the change ends their other sessions, counts wrong current passwords
//! towards the lockout, and enrols the second factor where the role requires one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::AppConfig;
use huiyin_core::role::Role;
use huiyin_testkit::pages::{client, csrf_of, form_body, get, post};
use huiyin_testkit::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use serde_json::{Value, json};

/// Obliges a seeded user to change the password at the next sign-in.
async fn must_change(t: &TestApp, username: &str) {
    let user = t
        .app
        .store_for_tests()
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap();
    let hash = huiyin_app::hash_password(PASSWORD).unwrap();
    t.app
        .store_for_tests()
        .set_password(user.id, &hash, true)
        .await
        .unwrap();
}

async fn sign_in(t: &TestApp, username: &str, password: &str) -> (u16, Value) {
    t.post_json(
        "/api/v1/auth/token",
        None,
        &json!({"username": username, "password": password}),
    )
    .await
}

/// Signs in through the form with `password`; the `hy_session=…` pair.
async fn page_sign_in(t: &TestApp, username: &str, password: &str) -> String {
    let res = client()
        .post(t.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(&[
            ("username", username),
            ("password", password),
            ("next", "/"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{username} signs in");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Where a page sends the browser (status and `Location`).
async fn redirect_of(t: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = client()
        .get(t.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let to = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), to)
}

#[tokio::test]
async fn nothing_but_the_password_change_until_it_is_done() {
    let t = spawn_app().await;
    must_change(&t, "school").await;
    let (s, v) = sign_in(&t, "school", PASSWORD).await;
    assert_eq!((s, &v["must_change_password"]), (200, &json!(true)), "{v}");
    let token = v["token"].as_str().unwrap().to_owned();
    let other = sign_in(&t, "school", PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in ["/api/v1/cases", "/api/v1/units", "/api/v1/stats/rates"] {
        let (s, v) = t.get(path, Some(&token)).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (403, Some("auth.password_change_required")),
            "{path}"
        );
    }
    let (s, me) = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!((s, &me["must_change_password"]), (200, &json!(true)));
    // The pages send the user to the password page, whatever they ask for.
    let cookie = page_sign_in(&t, "school", PASSWORD).await;
    for path in ["/", "/cases", "/register/letter"] {
        assert_eq!(
            redirect_of(&t, &cookie, path).await,
            (303, "/account/password".to_owned()),
            "{path}"
        );
    }
    let (s, html) = get(&t, &cookie, "/account/password").await;
    assert_eq!(s, 200);
    assert!(html.contains("data-testid=\"must-change\""));
    let csrf = csrf_of(&html);
    let (s, html) = post(
        &t,
        &cookie,
        "/account/password",
        &[
            ("_csrf", &csrf),
            ("old_password", PASSWORD),
            ("new_password", "New-pass-2026"),
            ("new_password2", "New-pass-2027"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("两次输入的新密码不一致"));
    // Over the API: the same password again is refused, then the change goes through.
    let change = |old: &str, new: &str| json!({"old_password": old, "new_password": new});
    let (s, v) = t
        .post_json(
            "/api/v1/auth/password",
            Some(&token),
            &change(PASSWORD, PASSWORD),
        )
        .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["new_password"].is_string());
    let (s, v) = t
        .post_json(
            "/api/v1/auth/password",
            Some(&token),
            &change(PASSWORD, "New-pass-2026"),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["signed_out"], false, "no second factor required here");
    assert!(v.get("second_factor").is_none());
    assert_eq!(
        t.get("/api/v1/cases", Some(&token)).await.0,
        200,
        "this session goes on"
    );
    assert_eq!(
        t.get("/api/v1/me", Some(&other)).await.0,
        401,
        "other sessions end"
    );
    assert_eq!(redirect_of(&t, &cookie, "/").await.0, 303);
    assert_eq!(sign_in(&t, "school", PASSWORD).await.0, 401);
    let (s, v) = sign_in(&t, "school", "New-pass-2026").await;
    assert_eq!((s, &v["must_change_password"]), (200, &json!(false)));
    let audit = t
        .app
        .store_for_tests()
        .audit_entries(Some("school"), Some("security.password_change"), 10, 0)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "the change is audited");
    assert_eq!(
        (
            audit[0].entry.result.as_str(),
            audit[0].entry.detail.as_str()
        ),
        ("ok", "first sign-in")
    );
}

#[tokio::test]
async fn wrong_current_passwords_lock_the_account_and_end_its_sessions() {
    let t = spawn_app().await;
    must_change(&t, "school").await;
    let token = sign_in(&t, "school", PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"old_password": "not-it-1", "new_password": "New-pass-2026"});
    for _ in 0..5 {
        let (s, v) = t
            .post_json("/api/v1/auth/password", Some(&token), &body)
            .await;
        assert_eq!(s, 422);
        assert!(v["fields"]["old_password"].is_string());
    }
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.0, 401, "signed out");
    let (s, v) = sign_in(&t, "school", PASSWORD).await;
    assert_eq!((s, v["code"].as_str()), (429, Some("auth.locked")));
}

#[tokio::test]
async fn the_change_enrols_a_required_second_factor_on_the_page() {
    let config = AppConfig {
        totp_required_roles: vec![Role::Admin],
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    // Without the first-sign-in obligation, a missing second factor is refused outright.
    let (s, v) = sign_in(&t, "admin", PASSWORD).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("auth.otp_setup_required"))
    );
    must_change(&t, "admin").await;
    let cookie = page_sign_in(&t, "admin", PASSWORD).await;
    assert_eq!(
        redirect_of(&t, &cookie, "/admin/units").await,
        (303, "/account/password".to_owned())
    );
    let (_, html) = get(&t, &cookie, "/account/password").await;
    let csrf = csrf_of(&html);
    let res = client()
        .post(t.url("/account/password"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(&[
            ("_csrf", &csrf),
            ("old_password", PASSWORD),
            ("new_password", "Office-pass-2026"),
            ("new_password2", "Office-pass-2026"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cleared = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let html = res.text().await.unwrap();
    let at = html.find("data-testid=\"otp-secret\">").unwrap() + 25;
    let secret = &html[at..at + html[at..].find('<').unwrap()];
    assert_eq!(
        redirect_of(&t, &cookie, "/").await.1,
        "/login?next=/",
        "signed out"
    );
    let (s, v) = sign_in(&t, "admin", "Office-pass-2026").await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.otp_required")));
    let key = huiyin_crypto::totp::base32_decode(secret).unwrap();
    let code = huiyin_crypto::totp::code_at(&key, t.app.now_ms() / 1000);
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "admin", "password": "Office-pass-2026", "otp": code}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let token = v["token"].as_str().unwrap();
    assert_eq!(t.get("/api/v1/units", Some(token)).await.0, 200);
}
