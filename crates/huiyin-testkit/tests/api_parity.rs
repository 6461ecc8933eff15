//! Issue 11 item 5: what the pages do, the API does through the same use cases — worklists
//! and their counts (督办 received included), notices as data, attachments, the Excel export,
//! a calendar day changed.
//! The firewall rows of these read paths are in `firewall_matrix/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::{letter, spawn_app};
use serde_json::{Value, json};

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend((0..3000u32).map(|i| (i % 251) as u8));
    b
}

#[tokio::test]
async fn worklists_count_what_they_list_and_carry_supervision_orders() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let late = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    let mut other = letter(t.units.school2, "2026-06-16");
    other["petitioners"][0] = json!({"name": "李娜"});
    let soon = t.register(&registrar, &other).await["id"].as_i64().unwrap();
    // The scanner writes a 督办 for the case past its disposal deadline and a 催办 for the
    // one due within three days.
    let scan = t.app.scan_deadlines("a").await.unwrap();
    assert_eq!((scan.supervisions_created, scan.reminders_created), (1, 1));

    let (status, v) = t.get("/api/v1/worklists", Some(&registrar)).await;
    assert_eq!(status, 200, "{v}");
    let lists = v["worklists"].as_array().unwrap();
    assert!(!lists.is_empty());
    for q in lists {
        let queue = q["queue"].as_str().unwrap();
        let (status, list) = t
            .get(
                &format!("/api/v1/worklists/{queue}?per_page=200"),
                Some(&registrar),
            )
            .await;
        assert_eq!(status, 200, "{queue}: {list}");
        assert_eq!(q["count"], list["total"], "{queue}");
        assert_eq!(
            list["items"].as_array().unwrap().len() as i64,
            list["total"].as_i64().unwrap(),
            "{queue}"
        );
    }
    let (_, supervised) = t
        .get("/api/v1/worklists/supervised", Some(&registrar))
        .await;
    let mut ids: Vec<i64> = supervised["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [late, soon]);
    let count = |name: &str| {
        lists
            .iter()
            .find(|q| q["queue"] == name)
            .map(|q| q["count"].as_i64().unwrap())
    };
    assert_eq!(count("supervised"), Some(2));
    assert_eq!(count("to_dispose"), Some(2));

    // A supervisor's list is not a registrar's; an unknown list is not found.
    let (status, v) = t
        .get("/api/v1/worklists/scope_overdue", Some(&registrar))
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("auth.forbidden")),
        "{v}"
    );
    let (status, _) = t
        .get("/api/v1/worklists/everything", Some(&registrar))
        .await;
    assert_eq!(status, 404);
    let supervisor = t.token("city_supervisor").await;
    let (status, v) = t
        .get("/api/v1/worklists/scope_overdue", Some(&supervisor))
        .await;
    assert_eq!(status, 200, "{v}");
    assert!(v["total"].as_i64().unwrap() >= 1, "{v}");
}

#[tokio::test]
async fn notices_attachments_and_the_export_through_the_api() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.county, "2026-06-20"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let number = case["number"].as_str().unwrap().to_owned();

    // Notices: none before the step, the acceptance notice after it, issued once.
    let (_, v) = t
        .get(&format!("/api/v1/cases/{id}/notices"), Some(&registrar))
        .await;
    assert_eq!(v, json!([]));
    let (status, _) = t
        .get(
            &format!("/api/v1/cases/{id}/notices/acceptance"),
            Some(&registrar),
        )
        .await;
    assert_eq!(status, 404);
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
    let (_, v) = t
        .get(&format!("/api/v1/cases/{id}/notices"), Some(&registrar))
        .await;
    assert_eq!(v[0]["kind"], "acceptance", "{v}");
    let path = format!("/api/v1/cases/{id}/notices/acceptance");
    let (status, n) = t.get(&path, Some(&registrar)).await;
    assert_eq!(status, 200, "{n}");
    assert_eq!(n["case"]["id"], id);
    assert!(!n["issuer"].as_str().unwrap().is_empty());
    assert_eq!(n["issued_on"], json!([]));
    // Sent how? is asked; then it is recorded.
    let (status, v) = t.post_json(&path, Some(&registrar), &json!({})).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["method"].is_string(), "{v}");
    let (status, v) = t
        .post_json(&path, Some(&registrar), &json!({"method": "post"}))
        .await;
    assert_eq!((status, &v["issued"]), (200, &json!(true)), "{v}");
    let (_, n) = t.get(&path, Some(&registrar)).await;
    assert_eq!(n["issued_on"].as_array().unwrap().len(), 1, "{n}");
    let (status, _) = t
        .get(
            &format!("/api/v1/cases/{id}/notices/summons"),
            Some(&registrar),
        )
        .await;
    assert_eq!(status, 404);

    // Attachments: upload, list, download the same bytes; a text file is refused.
    let bytes = png();
    let res = t
        .client
        .post(t.url(&format!(
            "/api/v1/cases/{id}/attachments?filename=%E6%9D%A5%E4%BF%A1.png"
        )))
        .bearer_auth(&registrar)
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    assert_eq!(made["filename"], "来信.png");
    assert_eq!(made["content_type"], "image/png");
    let (_, list) = t
        .get(&format!("/api/v1/cases/{id}/attachments"), Some(&registrar))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["size"], bytes.len());
    let res = t
        .client
        .get(t.url(&format!("/api/v1/cases/{id}/attachments/{}", made["id"])))
        .bearer_auth(&registrar)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes);
    let res = t
        .client
        .post(t.url(&format!("/api/v1/cases/{id}/attachments?filename=a.txt")))
        .bearer_auth(&registrar)
        .body("just words")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let refused: Value = res.json().await.unwrap();
    assert!(refused["code"].as_str().is_some(), "{refused}");
    let (_, list) = t
        .get(&format!("/api/v1/cases/{id}/attachments"), Some(&registrar))
        .await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "nothing stored by a refusal"
    );

    // The export holds the rows of the list it filters.
    t.register(&registrar, &letter(t.units.school, "2026-06-21"))
        .await;
    let res = t
        .client
        .get(t.url("/api/v1/cases/export.xlsx?status=accepted"))
        .bearer_auth(&registrar)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = res.bytes().await.unwrap();
    assert_eq!(&body[..2], b"PK", "an xlsx is a zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
    }
    let listed = t.list(&registrar, "status=accepted").await;
    assert_eq!(listed["total"], 1);
    assert!(text.contains(&number), "the accepted case is exported");
    let other = t.list(&registrar, "status=registered").await;
    let other_number = other["items"][0]["number"].as_str().unwrap();
    assert!(!text.contains(other_number), "the filter holds");
}

