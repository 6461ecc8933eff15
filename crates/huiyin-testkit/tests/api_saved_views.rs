//! 我的视图 (issue 12 item 4): saved views of the case list by API and page. A view is a name
//! and the list's query string; only its owner reaches it (another user's id: 404); names of
//! 1–40 characters, at most 20 a user; opening it is the list under the user's own visibility.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post_form, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn send(t: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> u16 {
    let req = match method {
        "DELETE" => client().delete(t.url(path)),
        _ => client().patch(t.url(path)),
    };
    let req = req.bearer_auth(token);
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(b.to_string()),
        None => req,
    };
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn views_are_saved_renamed_and_deleted_by_their_owner_only() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let (status, v) = t
        .post_json(
            "/api/v1/saved-views",
            Some(&registrar),
            &json!({"name": " 逾期待办 ", "query": "?status=handling&sort=due_asc&page=3&bogus=1&per_page=50"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["name"], "逾期待办");
    // Only the list's own parameters, without the page.
    assert_eq!(v["query"], "status=handling&sort=due_asc&per_page=50");
    let id = v["id"].as_i64().unwrap();
    let (_, list) = t.get("/api/v1/saved-views", Some(&registrar)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["max"], 20);

    // Bad names: refused with the code, nothing stored.
    for name in ["", "   ", &"字".repeat(41)] {
        let (status, e) = t
            .post_json(
                "/api/v1/saved-views",
                Some(&registrar),
                &json!({"name": name, "query": ""}),
            )
            .await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["code"], "saved_view.name");
    }
    assert_eq!(
        send(
            &t,
            "PATCH",
            &format!("/api/v1/saved-views/{id}"),
            &registrar,
            Some(json!({"name": ""}))
        )
        .await,
        422
    );

    // Another user: not found, by every verb; the view unchanged.
    let handler = t.token("handler").await;
    let (_, theirs) = t.get("/api/v1/saved-views", Some(&handler)).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
    let path = format!("/api/v1/saved-views/{id}");
    assert_eq!(send(&t, "DELETE", &path, &handler, None).await, 404);
    assert_eq!(
        send(&t, "PATCH", &path, &handler, Some(json!({"name": "偷看"}))).await,
        404
    );
    assert_eq!(
        send(&t, "DELETE", "/api/v1/saved-views/abc", &handler, None).await,
        404
    );
    let (_, list) = t.get("/api/v1/saved-views", Some(&registrar)).await;
    assert_eq!(list["items"][0]["name"], "逾期待办");

    // Renamed by its owner; then deleted.
    assert_eq!(
        send(
            &t,
            "PATCH",
            &path,
            &registrar,
            Some(json!({"name": "我的逾期"}))
        )
        .await,
        200
    );
    let (_, list) = t.get("/api/v1/saved-views", Some(&registrar)).await;
    assert_eq!(list["items"][0]["name"], "我的逾期");
    assert_eq!(send(&t, "DELETE", &path, &registrar, None).await, 204);
    assert_eq!(send(&t, "DELETE", &path, &registrar, None).await, 404);

    // At most 20.
    for i in 0..20 {
        let (status, _) = t
            .post_json(
                "/api/v1/saved-views",
                Some(&registrar),
                &json!({"name": format!("视图{i}"), "query": "sort=received_asc"}),
            )
            .await;
        assert_eq!(status, 201);
    }
    let (status, e) = t
        .post_json(
            "/api/v1/saved-views",
            Some(&registrar),
            &json!({"name": "第二十一个", "query": ""}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(e["code"], "saved_view.full");
}

#[tokio::test]
async fn the_list_page_saves_shows_renames_and_deletes_views() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-01");
    body["title"] = json!("视图里的信访件");
    t.register(&registrar, &body).await;
    let cookie = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &cookie, "/cases?sort=received_asc&per_page=50").await;
    assert!(page.contains("action=\"/cases/views\""));
    assert!(page.contains("尚无"));
    let csrf = csrf_of(&page);
    let res = post_form(
        &t,
        &cookie,
        "/cases/views",
        &[
            ("_csrf", &csrf),
            ("name", "按收件日期"),
            ("query", "sort=received_asc&per_page=50"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/cases?sort=received_asc&per_page=50"
    );
    let (_, page) = get(&t, &cookie, "/cases?sort=received_asc&per_page=50").await;
    assert!(page.contains("按收件日期</a>"), "the view is a link");
    assert!(
        page.contains("aria-current=\"page\""),
        "the list shown is that view"
    );
    assert!(page.contains("视图里的信访件"));
    // A bad name: the error said, nothing stored.
    let (status, bad) = huiyin_testkit::pages::post(
        &t,
        &cookie,
        "/cases/views",
        &[("_csrf", &csrf), ("name", " "), ("query", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(bad.contains("视图名称须为1至40个字"));

    let (_, list) = t.get("/api/v1/saved-views", Some(&registrar)).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    // Another user's page forms do not reach it.
    let other = sign_in(&t, "handler").await;
    let (_, their_page) = get(&t, &other, "/cases").await;
    let their_csrf = csrf_of(&their_page);
    assert!(!their_page.contains("按收件日期</a>"));
    let (status, _) = huiyin_testkit::pages::post(
        &t,
        &other,
        &format!("/cases/views/{id}/delete"),
        &[("_csrf", &their_csrf)],
    )
    .await;
    assert_eq!(status, 404);
    // Renamed, then deleted (the delete form asks first).
    assert!(page.contains("data-confirm=\"删除视图「按收件日期」？\""));
    let res = post_form(
        &t,
        &cookie,
        &format!("/cases/views/{id}/rename"),
        &[("_csrf", &csrf), ("name", "最早收件"), ("back", "/cases")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get(&t, &cookie, "/cases").await;
    assert!(page.contains("最早收件</a>"));
    let res = post_form(
        &t,
        &cookie,
        &format!("/cases/views/{id}/delete"),
        &[("_csrf", &csrf), ("back", "/cases")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, list) = t.get("/api/v1/saved-views", Some(&registrar)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}
