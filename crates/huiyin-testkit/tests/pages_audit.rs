//! The auditor's page (`/audit`), the sign-in history page, and CSRF on every staff form: each
//! POST route of the pages (read from `pages/mod.rs` and `pages/admin/mod.rs`) refuses a post
//! without the token, and every POST form on the pages carries it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::NewUserInput;
use huiyin_core::role::Role;
use huiyin_testkit::pages::{client, csrf_of, form_body, get, post, sign_in};
use huiyin_testkit::{PASSWORD, letter, spawn_app};
use serde_json::json;

fn rows(html: &str) -> usize {
    html.matches("<tr data-action=").count()
}

#[tokio::test]
async fn the_auditor_searches_pages_and_verifies_the_trail() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let number = case["number"].as_str().unwrap().to_owned();
    for user in ["registrar", "admin", "school"] {
        let cookie = sign_in(&t, user).await;
        let (status, html) = get(&t, &cookie, "/audit").await;
        assert_eq!(status, 403, "{user} is not an auditor");
        assert!(!html.contains("href=\"/audit\""), "{user}: no nav link");
    }
    let auditor = sign_in(&t, "auditor").await;
    let (status, html) = get(&t, &auditor, "/audit").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/audit\" aria-current=\"page\""),
        "in the nav"
    );
    assert!(html.contains("case.register") && html.contains(&number));
    // By user, action and target.
    let (_, html) = get(&t, &auditor, "/audit?user=registrar&action=case.register").await;
    assert_eq!(rows(&html), 1);
    let (_, html) = get(&t, &auditor, &format!("/audit?target={}", &number[..8])).await;
    assert!(rows(&html) >= 1 && html.contains(&number), "target by part");
    let (_, html) = get(&t, &auditor, "/audit?target=%25").await;
    assert_eq!(rows(&html), 0, "LIKE wildcards are literal");
    // By date (Beijing days): the test clock is on 2026-06-30.
    let (_, html) = get(&t, &auditor, "/audit?from=2026-06-30&to=2026-06-30").await;
    assert!(rows(&html) >= 3);
    let (_, html) = get(&t, &auditor, "/audit?to=2026-06-29").await;
    assert_eq!(rows(&html), 0);
    let (_, html) = get(&t, &auditor, "/audit?from=2026-13-01").await;
    assert!(html.contains("YYYY-MM-DD"), "a bad date is reported");
    // Pagination, newest first: 60 more sign-ins make a second page of 50.
    for _ in 0..60 {
        t.token("school").await;
    }
    let (_, first) = get(&t, &auditor, "/audit?action=sign_in").await;
    assert_eq!(rows(&first), 50);
    assert!(first.contains("rel=\"next\""));
    let ids = |html: &str| -> Vec<i64> {
        html.split("<tr data-action=")
            .skip(1)
            .map(|r| {
                let n = r.split("<td class=\"num\">").nth(1).unwrap();
                n[..n.find('<').unwrap()].parse().unwrap()
            })
            .collect()
    };
    let a = ids(&first);
    assert!(a.windows(2).all(|w| w[0] > w[1]), "newest first");
    let (_, second) = get(&t, &auditor, "/audit?action=sign_in&page=2").await;
    let b = ids(&second);
    assert!(!b.is_empty() && b[0] < *a.last().unwrap());
    assert!(second.contains("rel=\"prev\""));
    // Verify: intact, then a tampered row is named.
    let csrf = csrf_of(&first);
    let (status, html) = post(&t, &auditor, "/audit/verify", &[("_csrf", &csrf)]).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-intact=\"true\""), "intact");
    t.app
        .store_for_tests()
        .execute_for_tests("UPDATE audit_log SET detail = 'x' WHERE id = 3")
        .await
        .unwrap();
    let (_, html) = post(&t, &auditor, "/audit/verify", &[("_csrf", &csrf)]).await;
    assert!(html.contains("data-intact=\"false\""));
    let first_broken = html.split("data-testid=\"first-broken\">").nth(1).unwrap();
    assert!(first_broken.starts_with("entry 3:"), "{first_broken}");
    // Reading the trail is itself audited.
    let (_, html) = get(&t, &auditor, "/audit?action=audit.verify").await;
    assert_eq!(rows(&html), 2);
}

