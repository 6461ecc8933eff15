//! Follow-through (issue 15 item 6): a supported decision creates an execution task (落实) due
//! in 30 days, a refusal a persuasion task (疏导) due in 15, in the decision's own transaction;
//! a later decision supersedes the open task; the deciding unit follows it up until done, by
//! mediation or settlement only with the agreement and the petitioner's consent; bad input
//! changes nothing; a reader outside the case's line finds no task.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

fn decision(action: &str, on: &str, outcome: &str) -> Value {
    json!({"action": action, "on": on, "outcome": outcome,
           "opinion": "经核实，依规处理。", "basis": "《信访工作条例》第三十二条"})
}

async fn tasks(t: &TestApp, user: &str, query: &str) -> Value {
    let (status, v) = t
        .get(
            &format!("/api/v1/follow-ups?{query}"),
            Some(&t.token(user).await),
        )
        .await;
    assert_eq!(status, 200, "{user} {query}: {v}");
    v
}

#[tokio::test]
async fn decisions_create_their_tasks_which_are_followed_up_until_done() {
    let t = spawn_app().await; // today 2026-06-30
    let county = t.token("county").await;
    let city = t.token("city").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept", "on": "2026-06-02"}))
        .await;
    assert_eq!(
        tasks(&t, "county", &format!("case_id={id}")).await["total"],
        0
    );
    t.act_ok(
        &county,
        id,
        decision("issue_opinion", "2026-06-10", "not_supported"),
    )
    .await;
    let v = tasks(&t, "county", &format!("case_id={id}")).await;
    assert_eq!(v["total"], 1, "{v}");
    let first = &v["items"][0];
    assert_eq!(
        (
            first["kind"].as_str(),
            first["due_on"].as_str(),
            first["status"].as_str()
        ),
        (Some("persuasion"), Some("2026-06-25"), Some("open"))
    );
    // Past its due date on 2026-06-30: overdue, in the overdue list.
    assert_eq!(first["overdue"], true);
    let overdue = tasks(&t, "county", "status=overdue").await;
    assert_eq!(overdue["total"], 1, "{overdue}");

    // The review supports the petitioner: the persuasion task is superseded, an execution
    // task belongs to the city that decided.
    for step in [
        json!({"action": "serve", "method": "direct", "on": "2026-06-12"}),
        json!({"action": "request_review", "on": "2026-06-20"}),
    ] {
        t.act_ok(&county, id, step).await;
    }
    t.act_ok(
        &city,
        id,
        decision("decide_review", "2026-06-28", "supported"),
    )
    .await;
    let v = tasks(&t, "city", &format!("case_id={id}")).await;
    assert_eq!(v["total"], 2, "{v}");
    let open: Vec<&Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["status"] == "open")
        .collect();
    assert_eq!(open.len(), 1, "{v}");
    assert_eq!(
        (
            open[0]["kind"].as_str(),
            open[0]["due_on"].as_str(),
            open[0]["unit_id"].as_i64()
        ),
        (Some("execution"), Some("2026-07-28"), Some(t.units.city))
    );
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["status"] == "superseded"),
        "{v}"
    );
    let task = open[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/follow-ups/{task}/actions");

    // The county below cannot step on the city's task; the sibling county cannot see it.
    let (status, _) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"action": "progress", "note": "电话回访"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, e) = t
        .get(
            &format!("/api/v1/follow-ups/{task}"),
            Some(&t.token("sibling").await),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("follow_up.not_found"))
    );
    assert_eq!(tasks(&t, "sibling", "").await["total"], 0);

    // Refusals by field, nothing stored.
    for (body, fields) in [
        (json!({"action": "fly"}), vec!["action", "note"]),
        (
            json!({"action": "extend", "note": "需协调财政", "due_on": "2026-06-01"}),
            vec!["due_on"],
        ),
        (
            json!({"action": "done", "note": "双方达成一致", "resolution": "mediated"}),
            vec!["agreement", "consent"],
        ),
    ] {
        let (status, e) = t.post_json(&path, Some(&city), &body).await;
        assert_eq!(status, 422, "{body}: {e}");
        for f in fields {
            assert!(e["fields"][f].is_string(), "{f}: {e}");
        }
    }
    let (_, d) = t
        .get(&format!("/api/v1/follow-ups/{task}"), Some(&city))
        .await;
    assert_eq!(d["steps"].as_array().unwrap().len(), 0, "{d}");

    // Progress, a new due date, then done by settlement with the agreement and consent.
    t.post_json(
        &path,
        Some(&city),
        &json!({"action": "progress", "note": "已约谈学校负责人"}),
    )
    .await;
    let (status, d) = t
        .post_json(
            &path,
            Some(&city),
            &json!({"action": "extend", "note": "需协调财政资金", "due_on": "2026-08-15"}),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["due_on"], "2026-08-15");
    let (status, d) = t
        .post_json(
            &path,
            Some(&city),
            &json!({"action": "done", "note": "双方达成和解", "resolution": "settled",
                    "agreement": "学校退还借读费3000元，信访人不再就此事信访", "consent": true}),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (
            d["status"].as_str(),
            d["resolution"].as_str(),
            d["done_on"].as_str()
        ),
        (Some("done"), Some("settled"), Some("2026-06-30"))
    );
    assert_eq!(d["steps"].as_array().unwrap().len(), 3);
    assert_eq!(d["may_act"], false);
    let (status, e) = t
        .post_json(
            &path,
            Some(&city),
            &json!({"action": "progress", "note": "再次回访"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("follow_up.step_not_allowed"))
    );

    // The workbook, and every step in the audit chain.
    let res = t
        .client
        .get(t.url("/api/v1/follow-ups?format=xlsx"))
        .bearer_auth(&city)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, audit) = t
        .get(
            "/api/v1/audit?action=follow_up.step&per_page=50",
            Some(&t.token("auditor").await),
        )
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 3, "{audit}");
    let (status, _) = t.get("/api/v1/follow-ups?status=maybe", Some(&city)).await;
    assert_eq!(status, 422);
}
