//! Escalation of a warning one level up: by the job when nobody acknowledges it in time, and
//! by hand until the top.

use huiyin_testkit::spawn_app;
use serde_json::json;

use super::{act, visit, warnings};

#[tokio::test]
async fn a_warning_nobody_acknowledges_goes_one_level_up() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(
            &registrar,
            &visit(&t, 60, "学校食堂食物中毒，家长聚集在校门口"),
        )
        .await;
    let list = warnings(&t, &registrar, "kind=collective").await;
    let w = list["items"][0].clone();
    assert_eq!(w["level"], "red", "{w}");
    let due = w["acknowledge_due_at_ms"].as_i64().unwrap();
    assert_eq!(
        due - w["raised_at_ms"].as_i64().unwrap(),
        3_600_000,
        "red: one hour"
    );

    // Before the deadline nothing moves; after it the warning goes to the city.
    t.clock.set_millis(due - 1);
    assert_eq!(t.app.escalate_unacknowledged_warnings().await.unwrap(), 0);
    t.clock.set_millis(due + 1);
    assert!(t.app.escalate_unacknowledged_warnings().await.unwrap() >= 1);
    let city = t.token("city").await;
    let (_, moved) = t
        .get(&format!("/api/v1/warnings/{}", w["id"]), Some(&city))
        .await;
    assert_eq!(moved["status"], "escalated", "{moved}");
    assert_eq!(moved["unit_id"], t.units.city);
    assert_eq!(moved["history"][0]["action"], "auto_escalate", "{moved}");
    assert_eq!(moved["case_ids"], json!([case["id"]]));
    // The county still sees it but no longer acts on it; the city does.
    let county = t.token("county").await;
    let (status, v) = act(&t, &county, &w["id"], json!({"action": "acknowledge"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("auth.forbidden")),
        "{v}"
    );
    // The sensitive warning (orange: four hours) stays with the county for now.
    assert_eq!(
        warnings(
            &t,
            &city,
            &format!("unit_id={}&status=escalated", t.units.city)
        )
        .await["total"],
        1
    );
    let sensitive = warnings(&t, &county, "kind=sensitive").await;
    assert_eq!(
        (
            sensitive["items"][0]["level"].as_str(),
            sensitive["items"][0]["status"].as_str()
        ),
        (Some("orange"), Some("open")),
        "{sensitive}"
    );
    let (status, v) = act(&t, &city, &w["id"], json!({"action": "acknowledge"})).await;
    assert_eq!(
        (status, v["status"].as_str()),
        (200, Some("acknowledged")),
        "{v}"
    );
    // An acknowledged warning stays where it is.
    t.clock.set_millis(due + 10 * 3_600_000);
    let before = t.app.escalate_unacknowledged_warnings().await.unwrap();
    let (_, still) = t
        .get(
            &format!("/api/v1/warnings/{}", w["id"]),
            Some(&t.token("city").await),
        )
        .await;
    assert_eq!(still["unit_id"], t.units.city, "moved {before}: {still}");
}

#[tokio::test]
async fn escalating_by_hand_moves_a_warning_up_until_the_top() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &visit(&t, 6, "反映学校违规收费"))
        .await;
    let w = warnings(&t, &registrar, "").await["items"][0].clone();
    let (status, v) = act(
        &t,
        &registrar,
        &w["id"],
        json!({"action": "escalate", "note": "涉及多校，请市局协调"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["unit_id"].as_i64()),
        (Some("escalated"), Some(t.units.city))
    );
    let city = t.token("city").await;
    let (status, v) = act(&t, &city, &w["id"], json!({"action": "escalate"})).await;
    assert_eq!(
        (status, v["unit_id"].as_i64()),
        (200, Some(t.units.province)),
        "{v}"
    );
    let province = t.token("province").await;
    let (status, v) = act(&t, &province, &w["id"], json!({"action": "escalate"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("warning.no_unit_above")),
        "{v}"
    );
}
