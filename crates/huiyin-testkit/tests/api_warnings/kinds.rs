//! The warnings raised by later steps and by many petitioners: a dissatisfied evaluation, a
//! missed deadline (the scan's `overdue`), and one cluster warning for one matter.

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

use super::warnings;

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
    // The staff messages of the cluster after each petition: written when it is raised and
    // when it reaches a higher level, never again for a petition joining it at its level.
    let admin = t.token("admin").await;
    let mut messages = Vec::new();
    let mut ids = Vec::new();
    for (name, phone, day, text) in texts {
        let c = t
            .register(&registrar, &fees_letter(&t, name, phone, day, text))
            .await;
        ids.push(c["id"].as_i64().unwrap());
        let (status, out) = t.get("/api/v1/outbox", Some(&admin)).await;
        assert_eq!(status, 200, "{out}");
        let of_cluster: Vec<String> = out["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["text"].as_str().unwrap().contains("同一事项多人反映"))
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect();
        messages.push(of_cluster);
    }
    // 李娜 is the second person (none), 王强 the third (raised, yellow), 赵敏 the fourth
    // (joined at yellow: nothing new), 孙丽 the fifth (orange: that level's messages).
    assert!(messages[0].is_empty(), "{messages:?}");
    assert!(!messages[1].is_empty(), "{messages:?}");
    assert!(
        messages[1].iter().all(|m| m.contains("黄色")),
        "{messages:?}"
    );
    assert_eq!(
        messages[2], messages[1],
        "a join at the same level sends nothing"
    );
    let (orange, yellow): (Vec<&String>, Vec<&String>) =
        messages[3].iter().partition(|m| m.contains("橙色"));
    assert!(!orange.is_empty(), "{messages:?}");
    assert_eq!(yellow.len(), messages[1].len(), "{messages:?}");
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
