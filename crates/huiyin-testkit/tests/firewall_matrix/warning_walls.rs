//! Warnings behind an accusation (issue 13 item 5; the warnings row of the matrix) are owned
//! above the accused unit, never by it: a cluster the accusation completes, one the accused
//! unit owned that it joins, and the warnings of a case reclassified as an accusation against
//! their owner (and the daily scan's overdue warnings and its sweep of warnings stored inside a
//! wall). The accused unit's staff neither list, count nor open them, and a cluster's
//! messages go to the owner above the wall.

use super::*;

const FEES: &str = "区教育局违规收取课后服务费，每生每学期800元，没有收费依据，要求退还全部费用。";

/// A letter about the county bureau's after-school fees, of `petition_type`, from one person.
fn fees(t: &TestApp, petition_type: &str, name: &str, phone: &str, on: &str) -> Value {
    let mut v = letter(t.units.county, on);
    v["petition_type"] = json!(petition_type);
    v["title"] = json!("反映区教育局违规收取课后服务费");
    v["content"] = json!(FEES);
    v["demands"] = json!("退还课后服务费");
    v["petitioners"] = json!([{"name": name, "phone": phone}]);
    v
}

/// Complaints (`appeal`) of the county's fees from these people, `(name, phone, day)`,
/// registered at the county's office by its second registrar.
async fn complaints(t: &TestApp, people: &[(&str, &str, &str)]) {
    let registrar2 = t.token("registrar2").await;
    for (name, phone, on) in people {
        t.register(&registrar2, &fees(t, "appeal", name, phone, on))
            .await;
    }
}

/// The cluster warnings `user` lists, after checking the count agrees with the items.
async fn clusters_seen(t: &TestApp, user: &str) -> Vec<Value> {
    let token = t.token(user).await;
    let (status, v) = t
        .get("/api/v1/warnings?kind=cluster&per_page=200", Some(&token))
        .await;
    assert_eq!(status, 200, "{user}: {v}");
    let items = v["items"].as_array().unwrap().clone();
    assert_eq!(v["total"], json!(items.len()), "{user}: {v}");
    items
}

/// The accused county's staff see nothing of warning `id`: not listed, not counted, not found.
async fn hidden_from_the_accused(t: &TestApp, id: &Value) {
    for user in ["county", "handler", "leader", "registrar2", "school"] {
        assert!(clusters_seen(t, user).await.is_empty(), "{user}");
        let token = t.token(user).await;
        let (status, v) = t.get(&format!("/api/v1/warnings/{id}"), Some(&token)).await;
        assert_eq!(status, 404, "{user}: {v}");
        assert!(!v.to_string().contains("课后服务费"), "{user}: {v}");
    }
}

