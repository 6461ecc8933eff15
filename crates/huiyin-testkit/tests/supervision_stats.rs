//! Supervision, the rest of issue 14 item 4: 挂牌督办 and the grounds as data; an order left
//! unanswered past its due day is escalated by the daily scan to the body above its issuer,
//! whose supervisors are told; statistics of orders, answers, on-time answers, adoption and
//! escalation per supervised unit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::{Value, json};

fn row(stats: &Value, unit: i64) -> &Value {
    stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == unit)
        .unwrap_or_else(|| panic!("no row for unit {unit}: {stats}"))
}

#[tokio::test]
async fn orders_name_grounds_escalate_when_unanswered_and_are_counted_per_unit() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let supervisor = t.token("city_supervisor").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let case = t
            .register(&registrar, &letter(t.units.school, "2026-06-29"))
            .await;
        ids.push(case["id"].as_i64().unwrap());
    }

    // The grounds are data; an unknown one is refused with nothing stored.
    let (status, grounds) = t
        .get("/api/v1/supervisions/grounds", Some(&supervisor))
        .await;
    assert_eq!(status, 200);
    let codes: Vec<&str> = grounds
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"shirking") && codes.contains(&"overdue"),
        "{grounds}"
    );
    let path = |id: i64| format!("/api/v1/cases/{id}/supervisions");
    let (status, v) = t
        .post_json(
            &path(ids[0]),
            Some(&supervisor),
            &json!({"kind": "listed", "grounds": "whim", "due_on": "2026-07-03", "reason": "挂牌督办，限期整改"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["grounds"].is_string(), "{v}");
    let (_, listed) = t.get("/api/v1/supervisions", Some(&supervisor)).await;
    assert_eq!(listed["total"], 0, "nothing stored: {listed}");

    // 挂牌督办 on the first case, a 督办 on the second; the first is answered on time.
    let (status, first) = t
        .post_json(
            &path(ids[0]),
            Some(&supervisor),
            &json!({"kind": "listed", "grounds": "shirking", "due_on": "2026-07-03", "reason": "挂牌督办，限期整改"}),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["kind"], "listed");
    assert_eq!(first["grounds"]["code"], "shirking");
    assert!(
        first["grounds"]["source"]
            .as_str()
            .unwrap()
            .contains("第四十条")
    );
    let (status, second) = t
        .post_json(
            &path(ids[1]),
            Some(&supervisor),
            &json!({"kind": "supervise", "due_on": "2026-07-03", "reason": "请于期限内办结并反馈"}),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    let (status, v) = t
        .post_json(
            &format!("/api/v1/supervisions/{}/response", first["id"]),
            Some(&registrar),
            &json!({"response": "已整改并答复信访人", "adopted": true}),
        )
        .await;
    assert_eq!(status, 200, "{v}");

    // Past the due day the daily scan escalates the unanswered one to the province (the body
    // above the city that issued it), once.
    t.clock.set_today("2026-07-06");
    let scan = t.app.scan_deadlines("test").await.unwrap();
    assert_eq!(scan.orders_escalated, 1, "{scan:?}");
    let supervisor = t.token("city_supervisor").await;
    let (_, orders) = t.get("/api/v1/supervisions", Some(&supervisor)).await;
    let escalated: Vec<&Value> = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["escalated_on"].is_null())
        .collect();
    assert_eq!(escalated.len(), 1, "{orders}");
    assert_eq!(escalated[0]["id"], second["id"]);
    assert_eq!(escalated[0]["escalated_to_unit_id"], t.units.province);
    assert_eq!(escalated[0]["escalated_on"], "2026-07-06");
    t.clock.set_today("2026-07-07");
    assert_eq!(
        t.app.scan_deadlines("test").await.unwrap().orders_escalated,
        0
    );
    // The province's supervisor is told; the city's is not (it is not raised to the city).
    let supervisor = t.token("city_supervisor").await;
    let province = t.token("province").await;
    let (_, notes) = t.get("/api/v1/notifications", Some(&province)).await;
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["key"] == format!("escalated:{}", second["id"])),
        "{notes}"
    );
    let (status, notes) = t.get("/api/v1/notifications", Some(&supervisor)).await;
    assert_eq!(status, 200, "{notes}");
    assert!(!notes.to_string().contains("escalated:"), "{notes}");

    // The figures per supervised unit, for the city and for the county itself.
    let (status, stats) = t
        .get(
            "/api/v1/supervisions/stats?from=2026-06-01&to=2026-07-31",
            Some(&supervisor),
        )
        .await;
    assert_eq!(status, 200, "{stats}");
    let r = row(&stats, t.units.county_office);
    assert_eq!(
        [
            &r["orders"],
            &r["listed"],
            &r["supervise"],
            &r["answered"],
            &r["answered_on_time"],
            &r["adopted"],
            &r["overdue"],
            &r["escalated"]
        ],
        [
            &json!(2),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1)
        ],
        "{stats}"
    );
    assert_eq!(stats["total"]["orders"], 2);
    let county = t.token("county").await;
    let (_, own) = t
        .get(
            "/api/v1/supervisions/stats?from=2026-06-01&to=2026-07-31",
            Some(&county),
        )
        .await;
    assert_eq!(row(&own, t.units.county_office)["orders"], 2, "{own}");
    // A period before any order counts nothing; a bad period is refused by field.
    let (_, none) = t
        .get(
            "/api/v1/supervisions/stats?from=2026-01-01&to=2026-05-31",
            Some(&supervisor),
        )
        .await;
    assert_eq!(none["total"]["orders"], 0, "{none}");
    let (status, v) = t
        .get(
            "/api/v1/supervisions/stats?from=June&unit_id=x",
            Some(&supervisor),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["from"].is_string() && v["fields"]["unit_id"].is_string(),
        "{v}"
    );
    let (status, v) = t
        .get(
            "/api/v1/supervisions/stats?from=2026-07-31&to=2026-06-01",
            Some(&supervisor),
        )
        .await;
    assert_eq!(status, 422, "{v}");
}

