//! Prohibited conduct at reception sites (Art. 26; issue 15 item 8): recorded about a
//! petitioner record with the measures and any police referral, in the person's file and the
//! scope's register; refused by field with nothing stored; out of sight for readers outside the
//! line and for the accused unit of an accusation; never on the portal.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn petitioner_of(t: &TestApp, token: &str, case: i64) -> i64 {
    let (status, v) = t
        .get(&format!("/api/v1/cases/{case}/persons"), Some(token))
        .await;
    assert_eq!(status, 200, "{v}");
    v["items"][0]["petitioner_id"].as_i64().unwrap()
}

fn conduct(pid: i64) -> Value {
    json!({"petitioner_id": pid, "on": "2026-06-29", "place": "区教育局信访接待大厅",
           "kinds": ["staying_at_site", "assaulting_staff"],
           "description": "在接待大厅滞留至下班后拒不离开，并辱骂接待人员。",
           "measures": "现场劝阻，批评教育", "police_referred": true,
           "police_unit": "某区公安分局某派出所"})
}

async fn register_total(t: &TestApp, user: &str) -> i64 {
    let (status, v) = t
        .get(
            "/api/v1/conduct?from=2026-01-01",
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user}: {v}");
    v["total"].as_i64().unwrap()
}

#[tokio::test]
async fn conduct_is_recorded_in_the_file_and_the_register_and_refused_by_field() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-20");
    body["query_code"] = json!(true);
    let case = t.register(&registrar, &body).await;
    let (code, pin) = (
        case["query_code"].as_str().unwrap().to_owned(),
        case["pin"].as_str().unwrap().to_owned(),
    );
    let pid = petitioner_of(&t, &registrar, case["id"].as_i64().unwrap()).await;

    // Every problem at once, nothing stored.
    let (status, e) = t
        .post_json(
            "/api/v1/conduct",
            Some(&registrar),
            &json!({"petitioner_id": pid, "on": "2026-07-01", "kinds": ["shouting"],
                    "police_referred": true}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    for field in [
        "on",
        "place",
        "kinds",
        "description",
        "measures",
        "police_unit",
    ] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    // A site outside one's scope, a record out of sight, a role that does not handle cases.
    let mut elsewhere = conduct(pid);
    elsewhere["unit_id"] = json!(t.units.sibling_county);
    let (status, e) = t
        .post_json("/api/v1/conduct", Some(&registrar), &elsewhere)
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["unit_id"].is_string(), "{e}");
    let (status, e) = t
        .post_json(
            "/api/v1/conduct",
            Some(&t.token("sibling").await),
            &conduct(pid),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("person.not_found"))
    );
    let (status, _) = t
        .post_json(
            "/api/v1/conduct",
            Some(&t.token("city_supervisor").await),
            &conduct(pid),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(register_total(&t, "county").await, 0);

    let (status, r) = t
        .post_json("/api/v1/conduct", Some(&registrar), &conduct(pid))
        .await;
    assert_eq!(status, 201, "{r}");
    let id = r["id"].as_i64().unwrap();
    assert_eq!(
        r["unit_id"], t.units.county_office,
        "default: the recorder's unit"
    );
    assert_eq!(r["police_referred"], true);
    assert_eq!(r["kinds"].as_array().unwrap().len(), 2);
    assert_eq!(r["person_name"], "张伟");

    // In the person's file, the register of the county and above, by its id.
    let (_, file) = t
        .get(&format!("/api/v1/persons/{pid}"), Some(&registrar))
        .await;
    assert_eq!(file["conduct"][0]["id"], id, "{file}");
    for user in ["registrar", "county", "city", "province"] {
        assert_eq!(register_total(&t, user).await, 1, "{user}");
        let (status, _) = t
            .get(&format!("/api/v1/conduct/{id}"), Some(&t.token(user).await))
            .await;
        assert_eq!(status, 200, "{user}");
    }
    // Not beside the county, nor at the school (it happened at the county's site).
    for user in ["sibling", "school"] {
        assert_eq!(register_total(&t, user).await, 0, "{user}");
        let (status, e) = t
            .get(&format!("/api/v1/conduct/{id}"), Some(&t.token(user).await))
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (404, Some("conduct.not_found"))
        );
    }
    // A period before it holds nothing; a bad day is named.
    let county = t.token("county").await;
    let (_, none) = t
        .get(
            "/api/v1/conduct?from=2026-01-01&to=2026-06-28",
            Some(&county),
        )
        .await;
    assert_eq!(none["total"], 0, "{none}");
    let (status, e) = t
        .get("/api/v1/conduct?from=2026-02-30", Some(&county))
        .await;
    assert_eq!(status, 422, "{e}");
    // The workbook.
    let res = t
        .client
        .get(t.url("/api/v1/conduct?format=xlsx"))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Never on the portal: the petitioner's progress page says nothing of it.
    let res = t
        .client
        .get(t.url(&format!("/api/v1/public/petitions/{code}")))
        .header("x-pin", &pin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let progress = res.text().await.unwrap();
    assert!(
        !progress.contains("辱骂接待人员") && !progress.contains("派出所"),
        "{progress}"
    );
}

#[tokio::test]
async fn conduct_about_an_accuser_is_not_there_for_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.county, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["title"] = json!("反映局领导违规收受礼金");
    body["petitioners"] = json!([{"name": "司马举报", "id_number": "440524188001010014"}]);
    let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    let city = t.token("city").await;
    let pid = petitioner_of(&t, &city, id).await;
    // Recorded by the city at the county's own reception site.
    let mut at_county = conduct(pid);
    at_county["unit_id"] = json!(t.units.county);
    let (status, r) = t
        .post_json("/api/v1/conduct", Some(&city), &at_county)
        .await;
    assert_eq!(status, 201, "{r}");
    let conduct_id = r["id"].as_i64().unwrap();
    assert_eq!(register_total(&t, "city").await, 1);
    // The accused county: no record, no count, no file.
    for user in ["county", "handler", "leader"] {
        let token = t.token(user).await;
        let (status, _) = t
            .get(&format!("/api/v1/conduct/{conduct_id}"), Some(&token))
            .await;
        assert_eq!(status, 404, "{user}");
        let (status, _) = t.get(&format!("/api/v1/persons/{pid}"), Some(&token)).await;
        assert_eq!(status, 404, "{user}");
        let (_, list) = t.get("/api/v1/conduct?from=2026-01-01", Some(&token)).await;
        assert!(!list.to_string().contains("司马"), "{user}: {list}");
        assert_eq!(list["total"], 0, "{user}: {list}");
    }
}