/// The cluster's messages go to units above the wall only.
async fn messages_above_the_wall(t: &TestApp, id: &Value) {
    let admin = t.token("admin").await;
    let (status, out) = t.get("/api/v1/outbox?per_page=200", Some(&admin)).await;
    assert_eq!(status, 200, "{out}");
    let to: Vec<&Value> = out["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| &m["warning_id"] == id)
        .map(|m| &m["recipient_unit_id"])
        .collect();
    assert!(!to.is_empty(), "the cluster's messages are written: {out}");
    for unit in to {
        assert!(
            ![t.units.county, t.units.county_office, t.units.school]
                .contains(&unit.as_i64().unwrap()),
            "a message to the accused county: {out}"
        );
    }
}

#[tokio::test]
async fn an_accusation_completing_a_cluster_puts_it_above_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    // Two people complain of the county's fees at its own office; a third accuses the county of
    // the same there: three people, one matter.
    complaints(
        &t,
        &[
            ("甲一", "13700000001", "2026-06-25"),
            ("乙二", "13700000002", "2026-06-26"),
        ],
    )
    .await;
    assert!(
        clusters_seen(&t, "city").await.is_empty(),
        "two people are no cluster"
    );
    let accusation = t
        .register(
            &registrar,
            &fees(&t, "accusation", "丙三", "13700000003", "2026-06-27"),
        )
        .await;
    let seen = clusters_seen(&t, "city").await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    let w = &seen[0];
    assert_eq!(w["unit_id"], t.units.city, "owned above the wall: {w}");
    assert!(
        w["case_ids"]
            .as_array()
            .unwrap()
            .contains(&accusation["id"]),
        "{w}"
    );
    assert!(
        w["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("acknowledge")),
        "{w}"
    );
    hidden_from_the_accused(&t, &w["id"]).await;
    messages_above_the_wall(&t, &w["id"]).await;
}

#[tokio::test]
async fn an_accusation_joining_the_accused_units_cluster_moves_it_up() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    complaints(
        &t,
        &[
            ("甲一", "13700000001", "2026-06-24"),
            ("乙二", "13700000002", "2026-06-25"),
            ("丁四", "13700000004", "2026-06-26"),
        ],
    )
    .await;
    // Three complaints: the county's own cluster, which its staff work.
    let before = clusters_seen(&t, "county").await;
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0]["unit_id"], t.units.county);
    let id = before[0]["id"].clone();
    // An accusation against the county of the same joins it: the warning goes to the city.
    let accusation = t
        .register(
            &registrar,
            &fees(&t, "accusation", "丙三", "13700000003", "2026-06-27"),
        )
        .await;
    let seen = clusters_seen(&t, "city").await;
    assert_eq!(seen.len(), 1, "one cluster, joined: {seen:?}");
    assert_eq!(seen[0]["id"], id);
    assert_eq!(seen[0]["unit_id"], t.units.city, "{}", seen[0]);
    assert!(
        seen[0]["case_ids"]
            .as_array()
            .unwrap()
            .contains(&accusation["id"])
    );
    // The move is a step of its history, escalated to the city.
    let city = t.token("city").await;
    let (_, w) = t.get(&format!("/api/v1/warnings/{id}"), Some(&city)).await;
    let history = w["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{w}");
    assert_eq!(history[0]["action"], "move_above_wall", "{w}");
    assert_eq!(history[0]["action_label"], "移交上级（回避）");
    assert_eq!(w["status"], "escalated", "{w}");
    hidden_from_the_accused(&t, &id).await;
    // Its registrar, who may read the accusation, still sees the warning; the sibling county
    // never did.
    assert_eq!(clusters_seen(&t, "registrar").await.len(), 1);
    assert!(clusters_seen(&t, "sibling").await.is_empty());
    // A complaint joining it afterwards does not move it again.
    complaints(&t, &[("戊五", "13700000005", "2026-06-28")]).await;
    let (_, again) = t.get(&format!("/api/v1/warnings/{id}"), Some(&city)).await;
    assert_eq!(
        again["case_ids"].as_array().unwrap().len(),
        w["case_ids"].as_array().unwrap().len() + 1,
        "joined: {again}"
    );
    assert_eq!(again["unit_id"], t.units.city, "{again}");
    assert_eq!(again["history"].as_array().unwrap().len(), 1, "{again}");
}

