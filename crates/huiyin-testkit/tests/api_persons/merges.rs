//! A clerk's merge of records the system cannot be sure of: refused with nothing stored on
//! bad input, audited, undone; and the list counting merged records as one person.

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

use super::{ID, case_count, file, petition};

#[tokio::test]
async fn a_clerk_merges_what_the_system_cannot_be_sure_of_and_undoes_a_wrong_merge() {
    let t = spawn_app().await;
    let with_id = petition(&t, "2026-06-01", ("王芳", Some(ID), Some("13900139000"))).await;
    let without_id = petition(&t, "2026-06-10", ("王芳", None, Some("13900139000"))).await;
    let other_id = petition(
        &t,
        "2026-06-11",
        ("王芳", Some("110105199003071234"), Some("13900139000")),
    )
    .await;
    let registrar = t.token("registrar").await;

    // Same name and phone, no ID number: not joined by itself, offered as a candidate.
    let (_, v) = file(&t, "registrar", with_id).await;
    assert_eq!(case_count(&v), 1, "{v}");
    let candidates: Vec<i64> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["petitioner_id"].as_i64().unwrap())
        .collect();
    assert!(candidates.contains(&without_id), "{v}");
    assert!(candidates.contains(&other_id), "{v}");
    assert_eq!(v["may_merge"], true);
    let (_, lone) = file(&t, "registrar", without_id).await;
    assert_eq!(lone["identified_by"], "name_phone");

    let merge = |body: Value| {
        let t = &t;
        let registrar = registrar.clone();
        async move {
            t.post_json(
                &format!("/api/v1/persons/{with_id}/merge"),
                Some(&registrar),
                &body,
            )
            .await
        }
    };
    // Refused with nothing stored: no reason, no other record, an unknown record.
    let (status, e) = merge(json!({"other_id": without_id})).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["reason"].is_string(), "{e}");
    let (status, e) = merge(json!({"other_id": without_id, "reason": "电话\u{0}核实"})).await;
    assert_eq!(status, 422, "{e}");
    let (status, e) = merge(json!({"reason": "电话核实为同一人"})).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["other_id"].is_string(), "{e}");
    let (status, e) = merge(json!({"other_id": 999_999, "reason": "电话核实为同一人"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("person.not_found"))
    );
    let (_, v) = file(&t, "registrar", with_id).await;
    assert_eq!(
        (case_count(&v), v["merges"].as_array().unwrap().len()),
        (1, 0)
    );
    // A supervisor does not merge.
    let (status, _) = t
        .post_json(
            &format!("/api/v1/persons/{with_id}/merge"),
            Some(&t.token("city_supervisor").await),
            &json!({"other_id": without_id, "reason": "电话核实为同一人"}),
        )
        .await;
    assert_eq!(status, 403);

    // The merge: one file of two cases, seen from either record.
    let (status, v) = merge(json!({"other_id": without_id, "reason": "电话核实为同一人"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(case_count(&v), 2, "{v}");
    let (_, from_other) = file(&t, "county", without_id).await;
    assert_eq!(case_count(&from_other), 2, "{from_other}");
    let merge_id = v["merges"][0]["id"].as_i64().unwrap();
    assert_eq!(v["merges"][0]["undone"], false);
    assert!(
        !v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["petitioner_id"] == without_id),
        "{v}"
    );
    let (status, e) = merge(json!({"other_id": without_id, "reason": "再次合并"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("person.already_merged"))
    );
    // Another ID number is another person.
    let (status, e) = merge(json!({"other_id": other_id, "reason": "同名同电话"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("person.id_numbers_differ"))
    );

    // Undo: the merge stays in the history, marked undone; the files part again.
    let undo = |id: i64, body: Value| {
        let t = &t;
        let registrar = registrar.clone();
        async move {
            t.post_json(
                &format!("/api/v1/person-merges/{id}/undo"),
                Some(&registrar),
                &body,
            )
            .await
        }
    };
    let (status, e) = undo(merge_id, json!({})).await;
    assert_eq!(status, 422, "{e}");
    let (status, e) = undo(999_999, json!({"reason": "核实后不是同一人"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("person.merge_not_found"))
    );
    // Out of the cases' line, the merge does not exist.
    let (status, _) = t
        .post_json(
            &format!("/api/v1/person-merges/{merge_id}/undo"),
            Some(&t.token("sibling").await),
            &json!({"reason": "核实后不是同一人"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, m) = undo(merge_id, json!({"reason": "核实后不是同一人"})).await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["undone"], true);
    assert_eq!(m["undo_reason"], "核实后不是同一人");
    let (status, e) = undo(merge_id, json!({"reason": "再次撤销"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("person.merge_undone"))
    );
    let (_, v) = file(&t, "registrar", with_id).await;
    assert_eq!(case_count(&v), 1, "{v}");
    assert_eq!(v["merges"][0]["undone"], true, "{v}");

    // Both steps are in the audit chain.
    let auditor = t.token("auditor").await;
    for action in ["person.merge", "person.unmerge"] {
        let (_, audit) = t
            .get(
                &format!("/api/v1/audit?action={action}&per_page=50"),
                Some(&auditor),
            )
            .await;
        assert_eq!(
            audit["items"].as_array().unwrap().len(),
            1,
            "{action}: {audit}"
        );
    }
}

/// The list's entry for the person of any of `records`: (its cases, how many entries name one
/// of `records`).
async fn listed(t: &TestApp, query: &str, records: &[i64]) -> (i64, usize) {
    let (status, v) = t
        .get(
            &format!("/api/v1/persons?{query}&per_page=200"),
            Some(&t.token("registrar").await),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let mine: Vec<&Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| records.contains(&i["petitioner_id"].as_i64().unwrap()))
        .collect();
    (
        mine.iter()
            .map(|i| i["cases"].as_i64().unwrap())
            .max()
            .unwrap_or(0),
        mine.len(),
    )
}

#[tokio::test]
async fn the_list_counts_a_clerks_merges_as_one_person_and_parts_them_again_on_undo() {
    let t = spawn_app().await;
    let with_id = petition(&t, "2026-06-01", ("赵敏", Some(ID), Some("13900139000"))).await;
    let by_phone = petition(&t, "2026-06-10", ("赵敏", None, Some("13900139000"))).await;
    let other_phone = petition(&t, "2026-06-12", ("赵敏", None, Some("13700137000"))).await;
    let all = [with_id, by_phone, other_phone];
    let registrar = t.token("registrar").await;
    let merge = |id: i64, other: i64| {
        let t = &t;
        let registrar = registrar.clone();
        async move {
            let (status, v) = t
                .post_json(
                    &format!("/api/v1/persons/{id}/merge"),
                    Some(&registrar),
                    &json!({"other_id": other, "reason": "电话核实为同一人"}),
                )
                .await;
            assert_eq!(status, 200, "{v}");
            v["merges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_i64().unwrap())
                .max()
                .unwrap()
        }
    };
    let by_id = format!("id_number={ID}");
    let everyone = "min_cases=1&from=2026-01-01";
    // Three records, three persons: nobody in the list has more than one case.
    assert_eq!(listed(&t, &by_id, &all).await, (1, 1));
    assert_eq!(listed(&t, everyone, &all).await, (1, 3));

    // Two merges chain the three records into one person of three cases, found by the ID
    // number though two records carry none, and counted once in the scope's list.
    let first = merge(with_id, by_phone).await;
    assert_eq!(listed(&t, &by_id, &all).await, (2, 1));
    let _second = merge(by_phone, other_phone).await;
    assert_eq!(listed(&t, &by_id, &all).await, (3, 1));
    assert_eq!(listed(&t, everyone, &all).await, (3, 1));
    assert_eq!(
        listed(&t, "min_cases=3&from=2026-01-01", &all).await,
        (3, 1)
    );
    assert_eq!(
        listed(&t, "name=赵敏&phone=13700137000", &all).await,
        (3, 1)
    );

    // Undoing the first merge parts the ID number's record from the other two, which stay
    // one person.
    let (status, v) = t
        .post_json(
            &format!("/api/v1/person-merges/{first}/undo"),
            Some(&registrar),
            &json!({"reason": "核实后不是同一人"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(listed(&t, &by_id, &all).await, (1, 1));
    assert_eq!(listed(&t, everyone, &all).await, (2, 2));
    assert_eq!(
        listed(&t, "name=赵敏&phone=13700137000", &all).await,
        (2, 1)
    );
}
