//! The public submission's body limits are the ones the README states, and a body over them
//! is refused (413) before it is read: garbage over the limit is "too large", never
//! "malformed", and garbage at the limit is read (and found malformed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;
use serde_json::Value;

const MIB: usize = 1024 * 1024;
/// README, Portal: `POST /api/v1/public/petitions` takes at most 21 MiB.
const JSON_LIMIT: usize = 21 * MIB;
/// README, Portal: the online form `POST /public/submit` takes at most 16 MiB.
const FORM_LIMIT: usize = 16 * MIB;

async fn post(t: &huiyin_testkit::TestApp, path: &str, ct: &str, body: Vec<u8>) -> (u16, Value) {
    let res = t
        .client
        .post(t.url(path))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn the_json_submission_refuses_more_than_21_mib_before_reading_it() {
    let t = spawn_app().await;
    let path = "/api/v1/public/petitions";
    let (s, v) = post(&t, path, "application/json", vec![b'x'; JSON_LIMIT + 1]).await;
    assert_eq!(s, 413, "{v}");
    assert_eq!(v["code"], "request.too_large", "{v}");
    assert!(
        v["message"].as_str().is_some_and(|m| m.contains("过大")),
        "{v}"
    );
    // At the limit the body is read: not JSON, so malformed.
    let (s, v) = post(&t, path, "application/json", vec![b'x'; JSON_LIMIT]).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("request.malformed")));
    // Nothing was registered.
    let token = t.token("county").await;
    assert_eq!(t.list(&token, "").await["total"], 0);
}

#[tokio::test]
async fn the_online_form_refuses_more_than_16_mib_before_reading_it() {
    let t = spawn_app().await;
    let multipart = "multipart/form-data; boundary=XyZ";
    let (s, page) = post(&t, "/public/submit", multipart, vec![b'x'; FORM_LIMIT + 1]).await;
    assert_eq!(s, 413);
    // A page the petitioner can read, not the framework's plain text.
    let page = page.as_str().unwrap();
    assert!(
        page.contains("提交内容过大") && page.contains("16MB"),
        "{page}"
    );
    let form = "application/x-www-form-urlencoded";
    let (s, _) = post(&t, "/public/submit", form, vec![b'x'; FORM_LIMIT + 1]).await;
    assert_eq!(s, 413);
    // At the limit the form is read: no multipart parts in it, so it cannot be parsed.
    let (s, v) = post(&t, "/public/submit", multipart, vec![b'x'; FORM_LIMIT]).await;
    assert_eq!(s, 400, "{v}");
}