#[tokio::test]
async fn the_scanners_orders_escalate_only_when_their_answer_is_overdue() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await["id"]
        .as_i64()
        .unwrap();
    let due = t.case(&registrar, id).await.1["deadlines"][0]["due_on"]
        .as_str()
        .unwrap()
        .to_owned();
    let due = huiyin_core::Date::parse(&due).unwrap();
    // A 催办 ahead of the deadline asks for no answer: never escalated.
    t.clock.set_today(&due.add_days(-1).to_string());
    let scan = t.app.scan_deadlines("test").await.unwrap();
    assert!(scan.reminders_created >= 1, "{scan:?}");
    assert_eq!(scan.orders_escalated, 0, "{scan:?}");
    // The deadline missed: an automatic 督办, answer due 30 days after it is made.
    let made = due.add_days(1);
    t.clock.set_today(&made.to_string());
    let scan = t.app.scan_deadlines("test").await.unwrap();
    assert!(scan.supervisions_created >= 1, "{scan:?}");
    assert_eq!(scan.orders_escalated, 0, "made today: {scan:?}");
    t.clock.set_today(&made.add_days(30).to_string());
    assert_eq!(
        t.app.scan_deadlines("test").await.unwrap().orders_escalated,
        0
    );
    t.clock.set_today(&made.add_days(31).to_string());
    let scan = t.app.scan_deadlines("test").await.unwrap();
    assert!(scan.orders_escalated >= 1, "{scan:?}");
    let supervisor = t.token("city_supervisor").await;
    let (_, orders) = t.get("/api/v1/supervisions", Some(&supervisor)).await;
    for o in orders["items"].as_array().unwrap() {
        match o["kind"].as_str().unwrap() {
            // The scanner's 督办 to the county's office is raised above the county: the city.
            "supervise" => assert_eq!(o["escalated_to_unit_id"], t.units.city, "{o}"),
            _ => assert!(o["escalated_on"].is_null(), "a reminder: {o}"),
        }
    }
    assert!(
        orders["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["kind"] == "supervise" && o["grounds"]["code"] == "overdue"),
        "{orders}"
    );
}
