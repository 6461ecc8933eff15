//! Early warnings (预警, issue 13 first slice): the signals a registration raises in its own
//! transaction, the list and the page of a warning, its steps (acknowledge, escalate, resolve),
//! escalation one level up when nobody acknowledges in time, the `overdue` and `dissatisfied`
//! warnings, and clear errors for bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// A visit of `people` about the first primary school, with `content`.
fn visit(t: &TestApp, people: u32, content: &str) -> Value {
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(people);
    v["content"] = json!(content);
    v["petitioners"] = json!([{"name": "王芳", "representative": true}]);
    v
}

async fn warnings(t: &TestApp, token: &str, query: &str) -> Value {
    let (status, v) = t
        .get(&format!("/api/v1/warnings?{query}"), Some(token))
        .await;
    assert_eq!(status, 200, "{query}: {v}");
    v
}

fn kinds_levels(list: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_owned(),
                w["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

async fn act(t: &TestApp, token: &str, id: &Value, body: Value) -> (u16, Value) {
    t.post_json(
        &format!("/api/v1/warnings/{id}/actions"),
        Some(token),
        &body,
    )
    .await
}

#[tokio::test]
async fn a_registration_raises_its_warnings_with_the_case_and_the_office_works_them() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;

    // An ordinary letter raises nothing.
    t.register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    assert_eq!(warnings(&t, &registrar, "").await["total"], 0);

    let case = t
        .register(
            &registrar,
            &visit(
                &t,
                12,
                "学校违规收取借读费，家长们说再不解决就进京上访，还要找记者曝光。",
            ),
        )
        .await;
    let all = warnings(&t, &registrar, "").await;
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(
        kinds_levels(&all),
        vec![
            ("beijing".into(), "orange".into()),
            ("collective".into(), "yellow".into()),
            ("sensitive".into(), "yellow".into()),
        ]
    );
    // Most urgent first; every warning names its case, its unit and why.
    assert_eq!(all["items"][0]["level"], "orange", "{all}");
    for w in all["items"].as_array().unwrap() {
        assert_eq!(w["case_ids"], json!([case["id"]]), "{w}");
        assert_eq!(
            w["unit_id"], t.units.county,
            "the registering office's body: {w}"
        );
        assert_eq!(w["status"], "open");
        assert!(w["raised_at"].as_str().unwrap().ends_with("+08:00"), "{w}");
    }
    let collective = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "collective")
        .unwrap()
        .clone();
    let why = collective["explanation"].as_str().unwrap();
    assert!(
        why.contains("12人") && why.contains("某区第一小学"),
        "{why}"
    );
    let sensitive = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "sensitive")
        .unwrap()
        .clone();
    assert!(sensitive["explanation"].as_str().unwrap().contains("曝光"));

    // Filters, and clear errors for bad ones.
    assert_eq!(
        warnings(&t, &registrar, "kind=collective").await["total"],
        1
    );
    assert_eq!(
        warnings(&t, &registrar, "status=resolved").await["total"],
        0
    );
    assert_eq!(
        warnings(&t, &registrar, &format!("unit_id={}", t.units.county)).await["total"],
        3
    );
    let (status, v) = t
        .get(
            "/api/v1/warnings?kind=flood&status=late&unit_id=x",
            Some(&registrar),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["kind", "status", "unit_id"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // Out of the sibling county's sight entirely.
    let sibling = t.token("sibling").await;
    assert_eq!(warnings(&t, &sibling, "").await["total"], 0);
    let (status, v) = t
        .get(
            &format!("/api/v1/warnings/{}", collective["id"]),
            Some(&sibling),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("warning.not_found"))
    );
    for bad in ["999999", "abc"] {
        let (status, v) = t
            .get(&format!("/api/v1/warnings/{bad}"), Some(&registrar))
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("warning.not_found")),
            "{bad}"
        );
        let (status, v) = t
            .post_json(
                &format!("/api/v1/warnings/{bad}/actions"),
                Some(&registrar),
                &json!({"action": "acknowledge"}),
            )
            .await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("warning.not_found")),
            "{bad}"
        );
    }

    // 签收 once; a second is refused and changes nothing.
    let id = &collective["id"];
    let (status, v) = act(&t, &registrar, id, json!({"action": "acknowledge"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "acknowledged");
    let (status, v) = act(&t, &registrar, id, json!({"action": "acknowledge"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("warning.acknowledged")),
        "{v}"
    );
    // 处置完毕 needs a note; an unknown action is refused.
    let (status, v) = act(&t, &registrar, id, json!({"action": "resolve"})).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["note"].is_string(), "{v}");
    let (status, v) = act(&t, &registrar, id, json!({"action": "close"})).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["action"].is_string(), "{v}");
    let (status, v) = act(
        &t,
        &registrar,
        id,
        json!({"action": "resolve", "note": "已与家长代表座谈，学校退还借读费"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "resolved");
    assert_eq!(v["note"], "已与家长代表座谈，学校退还借读费");
    assert_eq!(v["actions"], json!([]), "nothing left to do: {v}");
    let (status, v) = act(&t, &registrar, id, json!({"action": "escalate"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("warning.resolved")),
        "{v}"
    );
    let (_, detail) = t
        .get(&format!("/api/v1/warnings/{id}"), Some(&registrar))
        .await;
    let steps: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["acknowledge", "resolve"], "{detail}");
    assert_eq!(
        warnings(&t, &registrar, "status=resolved").await["total"],
        1
    );
}

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

#[tokio::test]
async fn a_dissatisfied_evaluation_and_a_missed_deadline_raise_warnings() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = case["id"].as_i64().unwrap();
    t.act_ok(&county, id, json!({"action": "accept", "on": "2026-06-02"}))
        .await;
    t.act_ok(
        &county,
        id,
        json!({"action": "issue_opinion", "on": "2026-06-20", "outcome": "not_supported",
               "opinion": "经调查核实，收费有依据。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;
    t.act_ok(
        &county,
        id,
        json!({"action": "evaluate", "grade": "dissatisfied", "on": "2026-06-21"}),
    )
    .await;
    let list = warnings(&t, &registrar, "kind=dissatisfied").await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["case_ids"], json!([id]));
    assert!(
        list["items"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains(case["number"].as_str().unwrap())
    );

    // A letter nobody disposed of within 15 days: the scan raises `overdue` once.
    let late = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let report = t.app.scan_deadlines("test").await.unwrap();
    assert!(report.warnings_raised >= 1, "{report:?}");
    let overdue = warnings(&t, &registrar, "kind=overdue").await;
    assert!(
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["case_ids"] == json!([late["id"]])),
        "{overdue}"
    );
    // The automatic 督办 flags the case `supervised` while it is unanswered.
    let (_, c) = t.case(&registrar, late["id"].as_i64().unwrap()).await;
    assert!(
        c["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("supervised")),
        "{c}"
    );
}

/// A letter about the first primary school's fees from `name`.
fn fees_letter(t: &TestApp, name: &str, phone: &str, on: &str, content: &str) -> Value {
    let mut v = letter(t.units.school, on);
    v["petitioners"] = json!([{"name": name, "phone": phone}]);
    v["content"] = json!(content);
    v
}

#[tokio::test]
async fn one_matter_from_many_petitioners_raises_one_cluster_warning_that_grows() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let texts = [
        (
            "李娜",
            "13700000001",
            "2026-06-25",
            "某区第一小学违规收取借读费3000元，没有任何收费依据，要求退还。",
        ),
        (
            "王强",
            "13700000002",
            "2026-06-26",
            "第一小学向借读学生收取借读费3000元，收费没有依据，要求学校退还借读费。",
        ),
        (
            "赵敏",
            "13700000003",
            "2026-06-28",
            "学校违规收取借读费，每人3000元，要求退还借读费并说明收费依据。",
        ),
        (
            "孙丽",
            "13700000004",
            "2026-06-29",
            "第一小学收取借读费3000元没有依据，家长要求退还。",
        ),
    ];
    // One person writing three times is not a cluster.
    for day in ["2026-06-20", "2026-06-21", "2026-06-22"] {
        t.register(
            &registrar,
            &fees_letter(&t, "周杰", "13700000009", day, texts[0].3),
        )
        .await;
    }
    let none = warnings(&t, &registrar, "kind=cluster").await;
    assert_eq!(none["total"], 0, "{none}");
    // A different matter about the same school does not join.
    t.register(
        &registrar,
        &fees_letter(
            &t,
            "钱多",
            "13700000010",
            "2026-06-27",
            "学校操场跑道破损，体育课存在安全隐患，请尽快维修。",
        ),
    )
    .await;
    let mut ids = Vec::new();
    for (name, phone, day, text) in texts {
        let c = t
            .register(&registrar, &fees_letter(&t, name, phone, day, text))
            .await;
        ids.push(c["id"].as_i64().unwrap());
    }
    let list = warnings(&t, &registrar, "kind=cluster").await;
    assert_eq!(list["total"], 1, "one warning per cluster: {list}");
    let w = &list["items"][0];
    let cases: Vec<i64> = w["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    for id in &ids {
        assert!(cases.contains(id), "case {id} joined: {w}");
    }
    // 周杰 counts once however often he wrote.
    let why = w["explanation"].as_str().unwrap();
    assert!(
        why.contains("5名信访人") && why.contains("某区第一小学"),
        "{why}"
    );
    assert_eq!(w["level"], "orange", "five people: {w}");
}
