//! Statistics breakdowns (issue 16 item 1; CONTRACT `GET /api/v1/stats/breakdown`): counts by
//! month, category, region, unit, handling unit, channel, type, outcome and stage, each beside
//! the same period a year before; every figure equal to the cases its drill-down lists; the
//! filters; the workbook; the firewall (the accused county counts no accusation against it);
//! bad queries refused with their field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

struct Seeded {
    fees: i64,
    zoning: i64,
    sibling: i64,
    accusation: i64,
}

/// Today is 2026-06-30. In 2026: a letter about the school (2026-03-10, answered: supported),
/// a visit about the second school (2026-05-05, admissions.zoning), a letter about the
/// sibling county's school (2026-04-01), an accusation against the county forwarded to the
/// city (2026-06-24). In 2025: one letter about the school (2025-03-12).
async fn seed(t: &TestApp) -> Seeded {
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let sibling_token = t.token("sibling").await;
    let fees = t
        .register(&registrar, &letter(t.units.school, "2026-03-10"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &county,
        fees,
        json!({"action": "accept", "on": "2026-03-11"}),
    )
    .await;
    t.act_ok(
        &county,
        fees,
        json!({"action": "issue_opinion", "on": "2026-03-20", "outcome": "supported",
               "opinion": "经核实，退还借读费。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;
    let mut visit = letter(t.units.school2, "2026-05-05");
    visit["channel"] = json!("visit");
    visit["category"] = json!("admissions.zoning");
    visit["petitioners"] = json!([{"name": "王芳", "phone": "13600136000"}]);
    visit["content"] = json!("第二中学划片招生范围调整未公示，要求说明。");
    let zoning = t.register(&registrar, &visit).await["id"].as_i64().unwrap();
    let mut other = letter(t.units.sibling_school, "2026-04-01");
    other["petitioners"] = json!([{"name": "李娜", "phone": "13700137000"}]);
    other["content"] = json!("邻区实验小学食堂收费标准不透明，要求公示。");
    let sibling = t.register(&sibling_token, &other).await["id"]
        .as_i64()
        .unwrap();
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
    Seeded {
        fees,
        zoning,
        sibling,
        accusation,
    }
}

async fn breakdown(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/stats/breakdown?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    v
}

async fn behind(t: &TestApp, user: &str, query: &str) -> Vec<i64> {
    let (status, v) = t
        .get(
            &format!("/api/v1/stats/breakdown/cases?per_page=200&{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    let mut ids: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(v["total"], ids.len(), "{v}");
    ids
}

/// `key → (count, last_year)` of a breakdown.
fn figures(v: &Value) -> Vec<(String, i64, i64)> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_owned(),
                i["count"].as_i64().unwrap(),
                i["last_year"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn count(v: &Value, key: &str) -> i64 {
    figures(v)
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map_or(0, |(_, n, _)| n)
}

const DIMENSIONS: [&str; 10] = [
    "month",
    "category",
    "field",
    "region",
    "unit",
    "handling_unit",
    "channel",
    "type",
    "outcome",
    "stage",
];

#[tokio::test]
async fn every_figure_has_its_cases_and_last_year_beside_it() {
    let t = spawn_app().await;
    let s = seed(&t).await;
    let period = "from=2026-01-01&to=2026-06-30";

    let months = breakdown(&t, "city", &format!("by=month&{period}")).await;
    assert_eq!(
        figures(&months),
        [
            ("2026-01".into(), 0, 0),
            ("2026-02".into(), 0, 0),
            ("2026-03".into(), 1, 1),
            ("2026-04".into(), 1, 0),
            ("2026-05".into(), 1, 0),
            ("2026-06".into(), 1, 0),
        ],
        "{months:#}"
    );
    assert_eq!(
        (months["total"].as_i64(), months["last_year_total"].as_i64()),
        (Some(4), Some(1))
    );
    assert_eq!(months["last_year_from"], "2025-01-01");

    let county = t.units.county.to_string();
    let regions = breakdown(&t, "city", &format!("by=region&{period}")).await;
    assert_eq!(count(&regions, &county), 3, "{regions:#}");
    assert_eq!(count(&regions, &t.units.sibling_county.to_string()), 1);
    assert_eq!(regions["items"][0]["label"], "某区教育局");

    let units = breakdown(&t, "city", &format!("by=unit&{period}")).await;
    for unit in [
        t.units.school,
        t.units.school2,
        t.units.sibling_school,
        t.units.county,
    ] {
        assert_eq!(count(&units, &unit.to_string()), 1, "{units:#}");
    }
    let outcomes = breakdown(&t, "city", &format!("by=outcome&{period}")).await;
    assert_eq!(
        (count(&outcomes, "supported"), count(&outcomes, "none")),
        (1, 3)
    );
    let fields = breakdown(&t, "city", &format!("by=field&{period}")).await;
    assert_eq!(
        (
            count(&fields, "fees"),
            count(&fields, "admissions"),
            count(&fields, "teacher_pay")
        ),
        (2, 1, 1),
        "{fields:#}"
    );
    let channels = breakdown(&t, "city", &format!("by=channel&{period}")).await;
    assert_eq!(
        (count(&channels, "letter"), count(&channels, "visit")),
        (3, 1)
    );
    let letters_by_region =
        breakdown(&t, "city", &format!("by=region&channel=visit&{period}")).await;
    assert_eq!(figures(&letters_by_region), [(county.clone(), 1, 0)]);

    // The cases behind a figure are exactly its count, for every figure of every dimension.
    for by in DIMENSIONS {
        let v = breakdown(&t, "city", &format!("by={by}&{period}")).await;
        let mut all = Vec::new();
        for (key, n, _) in figures(&v) {
            let ids = behind(&t, "city", &format!("by={by}&key={key}&{period}")).await;
            assert_eq!(ids.len() as i64, n, "{by}={key}");
            all.extend(ids);
        }
        all.sort_unstable();
        let mut expected = vec![s.fees, s.zoning, s.sibling, s.accusation];
        expected.sort_unstable();
        assert_eq!(all, expected, "{by}: each case under one key");
    }
    assert_eq!(
        behind(&t, "city", &format!("by=region&key={county}&{period}")).await,
        {
            let mut v = vec![s.fees, s.zoning, s.accusation];
            v.sort_unstable();
            v
        }
    );
    assert_eq!(
        behind(&t, "city", &format!("by=outcome&key=supported&{period}")).await,
        [s.fees]
    );
}

#[tokio::test]
async fn the_accused_county_counts_no_accusation_against_it() {
    let t = spawn_app().await;
    let s = seed(&t).await;
    let period = "from=2026-01-01&to=2026-06-30";
    for by in DIMENSIONS {
        let v = breakdown(&t, "county", &format!("by={by}&{period}")).await;
        assert_eq!(
            v["total"], 2,
            "{by}: the fees letter and the visit only: {v:#}"
        );
        let text = v.to_string();
        assert!(
            !text.contains("accusation") && !text.contains("teacher_pay"),
            "{by}: {text}"
        );
    }
    assert!(
        behind(&t, "county", &format!("by=type&key=accusation&{period}"))
            .await
            .is_empty()
    );
    assert!(
        behind(
            &t,
            "county",
            &format!("by=unit&key={}&{period}", t.units.county)
        )
        .await
        .is_empty()
    );
    // The city, above, counts it.
    assert_eq!(
        behind(&t, "city", &format!("by=type&key=accusation&{period}")).await,
        [s.accusation]
    );
}

#[tokio::test]
async fn the_workbook_holds_every_figure_and_the_total() {
    let t = spawn_app().await;
    seed(&t).await;
    let res = t
        .client
        .get(t.url("/api/v1/stats/breakdown?by=channel&from=2026-01-01&to=2026-06-30&format=xlsx"))
        .bearer_auth(t.token("city").await)
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
    let body = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
    }
    for words in ["来信", "来访", "合计", "去年同期"] {
        assert!(text.contains(words), "{words}");
    }
}

#[tokio::test]
async fn bad_queries_are_refused_with_their_field() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    for (query, field, status) in [
        ("", "by", 422),
        ("by=colour", "by", 422),
        ("by=month&type=complaint", "type", 422),
        ("by=month&channel=pigeon", "channel", 422),
        ("by=month&from=2026-13-01", "from", 422),
        ("by=month&from=2026-06-01&to=2026-05-01", "from", 422),
        ("by=month&category=nope", "category", 422),
        ("by=month&format=pdf", "format", 422),
    ] {
        let (s, v) = t
            .get(&format!("/api/v1/stats/breakdown?{query}"), Some(&county))
            .await;
        assert_eq!(s, status, "{query}: {v}");
        assert!(v.to_string().contains(field), "{query}: {v}");
    }
    let (s, v) = t
        .get(
            &format!(
                "/api/v1/stats/breakdown?by=month&unit_id={}",
                t.units.sibling_county
            ),
            Some(&county),
        )
        .await;
    assert_eq!(s, 403, "another county: {v}");
    let (s, v) = t
        .get("/api/v1/stats/breakdown/cases?by=month", Some(&county))
        .await;
    assert_eq!(s, 422, "no key: {v}");
    let (s, _) = t.get("/api/v1/stats/breakdown?by=month", None).await;
    assert_eq!(s, 401);
}
