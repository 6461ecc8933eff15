//! Leaders' reception days (领导接访日; issue 14 item 2): scheduled by the petition office for a
//! leader of a unit in its scope, listed to staff of that scope, published on the portal, and
//! the visits received there registered as cases linked to the day.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn leader_id(t: &TestApp, username: &str) -> i64 {
    let token = t.token(username).await;
    t.app.authenticate(&token).await.unwrap().id
}

fn day(t: &TestApp, leader: i64, on: &str) -> Value {
    json!({"leader_user_id": leader, "unit_id": t.units.county, "on": on,
           "place": "区教育局一楼接访室", "hours": "09:00-11:30", "topics": "学区划分、招生入学"})
}

#[tokio::test]
async fn a_reception_day_is_scheduled_published_and_receives_visits() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let leader = leader_id(&t, "leader").await;
    let (status, r) = t
        .post_json(
            "/api/v1/receptions",
            Some(&registrar),
            &day(&t, leader, "2026-07-08"),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["leader_name"], "测试leader");
    assert_eq!(r["unit_name"], "某区教育局");
    assert_eq!(r["on"], "2026-07-08");

    // Staff of the scope and above see it; the sibling county does not.
    for (user, n) in [("county", 1), ("city", 1), ("sibling", 0)] {
        let (_, list) = t
            .get("/api/v1/receptions", Some(&t.token(user).await))
            .await;
        assert_eq!(list["total"], n, "{user}: {list}");
    }
    let (status, v) = t
        .get("/api/v1/receptions?from=next-week", Some(&registrar))
        .await;
    assert_eq!(status, 422, "{v}");

    // The portal publishes who, where and when, without signing in and without cases.
    let (status, public) = t.get("/api/v1/public/receptions", None).await;
    assert_eq!(status, 200, "{public}");
    assert_eq!(public["total"], 1);
    let item = &public["items"][0];
    assert_eq!(
        (
            item["leader_name"].as_str(),
            item["place"].as_str(),
            item["topics"].as_str()
        ),
        (
            Some("测试leader"),
            Some("区教育局一楼接访室"),
            Some("学区划分、招生入学")
        )
    );
    assert!(item.get("case_ids").is_none(), "{item}");

    // On the day, a visit received there is registered linked to it.
    t.clock.set_today("2026-07-08");
    let registrar = t.token("registrar").await;
    let mut visit = letter(t.units.school, "2026-07-08");
    visit["channel"] = json!("visit");
    visit["reception_id"] = r["id"].clone();
    let case = t.register(&registrar, &visit).await;
    let (_, list) = t.get("/api/v1/receptions", Some(&registrar)).await;
    assert_eq!(list["items"][0]["case_ids"], json!([case["id"]]), "{list}");

    // A letter, another day, an unknown day, or a day outside one's scope: refused, by field.
    let mut bad = visit.clone();
    bad["channel"] = json!("letter");
    let mut other_day = visit.clone();
    other_day["received_on"] = json!("2026-07-07");
    let mut unknown = visit.clone();
    unknown["reception_id"] = json!(999);
    for (body, who) in [
        (&bad, "registrar"),
        (&other_day, "registrar"),
        (&unknown, "registrar"),
        (&visit, "sibling"),
    ] {
        let (status, v) = t
            .post_json("/api/v1/cases", Some(&t.token(who).await), body)
            .await;
        assert_eq!(status, 422, "{who}: {v}");
        assert!(v["fields"]["reception_id"].is_string(), "{v}");
    }
    let (_, list) = t.get("/api/v1/receptions", Some(&registrar)).await;
    assert_eq!(
        list["items"][0]["case_ids"],
        json!([case["id"]]),
        "nothing else linked"
    );

    // Once the day has passed the portal no longer lists it.
    t.clock.set_today("2026-07-09");
    let (_, public) = t.get("/api/v1/public/receptions", None).await;
    assert_eq!(public["total"], 0, "{public}");
}

#[tokio::test]
async fn bad_reception_days_are_refused() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = leader_id(&t, "leader").await;
    let city_leader = leader_id(&t, "city").await;
    let handler = leader_id(&t, "handler").await;
    // Every missing field at once.
    let (status, v) = t
        .post_json("/api/v1/receptions", Some(&registrar), &json!({}))
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["leader_user_id", "unit_id", "on", "place"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // In the past; a leader of another unit; not a leader; a unit outside the scope.
    let (status, v) = t
        .post_json(
            "/api/v1/receptions",
            Some(&registrar),
            &day(&t, leader, "2026-06-29"),
        )
        .await;
    assert_eq!((status, v["fields"]["on"].is_string()), (422, true), "{v}");
    for who in [city_leader, handler] {
        let (status, v) = t
            .post_json(
                "/api/v1/receptions",
                Some(&registrar),
                &day(&t, who, "2026-07-08"),
            )
            .await;
        assert_eq!(
            (status, v["fields"]["leader_user_id"].is_string()),
            (422, true),
            "{v}"
        );
    }
    let mut elsewhere = day(&t, leader, "2026-07-08");
    elsewhere["unit_id"] = json!(t.units.sibling_county);
    let (status, v) = t
        .post_json("/api/v1/receptions", Some(&registrar), &elsewhere)
        .await;
    assert_eq!(status, 403, "{v}");
    // A supervisor holds no case-handling permission to schedule.
    let (status, v) = t
        .post_json(
            "/api/v1/receptions",
            Some(&t.token("city_supervisor").await),
            &day(&t, leader, "2026-07-08"),
        )
        .await;
    assert_eq!(status, 403, "{v}");
    let (_, list) = t.get("/api/v1/receptions", Some(&registrar)).await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");
}

#[tokio::test]
async fn an_accusation_received_at_a_reception_day_stays_behind_the_firewall() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = leader_id(&t, "leader").await;
    let (status, r) = t
        .post_json(
            "/api/v1/receptions",
            Some(&registrar),
            &day(&t, leader, "2026-06-30"),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let mut visit = letter(t.units.county, "2026-06-30");
    visit["channel"] = json!("visit");
    visit["petition_type"] = json!("accusation");
    visit["reception_id"] = r["id"].clone();
    let case = t.register(&registrar, &visit).await;
    // The registrar who took it sees it linked; the accused county's staff do not even learn
    // that a case was registered there; the city above sees it.
    for (user, linked) in [
        ("registrar", true),
        ("county", false),
        ("leader", false),
        ("city", true),
    ] {
        let (_, list) = t
            .get("/api/v1/receptions", Some(&t.token(user).await))
            .await;
        assert_eq!(list["total"], 1, "{user}: {list}");
        assert_eq!(
            list["items"][0]["case_ids"]
                .as_array()
                .unwrap()
                .contains(&case["id"]),
            linked,
            "{user}: {list}"
        );
        if !linked {
            assert!(!list.to_string().contains(case["number"].as_str().unwrap()));
        }
    }
}
