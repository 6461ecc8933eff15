//! 协办 (issue 15 item 4): the lead unit's line adds a co-handling unit with a task and a
//! deadline, the case becomes visible to it, and it records its contribution until done;
//! refusals by field with nothing stored; never the accused unit of an accusation or a unit
//! inside it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_co_handling_unit_sees_the_case_and_records_its_part() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let school = t.token("school").await;
    let id = t
        .register(&registrar, &letter(t.units.school2, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(t.case(&school, id).await.0, 404, "not yet the school's");
    let path = format!("/api/v1/cases/{id}/co-handlings");
    let (status, e) = t
        .post_json(&path, Some(&county), &json!({"due_on": "2026-06-01"}))
        .await;
    assert_eq!(status, 422, "{e}");
    for f in ["unit_id", "task", "due_on"] {
        assert!(e["fields"][f].is_string(), "{f}: {e}");
    }
    for unit in [t.units.county_office, t.units.sibling_county] {
        let (status, e) = t
            .post_json(
                &path,
                Some(&county),
                &json!({"unit_id": unit, "task": "核实学籍材料", "due_on": "2026-07-10"}),
            )
            .await;
        assert_eq!(status, 422, "{unit}: {e}");
        assert!(e["fields"]["unit_id"].is_string(), "{e}");
    }
    let (status, _) = t
        .post_json(
            &path,
            Some(&school),
            &json!({"unit_id": t.units.school, "task": "核实学籍材料", "due_on": "2026-07-10"}),
        )
        .await;
    assert_eq!(status, 404, "the school does not see the case yet");
    let (_, none) = t.get(&path, Some(&county)).await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0, "{none}");

    let body = json!({"unit_id": t.units.school, "task": "核实该生学籍及借读费收取情况", "due_on": "2026-07-10"});
    let (status, v) = t.post_json(&path, Some(&county), &body).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["lead_unit_id"], t.units.county_office);
    assert_eq!(v["items"][0]["unit_id"], t.units.school);
    let (status, e) = t.post_json(&path, Some(&county), &body).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("co_handling.exists"))
    );
    // The school now opens and lists the case.
    assert_eq!(t.case(&school, id).await.0, 200);
    let listed = t.list(&school, "per_page=200").await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id),
        "{listed}"
    );

    // Its part: progress, then done with its contribution; once.
    let part = v["items"][0]["id"].as_i64().unwrap();
    let act = format!("/api/v1/co-handlings/{part}/actions");
    let (status, _) = t
        .post_json(
            &act,
            Some(&t.token("sibling").await),
            &json!({"action": "progress", "note": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, e) = t
        .post_json(&act, Some(&school), &json!({"action": "done"}))
        .await;
    assert_eq!(status, 422, "{e}");
    t.post_json(
        &act,
        Some(&school),
        &json!({"action": "progress", "note": "已调取学籍档案"}),
    )
    .await;
    let (status, v) = t
        .post_json(
            &act,
            Some(&school),
            &json!({"action": "done", "note": "经核实，借读费系违规收取，已提出退还意见"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let item = &v["items"][0];
    assert_eq!(item["status"], "done");
    assert_eq!(
        item["contribution"],
        "经核实，借读费系违规收取，已提出退还意见"
    );
    assert_eq!(item["steps"].as_array().unwrap().len(), 2);
    let (status, e) = t
        .post_json(
            &act,
            Some(&school),
            &json!({"action": "progress", "note": "再次补充"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("co_handling.step_not_allowed"))
    );
    let (_, audit) = t
        .get(
            "/api/v1/audit?action=case.co_handling&per_page=50",
            Some(&t.token("auditor").await),
        )
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 1, "{audit}");
}

#[tokio::test]
async fn an_accusation_is_never_co_handled_by_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut body = letter(t.units.county, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["title"] = json!("反映局领导违规收受礼金");
    let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    for unit in [t.units.county, t.units.school] {
        let (status, e) = t
            .post_json(
                &format!("/api/v1/cases/{id}/co-handlings"),
                Some(&city),
                &json!({"unit_id": unit, "task": "协助调查", "due_on": "2026-07-10"}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (409, Some("case.forward_to_accused")),
            "{unit}"
        );
    }
    for user in ["county", "school"] {
        assert_eq!(t.case(&t.token(user).await, id).await.0, 404, "{user}");
    }
}
