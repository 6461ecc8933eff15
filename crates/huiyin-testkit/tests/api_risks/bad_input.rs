//! Bad input to the register (new entries, steps, list filters) is refused by field and
//! nothing is stored.

use huiyin_testkit::spawn_app;
use serde_json::json;

use super::{entry, list, user_id};

#[tokio::test]
async fn bad_input_is_refused_by_field_and_nothing_is_stored() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let school_id = user_id(&t, "school").await;
    let (s, v) = t
        .post_json("/api/v1/risks", Some(&county), &json!({}))
        .await;
    assert_eq!(s, 422, "{v}");
    for f in [
        "title",
        "unit_id",
        "level",
        "owner_user_id",
        "due_on",
        "description",
    ] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let mut bad = entry(t.units.school, school_id, "2026-06-29", json!([]));
    bad["level"] = json!("purple");
    let (s, v) = t.post_json("/api/v1/risks", Some(&county), &bad).await;
    assert_eq!(s, 422, "{v}");
    assert!(
        v["fields"]["level"].is_string() && v["fields"]["due_on"].is_string(),
        "{v}"
    );
    let (s, v) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.sibling_school, school_id, "2026-07-10", json!([])),
        )
        .await;
    assert_eq!(s, 403, "another county's school: {v}");
    let (s, v) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, school_id, "2026-07-10", json!([999_999])),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["case_ids"].is_string(), "{v}");
    let sibling_id = user_id(&t, "sibling").await;
    let (s, v) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, sibling_id, "2026-07-10", json!([])),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["owner_user_id"].is_string(), "{v}");
    assert_eq!(list(&t, "province", "").await["total"], 0, "nothing stored");

    let (_, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, school_id, "2026-07-10", json!([])),
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    let path = format!("/api/v1/risks/{id}/actions");
    for (body, status, field) in [
        (
            json!({"action": "archive", "note": "归档处理"}),
            422,
            "action",
        ),
        (json!({"action": "update"}), 422, "note"),
        (
            json!({"action": "reopen", "note": "尚未化解"}),
            409,
            "action",
        ),
        (
            json!({"action": "update", "note": "延期", "due_on": "2026-06-01"}),
            422,
            "due_on",
        ),
        (
            json!({"action": "resolve", "note": "已化解", "level": "red"}),
            422,
            "level",
        ),
    ] {
        let (s, v) = t.post_json(&path, Some(&county), &body).await;
        assert_eq!(s, status, "{body}: {v}");
        assert!(v["fields"][field].is_string(), "{body}: {v}");
    }
    let (_, r) = t.get(&format!("/api/v1/risks/{id}"), Some(&county)).await;
    assert_eq!(
        (r["status"].as_str(), r["steps"].as_array().unwrap().len()),
        (Some("open"), 1)
    );
    for (query, status) in [
        ("status=pending", 422),
        ("level=purple", 422),
        ("format=pdf", 422),
        ("unit_id=abc", 422),
    ] {
        let (s, v) = t
            .get(&format!("/api/v1/risks?{query}"), Some(&county))
            .await;
        assert_eq!(s, status, "{query}: {v}");
    }
    let (s, _) = t.get("/api/v1/risks/abc", Some(&county)).await;
    assert_eq!(s, 404);
    let (s, _) = t.get("/api/v1/risks", None).await;
    assert_eq!(s, 401);
}