#[tokio::test]
async fn the_security_administrator_sees_sign_in_history() {
    let t = spawn_app().await;
    t.app
        .create_user(
            None,
            NewUserInput {
                username: "secadmin".into(),
                password: PASSWORD.into(),
                display_name: "安全员".into(),
                unit_id: t.units.province,
                roles: vec![Role::SecurityAdmin],
            },
        )
        .await
        .unwrap();
    let bad = client()
        .post(t.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(&[("username", "school"), ("password", "wrong")]))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    sign_in(&t, "school").await;
    let sec = sign_in(&t, "secadmin").await;
    let (status, html) = get(&t, &sec, "/audit/sign-ins?user=school").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/audit/sign-ins\""), "in the nav");
    assert_eq!(html.matches("<tr data-user=\"school\">").count(), 2);
    assert!(html.contains("失败") && html.contains("成功"));
    assert_eq!(
        get(&t, &sec, "/audit").await.0,
        403,
        "not the auditor's trail"
    );
    let school = sign_in(&t, "school").await;
    assert_eq!(get(&t, &school, "/audit/sign-ins").await.0, 403);
}

/// Paths of the routes that accept POST in a router source file.
fn post_routes(src: &str) -> Vec<String> {
    src.split(".route(")
        .skip(1)
        .filter(|chunk| chunk.contains("post("))
        .filter_map(|chunk| chunk.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn every_staff_post_refuses_a_missing_token_and_every_form_has_one() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = case["id"].as_i64().unwrap().to_string();
    let mut routes = post_routes(include_str!("../../huiyin-web/src/pages/mod.rs"));
    routes.extend(post_routes(include_str!(
        "../../huiyin-web/src/pages/admin/mod.rs"
    )));
    for known in [
        "/cases/{id}/act",
        "/logout",
        "/admin/users",
        "/audit/verify",
    ] {
        assert!(
            routes.iter().any(|r| r == known),
            "{known} found in {routes:?}"
        );
    }
    let office = sign_in(&t, "registrar").await;
    let admin = sign_in(&t, "admin").await;
    let auditor = sign_in(&t, "auditor").await;
    for route in &routes {
        // The sign-in form has no session to bind a token to; it is origin-checked instead.
        if route == "/login" {
            continue;
        }
        let path = route
            .replace("{id}", &id)
            .replace("{kind}", "acceptance")
            .replace("{channel}", "letter");
        let cookie = match path.split('/').nth(1) {
            Some("admin") => &admin,
            Some("audit") => &auditor,
            _ => &office,
        };
        let (status, body) = post(&t, cookie, &path, &[("action", "accept")]).await;
        assert_eq!(status, 403, "POST {path} without a token");
        assert!(
            body.contains("表单已过期") && body.contains("data-testid=\"kept-form\""),
            "POST {path}: the CSRF refusal, with what was sent kept"
        );
        let (status, _) = post(&t, cookie, &path, &[("_csrf", &"0".repeat(64))]).await;
        assert_eq!(status, 403, "POST {path} with a wrong token");
    }
    let (_, v) = t.case(&registrar, id.parse().unwrap()).await;
    assert_eq!(v["status"], "registered", "nothing happened");
    let pages: [(&str, String); 9] = [
        ("registrar", "/".into()),
        ("registrar", "/cases".into()),
        ("registrar", format!("/cases/{id}")),
        ("registrar", "/register/letter".into()),
        ("admin", "/admin/units".into()),
        ("admin", "/admin/users".into()),
        ("admin", "/admin/calendar".into()),
        ("auditor", "/audit".into()),
        ("registrar", format!("/cases/{id}/notices/acceptance")),
    ];
    t.act_ok(&registrar, id.parse().unwrap(), json!({"action": "accept"}))
        .await;
    let mut forms = 0;
    for (user, path) in pages {
        let cookie = sign_in(&t, user).await;
        let (status, html) = get(&t, &cookie, &path).await;
        assert_eq!(status, 200, "{path}");
        for form in html.split("<form").skip(1) {
            let head = &form[..form.find('>').unwrap()];
            if !head.contains("method=\"post\"") {
                continue;
            }
            forms += 1;
            let body = &form[..form.find("</form>").unwrap_or(form.len())];
            let token = body
                .split("name=\"_csrf\" value=\"")
                .nth(1)
                .map(|v| &v[..v.find('"').unwrap()]);
            assert!(
                token.is_some_and(|v| v.len() == 64),
                "{path}: a POST form without the CSRF token: <form{head}>"
            );
        }
    }
    assert!(forms >= 10, "forms checked: {forms}");
}
