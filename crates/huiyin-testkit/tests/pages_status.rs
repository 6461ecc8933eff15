//! A refused form on the staff pages answers the status of the refusal's kind, as the API
//! does: 403 when the role or unit may not, 409 when the rules forbid the step now, 422 when
//! the input is wrong — with the form shown again and the reason in words.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

/// Posts a step on the case page as `user`; status and page.
async fn act(t: &TestApp, user: &str, id: i64, fields: &[(&str, &str)]) -> (u16, String) {
    let cookie = sign_in(t, user).await;
    let (status, html) = get(t, &cookie, &format!("/cases/{id}")).await;
    assert_eq!(status, 200, "{user} opens case {id}");
    let csrf = csrf_of(&html);
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    post(t, &cookie, &format!("/cases/{id}/act"), &form).await
}

#[tokio::test]
async fn a_refused_step_answers_the_status_of_its_kind() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;

    // The county sees the case but no longer handles it: forbidden.
    let (status, html) = act(&t, "county", id, &[("action", "accept")]).await;
    assert_eq!(status, 403, "not the handling unit");
    assert!(html.contains("该事项不在本单位办理环节"), "reason shown");
    assert!(
        html.contains("反映学校违规收取借读费"),
        "the case page again"
    );

    // The school handles it, but an opinion before acceptance breaks the rules: conflict.
    let opinion = [
        ("action", "issue_opinion"),
        ("outcome", "supported"),
        ("opinion", "经核查属实"),
        ("basis", "《信访工作条例》第三十二条"),
    ];
    let (status, html) = act(&t, "school", id, &opinion).await;
    assert_eq!(status, 409, "not allowed in this state");
    assert!(html.contains("当前环节不能执行此操作"), "reason shown");

    // A forward without a destination: invalid input.
    let (status, html) = act(&t, "school", id, &[("action", "forward")]).await;
    assert_eq!(status, 422, "missing field");
    assert!(html.contains("name=\"action\""), "the case page again");

    // Nothing happened to the case.
    let (_, c) = t.case(&registrar, id).await;
    assert_eq!(c["status"], "forwarded");
}

#[tokio::test]
async fn a_taken_username_is_a_conflict_and_a_weak_password_invalid() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, html) = get(&t, &cookie, "/admin/users").await;
    let csrf = csrf_of(&html);
    let unit = t.units.county.to_string();
    let user = |name: &'static str, password: &'static str| {
        [
            ("_csrf", csrf.clone()),
            ("username", name.to_owned()),
            ("display_name", "王老师".to_owned()),
            ("password", password.to_owned()),
            ("unit_id", unit.clone()),
            ("roles", "handler".to_owned()),
        ]
    };
    let send = |f: [(&'static str, String); 6]| {
        let t = &t;
        let cookie = cookie.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(t, &cookie, "/admin/users", &pairs).await
        }
    };
    let (status, html) = send(user("handler", "Strong-pass-2026")).await;
    assert_eq!(status, 409, "the seeded handler exists");
    assert!(html.contains("用户名已被使用"), "reason shown");
    let (status, _) = send(user("wang", "short")).await;
    assert_eq!(status, 422);
}
