//! 信访事项档案 and 并单 (issue 15 item 3): cases of one matter grouped into a file that reads as
//! one story; a duplicate merged into its main case with a reason, undone, both kept; bad input
//! refused with nothing stored; a reader sees only the cases they may open — an accusation in
//! the matter is not there for the accused unit, not even by its number or its 并单.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn register(t: &TestApp, day: &str, name: &str, channel: &str) -> (i64, String) {
    let mut body = letter(t.units.school, day);
    body["channel"] = json!(channel);
    body["petitioners"] = json!([{"name": name, "phone": "13800138000"}]);
    let v = t.register(&t.token("registrar").await, &body).await;
    (
        v["id"].as_i64().unwrap(),
        v["number"].as_str().unwrap().to_owned(),
    )
}

fn ids(file: &Value) -> Vec<i64> {
    file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_matter_groups_its_cases_and_merges_a_duplicate_reversibly() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let (a, _) = register(&t, "2025-09-01", "张伟", "letter").await;
    let (b, _) = register(&t, "2026-03-02", "王芳", "visit").await;
    let (c, _) = register(&t, "2026-03-03", "张伟", "letter").await;

    let (status, e) = t
        .post_json("/api/v1/matters", Some(&county), &json!({"case_ids": [a]}))
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["case_ids"].is_string(), "{e}");
    let (status, file) = t
        .post_json(
            "/api/v1/matters",
            Some(&county),
            &json!({"case_ids": [a, b]}),
        )
        .await;
    assert_eq!(status, 201, "{file}");
    let matter = file["id"].as_i64().unwrap();
    assert_eq!(ids(&file), [a, b]);
    assert_eq!(file["petitioners"], json!(["张伟", "王芳"]));
    assert_eq!(file["years"], json!([2025, 2026]));
    assert_eq!(file["channels"].as_array().unwrap().len(), 2);
    assert_eq!(file["story"].as_array().unwrap().len(), 2, "{file}");
    // A case of the matter cannot start another; the matter takes a new one.
    let (status, e) = t
        .post_json(
            "/api/v1/matters",
            Some(&county),
            &json!({"case_ids": [c, a]}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("matter.case_taken"))
    );
    let (status, file) = t
        .post_json(
            "/api/v1/matters",
            Some(&county),
            &json!({"case_ids": [a, c]}),
        )
        .await;
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["id"], matter);
    assert_eq!(ids(&file), [a, b, c]);
    let (_, of_case) = t
        .get(&format!("/api/v1/cases/{c}/matter"), Some(&county))
        .await;
    assert_eq!(of_case["matter_id"], matter);

    // 并单: refusals first, nothing stored.
    let path = format!("/api/v1/matters/{matter}/duplicates");
    let other = register(&t, "2026-04-01", "李娜", "letter").await.0;
    for (body, field) in [
        (json!({"case_id": c, "main_case_id": a}), "reason"),
        (
            json!({"case_id": other, "main_case_id": a, "reason": "重复来信"}),
            "case_id",
        ),
        (
            json!({"case_id": c, "main_case_id": c, "reason": "重复来信"}),
            "main_case_id",
        ),
    ] {
        let (status, e) = t.post_json(&path, Some(&county), &body).await;
        assert_eq!(status, 422, "{body}: {e}");
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    let (status, file) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"case_id": c, "main_case_id": a, "reason": "同一信访人就同一事项重复来信"}),
        )
        .await;
    assert_eq!(status, 200, "{file}");
    let dup = &file["duplicates"][0];
    assert_eq!(
        (dup["case_id"].as_i64(), dup["main_case_id"].as_i64()),
        (Some(c), Some(a))
    );
    assert_eq!(ids(&file).len(), 3, "both cases kept");
    let (status, e) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"case_id": c, "main_case_id": b, "reason": "再次并单"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("duplicate.exists"))
    );

    // Undo: a reason, once; the 并单 stays, marked undone.
    let undo = format!("/api/v1/case-duplicates/{}/undo", dup["id"]);
    let (status, _) = t.post_json(&undo, Some(&county), &json!({})).await;
    assert_eq!(status, 422);
    let (status, file) = t
        .post_json(&undo, Some(&county), &json!({"reason": "核实为不同诉求"}))
        .await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["duplicates"][0]["undone"], true);
    let (status, e) = t
        .post_json(&undo, Some(&county), &json!({"reason": "再次撤销"}))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("duplicate.undone"))
    );
    let (status, e) = t
        .post_json(
            "/api/v1/case-duplicates/999999/undo",
            Some(&county),
            &json!({"reason": "撤销"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("duplicate.not_found"))
    );

    // Outside the line: no matter, no case's matter.
    let sibling = t.token("sibling").await;
    let (status, e) = t
        .get(&format!("/api/v1/matters/{matter}"), Some(&sibling))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("matter.not_found"))
    );
    let (status, _) = t
        .get(&format!("/api/v1/cases/{a}/matter"), Some(&sibling))
        .await;
    assert_eq!(status, 404);
    // Audited.
    let auditor = t.token("auditor").await;
    for (action, n) in [
        ("matter.group", 2),
        ("matter.merge_duplicate", 1),
        ("matter.undo_duplicate", 1),
    ] {
        let (_, audit) = t
            .get(
                &format!("/api/v1/audit?action={action}&per_page=50"),
                Some(&auditor),
            )
            .await;
        assert_eq!(
            audit["items"].as_array().unwrap().len(),
            n,
            "{action}: {audit}"
        );
    }
}

#[tokio::test]
async fn an_accusation_in_a_matter_is_not_there_for_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let (ordinary, _) = register(&t, "2026-06-01", "张伟", "letter").await;
    let mut body = letter(t.units.county, "2026-06-02");
    body["petition_type"] = json!("accusation");
    body["title"] = json!("反映局领导违规收受礼金");
    let v = t.register(&registrar, &body).await;
    let accusation = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_owned();
    t.act_ok(
        &registrar,
        accusation,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    let (status, file) = t
        .post_json(
            "/api/v1/matters",
            Some(&city),
            &json!({"case_ids": [accusation, ordinary]}),
        )
        .await;
    assert_eq!(status, 201, "{file}");
    let matter = file["id"].as_i64().unwrap();
    let (status, _) = t
        .post_json(
            &format!("/api/v1/matters/{matter}/duplicates"),
            Some(&city),
            &json!({"case_id": ordinary, "main_case_id": accusation, "reason": "同一事项"}),
        )
        .await;
    assert_eq!(status, 200);
    for user in ["county", "handler", "leader"] {
        let (status, file) = t
            .get(
                &format!("/api/v1/matters/{matter}"),
                Some(&t.token(user).await),
            )
            .await;
        assert_eq!(status, 200, "{user}: {file}");
        assert_eq!(ids(&file), [ordinary], "{user}");
        let text = file.to_string();
        assert!(
            !text.contains(&number) && !text.contains("收受礼金"),
            "{user}: {text}"
        );
        assert_eq!(file["duplicates"].as_array().unwrap().len(), 0, "{user}");
    }
}
