//! Bad input of every kind gets the CONTRACT error body with a 4xx, and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

fn assert_error_body(v: &serde_json::Value) {
    assert!(
        v["code"].as_str().is_some_and(|c| !c.is_empty()),
        "no code in {v}"
    );
    assert!(
        v["message"].as_str().is_some_and(|m| !m.is_empty()),
        "no message in {v}"
    );
}

#[tokio::test]
async fn health_openapi_and_metrics() {
    let t = spawn_app().await;
    let res = t.client.get(t.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (status, doc) = t.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with('3'));
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}/actions",
        "/api/v1/auth/token",
        "/api/v1/calendar/deadline",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    let metrics = t
        .client
        .get(t.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("huiyin_http_requests_total"));
}

#[tokio::test]
async fn authentication_errors() {
    let t = spawn_app().await;
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "registrar", "password": "wrong"}),
        )
        .await;
    assert_eq!(s, 401);
    assert_eq!(v["code"], "auth.bad_credentials");
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "nobody", "password": "x"}),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.bad_credentials")));
    let (s, v) = t.get("/api/v1/cases", None).await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.required")));
    let (s, _) = t.get("/api/v1/cases", Some("not-a-token")).await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn malformed_requests_never_500() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let bodies = [
        "",
        "{",
        "[]",
        "null",
        "{\"channel\": 5}",
        "{\"title\": \"x\"}",
        "{\"channel\":\"letter\",\"petition_type\":\"appeal\",\"category\":\"fees\",\"title\":\"t\",\"content\":\"c\",\"demands\":\"d\",\"concerned_unit_id\":\"abc\",\"received_on\":\"2026-06-01\",\"petitioners\":[]}",
    ];
    for body in bodies {
        let (s, v) = t.post_raw("/api/v1/cases", Some(&token), body).await;
        assert!(s == 400 || s == 422, "{body:?} → {s} {v}");
        assert_error_body(&v);
    }
    let mut bad = letter(t.units.school, "2026-07-01");
    bad["channel"] = json!("pigeon");
    bad["category"] = json!("no-such-category");
    bad["petitioners"][0]["phone"] = json!("12345");
    let (s, v) = t.post_json("/api/v1/cases", Some(&token), &bad).await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(v["code"], "request.invalid");
    assert!(v["fields"]["channel"].is_string(), "{v}");
    // Fixing the channel reveals the remaining problems, all at once.
    bad["channel"] = json!("letter");
    let (s, v) = t.post_json("/api/v1/cases", Some(&token), &bad).await;
    assert_eq!(s, 422);
    for f in ["received_on", "category", "petitioners[0].phone"] {
        assert!(v["fields"][f].is_string(), "{f} not reported: {v}");
    }
    // Nothing was stored by any of the rejected requests.
    assert_eq!(t.list(&token, "").await["total"], 0);
}

#[tokio::test]
async fn bad_actions_and_ids() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let (s, v) = t.act(&token, id, json!({"action": "teleport"})).await;
    assert_eq!((s, v["code"].as_str()), (422, Some("case.unknown_action")));
    let (s, v) = t.act(&token, id, json!({"action": "forward"})).await;
    assert_eq!((s, v["code"].as_str()), (422, Some("request.invalid")));
    assert!(v["fields"]["to_unit_id"].is_string());
    // A value of the wrong type is named like a missing one (CONTRACT: 400 or 422).
    let (s, v) = t
        .act(&token, id, json!({"action": "forward", "to_unit_id": "x"}))
        .await;
    assert_eq!(
        (s, v["fields"]["to_unit_id"].is_string()),
        (422, true),
        "{v}"
    );
    let (s, v) = t
        .act(&token, id, json!({"action": "accept", "on": "2026-13-01"}))
        .await;
    assert_eq!((s, v["fields"]["on"].is_string()), (422, true), "{v}");
    let (s, v) = t.act(&token, id, json!({"action": "issue_opinion", "outcome": "supported", "opinion": "o", "basis": "b"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (409, Some("case.action_not_allowed"))
    );
    for path in [
        "/api/v1/cases/999999",
        "/api/v1/cases/abc",
        "/api/v1/cases/-1",
        "/api/v1/nothing-here",
    ] {
        let (s, v) = t.get(path, Some(&token)).await;
        assert_eq!(s, 404, "{path}");
        assert_error_body(&v);
    }
    // The refused steps left the case as it was.
    let (_, after) = t.case(&token, id).await;
    assert_eq!(after["status"], "registered");
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&token))
        .await;
    assert_eq!(timeline.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn messages_follow_the_language() {
    let t = spawn_app().await;
    let zh = t
        .client
        .get(t.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(zh["message"].as_str().unwrap().contains("登录"));
    let en = t
        .client
        .get(t.url("/api/v1/cases"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(en["code"], zh["code"]);
    assert!(en["message"].as_str().unwrap().contains("Sign in"));
}

#[tokio::test]
async fn public_deadline_calculator_follows_section_8_3() {
    let t = spawn_app().await;
    let vectors = [
        ("2026-01-20", 15, "calendar", "2026-02-04"),
        ("2025-12-20", 15, "calendar", "2026-01-04"),
        ("2025-12-17", 60, "calendar", "2026-02-24"),
        ("2025-09-01", 30, "calendar", "2025-10-09"),
        ("2026-03-01", 90, "calendar", "2026-06-01"),
        ("2026-09-30", 5, "working", "2026-10-13"),
        ("2026-02-12", 5, "working", "2026-02-26"),
    ];
    for (start, days, unit, due) in vectors {
        let (s, v) = t
            .get(
                &format!("/api/v1/calendar/deadline?start={start}&days={days}&unit={unit}"),
                None,
            )
            .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["due_on"], due, "{start} + {days} {unit}");
        assert!(v["explanation"].as_str().unwrap().contains(due));
    }
    let (s, v) = t
        .get("/api/v1/calendar/deadline?start=2026-02-30&days=5", None)
        .await;
    assert_eq!((s, v["code"].as_str()), (422, Some("request.invalid")));
    let (_, v) = t
        .get(
            "/api/v1/calendar/deadline?start=2027-03-01&days=5&unit=working",
            None,
        )
        .await;
    assert_eq!(v["provisional"], true, "2027 has no calendar yet: {v}");
}
