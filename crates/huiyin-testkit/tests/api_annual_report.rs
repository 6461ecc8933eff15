//! The annual petition report (issue 16 item 2; Art. 41; CONTRACT `GET /api/v1/reports/annual`):
//! the statistics with last year beside, the fields, the bodies most complained about, the
//! forwarding, assignment and 督办 counts with suggestions adopted, and draft paragraphs; every
//! figure traceable to its cases; as JSON, Word, Excel and a printable page; the accused unit's
//! report counts no accusation against it; bad parameters refused by field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::pages::{get as get_page, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Today 2026-06-30. 2026: a letter about the school, assigned (交办) to the school by the
/// county; a visit about the second school; an accusation against the county forwarded (转送)
/// to the city by the county's office. 2025: one letter.
async fn seed(t: &TestApp) -> (i64, i64) {
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let fees = t
        .register(&registrar, &letter(t.units.school, "2026-03-10"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &county,
        fees,
        json!({"action": "assign", "to_unit_id": t.units.school, "on": "2026-03-11"}),
    )
    .await;
    let mut visit = letter(t.units.school2, "2026-05-05");
    visit["channel"] = json!("visit");
    visit["category"] = json!("admissions.zoning");
    visit["petitioners"] = json!([{"name": "王芳", "phone": "13600136000"}]);
    visit["content"] = json!("第二中学划片招生范围调整未公示，要求说明。");
    t.register(&registrar, &visit).await;
    let mut last_year = letter(t.units.school, "2025-03-12");
    last_year["petitioners"] = json!([{"name": "赵强", "phone": "13500135000"}]);
    t.register(&registrar, &last_year).await;
    let mut accusation = letter(t.units.county, "2026-06-24");
    accusation["petition_type"] = json!("accusation");
    accusation["category"] = json!("teacher_pay.salary");
    accusation["petitioners"] = json!([{"name": "钱进", "phone": "13400134000"}]);
    accusation["content"] = json!("举报区教育局截留教师绩效工资。");
    let accusation = t.register(&registrar, &accusation).await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        accusation,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    (fees, accusation)
}

async fn report(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/reports/annual?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    v
}

fn figure<'a>(list: &'a Value, key: &str) -> Option<&'a Value> {
    list.as_array().unwrap().iter().find(|f| f["key"] == key)
}

