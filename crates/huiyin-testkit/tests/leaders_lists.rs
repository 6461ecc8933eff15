//! Leaders' lists (issue 14 items 1 and 3): the handling unit puts a case before a leader
//! (`submit_for_instruction`, 呈阅) and it waits in that leader's 待我阅批 list until they
//! instruct; an instruction's report day is a staff deadline that becomes overdue until the
//! handling unit reports back (`report_instruction`); a leader's 包案 list holds the open cases
//! they took.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn list(t: &TestApp, token: &str, queue: &str) -> Vec<i64> {
    let (status, v) = t
        .get(&format!("/api/v1/worklists/{queue}"), Some(token))
        .await;
    assert_eq!(status, 200, "{queue}: {v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn count(t: &TestApp, token: &str, queue: &str) -> Option<i64> {
    let (_, v) = t.get("/api/v1/worklists", Some(token)).await;
    v["worklists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["queue"] == queue)
        .map(|w| w["count"].as_i64().unwrap())
}

fn deadline_kinds(v: &Value) -> Vec<String> {
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_case_put_before_a_leader_waits_in_their_list_and_the_report_becomes_overdue() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let handler = t.token("handler").await;
    let leader = t.token("leader").await;
    let city = t.token("city").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let leader_id = t.app.authenticate(&leader).await.unwrap().id;
    let registrar_id = t.app.authenticate(&registrar).await.unwrap().id;
    let sibling_id = t
        .app
        .authenticate(&t.token("sibling").await)
        .await
        .unwrap()
        .id;

    // Bad input: nobody named; a user who is no leader; a leader who cannot see the case.
    let (status, v) = t
        .act(&registrar, id, json!({"action": "submit_for_instruction"}))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["leader_user_id"].is_string(), "{v}");
    for who in [registrar_id, sibling_id] {
        let (status, v) = t
            .act(
                &registrar,
                id,
                json!({"action": "submit_for_instruction", "leader_user_id": who}),
            )
            .await;
        assert_eq!(status, 422, "{v}");
        assert!(v["fields"]["leader_user_id"].is_string(), "{v}");
    }
    assert_eq!(list(&t, &leader, "to_instruct").await, Vec::<i64>::new());
    // A registrar has no leader's lists.
    assert_eq!(count(&t, &registrar, "to_instruct").await, None);
    let (status, _) = t
        .get("/api/v1/worklists/to_instruct", Some(&registrar))
        .await;
    assert_eq!(status, 403);

    // 呈阅 to the county's leader: in their list (and counted), not in the city leader's.
    let v = t
        .act_ok(
            &registrar,
            id,
            json!({"action": "submit_for_instruction", "leader_user_id": leader_id, "reason": "涉及多名家长，请领导阅示"}),
        )
        .await;
    assert_eq!(v["instruction_request"]["leader_user_id"], leader_id);
    assert_eq!(
        v["status"], case["status"],
        "putting a case before a leader moves nothing"
    );
    assert_eq!(list(&t, &leader, "to_instruct").await, vec![id]);
    assert_eq!(count(&t, &leader, "to_instruct").await, Some(1));
    assert_eq!(list(&t, &city, "to_instruct").await, Vec::<i64>::new());
    let (status, _) = t
        .act(
            &registrar,
            id,
            json!({"action": "submit_for_instruction", "leader_user_id": leader_id}),
        )
        .await;
    assert_eq!(status, 422, "already before this leader");

    // A unit that does not exist cannot be named to handle it.
    let (status, v) = t
        .act(
            &leader,
            id,
            json!({"action": "instruct", "instruction": "请办理", "to_unit_id": 99999}),
        )
        .await;
    assert!(status == 404 || status == 422, "{status}: {v}");
    assert!(v["fields"]["to_unit_id"].is_string(), "{v}");
    // Nothing to report on yet.
    let (status, v) = t
        .act(
            &handler,
            id,
            json!({"action": "report_instruction", "report": "已核查"}),
        )
        .await;
    assert_eq!(status, 409, "{v}");

    // The leader instructs, asking for a report by 07-03: the list empties, a deadline appears.
    let v = t
        .act_ok(
            &leader,
            id,
            json!({"action": "instruct", "instruction": "请尽快核实并报告", "to_unit_id": t.units.school, "report_due_on": "2026-07-03"}),
        )
        .await;
    assert!(v["instruction_request"].is_null(), "{v}");
    assert_eq!(v["instructions"][0]["to_unit_id"], t.units.school, "{v}");
    assert_eq!(list(&t, &leader, "to_instruct").await, Vec::<i64>::new());
    assert!(
        deadline_kinds(&v).contains(&"instruction_report".to_owned()),
        "{v}"
    );

    // Past the day without a report, the case is overdue in the handling unit's list.
    t.clock.set_today("2026-07-06");
    // (Sessions do not last a week: sign in again.)
    let registrar = t.token("registrar").await;
    let handler = t.token("handler").await;
    assert!(list(&t, &registrar, "overdue").await.contains(&id));
    // The report: empty text refused, then recorded; the deadline goes and the case with it.
    let (status, v) = t
        .act(&handler, id, json!({"action": "report_instruction"}))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v["fields"]["report"].is_string(), "{v}");
    let v = t
        .act_ok(
            &handler,
            id,
            json!({"action": "report_instruction", "report": "已约谈学校负责人，问题已整改"}),
        )
        .await;
    assert_eq!(v["instructions"][0]["reported_on"], "2026-07-06");
    assert!(
        !deadline_kinds(&v).contains(&"instruction_report".to_owned()),
        "{v}"
    );
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&registrar))
        .await;
    let words = timeline.to_string();
    assert!(words.contains("呈报领导阅批"), "{words}");
    assert!(
        words.contains("向领导报告批示办理情况：已约谈学校负责人"),
        "{words}"
    );
}

