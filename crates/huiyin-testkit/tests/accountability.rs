//! 责任追究 (issue 14 item 5): recorded by a leader or supervisor above the unit, on grounds of
//! Arts. 42–46 as data, with a measure, linked to cases and supervision orders the recorder may
//! see; read only from above the unit — never by the unit's own people or those below.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_record_is_made_and_read_only_from_above_the_unit() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let supervisor = t.token("city_supervisor").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let (status, order) = t
        .post_json(
            &format!("/api/v1/cases/{id}/supervisions"),
            Some(&supervisor),
            &json!({"kind": "supervise", "due_on": "2026-07-03", "reason": "请于期限内办结"}),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let body = json!({"unit_id": t.units.county, "person": "王某（副局长）",
        "grounds": ["shirking_or_overdue", "suggestion_ignored"], "measure": "interview",
        "on": "2026-06-30", "description": "督办逾期未反馈，约谈分管副局长",
        "case_ids": [id], "supervision_ids": [order["id"]]});

    // The grounds are data.
    let (status, grounds) = t
        .get("/api/v1/accountability/grounds", Some(&supervisor))
        .await;
    assert_eq!(status, 200);
    assert_eq!(grounds.as_array().unwrap().len(), 14, "{grounds}");

    // Bad input: every problem at once, nothing stored.
    let (status, v) = t
        .post_json(
            "/api/v1/accountability",
            Some(&supervisor),
            &json!({"unit_id": 99999, "grounds": [], "measure": "fine", "on": "2030-01-01"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["unit_id", "grounds", "measure", "on", "description"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // Not a leader or supervisor; not above the unit (the county's own leader, a sibling's).
    let (status, v) = t
        .post_json("/api/v1/accountability", Some(&registrar), &body)
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("case.role_required")),
        "{v}"
    );
    for who in ["leader", "sibling"] {
        let (status, v) = t
            .post_json("/api/v1/accountability", Some(&t.token(who).await), &body)
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (403, Some("accountability.not_below")),
            "{who}: {v}"
        );
    }
    // A linked case out of the recorder's sight is refused like one that does not exist.
    let at_sibling = t
        .register(
            &t.token("sibling").await,
            &letter(t.units.sibling_school, "2026-06-29"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let mut hidden = body.clone();
    hidden["unit_id"] = json!(t.units.school);
    hidden["case_ids"] = json!([at_sibling]);
    let (status, v) = t
        .post_json(
            "/api/v1/accountability",
            Some(&t.token("leader").await),
            &hidden,
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["case_ids"].is_string(), "{v}");
    let (_, none) = t.get("/api/v1/accountability", Some(&supervisor)).await;
    assert_eq!(none["total"], 0, "nothing stored: {none}");

    // Recorded by the city's supervisor.
    let (status, rec) = t
        .post_json("/api/v1/accountability", Some(&supervisor), &body)
        .await;
    assert_eq!(status, 201, "{rec}");
    assert_eq!(rec["measure"], "interview");
    assert_eq!(rec["grounds"][0]["article"], "第四十五条");
    assert_eq!(rec["cases"][0]["id"], id);
    assert_eq!(rec["supervision_ids"][0], order["id"]);
    let rid = rec["id"].as_i64().unwrap();

    // Read from above: the city's leader and supervisor, the province.
    for who in ["city", "city_supervisor", "province"] {
        let token = t.token(who).await;
        let (status, list) = t.get("/api/v1/accountability", Some(&token)).await;
        assert_eq!(
            (status, list["total"].as_i64()),
            (200, Some(1)),
            "{who}: {list}"
        );
        let (status, _) = t
            .get(&format!("/api/v1/accountability/{rid}"), Some(&token))
            .await;
        assert_eq!(status, 200, "{who}");
    }
    // Never by the county's own people nor those below: an empty list, and "not found".
    for who in ["leader", "county", "school"] {
        let token = t.token(who).await;
        let (status, list) = t.get("/api/v1/accountability", Some(&token)).await;
        assert_eq!(
            (status, list["total"].as_i64()),
            (200, Some(0)),
            "{who}: {list}"
        );
        let (status, v) = t
            .get(&format!("/api/v1/accountability/{rid}"), Some(&token))
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("accountability.not_found")),
            "{who}"
        );
    }
    // A registrar (no leader or supervisor role) has no such list at all.
    let (status, _) = t.get("/api/v1/accountability", Some(&registrar)).await;
    assert_eq!(status, 403);
    // Filters: by unit subtree and period.
    let city = t.token("city").await;
    let (_, by_unit) = t
        .get(
            &format!("/api/v1/accountability?unit_id={}", t.units.sibling_county),
            Some(&city),
        )
        .await;
    assert_eq!(by_unit["total"], 0, "{by_unit}");
    let (_, by_day) = t
        .get(
            "/api/v1/accountability?from=2026-07-01&to=2026-07-31",
            Some(&city),
        )
        .await;
    assert_eq!(by_day["total"], 0, "{by_day}");
}
