//! Issue 11 item 7 through the real binary: every request has an id (the caller's, or one made
//! by the server), answered in `x-request-id` and carried by every log line of the request;
//! `log_format = "json"` writes one JSON object per line; `/metrics` counts and times requests
//! by route template; query strings (search words) stay out of the log.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::Db;
use serde_json::Value;

/// The request ids of the spans a JSON log line was written in.
fn request_ids(line: &Value) -> Vec<String> {
    line["spans"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["request_id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn requests_carry_an_id_into_json_logs_and_metrics() {
    let db = Db::fresh().await;
    let log = db.data_dir().join("serve.log");
    let server = db
        .serve_logged(
            &["--demo", "--demo-cases", "0"],
            &[
                ("HUIYIN_LOG_FORMAT", "json"),
                ("HUIYIN_LOG", "info,sqlx::query=debug"),
            ],
            &log,
        )
        .await;

    // The caller's id is kept and answered.
    let res = server
        .client
        .get(server.url("/api/v1/me"))
        .header("x-request-id", "probe-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["x-request-id"], "probe-42");

    // Without one, the server makes one, different per request.
    let made = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let a = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    let b = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert!(!made(&a).is_empty());
    assert_ne!(made(&a), made(&b));

    // A search: its words must not reach the log.
    let (status, token) = server.sign_in("registrar", "demo", None).await;
    assert_eq!(status, 200, "{token}");
    let token = token["token"].as_str().unwrap().to_owned();
    let res = server
        .client
        .get(server.url("/api/v1/cases?q=%E7%8E%8B%E5%B0%8F%E8%8A%B1"))
        .bearer_auth(&token)
        .header("x-request-id", "search-7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let metrics = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            r#"huiyin_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases","#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"huiyin_http_requests_total{status="4xx"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("huiyin_http_client_errors_total 1"),
        "{metrics}"
    );
    drop(server);

    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    for id in ["probe-42", "search-7"] {
        let of_request: Vec<&Value> = lines
            .iter()
            .filter(|l| request_ids(l).iter().any(|r| r == id))
            .collect();
        assert!(
            !of_request.is_empty(),
            "no log line of request {id}:\n{text}"
        );
    }
    // The search ran the app's list use case inside the request's span.
    assert!(
        lines.iter().any(|l| {
            request_ids(l).iter().any(|r| r == "search-7")
                && l["spans"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|s| s["name"] == "app.list_cases"))
        }),
        "no line of app.list_cases in request search-7:\n{text}"
    );
    assert!(!text.contains("王小花"), "a search word reached the log");
    assert!(
        !text.contains("%E7%8E%8B"),
        "a query string reached the log"
    );
}
