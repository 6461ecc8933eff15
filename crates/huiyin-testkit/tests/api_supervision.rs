//! Supervision orders (督办, 催办; issue 14 item 4, first slice): issued downward only by a
//! supervisor, answered in writing by the supervised unit only, listed to those who may see the
//! case; the case is flagged `supervised` while an order is open; bad input changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn flags(t: &TestApp, token: &str, id: i64) -> Vec<Value> {
    t.case(token, id).await.1["flags"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn an_order_goes_down_is_answered_by_its_unit_and_lifts_the_flag() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let supervisor = t.token("city_supervisor").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let path = format!("/api/v1/cases/{id}/supervisions");
    let order = json!({"kind": "supervise", "due_on": "2026-07-07", "reason": "群众反映强烈，请于7月7日前办结并书面反馈"});

    // Bad input: every field at once, nothing recorded.
    let (status, v) = t
        .post_json(
            &path,
            Some(&supervisor),
            &json!({"kind": "order", "due_on": "2026-06-01"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["kind", "due_on", "reason"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    // Not a supervisor; a supervisor not above the handling unit.
    let (status, v) = t
        .post_json(&path, Some(&t.token("county").await), &order)
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("case.role_required")),
        "{v}"
    );
    let city = t.token("city").await;
    let at_city = t
        .register(&city, &letter(t.units.school, "2026-06-29"))
        .await;
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/supervisions", at_city["id"]),
            Some(&supervisor),
            &order,
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("supervision.not_below")),
        "{v}"
    );
    let (_, none) = t.get("/api/v1/supervisions", Some(&registrar)).await;
    assert_eq!(none["total"], 0, "{none}");

    let (status, issued) = t.post_json(&path, Some(&supervisor), &order).await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["kind"], "supervise");
    assert_eq!(issued["status"], "open");
    assert_eq!(issued["automatic"], false);
    assert_eq!(issued["unit_id"], case["handling_unit_id"]);
    assert_eq!(issued["issuing_unit_id"], t.units.city);
    assert!(
        flags(&t, &registrar, id)
            .await
            .contains(&json!("supervised"))
    );

    // The supervised unit sees it; the sibling county does not.
    let (_, open) = t
        .get("/api/v1/supervisions?status=open", Some(&registrar))
        .await;
    assert_eq!(open["total"], 1, "{open}");
    assert_eq!(open["items"][0]["case_number"], case["number"]);
    let (_, theirs) = t
        .get("/api/v1/supervisions", Some(&t.token("sibling").await))
        .await;
    assert_eq!(theirs["total"], 0, "{theirs}");
    let (status, v) = t
        .get("/api/v1/supervisions?status=late", Some(&registrar))
        .await;
    assert_eq!(status, 422, "{v}");

    // Answers: only by the supervised unit, once, with text and a choice.
    let answer_path = format!("/api/v1/supervisions/{}/response", issued["id"]);
    let answer = json!({"response": "已约谈学校负责人，退还收费并公示", "adopted": true});
    let (status, v) = t.post_json(&answer_path, Some(&city), &answer).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("supervision.not_addressed")),
        "{v}"
    );
    let (status, v) = t
        .post_json(&answer_path, Some(&t.token("sibling").await), &answer)
        .await;
    assert_eq!(status, 404, "out of sight: {v}");
    let (status, v) = t
        .post_json(&answer_path, Some(&registrar), &json!({"response": "好"}))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["response"].is_string() && v["fields"]["adopted"].is_string(),
        "{v}"
    );
    let (status, answered) = t.post_json(&answer_path, Some(&registrar), &answer).await;
    assert_eq!(status, 200, "{answered}");
    assert_eq!(
        (answered["status"].as_str(), answered["adopted"].as_bool()),
        (Some("answered"), Some(true))
    );
    let (status, v) = t.post_json(&answer_path, Some(&registrar), &answer).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("supervision.answered")),
        "{v}"
    );
    assert!(
        !flags(&t, &registrar, id)
            .await
            .contains(&json!("supervised"))
    );
    let (_, done) = t
        .get("/api/v1/supervisions?status=answered", Some(&supervisor))
        .await;
    assert_eq!(done["total"], 1, "{done}");
    assert_eq!(done["items"][0]["response"], answer["response"]);
}

