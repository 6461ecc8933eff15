//! Notifications inside the product (issue 12 item 7): new work, cases allotted, approvals,
//! deadlines, supervision orders and warnings, each read or unread; marking read one or all;
//! a thing that changes is new again; the header's badge and the page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn notes(t: &TestApp, token: &str) -> Value {
    let (status, v) = t.get("/api/v1/notifications", Some(token)).await;
    assert_eq!(status, 200, "{v}");
    v
}

fn of_kind<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn new_work_and_approvals_are_told_until_read_and_again_when_they_change() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let handler = t.token("handler").await;
    let leader = t.token("leader").await;

    // A case forwarded to the school is new work there, unread.
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let v = notes(&t, &school).await;
    assert!(of_kind(&v, "new_work").is_empty(), "nothing before: {v}");
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    let v = notes(&t, &school).await;
    let new = of_kind(&v, "new_work");
    assert_eq!(new.len(), 1, "{v}");
    assert_eq!(new[0]["case_id"], id);
    assert_eq!(new[0]["unread"], true);
    assert_eq!(new[0]["link"], format!("/cases/{id}"));
    let unread = v["unread"].as_i64().unwrap();
    assert!(unread >= 1);

    // Read one by key: the count drops by one; nobody else's marks change.
    let key = new[0]["key"].as_str().unwrap().to_owned();
    let (status, m) = t
        .post_json(
            "/api/v1/notifications/read",
            Some(&school),
            &json!({"keys": [key]}),
        )
        .await;
    assert_eq!((status, &m["marked"]), (200, &json!(1)), "{m}");
    let v = notes(&t, &school).await;
    assert_eq!(v["unread"].as_i64().unwrap(), unread - 1, "{v}");
    assert_eq!(of_kind(&v, "new_work")[0]["unread"], false);
    // A key that is not the user's marks nothing.
    let (_, m) = t
        .post_json(
            "/api/v1/notifications/read",
            Some(&school),
            &json!({"keys": ["new:999999:forwarded:2026-06-30"]}),
        )
        .await;
    assert_eq!(m["marked"], 0);

    // The county's case: the handler asks for more time, the leader is told; when the handler
    // asks again after a refusal, it is a new request, unread again.
    let own = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        own,
        json!({"action": "accept", "on": "2026-06-02"}),
    )
    .await;
    t.act_ok(
        &handler,
        own,
        json!({"action": "request_extension", "days": 20, "reason": "需现场核查", "on": "2026-06-10"}),
    )
    .await;
    let v = notes(&t, &leader).await;
    let asked = of_kind(&v, "approval");
    assert_eq!(asked.len(), 1, "{v}");
    assert!(
        asked[0]["text"].as_str().unwrap().contains("延期申请"),
        "{v}"
    );
    let (_, m) = t
        .post_json("/api/v1/notifications/read", Some(&leader), &json!({}))
        .await;
    assert!(m["marked"].as_i64().unwrap() >= 1);
    assert_eq!(notes(&t, &leader).await["unread"], 0);
    t.act_ok(
        &leader,
        own,
        json!({"action": "deny_extension", "reason": "期限内可办结", "on": "2026-06-11"}),
    )
    .await;
    assert!(of_kind(&notes(&t, &leader).await, "approval").is_empty());
    t.act_ok(
        &handler,
        own,
        json!({"action": "request_extension", "days": 10, "reason": "仍需核查", "on": "2026-06-12"}),
    )
    .await;
    let v = notes(&t, &leader).await;
    assert_eq!(
        of_kind(&v, "approval")[0]["unread"],
        true,
        "asked again: {v}"
    );

    // Allotted to a named handler: that handler is told.
    let handler_id = t.get("/api/v1/me", Some(&handler)).await.1["user"]["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &leader,
        own,
        json!({"action": "allot", "handler_user_id": handler_id, "on": "2026-06-12"}),
    )
    .await;
    let v = notes(&t, &handler).await;
    let mine = of_kind(&v, "allotted");
    assert_eq!(mine.len(), 1, "{v}");
    assert_eq!(mine[0]["case_id"], own);
}

#[tokio::test]
async fn the_page_lists_them_the_badge_counts_them_and_both_mark_read() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    for _ in 0..2 {
        let id = t
            .register(&registrar, &letter(t.units.school, "2026-06-20"))
            .await["id"]
            .as_i64()
            .unwrap();
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
    }
    let cookie = sign_in(&t, "school").await;
    let (_, home) = get(&t, &cookie, "/").await;
    assert!(
        home.contains("hx-get=\"/notifications/badge\""),
        "every page's header loads the badge"
    );
    let (status, badge) = get(&t, &cookie, "/notifications/badge").await;
    assert_eq!(status, 200);
    assert!(badge.contains("data-testid=\"unread\""), "{badge}");
    assert!(
        badge.contains(">2</span>") || badge.contains(">3</span>"),
        "{badge}"
    );
    assert!(
        !badge.contains("load"),
        "the fragment does not ask for itself at once"
    );
    let (status, page) = get(&t, &cookie, "/notifications").await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("data-kind=\"new_work\"").count(), 2, "{page}");
    let csrf = csrf_of(&page);
    let (status, _) = post(
        &t,
        &cookie,
        "/notifications/read",
        &[("_csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(status, 303);
    let (_, badge) = get(&t, &cookie, "/notifications/badge").await;
    assert!(
        !badge.contains("data-testid=\"unread\""),
        "all read: {badge}"
    );
    let (_, page) = get(&t, &cookie, "/notifications").await;
    assert!(!page.contains("class=\"unread\""), "no row unread");
}
