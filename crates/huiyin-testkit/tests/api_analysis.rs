//! 研判 (issue 13 item 4): the figures of a unit's petitions over the last complete weeks — the
//! weekly trend per category with its EARS band, the top units and matters, the table by region,
//! open warnings by level — each agreeing with the cases its drill-down lists; the firewall
//! applied to every count; bad queries refused with their field. And the warnings list's
//! `level` filter the page's cards link to.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_core::Date;
use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// A name for the `n`th petitioner (names take no Arabic digits).
fn name(n: usize) -> String {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let d: String = n
        .to_string()
        .chars()
        .map(|c| digits[c.to_digit(10).unwrap() as usize])
        .collect();
    format!("群众{d}")
}

struct Seeded {
    school: Vec<i64>,
    accusation: i64,
}

/// Today is 2026-06-30 (a Tuesday): four complete weeks are 06-01 … 06-28. Two letters a week
/// about the school from 04-20 (fees), nine in the week of 06-22 (fees.illegal_charges), three
/// about the second school (admissions.zoning), and an accusation against the county
/// (teacher_pay.salary) forwarded to the city.
async fn seed(t: &TestApp) -> Seeded {
    let registrar = t.token("registrar").await;
    let mut n = 0;
    let mut register = |unit: i64, on: Date, category: &str| {
        n += 1;
        let mut body = letter(unit, &on.to_string());
        body["category"] = json!(category);
        body["title"] = json!(format!("反映问题{}", name(n)));
        body["petitioners"] = json!([{"name": name(n)}]);
        body
    };
    let mut school = Vec::new();
    let mut monday = Date::from_ymd(2026, 4, 20).unwrap();
    let mut bodies = Vec::new();
    while monday < Date::from_ymd(2026, 6, 22).unwrap() {
        for d in [1, 3] {
            bodies.push((true, register(t.units.school, monday.add_days(d), "fees")));
        }
        monday = monday.add_days(7);
    }
    for i in 0..9 {
        let on = monday.add_days(i % 5);
        bodies.push((true, register(t.units.school, on, "fees.illegal_charges")));
    }
    for i in 0..3 {
        let on = Date::from_ymd(2026, 6, 2 + i).unwrap();
        bodies.push((false, register(t.units.school2, on, "admissions.zoning")));
    }
    for (is_school, body) in bodies {
        let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
        if is_school && body["received_on"].as_str().unwrap() >= "2026-06-01" {
            school.push(id);
        }
    }
    let mut accusation = register(
        t.units.county,
        Date::from_ymd(2026, 6, 24).unwrap(),
        "teacher_pay.salary",
    );
    accusation["petition_type"] = json!("accusation");
    let accusation = t.register(&registrar, &accusation).await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &registrar,
        accusation,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    Seeded { school, accusation }
}

async fn figures(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/analysis?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user}: {v}");
    v
}

async fn behind(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/analysis/cases?per_page=200&{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user}: {v}");
    v
}

fn ids(list: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

fn count_of<'a>(list: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x[key].as_str() == Some(value))
}

