//! 矛盾纠纷排查 campaigns and escalation (issue 15 item 1): a campaign's report counts the
//! entries found in it per unit over what the reader may see; an entry at orange or red becomes
//! an early warning, once per level, never seen by another county.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
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

#[tokio::test]
async fn a_campaign_reports_the_entries_found_in_it_per_unit() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let city = t.token("city").await;
    let handler_id = user_id(&t, "handler").await;
    let (s, c) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&county),
            &json!({"name": "秋季开学前矛盾纠纷集中排查", "kind": "concentrated", "unit_id": t.units.county,
                    "from": "2026-06-01", "to": "2026-07-31", "topics": "招生入学、课后服务收费"}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let campaign = c["id"].as_i64().unwrap();
    let (_, other) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&city),
            &json!({"name": "邻区定期排查", "kind": "regular", "unit_id": t.units.sibling_county,
                    "from": "2026-06-01", "to": "2026-06-30"}),
        )
        .await;
    let other = other["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for unit in [t.units.school, t.units.school2] {
        let mut body = entry(unit, handler_id, "2026-07-10", json!([]));
        body["campaign_id"] = json!(campaign);
        let (s, r) = t.post_json("/api/v1/risks", Some(&county), &body).await;
        assert_eq!(s, 201, "{r}");
        assert_eq!(r["campaign_id"], campaign);
        ids.push(r["id"].as_i64().unwrap());
    }
    t.post_json(
        "/api/v1/risks",
        Some(&county),
        &entry(t.units.school, handler_id, "2026-07-10", json!([])),
    )
    .await;
    t.post_json(
        &format!("/api/v1/risks/{}/actions", ids[0]),
        Some(&county),
        &json!({"action": "resolve", "note": "已向家长说明收费依据"}),
    )
    .await;
    // An entry of a campaign that does not cover its unit is refused.
    let mut stray = entry(t.units.school, handler_id, "2026-07-10", json!([]));
    stray["campaign_id"] = json!(other);
    let (s, v) = t.post_json("/api/v1/risks", Some(&county), &stray).await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["campaign_id"].is_string(), "{v}");

    for user in ["county", "city"] {
        let (s, r) = t
            .get(
                &format!("/api/v1/risk-campaigns/{campaign}"),
                Some(&t.token(user).await),
            )
            .await;
        assert_eq!(s, 200, "{user}: {r}");
        let total = &r["total"];
        assert_eq!(
            (
                total["found"].as_i64(),
                total["resolved"].as_i64(),
                total["open"].as_i64()
            ),
            (Some(2), Some(1), Some(1)),
            "{user}: {r:#}"
        );
        let row = |unit: i64| {
            r["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["unit_id"] == unit)
                .unwrap()["found"]
                .as_i64()
                .unwrap()
        };
        assert_eq!(
            (row(t.units.school), row(t.units.school2)),
            (1, 1),
            "{user}"
        );
    }
    // The school reads the county's campaign, counting what is in its own scope.
    let (s, r) = t
        .get(
            &format!("/api/v1/risk-campaigns/{campaign}"),
            Some(&t.token("school").await),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["total"]["found"], 1);
    // The county neither lists nor opens the sibling county's campaign.
    let (_, campaigns) = t.get("/api/v1/risk-campaigns", Some(&county)).await;
    let listed: Vec<i64> = campaigns["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, [campaign]);
    let (s, _) = t
        .get(&format!("/api/v1/risk-campaigns/{other}"), Some(&county))
        .await;
    assert_eq!(s, 404);
    // The register narrowed to the campaign.
    let v = list(&t, "county", &format!("campaign_id={campaign}")).await;
    assert_eq!(v["total"], 2);
    // Bad campaigns.
    let (s, v) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&county),
            &json!({"kind": "weekly"}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    for f in ["name", "kind", "unit_id", "from", "to"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let (s, _) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&county),
            &json!({"name": "越界排查", "kind": "regular", "unit_id": t.units.sibling_county,
                    "from": "2026-06-01", "to": "2026-06-30"}),
        )
        .await;
    assert_eq!(s, 403);
}

#[tokio::test]
async fn an_entry_raised_to_orange_or_red_becomes_an_early_warning() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let handler_id = user_id(&t, "handler").await;
    let (_, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, handler_id, "2026-07-10", json!([])),
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    assert_eq!(
        screening(&t, &county).await["total"],
        0,
        "yellow raises nothing"
    );
    let raise = |level: &'static str| {
        let t = &t;
        let county = county.clone();
        async move {
            let (s, v) = t
                .post_json(
                    &format!("/api/v1/risks/{id}/actions"),
                    Some(&county),
                    &json!({"action": "update", "note": "家长聚集人数增加", "level": level}),
                )
                .await;
            assert_eq!(s, 200, "{v}");
        }
    };
    raise("orange").await;
    let v = screening(&t, &county).await;
    assert_eq!(v["total"], 1, "{v}");
    let w = &v["items"][0];
    assert_eq!(
        (w["level"].as_str(), w["unit_id"].as_i64()),
        (Some("orange"), Some(t.units.school))
    );
    assert!(
        w["explanation"]
            .as_str()
            .unwrap()
            .contains("第一小学课后服务收费调整"),
        "{w}"
    );
    raise("orange").await;
    assert_eq!(
        screening(&t, &county).await["total"],
        1,
        "the same level raises once"
    );
    raise("red").await;
    assert_eq!(screening(&t, &county).await["total"], 2, "red raises again");
    // Another county never sees it.
    let (_, theirs) = t
        .get(
            "/api/v1/warnings?kind=screening",
            Some(&t.token("sibling").await),
        )
        .await;
    assert_eq!(theirs["total"], 0);
}

async fn screening(t: &TestApp, token: &str) -> Value {
    let (s, v) = t.get("/api/v1/warnings?kind=screening", Some(token)).await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn an_entry_is_raised_as_an_incident_with_its_reports_owed() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let handler_id = user_id(&t, "handler").await;
    let (_, r) = t
        .post_json(
            "/api/v1/risks",
            Some(&county),
            &entry(t.units.school, handler_id, "2026-07-10", json!([])),
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    let path = format!("/api/v1/risks/{id}/actions");
    // Bad fields change nothing.
    let (s, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"action": "raise_incident", "note": "家长聚集", "incident_level": "huge"}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert!(v["fields"]["incident_level"].is_string(), "{v}");
    let (s, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"action": "raise_incident", "note": "家长聚集", "occurred_at": "2027-01-01 09:00"}),
        )
        .await;
    assert_eq!(s, 422, "an incident in the future: {v}");
    let (_, incidents) = t.get("/api/v1/incidents", Some(&county)).await;
    assert_eq!(incidents["total"], 0, "nothing half-written");

    let (s, r) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"action": "raise_incident", "note": "三十余名家长在校门口聚集",
                    "incident_level": "general", "people_count": 32, "occurred_at": "2026-06-30 09:30"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["status"], "open", "the entry stays open");
    let step = r["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(step["action"], "raise_incident");
    let incident = step["incident_id"].as_i64().unwrap();
    let (s, i) = t
        .get(&format!("/api/v1/incidents/{incident}"), Some(&county))
        .await;
    assert_eq!(s, 200, "{i}");
    assert_eq!(
        (i["unit_id"].as_i64(), i["people_count"].as_i64()),
        (Some(t.units.school), Some(32))
    );
    assert!(
        i["title"]
            .as_str()
            .unwrap()
            .contains("第一小学课后服务收费调整"),
        "{i}"
    );
    assert!(
        !i["reports"].as_array().unwrap().is_empty(),
        "its reports are owed: {i}"
    );
}