#[tokio::test]
async fn a_leaders_own_list_holds_the_open_cases_they_took() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = t.token("leader").await;
    let city = t.token("city").await;
    let leader_id = t.app.authenticate(&leader).await.unwrap().id;
    let city_id = t.app.authenticate(&city).await.unwrap().id;
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await["id"]
        .as_i64()
        .unwrap();
    let b = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(count(&t, &leader, "owned").await, Some(0));
    t.act_ok(
        &leader,
        a,
        json!({"action": "own", "leader_user_id": leader_id}),
    )
    .await;
    // The city's leader names itself on the other (a body above may take a case too).
    t.act_ok(
        &city,
        b,
        json!({"action": "own", "leader_user_id": city_id}),
    )
    .await;
    assert_eq!(list(&t, &leader, "owned").await, vec![a]);
    assert_eq!(count(&t, &leader, "owned").await, Some(1));
    assert_eq!(list(&t, &city, "owned").await, vec![b]);

    // Every step someone else takes on a case the leader took reaches them as a
    // notification, unread again after each such step; their own step, and a flag the daily
    // scan sets, are no news.
    let owned_news = |v: &Value| -> Vec<(i64, bool)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "owned_progress")
            .map(|n| {
                (
                    n["case_id"].as_i64().unwrap(),
                    n["unread"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let (_, v) = t.get("/api/v1/notifications", Some(&leader)).await;
    assert_eq!(owned_news(&v), Vec::new(), "the leader's own step: {v}");
    t.act_ok(&registrar, a, json!({"action": "accept"})).await;
    let (_, v) = t.get("/api/v1/notifications", Some(&leader)).await;
    assert_eq!(owned_news(&v), vec![(a, true)], "{v}");
    t.post_json("/api/v1/notifications/read", Some(&leader), &json!({}))
        .await;
    let (_, v) = t.get("/api/v1/notifications", Some(&leader)).await;
    assert_eq!(owned_news(&v), vec![(a, false)], "{v}");
    t.app.scan_deadlines("test").await.unwrap();
    let (_, v) = t.get("/api/v1/notifications", Some(&leader)).await;
    assert_eq!(owned_news(&v), vec![(a, false)], "a scan is no step: {v}");
    t.act_ok(
        &city,
        a,
        json!({"action": "instruct", "instruction": "请按期办结"}),
    )
    .await;
    let (_, v) = t.get("/api/v1/notifications", Some(&leader)).await;
    assert_eq!(owned_news(&v), vec![(a, true)], "{v}");
    // A registrar has no 包案 news.
    let (_, v) = t.get("/api/v1/notifications", Some(&registrar)).await;
    assert!(owned_news(&v).is_empty(), "{v}");
}

#[tokio::test]
async fn the_case_page_puts_a_case_before_a_leader_and_shows_the_instructions_panel() {
    use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await["id"]
        .as_i64()
        .unwrap();
    let page = format!("/cases/{id}");
    let clerk = sign_in(&t, "registrar").await;
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(
        html.contains("data-action=\"submit_for_instruction\""),
        "{html}"
    );
    assert!(
        !html.contains("data-testid=\"leaders-panel\""),
        "no panel before a leader is involved"
    );
    let leader_id = t
        .app
        .authenticate(&t.token("leader").await)
        .await
        .unwrap()
        .id
        .to_string();
    // The select offers the county's leader (who may see the case), not the sibling county's.
    assert!(
        html.contains(&format!("<option value=\"{leader_id}\" >")),
        "{html}"
    );
    let sibling_id = t
        .app
        .authenticate(&t.token("sibling").await)
        .await
        .unwrap()
        .id
        .to_string();
    assert!(!html.contains(&format!("<option value=\"{sibling_id}\" >")));
    let csrf = csrf_of(&html);
    let (status, _) = post(
        &t,
        &clerk,
        &format!("{page}/act"),
        &[
            ("_csrf", &csrf),
            ("action", "submit_for_instruction"),
            ("leader_user_id", &leader_id),
            ("reason", "请领导阅示"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let boss = sign_in(&t, "leader").await;
    let (_, html) = get(&t, &boss, &page).await;
    assert!(
        html.contains("data-testid=\"instruction-request\""),
        "{html}"
    );
    let (_, list) = get(&t, &clerk, "/cases").await;
    assert!(list.contains("呈阅中"), "{list}");
    let csrf = csrf_of(&html);
    let (status, _) = post(
        &t,
        &boss,
        &format!("{page}/act"),
        &[
            ("_csrf", &csrf),
            ("action", "instruct"),
            ("instruction", "请核实后报告"),
            ("report_due_on", "2026-07-08"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(
        !html.contains("data-testid=\"instruction-request\""),
        "{html}"
    );
    assert!(html.contains("待报告办理情况，期限 2026-07-08"), "{html}");
    assert!(
        html.contains("data-action=\"report_instruction\""),
        "{html}"
    );
    // The handling unit's lists say so too.
    let (_, list) = get(&t, &clerk, "/cases").await;
    assert!(list.contains("领导批示待报告"), "{list}");
}

#[tokio::test]
async fn a_leaders_tiles_count_what_their_lists_show() {
    // The tiles judge each case from its sight (wall, units, recusals) without reading the
    // whole record; the list reads records. A case the leader is recused from leaves both.
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = t.token("leader").await;
    let leader_id = t.app.authenticate(&leader).await.unwrap().id;
    let mut cases = Vec::new();
    for _ in 0..3 {
        let id = t
            .register(&registrar, &letter(t.units.school, "2026-06-29"))
            .await["id"]
            .as_i64()
            .unwrap();
        t.act_ok(
            &leader,
            id,
            json!({"action": "own", "leader_user_id": leader_id}),
        )
        .await;
        cases.push(id);
    }
    let mut shown = list(&t, &leader, "owned").await;
    shown.sort_unstable();
    assert_eq!(shown, cases);
    assert_eq!(count(&t, &leader, "owned").await, Some(3));

    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/recusals", cases[1]),
            Some(&leader),
            &json!({"reason": "信访人系本人亲属"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let mut shown = list(&t, &leader, "owned").await;
    shown.sort_unstable();
    assert_eq!(shown, vec![cases[0], cases[2]]);
    assert_eq!(count(&t, &leader, "owned").await, Some(2));
}
