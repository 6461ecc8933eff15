//! The case list's deadline and status orders (issue 12 item 4): `sort=due_asc|due_desc`
//! (cases without a deadline last either way) and `sort=status_asc|status_desc` (the
//! workflow's stages, in a stage by deadline). Each answer is checked against the rows' own
//! values — their status and their earliest staff deadline — not against a list the code
//! produced; pages cut from the order agree with the whole list. Runs on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::cmp::Reverse;

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Eight cases in five states: registered, forwarded, accepted, not accepted, with
/// different deadlines.
async fn cases(t: &TestApp) {
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let mut ids = Vec::new();
    for (i, day) in [
        "2026-06-01",
        "2026-06-10",
        "2026-05-20",
        "2026-06-05",
        "2026-06-03",
        "2026-05-25",
        "2026-06-08",
        "2026-06-12",
    ]
    .iter()
    .enumerate()
    {
        let mut body = letter(t.units.school, day);
        body["title"] = json!(format!("排序用例{i}"));
        ids.push(t.register(&registrar, &body).await["id"].as_i64().unwrap());
    }
    for (id, on) in [
        (ids[2], "2026-05-21"),
        (ids[3], "2026-06-06"),
        (ids[5], "2026-05-26"),
    ] {
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school, "on": on}),
        )
        .await;
    }
    for (id, on) in [(ids[3], "2026-06-07"), (ids[5], "2026-05-27")] {
        t.act_ok(&school, id, json!({"action": "accept", "on": on}))
            .await;
    }
    t.act_ok(
        &registrar,
        ids[4],
        json!({"action": "reject", "reason": "已受理，正在办理期间向上级重复提出"}),
    )
    .await;
}

/// A row's own sort values: whether it has no staff deadline, its earliest staff deadline,
/// its status's place in the workflow, its id.
fn key(item: &Value) -> (bool, Option<Date>, usize, i64) {
    let due = item["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["staff_duty"] == json!(true))
        .map(|d| Date::parse(d["due_on"].as_str().unwrap()).unwrap())
        .min();
    let status = Status::parse(item["status"].as_str().unwrap()).unwrap();
    let rank = Status::ALL.iter().position(|s| *s == status).unwrap();
    (due.is_none(), due, rank, item["id"].as_i64().unwrap())
}

fn in_order(
    sort: &str,
    a: &(bool, Option<Date>, usize, i64),
    b: &(bool, Option<Date>, usize, i64),
) -> bool {
    match sort {
        "due_asc" => (a.0, a.1, a.3) < (b.0, b.1, b.3),
        "due_desc" => (a.0, Reverse((a.1, a.3))) < (b.0, Reverse((b.1, b.3))),
        "status_asc" => (a.2, a.0, a.1, a.3) < (b.2, b.0, b.1, b.3),
        "status_desc" => (a.2, a.0, a.1, a.3) > (b.2, b.0, b.1, b.3),
        _ => unreachable!("{sort}"),
    }
}

async fn listed(t: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (status, v) = t.get(&format!("/api/v1/cases?{query}"), Some(token)).await;
    assert_eq!(status, 200, "{query}: {v}");
    v["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn deadline_and_status_orders_follow_the_rows_own_values() {
    let t = spawn_app().await;
    cases(&t).await;
    let registrar = t.token("registrar").await;
    let all = listed(&t, &registrar, "channel=letter&per_page=50").await;
    assert_eq!(all.len(), 8);
    // The fixture is worth sorting: several states, with and without a deadline.
    let keys: Vec<_> = all.iter().map(key).collect();
    let mut ranks: Vec<usize> = keys.iter().map(|k| k.2).collect();
    ranks.sort_unstable();
    ranks.dedup();
    assert!(ranks.len() >= 4, "{ranks:?}");
    assert!(keys.iter().any(|k| k.0) && keys.iter().filter(|k| !k.0).count() >= 5);

    for sort in ["due_asc", "due_desc", "status_asc", "status_desc"] {
        let rows = listed(
            &t,
            &registrar,
            &format!("channel=letter&per_page=50&sort={sort}"),
        )
        .await;
        assert_eq!(rows.len(), 8, "{sort}");
        let keys: Vec<_> = rows.iter().map(key).collect();
        for w in keys.windows(2) {
            assert!(
                in_order(sort, &w[0], &w[1]),
                "{sort}: {:?} before {:?}",
                w[0],
                w[1]
            );
        }
        // Pages of three cut the same order.
        let mut paged = Vec::new();
        for page in 1..=3 {
            let q = format!("channel=letter&per_page=3&page={page}&sort={sort}");
            paged.extend(
                listed(&t, &registrar, &q)
                    .await
                    .iter()
                    .map(|v| v["id"].clone()),
            );
        }
        let whole: Vec<Value> = rows.iter().map(|v| v["id"].clone()).collect();
        assert_eq!(paged, whole, "{sort}");
    }
    // The two status orders are each other's reverse.
    let ids = |rows: Vec<Value>| {
        rows.iter()
            .map(|v| v["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let asc = ids(listed(&t, &registrar, "channel=letter&per_page=50&sort=status_asc").await);
    let mut desc = ids(listed(
        &t,
        &registrar,
        "channel=letter&per_page=50&sort=status_desc",
    )
    .await);
    desc.reverse();
    assert_eq!(asc, desc);

    // An order the list does not know: refused, the field named, with the orders it takes.
    let (status, e) = t
        .get("/api/v1/cases?sort=deadline_down", Some(&registrar))
        .await;
    assert_eq!(status, 422, "{e}");
    let message = e["fields"]["sort"].as_str().unwrap();
    assert!(
        message.contains("due_desc") && message.contains("status_asc"),
        "{e}"
    );
}
