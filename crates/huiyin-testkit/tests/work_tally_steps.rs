//! The 工作台's counts follow every step (issue 14 item 8): the rollup `work_tally`
//! (migration 0056; on PostgreSQL 0070, with unsettled deltas) stays equal to the counts made from `cases` while cases are
//! registered, accepted, forwarded, allotted, re-allotted and taken back; and on both
//! databases every count of the 工作台 equals the total of the list it names, for the
//! registrar, the handler (我的工作 holds their own and the unallotted cases) and the leader.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, user: &str) -> i64 {
    let token = t.token(user).await;
    let (status, me) = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    me["user"]["id"].as_i64().unwrap()
}

/// Every worklist count of `user` against its list's total; returns the counts by queue.
async fn counts_match_lists(t: &TestApp, user: &str) -> Vec<(String, i64)> {
    let token = t.token(user).await;
    let (status, lists) = t.get("/api/v1/worklists", Some(&token)).await;
    assert_eq!(status, 200, "{user}: {lists}");
    let mut out = Vec::new();
    for q in lists["worklists"].as_array().unwrap() {
        let queue = q["queue"].as_str().unwrap();
        let (status, v) = t
            .get(
                &format!("/api/v1/worklists/{queue}?per_page=200"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 200, "{user}: {queue}: {v}");
        assert_eq!(q["count"], v["total"], "{user}: {queue}");
        assert_eq!(
            v["total"].as_u64().unwrap() as usize,
            v["items"].as_array().unwrap().len(),
            "{user}: {queue}: one page holds the list"
        );
        out.push((queue.to_owned(), q["count"].as_i64().unwrap()));
    }
    out
}

fn count(counts: &[(String, i64)], queue: &str) -> i64 {
    counts
        .iter()
        .find(|(q, _)| q == queue)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no worklist {queue} in {counts:?}"))
}

async fn assert_no_drift(t: &TestApp, when: &str) {
    let drift = t.app.store_for_tests().work_tally_drift().await.unwrap();
    assert!(drift.is_empty(), "{when}: {drift:#?}");
    for user in ["registrar", "handler", "leader"] {
        counts_match_lists(t, user).await;
    }
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_workbench_counts_follow_registration_acceptance_forwarding_and_allotment() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let handler = user_id(&t, "handler").await;
    let leader = user_id(&t, "leader").await;
    let mut cases = Vec::new();
    for (i, day) in [
        "2026-06-01",
        "2026-06-02",
        "2026-06-03",
        "2026-06-04",
        "2026-06-05",
    ]
    .iter()
    .enumerate()
    {
        let mut body = letter(t.units.county, day);
        if i % 2 == 1 {
            body["channel"] = json!("visit");
        }
        cases.push(id(&t.register(&registrar, &body).await));
    }
    assert_no_drift(&t, "after registration").await;
    let before = counts_match_lists(&t, "handler").await;

    for &c in &cases[..3] {
        t.act_ok(&registrar, c, json!({"action": "accept"})).await;
    }
    assert_no_drift(&t, "after acceptance").await;
    t.act_ok(
        &registrar,
        cases[3],
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    assert_no_drift(&t, "after forwarding").await;

    // 我的工作: the handler's own and the unallotted; allotting one to the leader takes it
    // out of the handler's count and leaves it in the leader's.
    let mine = count(&counts_match_lists(&t, "handler").await, "mine");
    t.act_ok(
        &registrar,
        cases[0],
        json!({"action": "allot", "handler_user_id": handler}),
    )
    .await;
    assert_eq!(
        count(&counts_match_lists(&t, "handler").await, "mine"),
        mine,
        "the handler's own case stays in 我的工作"
    );
    t.act_ok(
        &registrar,
        cases[1],
        json!({"action": "allot", "handler_user_id": leader}),
    )
    .await;
    assert_eq!(
        count(&counts_match_lists(&t, "handler").await, "mine"),
        mine - 1,
        "a case allotted to the leader leaves the handler's 我的工作"
    );
    assert_no_drift(&t, "after allotment").await;
    t.act_ok(
        &registrar,
        cases[1],
        json!({"action": "allot", "handler_user_id": handler, "reason": "改派给承办人"}),
    )
    .await;
    t.act_ok(&registrar, cases[0], json!({"action": "take_back"}))
        .await;
    assert_no_drift(&t, "after re-allotment and taking back").await;
    assert_eq!(
        count(&counts_match_lists(&t, "handler").await, "mine"),
        mine,
        "both are the handler's or nobody's again"
    );
    assert_ne!(
        before,
        counts_match_lists(&t, "handler").await,
        "the steps changed the counts"
    );
}

/// An accusation against the county, registered at the county's own office and not yet sent
/// up: its registrar counts it, while the county's handler and leader (staff of the accused
/// unit, DOMAIN.md §12 #20) neither count nor list it. The rollup holds it; the reading takes
/// it off for them in the same statement.
#[tokio::test]
async fn an_accusation_against_the_county_is_counted_for_its_registrar_only() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let total = |counts: &[(String, i64)]| counts.iter().map(|(_, n)| n).sum::<i64>();
    let before: Vec<i64> = [
        counts_match_lists(&t, "registrar").await,
        counts_match_lists(&t, "handler").await,
        counts_match_lists(&t, "leader").await,
    ]
    .iter()
    .map(|c| total(c))
    .collect();
    let mut body = letter(t.units.county, "2026-06-01");
    body["petition_type"] = json!("accusation");
    body["category"] = json!("fees.illegal_charges");
    body["title"] = json!("举报区教育局违规收费");
    let accusation = t.register(&registrar, &body).await;
    assert_eq!(accusation["handling_unit_id"], t.units.county_office);
    assert_no_drift(&t, "after the accusation").await;
    let after = [
        counts_match_lists(&t, "registrar").await,
        counts_match_lists(&t, "handler").await,
        counts_match_lists(&t, "leader").await,
    ];
    assert!(
        total(&after[0]) > before[0],
        "the registrar counts the case they registered: {:?}",
        after[0]
    );
    assert_eq!(total(&after[1]), before[1], "the handler: {:?}", after[1]);
    assert_eq!(total(&after[2]), before[2], "the leader: {:?}", after[2]);
}