#[tokio::test]
async fn the_figures_agree_with_their_cases_and_the_accused_county_counts_no_accusation() {
    let t = spawn_app().await;
    let s = seed(&t).await;
    let period = "from=2026-06-01&to=2026-06-28";

    let city = figures(&t, "city", "weeks=4").await;
    assert_eq!(
        (city["from"].as_str(), city["to"].as_str()),
        (Some("2026-06-01"), Some("2026-06-28"))
    );
    // Six fees letters and nine illegal charges about the school, three about school2, one
    // accusation.
    assert_eq!(city["total"], 19, "{city:#}");
    assert_eq!(city["total"], behind(&t, "city", period).await["total"]);

    // The weekly trend of `fees`: the week of 06-22 is above its band, the weeks before not.
    let fees = count_of(&city["trends"], "category", "fees").expect("fees trend");
    let points = fees["points"].as_array().unwrap();
    let weeks: Vec<(&str, i64, bool)> = points
        .iter()
        .map(|p| {
            (
                p["week"].as_str().unwrap(),
                p["count"].as_i64().unwrap(),
                p["above"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-06-01", 2, false),
            ("2026-06-08", 2, false),
            ("2026-06-15", 2, false),
            ("2026-06-22", 9, true)
        ]
    );
    // The band needs nine weeks after the first petition (04-20): none on 06-01.
    assert!(points[0]["upper"].is_null() && points[0]["expected"].is_null());
    let last = &points[3];
    assert!(last["upper"].as_f64().unwrap() < 9.0 && last["expected"].as_f64().unwrap() > 1.0);

    // Top units and matters; the school's figure lists exactly its cases.
    let school_key = t.units.school.to_string();
    let top = count_of(&city["top_units"], "key", &school_key).expect("the school");
    assert_eq!(top["count"], 15);
    assert_eq!(city["top_units"][0]["key"], school_key.as_str());
    let listed = behind(
        &t,
        "city",
        &format!("{period}&concerned_unit_id={}", t.units.school),
    )
    .await;
    let mut expected = s.school.clone();
    expected.sort_unstable();
    assert_eq!(ids(&listed), expected);
    assert_eq!(city["top_matters"][0]["key"], "fees.illegal_charges");
    assert_eq!(
        count_of(&city["top_matters"], "key", "fees").unwrap()["count"],
        6
    );
    // A category's figure counts its subcategories.
    let fees_cases = behind(&t, "city", &format!("{period}&category=fees")).await;
    assert_eq!(fees_cases["total"], fees["total"]);
    assert_eq!(fees["total"], 15);

    // By region: the county holds everything, against eight letters the four weeks before.
    let county_key = t.units.county;
    let row = city["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == county_key)
        .expect("the county's row");
    assert_eq!(
        (row["count"].as_i64(), row["previous"].as_i64()),
        (Some(19), Some(8))
    );
    let before = behind(
        &t,
        "city",
        &format!("from=2026-05-04&to=2026-05-31&concerned_unit_id={county_key}"),
    )
    .await;
    assert_eq!(before["total"], 8);

    // The accused county: the accusation is in no count, trend, matter or list.
    let county = figures(&t, "county", "weeks=4").await;
    assert_eq!(county["total"], 18, "{county:#}");
    assert!(count_of(&county["trends"], "category", "teacher_pay").is_none());
    assert!(count_of(&county["top_matters"], "key", "teacher_pay.salary").is_none());
    let hidden = behind(&t, "county", &format!("{period}&category=teacher_pay")).await;
    assert_eq!(hidden["total"], 0);
    let all = behind(&t, "county", period).await;
    assert!(!ids(&all).contains(&s.accusation));
    assert_eq!(all["total"], county["total"]);
    let shown = behind(&t, "city", &format!("{period}&category=teacher_pay")).await;
    assert_eq!(ids(&shown), [s.accusation]);

    // Open warnings by level, red first, as the warnings list counts them.
    let token = t.token("city").await;
    let levels: Vec<&str> = city["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["red", "orange", "yellow", "blue"]);
    for l in city["warnings"].as_array().unwrap() {
        let (_, list) = t
            .get(
                &format!(
                    "/api/v1/warnings?status=open&level={}",
                    l["level"].as_str().unwrap()
                ),
                Some(&token),
            )
            .await;
        assert_eq!(l["open"], list["total"], "{l}");
        for w in list["items"].as_array().unwrap() {
            assert_eq!(w["level"], l["level"]);
        }
    }
}

#[tokio::test]
async fn the_pages_draw_the_figures_and_link_each_to_its_cases() {
    let t = spawn_app().await;
    let s = seed(&t).await;
    let cookie = sign_in(&t, "city").await;
    let (status, page) = get(&t, &cookie, "/analysis?weeks=4").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("研判"));
    assert!(
        page.contains("data-chart=\"trend\""),
        "the trend tables the script draws from"
    );
    assert!(page.contains("/static/analysis.js"));
    let link = format!(
        "/analysis/cases?unit_id={}&#38;from=2026-06-01&#38;to=2026-06-28&#38;concerned_unit_id={}",
        t.units.city, t.units.school
    );
    assert!(page.contains(&link), "the school's drill-down link: {page}");
    let (status, cases) = get(&t, &cookie, &link.replace("&#38;", "&")).await;
    assert_eq!(status, 200);
    let token = t.token("city").await;
    for id in &s.school {
        let (_, v) = t.case(&token, *id).await;
        assert!(
            cases.contains(v["number"].as_str().unwrap()),
            "case {id} listed"
        );
    }
    let (status, script) = get(&t, &cookie, "/static/analysis.js").await;
    assert_eq!(status, 200);
    assert!(script.contains("createElementNS"));

    // The accused county's page names no accusation.
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, "/analysis?weeks=4").await;
    assert!(
        !page.contains("教师待遇与管理") && !page.contains("工资待遇"),
        "{page}"
    );
}

#[tokio::test]
async fn bad_queries_name_their_field_and_other_scopes_are_forbidden() {
    let t = spawn_app().await;
    let token = t.token("county").await;
    for (query, field) in [
        ("/api/v1/analysis?weeks=2", "weeks"),
        ("/api/v1/analysis?unit_id=abc", "unit_id"),
        ("/api/v1/analysis/cases?from=2026-13-01", "from"),
        (
            "/api/v1/analysis/cases?from=2026-06-10&to=2026-06-01",
            "from",
        ),
        ("/api/v1/analysis/cases?category=no_such", "category"),
        (
            "/api/v1/analysis/cases?concerned_unit_id=999999",
            "concerned_unit_id",
        ),
        ("/api/v1/warnings?level=purple", "level"),
    ] {
        let (status, e) = t.get(query, Some(&token)).await;
        assert_eq!(status, 422, "{query}: {e}");
        assert!(e["fields"][field].is_string(), "{query}: {e}");
    }
    let (status, e) = t
        .get(
            &format!("/api/v1/analysis?unit_id={}", t.units.city),
            Some(&token),
        )
        .await;
    assert_eq!(status, 403, "{e}");
    let (status, _) = t.get("/api/v1/analysis", None).await;
    assert_eq!(status, 401);
}
