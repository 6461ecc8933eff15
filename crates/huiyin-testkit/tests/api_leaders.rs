//! Leaders' case actions (issue 14 items 1 and 3, first slice): `instruct` (阅批) by a leader of
//! the handling body or of a body above it, `own` (包案) naming a leader who may see the case,
//! which sets the flag `leader_owned`; nobody else takes either step.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn leaders_instruct_and_take_cases_and_others_cannot() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let instruction = json!({"action": "instruct", "instruction": "请区教育局认真核查，依法依规答复", "report_due_on": "2026-07-10"});

    // Not a leader; a leader who cannot see the case.
    let (status, v) = t.act(&registrar, id, instruction.clone()).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("case.role_required")),
        "{v}"
    );
    let (status, _) = t
        .act(&t.token("sibling").await, id, instruction.clone())
        .await;
    assert_eq!(status, 404);
    // Bad input: every problem at once.
    let leader = t.token("leader").await;
    let (status, v) = t
        .act(
            &leader,
            id,
            json!({"action": "instruct", "report_due_on": "soon"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["instruction"].is_string() && v["fields"]["report_due_on"].is_string(),
        "{v}"
    );

    // The county's leader, then the city's (a body above) instruct.
    let v = t.act_ok(&leader, id, instruction).await;
    assert_eq!(
        v["instructions"][0]["text"],
        "请区教育局认真核查，依法依规答复"
    );
    assert_eq!(v["instructions"][0]["report_due_on"], "2026-07-10");
    assert_eq!(v["status"], case["status"], "an instruction moves nothing");
    let city = t.token("city").await;
    let v = t
        .act_ok(
            &city,
            id,
            json!({"action": "instruct", "instruction": "市局关注此事"}),
        )
        .await;
    assert_eq!(v["instructions"].as_array().unwrap().len(), 2);
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&registrar))
        .await;
    assert!(
        timeline.to_string().contains("领导阅批：市局关注此事"),
        "{timeline}"
    );

    // 包案: a leader who may see it (the county's), not a user without the role.
    let me = t.app.authenticate(&leader).await.unwrap().id;
    let not_leader = t.app.authenticate(&registrar).await.unwrap().id;
    let (status, v) = t
        .act(
            &leader,
            id,
            json!({"action": "own", "leader_user_id": not_leader}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["leader_user_id"].is_string(), "{v}");
    let sibling_leader = t
        .app
        .authenticate(&t.token("sibling").await)
        .await
        .unwrap()
        .id;
    let (status, _) = t
        .act(
            &city,
            id,
            json!({"action": "own", "leader_user_id": sibling_leader}),
        )
        .await;
    assert_eq!(status, 422, "a leader who cannot see the case");
    let v = t
        .act_ok(&leader, id, json!({"action": "own", "leader_user_id": me}))
        .await;
    assert!(
        v["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("leader_owned")),
        "{v}"
    );
    assert_eq!(v["owner_leader_id"], me);
    let (status, _) = t
        .act(&leader, id, json!({"action": "own", "leader_user_id": me}))
        .await;
    assert_eq!(status, 409, "already taken by the same leader");
}

#[tokio::test]
async fn the_case_page_offers_a_leader_the_instruction_and_the_own_forms() {
    use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let page = format!("/cases/{}", case["id"]);
    let clerk = sign_in(&t, "registrar").await;
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(
        !html.contains("data-action=\"instruct\""),
        "not for a registrar"
    );
    let boss = sign_in(&t, "leader").await;
    let (_, html) = get(&t, &boss, &page).await;
    assert!(
        html.contains("data-action=\"instruct\"") && html.contains("data-action=\"own\""),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let act = format!("{page}/act");
    let (status, _) = post(
        &t,
        &boss,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "instruct"),
            ("instruction", "请尽快核实并答复"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // The page's 包案 form names the signed-in leader.
    let me = t
        .app
        .authenticate(&t.token("leader").await)
        .await
        .unwrap()
        .id
        .to_string();
    assert!(
        html.contains(&format!("name=\"leader_user_id\" value=\"{me}\"")),
        "{html}"
    );
    let (status, _) = post(
        &t,
        &boss,
        &act,
        &[("_csrf", &csrf), ("action", "own"), ("leader_user_id", &me)],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &boss, &page).await;
    assert!(
        html.contains("领导阅批：请尽快核实并答复") && html.contains("领导包案"),
        "{html}"
    );
}
