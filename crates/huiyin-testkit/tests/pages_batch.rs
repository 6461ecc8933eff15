//! Batch work on the case list (issue 12 item 6): tick several cases and allot, take back or
//! forward them at once. Each case is its own step under the same rules as the case page; a
//! refusal is listed with its reason and changes nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

async fn user_id(t: &TestApp, user: &str) -> i64 {
    let (_, me) = t.get("/api/v1/me", Some(&t.token(user).await)).await;
    me["user"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn ticked_cases_are_allotted_and_forwarded_one_step_each() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut ids = Vec::new();
    for day in ["2026-06-01", "2026-06-02", "2026-06-03"] {
        ids.push(
            t.register(&registrar, &letter(t.units.school, day)).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let (a, b, c) = (ids[0].to_string(), ids[1].to_string(), ids[2].to_string());
    let handler = user_id(&t, "handler").await.to_string();

    let cookie = sign_in(&t, "registrar").await;
    let (_, list) = get(&t, &cookie, "/cases").await;
    assert!(
        list.contains(&format!("name=\"ids\" value=\"{a}\"")),
        "rows can be ticked"
    );
    assert!(list.contains("action=\"/cases/batch\""));
    let csrf = csrf_of(&list);

    // Nothing ticked, or no operation: said so, nothing done.
    let (status, page) = post(
        &t,
        &cookie,
        "/cases/batch",
        &[("_csrf", &csrf), ("op", "allot")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("请先勾选信访件"));
    let (status, _) = post(
        &t,
        &cookie,
        "/cases/batch",
        &[("_csrf", &csrf), ("ids", &a)],
    )
    .await;
    assert_eq!(status, 422);

    let (status, page) = post(
        &t,
        &cookie,
        "/cases/batch",
        &[
            ("_csrf", &csrf),
            ("op", "allot"),
            ("handler_user_id", &handler),
            ("ids", &a),
            ("ids", &b),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches("data-ok=\"true\"").count(), 2, "{page}");
    for id in [ids[0], ids[1]] {
        let (_, v) = t.case(&registrar, id).await;
        assert_eq!(v["handler_user_id"].to_string(), handler);
    }
    let (_, v) = t.case(&registrar, ids[2]).await;
    assert!(
        v["handler_user_id"].is_null(),
        "an unticked case is untouched"
    );

    // One of three can no longer be forwarded by the county office: the others are.
    t.act_ok(
        &registrar,
        ids[2],
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    let school = t.units.school.to_string();
    let (status, page) = post(
        &t,
        &cookie,
        "/cases/batch",
        &[
            ("_csrf", &csrf),
            ("op", "forward"),
            ("to_unit_id", &school),
            ("ids", &a),
            ("ids", &b),
            ("ids", &c),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("data-ok=\"true\"").count(), 2, "{page}");
    assert_eq!(page.matches("data-ok=\"false\"").count(), 1, "{page}");
    for id in [ids[0], ids[1]] {
        let (_, v) = t.case(&registrar, id).await;
        assert_eq!(v["status"], "forwarded");
        assert_eq!(v["handling_unit_id"], t.units.school);
    }

    // A handler may not take a case back (nor act on one now at the school): refused with the
    // reason, nothing changed.
    let cookie = sign_in(&t, "handler").await;
    let (_, list) = get(&t, &cookie, "/cases").await;
    let (status, page) = post(
        &t,
        &cookie,
        "/cases/batch",
        &[("_csrf", &csrf_of(&list)), ("op", "take_back"), ("ids", &a)],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("data-ok=\"false\""), "{page}");
}
