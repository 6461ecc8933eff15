//! 件件有着落 (issue 16 item 3): every case of a period and where it stands now — unit, 承办人,
//! stage, next deadline — with the cases in hands allotted to nobody counted and listed; as
//! JSON, a workbook and the leaders' monthly page; the accused county's report never names an
//! accusation against it; bad parameters refused by field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn report(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/reports/landing?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    v
}

fn numbers(v: &Value) -> Vec<String> {
    let mut n: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap().to_owned())
        .collect();
    n.sort();
    n
}

#[tokio::test]
async fn every_case_has_a_place_and_the_unowned_are_named() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let handler = t
        .app
        .authenticate(&t.token("handler").await)
        .await
        .unwrap()
        .id;
    let unowned = t
        .register(&registrar, &letter(t.units.school, "2026-06-10"))
        .await;
    let mut second = letter(t.units.school2, "2026-06-12");
    second["petitioners"] = json!([{"name": "王芳", "phone": "13600136000"}]);
    let owned = t.register(&registrar, &second).await;
    t.act_ok(
        &registrar,
        owned["id"].as_i64().unwrap(),
        json!({"action": "allot", "handler_user_id": handler}),
    )
    .await;
    let mut third = letter(t.units.county, "2026-06-20");
    third["petition_type"] = json!("accusation");
    third["category"] = json!("teacher_pay.salary");
    third["petitioners"] = json!([{"name": "钱进", "phone": "13400134000"}]);
    third["content"] = json!("举报区教育局截留教师绩效工资。");
    let accusation = t.register(&registrar, &third).await;
    t.act_ok(
        &registrar,
        accusation["id"].as_i64().unwrap(),
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;

    let period = "from=2026-06-01&to=2026-06-30";
    let county = report(&t, "county", period).await;
    assert_eq!(
        (
            county["total"].as_i64(),
            county["open"].as_i64(),
            county["unowned"].as_i64()
        ),
        (Some(2), Some(2), Some(1)),
        "{county:#}"
    );
    let text = county.to_string();
    assert!(
        !text.contains("举报") && !text.contains(accusation["number"].as_str().unwrap()),
        "{text}"
    );
    let rows = county["items"].as_array().unwrap();
    let owned_row = rows
        .iter()
        .find(|r| r["number"] == owned["number"])
        .unwrap();
    assert_eq!(
        (
            owned_row["handler_name"].as_str(),
            owned_row["unowned"].as_bool()
        ),
        (Some("测试handler"), Some(false))
    );
    assert!(owned_row["next_due_on"].is_string(), "{owned_row}");
    let only = report(&t, "county", &format!("{period}&only=unowned")).await;
    assert_eq!(
        numbers(&only),
        [unowned["number"].as_str().unwrap().to_owned()]
    );
    assert_eq!(only["items"][0]["unowned"], true);

    // The city sees the forwarded accusation too: in hands at the city, nobody allotted.
    let city = report(&t, "city", period).await;
    assert_eq!(
        (city["total"].as_i64(), city["unowned"].as_i64()),
        (Some(3), Some(2)),
        "{city:#}"
    );

    // The workbook and the leaders' monthly page.
    let res = client()
        .get(t.url(&format!("/api/v1/reports/landing?{period}&format=xlsx")))
        .bearer_auth(t.token("county").await)
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
    let cookie = sign_in(&t, "city").await;
    let (_, leaders) = get(&t, &cookie, "/leaders").await;
    assert!(leaders.contains("href=\"/reports/landing\""), "{leaders}");
    let (status, page) = get(
        &t,
        &cookie,
        &format!("/reports/landing?{period}&only=unowned"),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("data-testid=\"unowned-badge\"")
            && page.contains(unowned["number"].as_str().unwrap()),
        "{page}"
    );
    // By default the page reads last month (May: nothing registered).
    let (_, may) = get(&t, &cookie, "/reports/landing").await;
    assert!(
        may.contains("2026-05-01") && may.contains("data-testid=\"all-owned\""),
        "{may}"
    );

    for (query, field) in [
        ("only=mine", "only"),
        ("format=pdf", "format"),
        ("from=2026-13-01", "from"),
    ] {
        let (s, v) = t
            .get(
                &format!("/api/v1/reports/landing?{query}"),
                Some(&t.token("county").await),
            )
            .await;
        assert_eq!(s, 422, "{query}: {v}");
        assert!(v.to_string().contains(field), "{query}: {v}");
    }
}
