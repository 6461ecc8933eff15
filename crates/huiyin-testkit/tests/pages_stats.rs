//! The statistics page (issue 16 item 1): `/stats` shows the monthly trend and a chosen
//! breakdown with last year beside, the same figures as `GET /api/v1/stats/breakdown`, each
//! linked to its cases; the tables download as workbooks; bad filters are refused; the accused
//! county's page counts no accusation against it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn the_page_shows_the_api_figures_each_linked_to_its_cases() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-03-10"))
        .await;
    let mut accusation = letter(t.units.county, "2026-06-24");
    accusation["petition_type"] = json!("accusation");
    accusation["category"] = json!("teacher_pay.salary");
    accusation["petitioners"] = json!([{"name": "钱进", "phone": "13400134000"}]);
    accusation["content"] = json!("举报区教育局截留教师绩效工资。");
    let registered = t.register(&registrar, &accusation).await;
    let number = registered["number"].as_str().unwrap().to_owned();
    let id = registered["id"].as_i64().unwrap();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;

    let city = sign_in(&t, "city").await;
    let (status, page) = get(&t, &city, "/stats?by=type&from=2026-01-01&to=2026-06-30").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("href=\"/stats\" aria-current=\"page\""),
        "nav"
    );
    assert!(
        page.contains("/static/echarts.min.js") && page.contains("data-chart-for=\"st-months\"")
    );
    let (_, api) = t
        .get(
            "/api/v1/stats/breakdown?by=type&from=2026-01-01&to=2026-06-30",
            Some(&t.token("city").await),
        )
        .await;
    assert_eq!(api["total"], 2);
    assert!(page.contains("合计 2 件"), "{page}");
    for item in api["items"].as_array().unwrap() {
        let row = format!(
            "data-label=\"{}\" data-count=\"{}\"",
            item["label"].as_str().unwrap(),
            item["count"]
        );
        assert!(page.contains(&row), "{row}");
    }
    // A count opens its cases.
    let at = page
        .find("href=\"/stats/cases?by=type&#38;key=accusation")
        .expect("a link");
    let href: String = page[at + 6..]
        .chars()
        .take_while(|c| *c != '"')
        .collect::<String>()
        .replace("&#38;", "&");
    let (status, cases) = get(&t, &city, &href).await;
    assert_eq!(status, 200, "{href}");
    assert!(
        cases.contains(&number),
        "the accusation is behind its count: {cases}"
    );
    let res = client()
        .get(t.url("/stats/breakdown.xlsx?by=month&from=2026-01-01&to=2026-06-30"))
        .header("cookie", &city)
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

    // The accused county: no accusation, one case in all.
    let county = sign_in(&t, "county").await;
    let (_, theirs) = get(&t, &county, "/stats?by=type&from=2026-01-01&to=2026-06-30").await;
    assert!(theirs.contains("合计 1 件"), "{theirs}");
    assert!(
        !theirs.contains("data-label=\"检举控告类\"") && !theirs.contains("key=accusation"),
        "{theirs}"
    );
    assert!(theirs.contains("data-label=\"申诉求决类\""), "{theirs}");

    // A bad filter is refused with its field named.
    let (status, bad) = get(&t, &city, "/stats?from=2026-13-01").await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad.contains("YYYY-MM-DD"), "{bad}");
}
