//! 信访人档案 (issue 15 item 2): one file per person across their cases — recognised by ID
//! number, else by name and phone — with contacts, counts and the habitual mark; records the
//! system cannot be sure of are offered for a clerk to merge, a merge is audited and can be
//! undone; two ID numbers never merge; a reader outside the cases' line finds nobody; bad
//! input is refused by field and changes nothing.
//!
//! The file, the list and the lookups are here; merging and undoing in `merges.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod merges;

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