#[tokio::test]
async fn an_unanswered_order_is_overdue_the_day_after_its_due_day() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let supervisor = t.token("city_supervisor").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/supervisions", case["id"]),
            Some(&supervisor),
            &json!({"kind": "urge", "due_on": "2026-07-02", "reason": "请加快办理"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    t.clock.set_today("2026-07-02");
    let registrar = t.token("registrar").await; // a token lasts a working day
    let (_, open) = t
        .get("/api/v1/supervisions?status=open", Some(&registrar))
        .await;
    assert_eq!(open["total"], 1, "due today is not overdue: {open}");
    t.clock.set_today("2026-07-03");
    let registrar = t.token("registrar").await;
    let (_, overdue) = t
        .get("/api/v1/supervisions?status=overdue", Some(&registrar))
        .await;
    assert_eq!(overdue["total"], 1, "{overdue}");
    assert_eq!(overdue["items"][0]["status"], "overdue");
    assert_eq!(overdue["items"][0]["kind"], "urge");
}

#[tokio::test]
async fn the_case_page_issues_and_answers_orders_as_the_api_does() {
    use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let page = format!("/cases/{id}");

    // The supervisor above sees the form; the registrar of the handling unit does not.
    let boss = sign_in(&t, "city_supervisor").await;
    let (_, html) = get(&t, &boss, &page).await;
    assert!(
        html.contains(
            "action=\"/cases/{id}/supervise\""
                .replace("{id}", &id.to_string())
                .as_str()
        ),
        "{html}"
    );
    let clerk = sign_in(&t, "registrar").await;
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(
        !html.contains("/supervise\""),
        "no issue form below: {html}"
    );

    // A refused order keeps what was typed; a good one is listed on the case.
    let csrf = csrf_of(&get(&t, &boss, &page).await.1);
    let path = format!("/cases/{id}/supervise");
    let (status, html) = post(
        &t,
        &boss,
        &path,
        &[
            ("_csrf", &csrf),
            ("kind", "supervise"),
            ("due_on", "2026-06-01"),
            ("reason", "请于一周内办结"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("反馈期限不能早于今天") && html.contains("请于一周内办结"),
        "{html}"
    );
    let (status, _) = post(
        &t,
        &boss,
        &path,
        &[
            ("_csrf", &csrf),
            ("kind", "supervise"),
            ("due_on", "2026-07-07"),
            ("reason", "请于一周内办结"),
        ],
    )
    .await;
    assert_eq!(status, 303);

    // The supervised unit answers on the page.
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(
        html.contains("data-status=\"open\"") && html.contains("请于一周内办结"),
        "{html}"
    );
    let (_, orders) = t.get("/api/v1/supervisions", Some(&registrar)).await;
    let order = orders["items"][0]["id"].as_i64().unwrap();
    let answer = format!("/cases/{id}/supervisions/{order}/response");
    assert!(html.contains(&answer), "{html}");
    let csrf = csrf_of(&html);
    let (status, html) = post(
        &t,
        &clerk,
        &answer,
        &[("_csrf", &csrf), ("response", "已办结并答复信访人")],
    )
    .await;
    assert_eq!(status, 422, "adopted is required: {html}");
    assert!(html.contains("已办结并答复信访人"), "kept: {html}");
    let (status, _) = post(
        &t,
        &clerk,
        &answer,
        &[
            ("_csrf", &csrf),
            ("response", "已办结并答复信访人"),
            ("adopted", "true"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &boss, &page).await;
    assert!(
        html.contains("data-status=\"answered\"") && html.contains("已采纳"),
        "{html}"
    );
}
