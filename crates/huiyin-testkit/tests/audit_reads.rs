//! What the audit trail records of reads (issue 10 item 12 and 14): refused attempts on cases
//! outside the caller's sight (404 to them), refused reads of the trail and of the sign-in
//! history, the API's sign-in history reads, views of an accusation's content, and exports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Trail entries (action, username, target, result), newest first.
async fn trail(t: &TestApp) -> Vec<(String, String, String, String)> {
    let auditor = t.token("auditor").await;
    let (s, v): (u16, Value) = t.get("/api/v1/audit?per_page=500", Some(&auditor)).await;
    assert_eq!(s, 200, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let f = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (f("action"), f("username"), f("target"), f("result"))
        })
        .collect()
}

fn has(
    trail: &[(String, String, String, String)],
    action: &str,
    user: &str,
    target: &str,
    result: &str,
) -> bool {
    trail
        .iter()
        .any(|(a, u, tg, r)| a == action && u == user && tg.contains(target) && r == result)
}

#[tokio::test]
async fn refusals_views_of_accusations_and_exports_are_in_the_trail() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    // A sibling county probes a case it may not see, and a number that does not exist.
    let sibling = t.token("sibling").await;
    assert_eq!(t.case(&sibling, id).await.0, 404);
    assert_eq!(t.case(&sibling, 999_999).await.0, 404);
    // A registrar tries the trail, its verification and the sign-in history.
    assert_eq!(t.get("/api/v1/audit", Some(&registrar)).await.0, 403);
    assert_eq!(t.get("/api/v1/audit/verify", Some(&registrar)).await.0, 403);
    assert_eq!(t.get("/api/v1/sign-ins", Some(&registrar)).await.0, 403);
    // The security administrator reads the sign-in history through the API.
    t.app
        .create_user(
            None,
            huiyin_app::NewUserInput {
                username: "secadmin".into(),
                password: huiyin_testkit::PASSWORD.into(),
                display_name: "安全管理员".into(),
                unit_id: t.units.province,
                roles: vec![huiyin_core::role::Role::SecurityAdmin],
            },
        )
        .await
        .unwrap();
    let sec = t.token("secadmin").await;
    assert_eq!(t.get("/api/v1/sign-ins", Some(&sec)).await.0, 200);
    // The city opens an accusation (content and reporter are protected information).
    let mut body = letter(t.units.school, "2026-06-20");
    body["petition_type"] = json!("accusation");
    let city = t.token("city").await;
    let acc = t.register(&city, &body).await;
    let number = acc["number"].as_str().unwrap().to_owned();
    assert_eq!(t.case(&city, acc["id"].as_i64().unwrap()).await.0, 200);
    // The county exports its list.
    let cookie = sign_in(&t, "county").await;
    let res = client()
        .get(t.url("/cases/export.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let tr = trail(&t).await;
    assert!(
        has(
            &tr,
            "case.read",
            "sibling",
            &format!("#{id}"),
            "case.not_found"
        ),
        "{tr:?}"
    );
    assert!(
        has(&tr, "case.read", "sibling", "#999999", "case.not_found"),
        "{tr:?}"
    );
    assert!(
        has(&tr, "audit.read", "registrar", "", "auth.forbidden"),
        "{tr:?}"
    );
    assert!(
        has(&tr, "audit.verify", "registrar", "", "auth.forbidden"),
        "{tr:?}"
    );
    assert!(
        has(&tr, "sign_ins.read", "registrar", "", "auth.forbidden"),
        "{tr:?}"
    );
    assert!(
        has(&tr, "sign_ins.read", "secadmin", "sign_ins", "ok"),
        "{tr:?}"
    );
    assert!(has(&tr, "view.accusation", "city", &number, "ok"), "{tr:?}");
    assert!(
        has(&tr, "case.export", "county", "cases.xlsx", "ok"),
        "{tr:?}"
    );
}
