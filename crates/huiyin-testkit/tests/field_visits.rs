//! 带案下访 (issue 14 item 2): case staff record that a leader went down to a unit of their scope
//! with cases in hand; a leader who does not lead there, a unit outside the scope or a case out
//! of sight is refused with nothing stored; readers see only the cases they may open.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_visit_is_recorded_from_above_and_read_within_scope() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let city_leader = t.app.authenticate(&city).await.unwrap().id;
    let county_leader = t
        .app
        .authenticate(&t.token("leader").await)
        .await
        .unwrap()
        .id;
    let sibling_leader = t
        .app
        .authenticate(&t.token("sibling").await)
        .await
        .unwrap()
        .id;
    let body = |leader: i64, unit: i64, cases: serde_json::Value| {
        json!({"leader_user_id": leader, "unit_id": unit, "on": "2026-06-29", "place": "某区第一小学会议室",
               "case_ids": cases, "outcome": "市局领导带案下访，当面听取家长意见，学校承诺一周内整改"})
    };

    // Bad input: every problem at once; a leader of a sibling county; a unit out of scope.
    let (status, v) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&city),
            &json!({"on": "2030-01-01"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in [
        "leader_user_id",
        "unit_id",
        "on",
        "place",
        "case_ids",
        "outcome",
    ] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let (status, v) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&city),
            &body(sibling_leader, t.units.school, json!([id])),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["leader_user_id"].is_string(), "{v}");
    let (status, v) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&registrar),
            &body(county_leader, t.units.sibling_school, json!([id])),
        )
        .await;
    assert_eq!(status, 403, "{v}");
    let sibling_case = t
        .register(
            &t.token("sibling").await,
            &letter(t.units.sibling_school, "2026-06-20"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, v) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&registrar),
            &body(county_leader, t.units.school, json!([sibling_case])),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["case_ids"].is_string(), "{v}");
    let (_, none) = t.get("/api/v1/field-visits", Some(&city)).await;
    assert_eq!(none["total"], 0, "nothing stored: {none}");

    // The city's leader went down to the school with the case.
    let (status, visit) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&city),
            &body(city_leader, t.units.school, json!([id])),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    assert_eq!(visit["cases"][0]["id"], id);
    assert_eq!(visit["unit_id"], t.units.school);
    // Read in the city and the county. Not at the school, which may not open the case (it was
    // handled by the county's office and never sent down): a visit with a case out of the
    // reader's sight is not there for them. Not in the sibling county.
    for (who, n) in [("city", 1), ("registrar", 1), ("school", 0), ("sibling", 0)] {
        let (status, list) = t
            .get("/api/v1/field-visits", Some(&t.token(who).await))
            .await;
        assert_eq!(
            (status, list["total"].as_i64()),
            (200, Some(n)),
            "{who}: {list}"
        );
    }
    let (_, list) = t
        .get(
            "/api/v1/field-visits?from=2026-07-01&to=2026-07-31",
            Some(&city),
        )
        .await;
    assert_eq!(list["total"], 0, "{list}");
}
