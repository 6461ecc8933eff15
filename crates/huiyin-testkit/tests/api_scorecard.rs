//! 考评 scorecards (issue 14 item 6, first slice): the units of a level scored and ranked under
//! the shipped scheme, every figure traced to its cases, the scheme replaceable by an
//! administrator (a bad one refused), the firewall applied to counts and lists.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

const PERIOD: &str = "from=2026-06-01&to=2026-06-30";

fn part<'a>(item: &'a Value, kpi: &str) -> &'a Value {
    item["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kpi"] == kpi)
        .unwrap_or_else(|| panic!("{kpi} in {item}"))
}

fn item(card: &Value, unit: i64) -> &Value {
    card["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["unit_id"] == unit)
        .unwrap_or_else(|| panic!("{unit} in {card}"))
}

async fn ids(t: &TestApp, token: &str, query: &str) -> Vec<i64> {
    let (status, v) = t
        .get(
            &format!("/api/v1/stats/rates/cases?{query}&{PERIOD}"),
            Some(token),
        )
        .await;
    assert_eq!(status, 200, "{query}: {v}");
    let mut out: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    out.sort();
    assert_eq!(v["total"], out.len(), "{v}");
    out
}

#[tokio::test]
async fn the_counties_of_a_city_are_scored_ranked_and_traced_to_their_cases() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    let sibling = t.token("sibling").await;
    // County: A accepted in time, answered, evaluated satisfied; B never decided.
    let a = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, a, json!({"action": "accept", "on": "2026-06-02"}))
        .await;
    t.act_ok(
        &county,
        a,
        json!({"action": "issue_opinion", "on": "2026-06-10", "outcome": "supported",
               "opinion": "经核实，退还借读费。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;
    t.act_ok(
        &county,
        a,
        json!({"action": "evaluate", "grade": "satisfied", "on": "2026-06-11"}),
    )
    .await;
    let b = t
        .register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    // Sibling county: C accepted in time.
    let mut other = letter(t.units.sibling_county, "2026-06-01");
    other["petitioners"] = json!([{"name": "李娜", "phone": "13700137000"}]);
    other["content"] = json!("邻区实验小学食堂收费标准不透明，要求公示。");
    let c = t.register(&sibling, &other).await["id"].as_i64().unwrap();
    t.act_ok(&sibling, c, json!({"action": "accept", "on": "2026-06-02"}))
        .await;
    // The scan marks B overdue and supervises it.
    t.app.scan_deadlines("test").await.unwrap();

    let city = t.token("city").await;
    let (status, card) = t
        .get(
            &format!("/api/v1/stats/scorecard?unit_id={}&{PERIOD}", t.units.city),
            Some(&city),
        )
        .await;
    assert_eq!(status, 200, "{card}");
    assert_eq!(card["full_marks"], 40.0);
    let ours = item(&card, t.units.county);
    let theirs = item(&card, t.units.sibling_county);
    let acc = part(ours, "timely_acceptance");
    assert_eq!(
        (acc["numerator"].as_i64(), acc["denominator"].as_i64()),
        (Some(1), Some(2)),
        "{ours}"
    );
    assert_eq!(acc["points"], 2.5);
    assert_eq!(part(ours, "overdue")["numerator"], 1);
    assert_eq!(part(ours, "overdue")["points"], -0.5);
    let sup = part(ours, "supervision_on_time");
    assert_eq!(sup["numerator"], 0);
    assert!(sup["denominator"].as_i64().unwrap() >= 1, "{sup}");
    assert_eq!(sup["points"], 0.0);
    // B is the same person on the same matter while A is open: a repeat petition.
    assert_eq!(part(ours, "repeat")["numerator"], 1);
    // 2.5 + 10 (concluded on time) + 5 (evaluated) + 10 (satisfied) + 0 − 1 (repeat) − 0.5.
    assert_eq!(ours["score"], 26.0, "{ours}");
    // The sibling has nothing against it: full marks, first.
    assert_eq!(theirs["score"], 40.0, "{theirs}");
    assert_eq!(
        (theirs["rank"].as_i64(), ours["rank"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(
        card["items"][0]["unit_id"], t.units.sibling_county,
        "ranked order"
    );

    // Every figure drills down to its cases.
    let county_q = format!("unit_id={}", t.units.county);
    assert_eq!(
        ids(
            &t,
            &city,
            &format!("{county_q}&kpi=timely_acceptance&part=denominator")
        )
        .await,
        vec![a, b]
    );
    assert_eq!(
        ids(
            &t,
            &city,
            &format!("{county_q}&kpi=timely_acceptance&part=numerator")
        )
        .await,
        vec![a]
    );
    assert_eq!(
        ids(&t, &city, &format!("{county_q}&kpi=overdue&part=numerator")).await,
        vec![b]
    );
    assert_eq!(
        ids(&t, &city, &format!("{county_q}&kpi=repeat&part=numerator")).await,
        vec![b]
    );
    // A penalty's denominator is every case received in the period: its total comes from the
    // rollup, its list from the cases (`ids` checks that the two agree).
    assert_eq!(
        ids(
            &t,
            &city,
            &format!("{county_q}&kpi=overdue&part=denominator")
        )
        .await,
        vec![a, b]
    );
    assert_eq!(
        ids(
            &t,
            &city,
            &format!("{county_q}&kpi=supervision_on_time&part=denominator")
        )
        .await,
        vec![b]
    );
    assert_eq!(
        ids(
            &t,
            &city,
            &format!("{county_q}&kpi=satisfaction&part=numerator")
        )
        .await,
        vec![a]
    );

    // Bad parameters, and a unit outside one's scope.
    for q in [
        "kpi=happiness",
        "kpi=overdue&part=half",
        "kpi=overdue&from=june",
    ] {
        let (status, v) = t
            .get(
                &format!("/api/v1/stats/rates/cases?{county_q}&{q}"),
                Some(&city),
            )
            .await;
        assert_eq!(status, 422, "{q}: {v}");
    }
    let (status, _) = t
        .get(
            &format!("/api/v1/stats/scorecard?unit_id={}&{PERIOD}", t.units.city),
            Some(&county),
        )
        .await;
    assert_eq!(status, 403);
    let (status, v) = t
        .get("/api/v1/stats/scorecard?level=nine&unit_id=x", Some(&city))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["level"].is_string() && v["fields"]["unit_id"].is_string(),
        "{v}"
    );
}

#[tokio::test]
async fn an_accusation_against_a_unit_is_not_counted_for_its_own_staff() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.county, "2026-06-01"))
        .await;
    let mut accusation = letter(t.units.county, "2026-06-02");
    accusation["petition_type"] = json!("accusation");
    let hidden = t.register(&registrar, &accusation).await["id"]
        .as_i64()
        .unwrap();
    let query = format!(
        "/api/v1/stats/scorecard?unit_id={}&level=4&{PERIOD}",
        t.units.county
    );
    let received = |card: &Value| {
        part(&card["items"][0], "repeat")["denominator"]
            .as_i64()
            .unwrap()
    };
    let (_, theirs) = t.get(&query, Some(&t.token("county").await)).await;
    let (_, above) = t.get(&query, Some(&t.token("city").await)).await;
    assert_eq!(received(&theirs), 1, "{theirs}");
    assert_eq!(received(&above), 2, "{above}");
    let cases = format!("unit_id={}&kpi=repeat&part=denominator", t.units.county);
    assert!(
        !ids(&t, &t.token("county").await, &cases)
            .await
            .contains(&hidden)
    );
    assert!(
        ids(&t, &t.token("city").await, &cases)
            .await
            .contains(&hidden)
    );
}

#[tokio::test]
async fn an_administrator_replaces_the_scheme_and_a_bad_one_changes_nothing() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let (_, before) = t.get("/api/v1/stats/scorecard/scheme", Some(&admin)).await;
    let bad =
        json!({"toml": "name = \"x\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = \"ten\"\n"});
    let (status, v) = t
        .put_json("/api/v1/stats/scorecard/scheme", Some(&admin), &bad)
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (422, Some("scorecard.invalid")),
        "{v}"
    );
    let (_, after) = t.get("/api/v1/stats/scorecard/scheme", Some(&admin)).await;
    assert_eq!(before, after, "nothing changed");
    let (status, _) = t
        .put_json(
            "/api/v1/stats/scorecard/scheme",
            Some(&t.token("city").await),
            &json!({"toml": "name = \"x\""}),
        )
        .await;
    assert_eq!(status, 403);
    let only = json!({"toml": "name = \"满意度考评\"\n[[indicator]]\nkpi = \"satisfaction\"\nweight = 100.0\n"});
    let (status, v) = t
        .put_json("/api/v1/stats/scorecard/scheme", Some(&admin), &only)
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, card) = t
        .get(
            &format!("/api/v1/stats/scorecard?unit_id={}&{PERIOD}", t.units.city),
            Some(&t.token("city").await),
        )
        .await;
    assert_eq!(
        (card["scheme"].as_str(), card["full_marks"].as_f64()),
        (Some("满意度考评"), Some(100.0)),
        "{card}"
    );
    assert_eq!(card["items"][0]["parts"].as_array().unwrap().len(), 1);
}
