//! The headline rates (`/api/v1/stats/rates`) count what the workflow did, in the reader's
//! scope and the period asked for.

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

use super::decision;

#[tokio::test]
async fn headline_rates_count_what_happened() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let county = t.token("county").await;
    // Case A: received 06-01, accepted in time (06-05), opinion 06-10, evaluated satisfied.
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, a, json!({"action": "accept", "on": "2026-06-05"}))
        .await;
    let mut op = decision("supported");
    op["action"] = json!("issue_opinion");
    op["on"] = json!("2026-06-10");
    t.act_ok(&county, a, op).await;
    t.act_ok(
        &county,
        a,
        json!({"action": "evaluate", "grade": "satisfied", "on": "2026-06-11"}),
    )
    .await;
    // Case B: received 06-01, never decided: its 15-day deadline (06-16) has passed by 06-30.
    let mut other = letter(t.units.school2, "2026-06-01");
    other["petitioners"] = json!([{"name": "周平"}]);
    t.register(&registrar, &other).await;
    // Case C: received 06-25, undecided, deadline not yet passed: not counted as due.
    other["petitioners"] = json!([{"name": "吴刚"}]);
    other["received_on"] = json!("2026-06-25");
    t.register(&registrar, &other).await;

    let (s, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-01&to=2026-06-30",
            Some(&county),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["counts"]["received"], 3);
    let rate = |k: &str| {
        v["rates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == k)
            .unwrap()
            .clone()
    };
    let acc = rate("timely_acceptance");
    assert_eq!(
        (acc["numerator"].as_i64(), acc["denominator"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(acc["percent"], 50.0);
    assert!(acc["formula_zh"].as_str().unwrap().contains("÷"));
    let con = rate("on_time_conclusion");
    assert_eq!(
        (con["numerator"].as_i64(), con["denominator"].as_i64()),
        (Some(1), Some(1))
    );
    let sat = rate("satisfaction");
    assert_eq!(
        (sat["numerator"].as_i64(), sat["denominator"].as_i64()),
        (Some(1), Some(1))
    );
    // A sibling sees none of it; the period filter works.
    let sibling = t.token("sibling").await;
    let (_, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-01&to=2026-06-30",
            Some(&sibling),
        )
        .await;
    assert_eq!(v["counts"]["received"], 0);
    let (_, v) = t
        .get(
            "/api/v1/stats/rates?from=2026-06-02&to=2026-06-30",
            Some(&county),
        )
        .await;
    assert_eq!(v["counts"]["received"], 1);
    let (s, _) = t
        .get(
            "/api/v1/stats/rates?from=2026-07-01&to=2026-06-01",
            Some(&county),
        )
        .await;
    assert_eq!(s, 422);
}
