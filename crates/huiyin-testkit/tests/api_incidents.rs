//! Incidents (突发事件、群体性事件; issue 13 item 3): recorded with the reports their level owes,
//! reported to units with the server's time in the audit chain, late (迟报) and missing (漏报)
//! reports flagged; bad input refused with nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

fn incident(t: &TestApp, level: &str, occurred_at: &str) -> Value {
    json!({
        "title": "家长聚集第一小学校门口",
        "level": level,
        "unit_id": t.units.school,
        "occurred_at": occurred_at,
        "people_count": 40,
        "description": "约40名家长因学区划片调整在校门口聚集，要求与校长对话。",
    })
}

fn owed(v: &Value) -> Vec<(i64, String, bool, bool)> {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["to_unit_id"].as_i64().unwrap(),
                r["kind"].as_str().unwrap().to_owned(),
                r["late"].as_bool().unwrap(),
                r["missing"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_incident_owes_reports_by_level_and_proves_when_they_were_made() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let county = t.token("county").await;
    let case = t
        .register(&county, &letter(t.units.school, "2026-06-29"))
        .await;
    let mut body = incident(&t, "major", "2026-06-30T11:45:00+08:00");
    body["case_ids"] = json!([case["id"]]);
    let (status, v) = t.post_json("/api/v1/incidents", Some(&county), &body).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["level"], "major");
    assert_eq!(v["case_ids"], json!([case["id"]]));
    // 较大: first reports within 30 minutes to the school's own body and the county above it,
    // written ones within 2 hours.
    let school = t.units.school;
    let county_id = t.units.county;
    let mut want = vec![
        (school, "first".to_owned(), false, false),
        (county_id, "first".to_owned(), false, false),
        (school, "written".to_owned(), false, false),
        (county_id, "written".to_owned(), false, false),
    ];
    let mut got = owed(&v);
    want.sort();
    got.sort();
    assert_eq!(got, want, "{v}");
    let first_due = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "first")
        .unwrap()["due_at"]
        .clone();
    assert_eq!(first_due, "2026-06-30T12:15:00+08:00");
    let id = v["id"].as_i64().unwrap();

    // Reporting to the county at 12:10 is on time; 40 minutes later the school's first report
    // is missing (漏报); made then, it is late (迟报).
    let noon = v["occurred_at_ms"].as_i64().unwrap() + 15 * 60_000;
    t.clock.set_millis(noon + 10 * 60_000);
    let county = t.token("county").await;
    let path = format!("/api/v1/incidents/{id}/reports");
    let (status, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"to_unit_id": county_id, "content": "电话报告区教育局值班室"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let to_county = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["to_unit_id"] == county_id && r["kind"] == "first")
        .unwrap()
        .clone();
    assert_eq!(to_county["reported_at"], "2026-06-30T12:10:00+08:00");
    assert_eq!(to_county["late"], false);
    t.clock.set_millis(noon + 40 * 60_000);
    let county = t.token("county").await;
    let (_, v) = t
        .get(&format!("/api/v1/incidents/{id}"), Some(&county))
        .await;
    assert_eq!(v["missing_reports"], 1, "{v}");
    let (_, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"to_unit_id": school, "content": "已报告校党支部书记"}),
        )
        .await;
    assert_eq!(
        (v["late_reports"].as_i64(), v["missing_reports"].as_i64()),
        (Some(1), Some(0)),
        "{v}"
    );
    // A third report to the county fills its written report; a fourth is a follow-up (续报).
    t.post_json(
        &path,
        Some(&county),
        &json!({"to_unit_id": county_id, "content": "书面报告已报送"}),
    )
    .await;
    let (_, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"to_unit_id": county_id, "content": "续报：家长已散去"}),
        )
        .await;
    let kinds: Vec<&str> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["to_unit_id"] == county_id)
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["first", "written", "follow_up"], "{v}");

    // Every report is in the audit chain.
    let auditor = t.token("auditor").await;
    let (_, audit) = t
        .get(
            "/api/v1/audit?action=incident.report&per_page=50",
            Some(&auditor),
        )
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 4, "{audit}");

    // The sibling county does not see it; the city above does; the list counts it.
    let sibling = t.token("sibling").await;
    let (status, v) = t
        .get(&format!("/api/v1/incidents/{id}"), Some(&sibling))
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("incident.not_found"))
    );
    let (_, list) = t.get("/api/v1/incidents", Some(&sibling)).await;
    assert_eq!(list["total"], 0);
    let (_, list) = t
        .get("/api/v1/incidents", Some(&t.token("city").await))
        .await;
    assert_eq!(list["total"], 1, "{list}");
}

#[tokio::test]
async fn bad_incidents_are_refused_and_nothing_is_stored() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    // In the future.
    let (status, v) = t
        .post_json(
            "/api/v1/incidents",
            Some(&county),
            &incident(&t, "general", "2026-06-30T18:00:00+08:00"),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (422, Some("incident.future")),
        "{v}"
    );
    // Every bad field at once.
    let (status, v) = t
        .post_json(
            "/api/v1/incidents",
            Some(&county),
            &json!({"title": "", "level": "huge", "unit_id": 999999, "occurred_at": "昨天", "description": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["title", "level", "unit_id", "occurred_at", "description"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // A unit outside one's scope; a case out of sight.
    let (status, v) = t
        .post_json(
            "/api/v1/incidents",
            Some(&t.token("sibling").await),
            &incident(&t, "general", "2026-06-30 09:00"),
        )
        .await;
    assert_eq!(status, 403, "{v}");
    let mut body = incident(&t, "general", "2026-06-30 09:00");
    let other = t
        .register(
            &t.token("sibling").await,
            &letter(t.units.sibling_school, "2026-06-29"),
        )
        .await;
    body["case_ids"] = json!([other["id"]]);
    let (status, v) = t.post_json("/api/v1/incidents", Some(&county), &body).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("case.not_found")),
        "{v}"
    );
    let (_, list) = t.get("/api/v1/incidents", Some(&county)).await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");
    // Reports: unknown incident, bad body.
    let (status, v) = t
        .post_json(
            "/api/v1/incidents/999/reports",
            Some(&county),
            &json!({"to_unit_id": t.units.county, "content": "报告"}),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("incident.not_found"))
    );
    let (_, made) = t
        .post_json(
            "/api/v1/incidents",
            Some(&county),
            &incident(&t, "general", "2026-06-30 09:00"),
        )
        .await;
    let (status, v) = t
        .post_json(
            &format!("/api/v1/incidents/{}/reports", made["id"]),
            Some(&county),
            &json!({"to_unit_id": 0}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["to_unit_id"].is_string() && v["fields"]["content"].is_string(),
        "{v}"
    );
}
