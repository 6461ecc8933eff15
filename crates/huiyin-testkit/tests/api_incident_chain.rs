//! The incident reporting chain as data (issue 13 item 3): the documented default until an
//! administrator replaces it; a new incident owes the chain in force when it is recorded while
//! one recorded before keeps its own reports; a chain that makes no sense is refused with
//! nothing changed; only system administrators change it, case staff read it; every change is
//! in the audit trail.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

const CHAIN: &str = "/api/v1/incident-chain";

fn incident(t: &TestApp) -> Value {
    json!({
        "title": "家长聚集第一小学校门口",
        "level": "major",
        "unit_id": t.units.school,
        "occurred_at": "2026-06-30T11:45:00+08:00",
        "people_count": 40,
        "description": "约40名家长因学区划片调整在校门口聚集，要求与校长对话。",
    })
}

/// `(to_unit_id, kind, due_at)`, sorted.
fn owed(v: &Value) -> Vec<(i64, String, String)> {
    let mut out: Vec<(i64, String, String)> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["to_unit_id"].as_i64().unwrap(),
                r["kind"].as_str().unwrap().to_owned(),
                r["due_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn duty(level: &str, to: &str, kind: &str, minutes: i64) -> Value {
    json!({"min_level": level, "to": to, "kind": kind, "within_minutes": minutes})
}

async fn delete(t: &TestApp, token: &str) -> (u16, Value) {
    let res = t
        .client
        .delete(t.url(CHAIN))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_edited_chain_applies_to_new_incidents_only_and_the_default_comes_back() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let county = t.token("county").await;
    let admin = t.token("admin").await;

    // The documented default, read by case staff and the administrator alike.
    let (status, v) = t.get(CHAIN, Some(&county)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["is_default"], true);
    assert_eq!(v["rules"].as_array().unwrap().len(), 8, "{v}");
    assert_eq!(
        (
            &v["rules"][0]["min_level"],
            &v["rules"][0]["within_minutes"]
        ),
        (&json!("general"), &json!(1440))
    );
    assert!(v["toml"].as_str().unwrap().contains("[[rule]]"));
    let (status, _) = t.get(CHAIN, Some(&admin)).await;
    assert_eq!(status, 200);

    let (status, before) = t
        .post_json("/api/v1/incidents", Some(&county), &incident(&t))
        .await;
    assert_eq!(status, 201, "{before}");
    let (school, county_id) = (t.units.school, t.units.county);
    let default_owed = vec![
        (
            county_id,
            "first".to_owned(),
            "2026-06-30T12:15:00+08:00".to_owned(),
        ),
        (
            county_id,
            "written".to_owned(),
            "2026-06-30T13:45:00+08:00".to_owned(),
        ),
        (
            school,
            "first".to_owned(),
            "2026-06-30T12:15:00+08:00".to_owned(),
        ),
        (
            school,
            "written".to_owned(),
            "2026-06-30T13:45:00+08:00".to_owned(),
        ),
    ];
    assert_eq!(owed(&before), default_owed, "{before}");

    // The administrator tightens the first report to 10 minutes, to the own body only, and
    // asks every level's written report within 12 hours.
    let rules = json!([
        duty("general", "own_unit", "written", 720),
        duty("general", "one_level_up", "written", 720),
        duty("major", "own_unit", "first", 10),
    ]);
    let (status, v) = t
        .put_json(CHAIN, Some(&admin), &json!({"rules": rules}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["is_default"], false);
    let (_, v) = t.get(CHAIN, Some(&county)).await;
    assert_eq!(v["rules"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["rules"][2]["within_minutes"], 10);

    let (status, after) = t
        .post_json("/api/v1/incidents", Some(&county), &incident(&t))
        .await;
    assert_eq!(status, 201, "{after}");
    assert_eq!(
        owed(&after),
        vec![
            (
                county_id,
                "written".to_owned(),
                "2026-06-30T23:45:00+08:00".to_owned()
            ),
            (
                school,
                "first".to_owned(),
                "2026-06-30T11:55:00+08:00".to_owned()
            ),
            (
                school,
                "written".to_owned(),
                "2026-06-30T23:45:00+08:00".to_owned()
            ),
        ],
        "{after}"
    );
    // Recorded at 12:00 with a first report due 11:55: already missing (漏报).
    assert_eq!(after["missing_reports"], 1, "{after}");
    // The incident recorded before keeps the reports it owed.
    let id = before["id"].as_i64().unwrap();
    let (_, again) = t
        .get(&format!("/api/v1/incidents/{id}"), Some(&county))
        .await;
    assert_eq!(owed(&again), default_owed, "{again}");

    // The same chain as TOML is accepted too; then the default is restored.
    let toml = "[[rule]]\nmin_level = \"serious\"\nto = \"province\"\nkind = \"first\"\nwithin_minutes = 45\n";
    let (status, v) = t
        .put_json(CHAIN, Some(&admin), &json!({"toml": toml}))
        .await;
    assert_eq!(
        (status, v["rules"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{v}"
    );
    let (status, v) = delete(&t, &admin).await;
    assert_eq!((status, &v["is_default"]), (200, &json!(true)), "{v}");
    let (_, v) = t.get(CHAIN, Some(&county)).await;
    assert_eq!(
        (
            v["is_default"].as_bool(),
            v["rules"].as_array().map(Vec::len)
        ),
        (Some(true), Some(8))
    );
    let (_, third) = t
        .post_json("/api/v1/incidents", Some(&county), &incident(&t))
        .await;
    assert_eq!(owed(&third), default_owed, "{third}");

    // Each change is in the audit trail: who, and what changed.
    let auditor = t.token("auditor").await;
    let (_, audit) = t
        .get(
            "/api/v1/audit?action=config.incident_chain&per_page=50",
            Some(&auditor),
        )
        .await;
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{audit}");
    assert!(items.iter().all(|e| e["username"] == "admin"), "{audit}");
    let details: Vec<&str> = items
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(
        details.iter().any(|d| d.starts_with("default -> custom:")
            && d.contains("+major>own_unit/first/10m")
            && d.contains("-serious>province/written/120m")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("custom -> default:")
                && d.contains("-serious>province/first/45m")),
        "{details:?}"
    );
}

#[tokio::test]
async fn a_chain_that_makes_no_sense_is_refused_and_nothing_changes() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let (_, before) = t.get(CHAIN, Some(&admin)).await;
    let bad = [
        json!({"rules": []}),
        json!({"rules": "first within 30 minutes"}),
        json!({}),
        json!({"rules": [duty("major", "own_unit", "first", 30)], "toml": "[[rule]]"}),
        json!({"rules": [duty("minor", "own_unit", "first", 30)]}),
        json!({"rules": [duty("major", "mayor", "first", 30)]}),
        json!({"rules": [duty("major", "own_unit", "follow_up", 30)]}),
        json!({"rules": [duty("major", "own_unit", "first", 0)]}),
        json!({"rules": [duty("major", "own_unit", "first", -5)]}),
        json!({"rules": [duty("major", "own_unit", "first", 10_081)]}),
        json!({"rules": [duty("major", "own_unit", "first", 30), duty("major", "own_unit", "first", 20)]}),
        json!({"rules": [duty("major", "own_unit", "first", 30), duty("serious", "own_unit", "first", 60)]}),
        json!({"toml": "[[rule]]\nmin_level = \"major\"\n"}),
        json!({"toml": "not toml at all ="}),
    ];
    for body in &bad {
        let (status, v) = t.put_json(CHAIN, Some(&admin), body).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (422, Some("incident.chain_invalid")),
            "{body} → {v}"
        );
        assert!(
            v["fields"].as_object().is_some_and(|f| !f.is_empty()),
            "{body}: the problem is named → {v}"
        );
    }
    // The problem says which rule and what is wrong, in the caller's language.
    let (_, v) = t
        .put_json(
            CHAIN,
            Some(&admin),
            &json!({"rules": [duty("major", "own_unit", "first", 30), duty("major", "mayor", "first", 30)]}),
        )
        .await;
    assert!(v.to_string().contains("第2条"), "{v}");
    let (_, after) = t.get(CHAIN, Some(&admin)).await;
    assert_eq!(after, before);
    assert_eq!(after["is_default"], true);
    let auditor = t.token("auditor").await;
    let (_, audit) = t
        .get("/api/v1/audit?action=config.incident_chain", Some(&auditor))
        .await;
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(0), "{audit}");
}

#[tokio::test]
async fn only_system_administrators_change_the_chain() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let mine = json!({"rules": [duty("general", "own_unit", "written", 60)]});
    let (status, _) = t.put_json(CHAIN, Some(&admin), &mine).await;
    assert_eq!(status, 200);
    let (_, before) = t.get(CHAIN, Some(&admin)).await;
    let theirs = json!({"rules": [duty("general", "own_unit", "written", 30)]});
    for user in ["county", "province", "leader", "auditor"] {
        let token = t.token(user).await;
        let (status, v) = t.put_json(CHAIN, Some(&token), &theirs).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (403, Some("auth.forbidden")),
            "{user} {v}"
        );
        let (status, _) = delete(&t, &token).await;
        assert_eq!(status, 403, "{user}");
    }
    // The audit administrator works no cases and does not read it; no one anonymous does.
    let auditor = t.token("auditor").await;
    let (status, _) = t.get(CHAIN, Some(&auditor)).await;
    assert_eq!(status, 403);
    let (status, _) = t.get(CHAIN, None).await;
    assert_eq!(status, 401);
    let (_, after) = t.get(CHAIN, Some(&admin)).await;
    assert_eq!(after, before);
}