/// "Due soon" is the rules' 催办 lead time wherever it is shown: the worklist's count and
/// list, and each deadline's `due_soon`.
#[tokio::test]
async fn due_soon_follows_the_lead_time_of_the_rules() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let admin = t.token("admin").await;
    // Received 2026-06-18: disposal due 2026-07-03, three days after the test's today
    // (2026-06-30).
    let id = t
        .register(&registrar, &letter(t.units.school2, "2026-06-18"))
        .await["id"]
        .as_i64()
        .unwrap();
    let due_soon = |v: &Value| {
        v["worklists"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["queue"] == "due_soon")
            .map(|q| q["count"].as_i64().unwrap())
    };
    let (_, v) = t.get("/api/v1/worklists", Some(&registrar)).await;
    assert_eq!(due_soon(&v), Some(1), "{v}");
    let (_, c) = t.case(&registrar, id).await;
    assert_eq!(c["deadlines"][0]["due_soon"], true, "{c}");

    let rules = t.get("/api/v1/rules", None).await.1["toml"]
        .as_str()
        .unwrap()
        .replace("due_soon_days = 3", "due_soon_days = 2");
    let res = t
        .client
        .put(t.url("/api/v1/rules"))
        .bearer_auth(&admin)
        .json(&json!({ "toml": rules }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, v) = t.get("/api/v1/worklists", Some(&registrar)).await;
    assert_eq!(due_soon(&v), Some(0), "{v}");
    let (_, list) = t.get("/api/v1/worklists/due_soon", Some(&registrar)).await;
    assert_eq!(list["total"], 0);
    let (_, c) = t.case(&registrar, id).await;
    assert_eq!(c["deadlines"][0]["due_soon"], false, "{c}");
}

#[tokio::test]
async fn a_calendar_day_is_changed_through_the_api_as_on_the_page() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let day_of = |v: &Value, date: &str| -> Option<Value> {
        v["years"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|y| y["entries"].as_array().unwrap().iter())
            .find(|e| e["date"] == date)
            .cloned()
    };
    let body = json!({"op": "set", "date": "2026-07-06", "kind": "off", "name": "测试假日"});
    let (status, v) = t
        .post_json("/api/v1/calendar/days", Some(&admin), &body)
        .await;
    assert_eq!(status, 200, "{v}");
    assert!(v["retimed"].is_number(), "{v}");
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    let entry = day_of(&cal, "2026-07-06").expect("the day is listed");
    assert_eq!(
        (entry["kind"].as_str(), entry["name"].as_str()),
        (Some("off"), Some("测试假日"))
    );

    // The same builder as the page's form: every problem by field, nothing changed.
    let (status, v) = t
        .post_json(
            "/api/v1/calendar/days",
            Some(&admin),
            &json!({"op": "set", "date": "2026-07-07"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["kind"].is_string() && v["fields"]["name"].is_string(),
        "{v}"
    );
    let registrar = t.token("registrar").await;
    let (status, _) = t
        .post_json("/api/v1/calendar/days", Some(&registrar), &body)
        .await;
    assert_eq!(status, 403);

    let remove = json!({"op": "remove", "date": "2026-07-06"});
    let (status, v) = t
        .post_json("/api/v1/calendar/days", Some(&admin), &remove)
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, cal) = t.get("/api/v1/calendar", Some(&admin)).await;
    assert_eq!(day_of(&cal, "2026-07-06"), None);
}
