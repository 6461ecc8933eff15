//! Whom an entry reaches: an overdue entry is flagged, listed and notified to its person; an
//! entry linked to an accusation is not there for the accused county, nor is its warning.

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

use super::{entry, ids, list, user_id};

#[tokio::test]
async fn an_overdue_entry_is_flagged_listed_and_reaches_its_person() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let school_id = user_id(&t, "school").await;
    let (_, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, school_id, "2026-07-01", json!([])),
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    let (_, notes) = t
        .get("/api/v1/notifications", Some(&t.token("school").await))
        .await;
    assert!(
        notes.to_string().contains(&format!("/risks/{id}")),
        "due soon: {notes}"
    );
    assert_eq!(list(&t, "county", "status=overdue").await["total"], 0);
    t.clock.set_today("2026-07-03");
    let overdue = list(&t, "county", "status=overdue").await;
    assert_eq!(ids(&overdue), [id]);
    assert_eq!(overdue["items"][0]["overdue"], true);
    assert_eq!(overdue["items"][0]["days_left"], -2);
    let (_, notes) = t
        .get("/api/v1/notifications", Some(&t.token("school").await))
        .await;
    let note = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "risk_due")
        .unwrap_or_else(|| panic!("{notes}"));
    assert!(note["text"].as_str().unwrap().contains("逾期"), "{note}");
    // Someone else's entry is not their notification.
    let (_, notes) = t.get("/api/v1/notifications", Some(&county)).await;
    assert!(!notes.to_string().contains("risk_due"), "{notes}");
}

#[tokio::test]
async fn an_entry_linked_to_an_accusation_is_not_there_for_the_accused_county() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut accusation = letter(t.units.county, "2026-06-24");
    accusation["petition_type"] = json!("accusation");
    accusation["content"] = json!("举报区教育局截留教师绩效工资。");
    let accusation = t.register(&registrar, &accusation).await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        accusation,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    // A county person cannot be made responsible for it.
    let county_id = user_id(&t, "county").await;
    let (s, v) = t
        .post_json(
            "/api/v1/risks",
            Some(&city),
            &entry(t.units.county, county_id, "2026-07-10", json!([accusation])),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["owner_user_id"].is_string(), "{v}");
    let city_id = user_id(&t, "city").await;
    let (s, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&city),
            &entry(t.units.county, city_id, "2026-07-10", json!([accusation])),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    let id = r["id"].as_i64().unwrap();
    assert_eq!(list(&t, "city", "").await["total"], 1);
    for user in ["county", "handler", "school"] {
        let v = list(&t, user, "").await;
        assert_eq!(v["total"], 0, "{user}: {v}");
        let (s, _) = t
            .get(&format!("/api/v1/risks/{id}"), Some(&t.token(user).await))
            .await;
        assert_eq!(s, 404, "{user}");
        let (s, _) = t
            .post_json(
                &format!("/api/v1/risks/{id}/actions"),
                Some(&t.token(user).await),
                &json!({"action": "update", "note": "试图查看"}),
            )
            .await;
        assert_eq!(s, 404, "{user}");
    }
    // Raised to orange, it raises a `screening` warning: owned above the accused county (its
    // unit), which neither lists nor counts it.
    let (s, v) = t
        .post_json(
            &format!("/api/v1/risks/{id}/actions"),
            Some(&city),
            &json!({"action": "update", "note": "群众情绪激动", "level": "orange"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, w) = t.get("/api/v1/warnings?kind=screening", Some(&city)).await;
    assert_eq!(w["total"], 1, "{w}");
    assert_eq!(w["items"][0]["unit_id"], t.units.city, "{w}");
    for user in ["county", "handler"] {
        let (_, v) = t.get("/api/v1/warnings", Some(&t.token(user).await)).await;
        assert_eq!(v["total"], 0, "{user}: {v}");
    }
}
