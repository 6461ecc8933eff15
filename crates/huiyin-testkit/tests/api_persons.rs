//! 信访人档案 (issue 15 item 2): one file per person across their cases — recognised by ID
//! number, else by name and phone — with contacts, counts and the habitual mark; records the
//! system cannot be sure of are offered for a clerk to merge, a merge is audited and can be
//! undone; two ID numbers never merge; a reader outside the cases' line finds nobody; bad
//! input is refused by field and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Registers a letter about the first school by `name` (with `id_number` and `phone` when
/// given) received on `day`; answers the petitioner record's id.
async fn petition(
    t: &TestApp,
    day: &str,
    (name, id_number, phone): (&str, Option<&str>, Option<&str>),
) -> i64 {
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, day);
    let mut p = json!({"name": name});
    if let Some(id) = id_number {
        p["id_number"] = json!(id);
    }
    if let Some(phone) = phone {
        p["phone"] = json!(phone);
    }
    body["petitioners"] = json!([p]);
    let case = t.register(&registrar, &body).await["id"].as_i64().unwrap();
    let (status, v) = t
        .get(&format!("/api/v1/cases/{case}/persons"), Some(&registrar))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["items"][0]["position"], 0, "{v}");
    v["items"][0]["petitioner_id"].as_i64().unwrap()
}

async fn file(t: &TestApp, user: &str, id: i64) -> (u16, Value) {
    t.get(&format!("/api/v1/persons/{id}"), Some(&t.token(user).await))
        .await
}

fn case_count(v: &Value) -> usize {
    v["cases"].as_array().unwrap().len()
}

const ID: &str = "11010519491231002X";

#[tokio::test]
async fn a_file_gathers_one_id_numbers_cases_with_contacts_counts_and_the_habitual_mark() {
    let t = spawn_app().await; // today 2026-06-30
    let zhang = ("张伟", Some(ID), Some("13800138000"));
    let mut records = Vec::new();
    for day in ["2026-03-02", "2026-04-01", "2026-05-06", "2026-06-01"] {
        records.push(petition(&t, day, zhang).await);
    }
    // Someone else, once.
    let li = petition(&t, "2026-06-02", ("李娜", Some("110105199003071234"), None)).await;

    // Opened from any of the records, the file is the same person with all four cases.
    for r in &records {
        let (status, v) = file(&t, "county", *r).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(case_count(&v), 4, "{v}");
        assert_eq!(v["identified_by"], "id_number");
        assert_eq!(v["counts"]["cases"], 4);
        assert_eq!(v["counts"]["open"], 4);
    }
    let (_, v) = file(&t, "county", records[0]).await;
    assert_eq!(v["name"], "张伟");
    // Newest first; each petition is a contact.
    assert_eq!(v["cases"][0]["received_on"], "2026-06-01");
    let petitions = v["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "petition")
        .count();
    assert_eq!(petitions, 4, "{v}");
    // Four petitions on one matter (school, fees) is more than `habitual_after` (3).
    assert_eq!(v["habitual"], true, "{v}");
    assert_eq!(v["habitual_matters"][0]["cases"], 4);
    let (_, other) = file(&t, "county", li).await;
    assert_eq!(
        (case_count(&other), other["habitual"].as_bool()),
        (1, Some(false))
    );

    // The list: people with two cases or more by default, a lookup by ID number finds one.
    let county = t.token("county").await;
    let (status, list) = t.get("/api/v1/persons", Some(&county)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["cases"], 4);
    assert_eq!(list["items"][0]["name"], "张伟");
    let (_, all) = t.get("/api/v1/persons?min_cases=1", Some(&county)).await;
    assert_eq!(all["total"], 2, "{all}");
    let (_, found) = t
        .get(
            "/api/v1/persons?id_number=110105199003071234",
            Some(&county),
        )
        .await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["petitioner_id"], li);
    let (_, by_phone) = t
        .get("/api/v1/persons?name=张伟&phone=13800138000", Some(&county))
        .await;
    assert_eq!(by_phone["total"], 1, "{by_phone}");
    // A period before any petition holds nobody.
    let (_, none) = t
        .get("/api/v1/persons?from=2026-06-10&min_cases=1", Some(&county))
        .await;
    assert_eq!(none["total"], 0, "{none}");

    // Bad input: named by field.
    for (query, field) in [
        ("name=张伟", "phone"),
        ("from=2026-13-01", "from"),
        ("min_cases=0", "min_cases"),
        ("min_cases=many", "min_cases"),
        ("unit_id=x", "unit_id"),
    ] {
        let (status, e) = t
            .get(&format!("/api/v1/persons?{query}"), Some(&county))
            .await;
        assert_eq!(status, 422, "{query}: {e}");
        assert!(e["fields"][field].is_string(), "{query}: {e}");
    }
    for bad in ["0", "abc", "999999"] {
        let (status, e) = t
            .get(&format!("/api/v1/persons/{bad}"), Some(&county))
            .await;
        assert_eq!(status, 404, "{bad}: {e}");
        assert_eq!(e["code"], "person.not_found");
    }

    // Outside the cases' line: no file, nobody in the list, no lookup hit.
    for user in ["sibling", "school2"] {
        let (status, e) = file(&t, user, records[0]).await;
        assert_eq!(status, 404, "{user}: {e}");
        let token = t.token(user).await;
        let (_, found) = t
            .get(&format!("/api/v1/persons?id_number={ID}"), Some(&token))
            .await;
        assert_eq!(found["total"], 0, "{user}: {found}");
    }
    // The workbook holds the list.
    let res = t
        .client
        .get(t.url("/api/v1/persons?format=xlsx&min_cases=1"))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    assert!(zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).is_ok());
}

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
