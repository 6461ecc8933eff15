//! A form that cannot be taken as sent keeps what was typed (issue 12 item 5): a stale token
//! answers the fields and a button that sends them again with a fresh token; a form sent after
//! the session ended answers the fields and the way to sign in again; the pages carry what the
//! browser needs to keep drafts and warn before the idle limit; `GET /session/ping`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post_form, sign_in};
use huiyin_testkit::{letter, spawn_app};

/// The hidden inputs of the page's resend form, in order.
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let form = html
        .split("data-testid=\"kept-form\"")
        .nth(1)
        .expect("the kept-form page");
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let value = rest
                .split_once("value=\"")
                .unwrap()
                .1
                .split_once('"')
                .unwrap()
                .0;
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_stale_token_keeps_the_text_and_sends_it_again() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let cookie = sign_in(&t, "county").await;
    let reason = "信访事项不属于本机关职权范围，应向人社部门提出。";
    let res = post_form(
        &t,
        &cookie,
        &format!("/cases/{id}/act"),
        &[
            ("_csrf", "a-token-of-an-earlier-sign-in"),
            ("action", "redirect"),
            ("reason", reason),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    let html = res.text().await.unwrap();
    assert!(html.contains("data-testid=\"kept-fields\""), "{html}");
    assert!(html.contains(reason), "the reason is shown");
    let (_, case_before) = t.get(&format!("/api/v1/cases/{id}"), Some(&county)).await;
    assert_eq!(case_before["status"], "registered", "nothing was done");

    // Sending again carries the fields and a token that works.
    let fields = hidden_inputs(&html);
    assert_eq!(fields[0].0, "_csrf");
    assert_ne!(fields[0].1, "a-token-of-an-earlier-sign-in");
    assert!(fields.contains(&("reason".to_owned(), reason.to_owned())));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = post_form(&t, &cookie, &format!("/cases/{id}/act"), &pairs).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, case) = t.get(&format!("/api/v1/cases/{id}"), Some(&county)).await;
    assert_eq!(case["status"], "redirected", "{case}");
}

#[tokio::test]
async fn a_form_sent_after_the_session_ended_keeps_the_text_and_leads_back() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let (_, form) = get(&t, &cookie, "/register/letter").await;
    let csrf = csrf_of(&form);
    assert!(
        form.contains("data-draft=\"register\""),
        "the form is kept as a draft"
    );
    // Signing out ends the session; the same cookie then belongs to nobody.
    let res = post_form(&t, &cookie, "/logout", &[("_csrf", csrf.as_str())]).await;
    assert_eq!(res.status().as_u16(), 303);
    let title = "反映学校食堂饭菜质量差";
    let res = post_form(
        &t,
        &cookie,
        "/register/letter",
        &[
            ("_csrf", csrf.as_str()),
            ("title", title),
            ("content", "饭菜经常是冷的。"),
            ("new_password", "never-shown"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains(title), "the title is kept");
    assert!(!html.contains("never-shown"), "a password is never echoed");
    assert!(
        html.contains("href=\"/login?next=/register/letter\""),
        "signing in leads back to the form"
    );
    assert!(
        !html.contains("data-testid=\"resend\""),
        "nothing to resend without a session"
    );
}

#[tokio::test]
async fn pages_carry_the_idle_limit_and_a_ping_keeps_the_session() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let (_, home) = get(&t, &cookie, "/").await;
    assert!(
        home.contains("data-idle-seconds=\"1800\""),
        "30 minutes by default"
    );
    assert!(home.contains("data-testid=\"session-warning\""));
    let (status, _) = get(&t, &cookie, "/session/ping").await;
    assert_eq!(status, 204);
    let res = huiyin_testkit::pages::client()
        .get(t.url("/session/ping"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        303,
        "signed out: to the sign-in page"
    );
    // The login page carries no user, so no draft is kept for nobody.
    let (_, login) = get(&t, "", "/login").await;
    assert!(!login.contains("data-user="));
}

#[tokio::test]
async fn the_badges_refresh_does_not_keep_an_idle_session_alive() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let start = huiyin_core::clock::Clock::now_millis(&t.clock);
    // The badge refreshes every minute for 40 minutes; the limit is 30 minutes without use.
    for minute in 1..=40 {
        t.clock.set_millis(start + minute * 60_000);
        let (status, _) = get(&t, &cookie, "/notifications/badge").await;
        if minute <= 29 {
            assert_eq!(status, 200, "minute {minute}: still signed in");
        } else if minute > 31 {
            assert_eq!(status, 303, "minute {minute}: the idle limit passed");
        }
    }
    let (status, _) = get(&t, &cookie, "/").await;
    assert_eq!(status, 303, "signed out by the idle limit");
    // A page the user opens is a use.
    let cookie = sign_in(&t, "registrar").await;
    let now = huiyin_core::clock::Clock::now_millis(&t.clock);
    for minute in 1..=40 {
        t.clock.set_millis(now + minute * 60_000);
        if minute % 20 == 0 {
            let (status, _) = get(&t, &cookie, "/").await;
            assert_eq!(status, 200, "minute {minute}: used every 20 minutes");
        }
    }
}
