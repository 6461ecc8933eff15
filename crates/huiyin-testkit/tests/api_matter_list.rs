//! The 信访事项档案 of a scope (issue 15 item 3): every matter file with a case the reader may
//! open, the latest case first or most cases first, all or only those still open, of one unit;
//! paged, as a workbook, as a page; bad filters refused by field; an accusation neither counts
//! nor brings its matter into the accused unit's list.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn case(t: &TestApp, day: &str) -> (i64, String) {
    let v = t
        .register(&t.token("registrar").await, &letter(t.units.school, day))
        .await;
    (
        v["id"].as_i64().unwrap(),
        v["number"].as_str().unwrap().to_owned(),
    )
}

async fn group(t: &TestApp, token: &str, ids: &[i64]) -> i64 {
    let (status, file) = t
        .post_json("/api/v1/matters", Some(token), &json!({ "case_ids": ids }))
        .await;
    assert_eq!(status, 201, "{file}");
    file["id"].as_i64().unwrap()
}

fn listed(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_matter_files_of_a_scope_are_listed_filtered_sorted_and_downloaded() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let registrar = t.token("registrar").await;
    let (a, a_number) = case(&t, "2025-09-01").await;
    let (b, _) = case(&t, "2026-03-02").await;
    let m1 = group(&t, &county, &[a, b]).await;
    let mut three = Vec::new();
    for day in ["2026-05-01", "2026-05-02", "2026-05-03"] {
        three.push(case(&t, day).await.0);
    }
    let m2 = group(&t, &county, &three).await;
    let (f, _) = case(&t, "2026-06-01").await;
    let (g, _) = case(&t, "2026-06-02").await;
    for id in [f, g] {
        t.act_ok(
            &registrar,
            id,
            json!({"action": "reject", "reason": "已受理，正在办理期间向上级重复提出"}),
        )
        .await;
    }
    let m3 = group(&t, &county, &[f, g]).await;
    // A case in no matter is not a file.
    case(&t, "2026-06-10").await;

    let (status, list) = t.get("/api/v1/matters", Some(&county)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(listed(&list), [m3, m2, m1], "the latest case first");
    assert_eq!(list["total"], 3);
    let first = &list["items"][2];
    assert_eq!(
        (first["cases"].as_i64(), first["open_cases"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(first["first_received_on"], "2025-09-01");
    assert_eq!(first["last_received_on"], "2026-03-02");
    assert_eq!(first["case_numbers"][0], a_number.as_str());
    assert_eq!(list["items"][0]["open_cases"], 0, "both rejected");
    let (_, by_cases) = t.get("/api/v1/matters?sort=cases", Some(&county)).await;
    assert_eq!(listed(&by_cases), [m2, m3, m1]);
    let (_, open) = t.get("/api/v1/matters?status=open", Some(&county)).await;
    assert_eq!(
        (listed(&open), open["total"].as_i64()),
        (vec![m2, m1], Some(2))
    );
    let (_, paged) = t
        .get("/api/v1/matters?per_page=1&page=2", Some(&county))
        .await;
    assert_eq!(
        (listed(&paged), paged["total"].as_i64()),
        (vec![m2], Some(3))
    );
    // A unit of the scope narrows it; one outside it is refused.
    let city = t.token("city").await;
    let (_, of_county) = t
        .get(
            &format!("/api/v1/matters?unit_id={}", t.units.county),
            Some(&city),
        )
        .await;
    assert_eq!(listed(&of_county), [m3, m2, m1]);
    let (_, of_sibling) = t
        .get(
            &format!("/api/v1/matters?unit_id={}", t.units.sibling_county),
            Some(&city),
        )
        .await;
    assert_eq!(of_sibling["total"], 0, "{of_sibling}");
    let (status, _) = t
        .get(
            &format!("/api/v1/matters?unit_id={}", t.units.sibling_county),
            Some(&county),
        )
        .await;
    assert_eq!(status, 403);
    let (_, sibling) = t
        .get("/api/v1/matters", Some(&t.token("sibling").await))
        .await;
    assert_eq!(sibling["total"], 0, "out of the line: {sibling}");

    // Bad filters: every one named, nothing listed.
    let (status, e) = t
        .get(
            "/api/v1/matters?status=closed&sort=oldest&unit_id=x",
            Some(&county),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    for field in ["status", "sort", "unit_id"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    let (status, e) = t.get("/api/v1/matters?format=pdf", Some(&county)).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["format"].is_string(), "{e}");

    // The workbook holds every file, not a page.
    let res = t
        .client
        .get(t.url("/api/v1/matters?format=xlsx&per_page=1"))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let text = xlsx_text(&res.bytes().await.unwrap());
    assert!(text.contains(&a_number), "every file: {text}");

    // The page: the files, the filters, the download, the nav.
    let cookie = sign_in(&t, "county").await;
    let (status, html) = get(&t, &cookie, "/matters?status=open").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.matches("data-matter=").count(), 2, "{html}");
    assert!(html.contains(&format!("href=\"/matters/{m1}\"")), "{html}");
    assert!(
        html.contains("href=\"/matters.xlsx?status=open\""),
        "{html}"
    );
    assert!(html.contains("aria-current=\"page\">事项档案"), "{html}");
    let (status, html) = get(&t, &cookie, "/matters?sort=oldest").await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("排序应为 latest 或 cases"), "{html}");
    let res = huiyin_testkit::pages::client()
        .get(t.url("/matters.xlsx?sort=cases"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(xlsx_text(&res.bytes().await.unwrap()).contains(&a_number));
}

#[tokio::test]
async fn an_accusation_neither_counts_nor_lists_its_matter_for_the_accused_unit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut accusations = Vec::new();
    for day in ["2026-06-02", "2026-06-03", "2026-06-04"] {
        let mut body = letter(t.units.county, day);
        body["petition_type"] = json!("accusation");
        body["title"] = json!("反映局领导违规收受礼金");
        let v = t.register(&registrar, &body).await;
        let id = v["id"].as_i64().unwrap();
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.city}),
        )
        .await;
        accusations.push((id, v["number"].as_str().unwrap().to_owned()));
    }
    let (ordinary, _) = case(&t, "2026-06-01").await;
    let mixed = group(&t, &city, &[accusations[0].0, ordinary]).await;
    let walled = group(&t, &city, &[accusations[1].0, accusations[2].0]).await;

    let (_, above) = t.get("/api/v1/matters", Some(&city)).await;
    assert_eq!(listed(&above), [walled, mixed]);
    for user in ["county", "handler", "leader"] {
        let token = t.token(user).await;
        let (status, list) = t.get("/api/v1/matters?sort=cases", Some(&token)).await;
        assert_eq!(status, 200, "{user}: {list}");
        assert_eq!(listed(&list), [mixed], "{user}");
        assert_eq!(list["total"], 1, "{user}");
        assert_eq!(list["items"][0]["cases"], 1, "{user}");
        let res = t
            .client
            .get(t.url("/api/v1/matters?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let mut seen = vec![list.to_string(), xlsx_text(&res.bytes().await.unwrap())];
        if user == "county" {
            let cookie = sign_in(&t, user).await;
            seen.push(get(&t, &cookie, "/matters").await.1);
        }
        for text in seen {
            assert!(!text.contains("收受礼金"), "{user}: {text}");
            for (_, number) in &accusations {
                assert!(!text.contains(number.as_str()), "{user}: {text}");
            }
        }
    }
}

fn xlsx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        all.push_str(&s);
    }
    all
}
