//! 矛盾纠纷排查 (issue 15 item 1; CONTRACT `/api/v1/risks`): an entry is registered against a
//! unit of one's scope with a responsible person, a level and a deadline; progress, 化解销号 and
//! reopening each leave a step; overdue entries are flagged, listed and reach their person;
//! readers outside the unit's line see nothing; an entry linked to an accusation is not there
//! for the accused unit; bad input is refused by field with nothing stored.
//!
//! An entry's way and the workbook are here; overdue entries and accusations in `reach.rs`;
//! bad input in `bad_input.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod bad_input;
mod reach;

use std::io::Read;

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, name: &str) -> i64 {
    t.app.authenticate(&t.token(name).await).await.unwrap().id
}

fn entry(unit: i64, owner: i64, due_on: &str, cases: Value) -> Value {
    json!({"title": "第一小学课后服务收费调整，家长意见较大", "unit_id": unit, "level": "yellow",
           "owner_user_id": owner, "due_on": due_on, "source": "定期排查",
           "description": "课后服务收费拟由每月200元调整为300元，家长群中有集体反映的苗头。",
           "case_ids": cases})
}

async fn list(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/risks?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    v
}

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_entry_is_worked_from_registration_to_resolution_and_back() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    // The case is held by the county's office: the county's handler may open it, the school
    // may not.
    let handler_id = user_id(&t, "handler").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, handler_id, "2026-07-10", json!([case])),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let id = r["id"].as_i64().unwrap();
    assert_eq!(
        (r["status"].as_str(), r["level"].as_str()),
        (Some("open"), Some("yellow"))
    );
    assert_eq!(
        (r["overdue"].as_bool(), r["days_left"].as_i64()),
        (Some(false), Some(10))
    );
    assert_eq!(r["cases"][0]["id"], case);
    assert_eq!(r["steps"].as_array().unwrap().len(), 1, "{r}");

    // Staff of the unit and above read it; not beside it, nor the school, which may not open
    // the linked case.
    for user in ["county", "handler", "city", "province"] {
        assert_eq!(ids(&list(&t, user, "status=open").await), [id], "{user}");
    }
    for user in ["school", "school2", "sibling"] {
        assert_eq!(list(&t, user, "").await["total"], 0, "{user}");
        let (s, _) = t
            .get(&format!("/api/v1/risks/{id}"), Some(&t.token(user).await))
            .await;
        assert_eq!(s, 404, "{user}");
    }

    let act = |body: Value| {
        let t = &t;
        let county = county.clone();
        async move {
            t.post_json(&format!("/api/v1/risks/{id}/actions"), Some(&county), &body)
                .await
        }
    };
    let second = t
        .register(&registrar, &{
            let mut b = letter(t.units.school, "2026-06-25");
            b["petitioners"] = json!([{"name": "刘洋", "phone": "13900139000"}]);
            b
        })
        .await["id"]
        .as_i64()
        .unwrap();
    let (s, r) = act(
        json!({"action": "update", "note": "已约谈家长代表，暂缓调整",
                            "level": "orange", "case_ids": [second]}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["level"], "orange");
    assert_eq!(r["case_ids"], json!([case, second]));
    let (s, r) =
        act(json!({"action": "resolve", "note": "召开听证会后收费维持原标准，家长无异议"})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["status"].as_str(), r["resolved_on"].as_str()),
        (Some("resolved"), Some("2026-06-30"))
    );
    let (s, v) = act(json!({"action": "resolve", "note": "再次销号"})).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (409, Some("risk.step_not_allowed")),
        "{v}"
    );
    assert_eq!(list(&t, "county", "status=resolved").await["total"], 1);
    let (s, r) =
        act(json!({"action": "reopen", "note": "开学后家长再次聚集反映", "due_on": "2026-07-20"}))
            .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["status"].as_str(), r["due_on"].as_str()),
        (Some("open"), Some("2026-07-20"))
    );
    let actions: Vec<&str> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "resolve", "reopen"]);
    // Every step is in the audit trail.
    let (_, audit) = t
        .get(
            "/api/v1/audit?per_page=200",
            Some(&t.token("auditor").await),
        )
        .await;
    let text = audit.to_string();
    for action in ["risk.record", "risk.update", "risk.resolve", "risk.reopen"] {
        assert!(text.contains(action), "{action}");
    }
}

#[tokio::test]
async fn the_register_downloads_as_a_workbook() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let school_id = user_id(&t, "school").await;
    t.post_json(
        "/api/v1/risks",
        Some(&county),
        &entry(t.units.school, school_id, "2026-07-10", json!([])),
    )
    .await;
    let res = t
        .client
        .get(t.url("/api/v1/risks?format=xlsx"))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
    }
    for words in [
        "第一小学课后服务收费调整",
        "责任单位",
        "化解期限",
        "定期排查",
    ] {
        assert!(text.contains(words), "{words}");
    }
}