#[tokio::test]
async fn a_case_reclassified_as_an_accusation_takes_its_warnings_above_the_wall() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    // A complaint about the county bureau threatening exposure: a `sensitive` warning the
    // county owns.
    let mut body = fees(&t, "appeal", "甲一", "13700000001", "2026-06-27");
    body["content"] = json!("区教育局违规收费，再不解决就找记者曝光。");
    let case = t.register(&registrar, &body).await;
    let id = case["id"].as_i64().unwrap();
    let (_, mine) = t
        .get("/api/v1/warnings?kind=sensitive", Some(&county))
        .await;
    assert_eq!(mine["total"], 1, "{mine}");
    assert_eq!(mine["items"][0]["unit_id"], t.units.county);
    let warning = mine["items"][0]["id"].clone();
    // The county accepts it, then finds it accuses the bureau itself.
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    t.act_ok(
        &county,
        id,
        json!({"action": "classify", "petition_type": "accusation", "reason": "实为检举控告"}),
    )
    .await;
    let city = t.token("city").await;
    let (status, w) = t
        .get(&format!("/api/v1/warnings/{warning}"), Some(&city))
        .await;
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["unit_id"], t.units.city, "moved above the wall: {w}");
    assert!(
        w["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("acknowledge")),
        "{w}"
    );
    // The move is written as the daily scan writes one: a step of its history, escalated to
    // the city with a new deadline there, and the city told of it (the county not).
    let history = w["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{w}");
    assert_eq!(history[0]["action"], "move_above_wall", "{w}");
    assert_eq!(history[0]["action_label"], "移交上级（回避）");
    assert_eq!(w["status"], "escalated", "{w}");
    let admin = t.token("admin").await;
    let (_, out) = t.get("/api/v1/outbox?per_page=200", Some(&admin)).await;
    let events_to = |unit: i64| -> Vec<String> {
        out["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["warning_id"] == warning && m["recipient_unit_id"] == json!(unit))
            .map(|m| m["event"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        events_to(t.units.city).contains(&"warning_escalated".to_owned()),
        "{out}"
    );
    assert!(
        !events_to(t.units.county).contains(&"warning_escalated".to_owned()),
        "{out}"
    );
    for user in ["county", "handler", "leader", "registrar2"] {
        let token = t.token(user).await;
        let (status, v) = t
            .get(&format!("/api/v1/warnings/{warning}"), Some(&token))
            .await;
        assert_eq!(status, 404, "{user}: {v}");
        let (_, list) = t.get("/api/v1/warnings", Some(&token)).await;
        assert_eq!(list["total"], 0, "{user}: {list}");
    }
}

#[tokio::test]
async fn a_complaint_completing_a_cluster_behind_an_earlier_accusation_puts_it_above_the_wall() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    // The accusation comes first; two complaints of the same complete the cluster, and the
    // wall is known only from the candidates read (the matter index carries it).
    t.register(
        &registrar,
        &fees(&t, "accusation", "丙三", "13700000003", "2026-06-25"),
    )
    .await;
    complaints(
        &t,
        &[
            ("甲一", "13700000001", "2026-06-26"),
            ("乙二", "13700000002", "2026-06-27"),
        ],
    )
    .await;
    let seen = clusters_seen(&t, "city").await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["unit_id"], t.units.city, "{}", seen[0]);
    hidden_from_the_accused(&t, &seen[0]["id"]).await;
    messages_above_the_wall(&t, &seen[0]["id"]).await;
}

#[tokio::test]
async fn the_daily_scan_owns_overdue_and_stored_warnings_above_the_wall() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    // An accusation against the county left at the county's office past its deadline.
    let case = t
        .register(
            &registrar,
            &fees(&t, "accusation", "丙三", "13700000003", "2026-06-01"),
        )
        .await;
    let id = case["id"].as_i64().unwrap();
    // A warning a database from before this rule holds: owned by the accused county.
    let store = t.app.store_for_tests();
    let stored = store
        .insert_warning(
            &huiyin_store::NewWarning {
                kind: huiyin_core::warning::WarningKind::Repeat,
                level: huiyin_core::warning::WarningLevel::Blue,
                unit_id: t.units.county,
                explanation_zh: "重复信访".into(),
                explanation_en: "repeat".into(),
                acknowledge_due_at: i64::MAX / 2,
                other_case_ids: Vec::new(),
                join_warning_id: None,
                join_move: None,
                unique_key: None,
                notify: Vec::new(),
            },
            &[id],
            1_000,
        )
        .await
        .unwrap()
        .expect("stored");
    let report = t.app.scan_deadlines("test").await.unwrap();
    assert!(report.warnings_raised >= 1, "{report:?}");
    assert_eq!(report.warnings_moved_above_walls, 1, "{report:?}");
    let city = t.token("city").await;
    let (_, all) = t.get("/api/v1/warnings?per_page=200", Some(&city)).await;
    let of_case: Vec<&Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["case_ids"].as_array().unwrap().contains(&json!(id)))
        .collect();
    let kinds: Vec<&str> = of_case
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"overdue") && kinds.contains(&"repeat"),
        "{all}"
    );
    for w in &of_case {
        assert_eq!(w["unit_id"], t.units.city, "{w}");
    }
    assert!(of_case.iter().any(|w| w["id"] == json!(stored)));
    // The move is a step of its history, and the city is told as of an escalation.
    let (_, moved) = t
        .get(&format!("/api/v1/warnings/{stored}"), Some(&city))
        .await;
    assert_eq!(moved["history"][0]["action"], "move_above_wall", "{moved}");
    assert_eq!(moved["history"][0]["action_label"], "移交上级（回避）");
    assert_eq!(moved["status"], "escalated", "{moved}");
    let admin = t.token("admin").await;
    let (_, out) = t.get("/api/v1/outbox?per_page=200", Some(&admin)).await;
    let to: Vec<&Value> = out["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["warning_id"] == json!(stored))
        .map(|m| &m["recipient_unit_id"])
        .collect();
    assert!(to.contains(&&json!(t.units.city)), "{out}");
    assert!(!to.contains(&&json!(t.units.county)), "{out}");
    for user in ["county", "handler", "leader", "registrar2"] {
        let token = t.token(user).await;
        let (_, list) = t.get("/api/v1/warnings", Some(&token)).await;
        assert_eq!(list["total"], 0, "{user}: {list}");
    }
}