#[tokio::test]
async fn the_report_carries_the_contents_of_article_41_each_figure_traced_to_its_cases() {
    let t = spawn_app().await;
    let (fees, accusation) = seed(&t).await;
    let city = report(&t, "city", "year=2026").await;
    assert_eq!(
        (city["total"].as_i64(), city["last_year_total"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(city["by_month"].as_array().unwrap().len(), 12);
    assert_eq!(
        figure(&city["by_month"], "2026-03").unwrap()["last_year"],
        1
    );
    assert_eq!(figure(&city["fields"], "fees").unwrap()["count"], 1);
    assert_eq!(figure(&city["fields"], "teacher_pay").unwrap()["count"], 1);
    assert_eq!(
        figure(&city["most_complained"], &t.units.county.to_string()).unwrap()["count"],
        1
    );
    assert_eq!(
        (city["forwarded"].as_i64(), city["assigned"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(city["rates"].as_array().unwrap().len() >= 3);
    let headings: Vec<&str> = city["narrative"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["heading"].as_str().unwrap())
        .collect();
    assert_eq!(headings.len(), 7);
    assert!(headings[2].contains("被投诉较多"));
    assert!(
        city["narrative"][0]["text"]
            .as_str()
            .unwrap()
            .contains("共登记信访事项3件")
    );
    // A figure's cases are exactly its count.
    let teacher_pay = figure(&city["fields"], "teacher_pay").unwrap();
    let (status, behind) = t
        .get(
            teacher_pay["cases"].as_str().unwrap(),
            Some(&t.token("city").await),
        )
        .await;
    assert_eq!(status, 200, "{behind}");
    assert_eq!(behind["total"], 1);
    assert_eq!(behind["items"][0]["id"], accusation);

    // The accused county's report counts no accusation against it; the forwarding it did is
    // its own step on a case it may not see now, so it is not counted either.
    let county = report(&t, "county", "year=2026").await;
    assert_eq!(county["total"], 2, "{county:#}");
    let text = county.to_string();
    assert!(
        !text.contains("teacher_pay") && !text.contains("举报"),
        "{text}"
    );
    assert_eq!(
        (county["forwarded"].as_i64(), county["assigned"].as_i64()),
        (Some(0), Some(1))
    );
    let (_, mine) = t
        .get(
            figure(&county["fields"], "fees").unwrap()["cases"]
                .as_str()
                .unwrap(),
            Some(&t.token("county").await),
        )
        .await;
    assert_eq!(mine["items"][0]["id"], fees);
}

async fn bytes(t: &TestApp, query: &str) -> (String, Vec<u8>) {
    let res = t
        .client
        .get(t.url(&format!("/api/v1/reports/annual?{query}")))
        .bearer_auth(t.token("city").await)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{query}");
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    (kind, res.bytes().await.unwrap().to_vec())
}

fn unzip(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
    }
    text
}

#[tokio::test]
async fn the_report_is_a_word_document_a_workbook_and_a_printable_page() {
    let t = spawn_app().await;
    seed(&t).await;
    let (kind, docx) = bytes(&t, "year=2026&format=docx").await;
    assert!(kind.contains("wordprocessingml"), "{kind}");
    let text = unzip(&docx);
    for words in [
        "某市教育局2026年度信访工作报告",
        "被投诉较多的机关或者单位",
        "附表七",
        "交办",
    ] {
        assert!(text.contains(words), "docx: {words}");
    }
    let (kind, xlsx) = bytes(&t, "year=2026&format=xlsx").await;
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let text = unzip(&xlsx);
    for words in ["概况", "涉及领域", "转送交办督办", "上年同期（件）"] {
        assert!(text.contains(words), "xlsx: {words}");
    }
    let (kind, html) = bytes(&t, "year=2026&format=html").await;
    assert!(kind.contains("text/html"), "{kind}");
    let html = String::from_utf8(html).unwrap().replace("&#38;", "&");
    assert!(
        html.contains("contenteditable=\"true\""),
        "draft paragraphs are editable"
    );
    assert!(
        html.contains("/api/v1/stats/breakdown/cases?by=field&key=fees"),
        "{html}"
    );

    // The staff page (linked from 领导督查) links its figures to the staff drill-down page.
    let cookie = sign_in(&t, "city").await;
    let (_, leaders) = get_page(&t, &cookie, "/leaders").await;
    assert!(leaders.contains("href=\"/reports/annual\""), "{leaders}");
    let (status, page) = get_page(&t, &cookie, "/reports/annual?year=2026").await;
    assert_eq!(status, 200, "{page}");
    let at = page
        .find("href=\"/stats/cases?by=field")
        .expect("a figure's link");
    let href: String = page[at + 6..]
        .chars()
        .take_while(|c| *c != '"')
        .collect::<String>()
        .replace("&#38;", "&");
    let (status, cases) = get_page(&t, &cookie, &href).await;
    assert_eq!(status, 200, "{href}: {cases}");
    assert!(cases.contains("data-testid=\"total\""), "{cases}");
}

#[tokio::test]
async fn bad_parameters_are_refused_by_field() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    for (query, status, field) in [
        ("year=twenty", 422, "year"),
        ("year=2027", 422, "year"),
        ("year=1999", 422, "year"),
        ("format=pdf", 422, "format"),
        ("unit_id=x", 422, "unit_id"),
    ] {
        let (s, v) = t
            .get(&format!("/api/v1/reports/annual?{query}"), Some(&county))
            .await;
        assert_eq!(s, status, "{query}: {v}");
        assert!(v.to_string().contains(field), "{query}: {v}");
    }
    let (s, _) = t
        .get(
            &format!("/api/v1/reports/annual?unit_id={}", t.units.sibling_county),
            Some(&county),
        )
        .await;
    assert_eq!(s, 403);
    // Last year by default.
    let v = report(&t, "county", "").await;
    assert_eq!(v["year"], 2025);
}
