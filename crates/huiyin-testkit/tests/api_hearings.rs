//! 信访听证 as records (issue 15 item 5): a hearing scheduled on a case in handling, its notice,
//! held with minutes and conclusion — once — or cancelled; refusals named by field with nothing
//! stored; a hearing on a case out of the reader's line does not exist for them; the case's
//! clock stays with the `start_hearing` / `end_hearing` steps; every write audited.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// A case registered by the county's office and accepted by the county; its id.
async fn accepted_case(t: &TestApp) -> i64 {
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let id = case["id"].as_i64().unwrap();
    t.act_ok(
        &t.token("county").await,
        id,
        json!({"action": "accept", "on": "2026-06-22"}),
    )
    .await;
    id
}

fn hearing_body() -> Value {
    json!({
        "on": "2026-07-10", "place": "某区教育局第三会议室", "public": true,
        "officers": [{"role": "presiding", "name": "王主任", "unit": "某区教育局"},
                     {"role": "officer", "name": "钱代表", "unit": "区人大代表"}],
        "participants": [{"role": "petitioner", "name": "张伟"},
                         {"role": "unit", "name": "赵校长", "unit": "某区第一小学"},
                         {"role": "third_party", "name": "孙律师", "unit": "某律师事务所"}]
    })
}

fn fields(e: &Value) -> Vec<String> {
    let mut v: Vec<String> = e["fields"].as_object().unwrap().keys().cloned().collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_hearing_is_scheduled_notified_and_held_once() {
    let t = spawn_app().await; // today 2026-06-30
    let county = t.token("county").await;
    let registrar = t.token("registrar").await;
    let sibling = t.token("sibling").await;
    let unaccepted = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let (status, e) = t
        .post_json(
            &format!("/api/v1/cases/{}/hearings", unaccepted["id"]),
            Some(&county),
            &hearing_body(),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("hearing.case_state")),
        "{e}"
    );

    let id = accepted_case(&t).await;
    let path = format!("/api/v1/cases/{id}/hearings");
    let (_, before) = t.case(&county, id).await;

    // Every problem at once, by field; nothing stored.
    let (status, e) = t.post_json(&path, Some(&county), &json!({})).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(fields(&e), ["officers", "on", "participants", "place"]);
    let mut bad = hearing_body();
    bad["on"] = json!("2026-06-01");
    bad["public"] = json!("perhaps");
    bad["officers"] = json!([{"role": "officer", "name": "钱代表"}]);
    bad["participants"] =
        json!([{"role": "judge", "name": ""}, {"role": "unit", "name": "赵校长"}]);
    let (status, e) = t.post_json(&path, Some(&county), &bad).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(
        fields(&e),
        [
            "officers",
            "on",
            "participants[0].name",
            "participants[0].role",
            "participants[1].unit",
            "public"
        ]
    );
    // Not a handler (a supervisor reads only); out of the case's line: no such case.
    let (status, _) = t
        .post_json(
            &path,
            Some(&t.token("city_supervisor").await),
            &hearing_body(),
        )
        .await;
    assert_eq!(status, 403);
    let (status, e) = t.post_json(&path, Some(&sibling), &hearing_body()).await;
    assert_eq!((status, e["code"].as_str()), (404, Some("case.not_found")));
    let (_, none) = t.get(&path, Some(&county)).await;
    assert_eq!(none["items"], json!([]), "{none}");
    assert_eq!(none["may_schedule"], true, "{none}");

    // Scheduled: the clock is not touched (no `hearing` flag, the same deadlines).
    let (status, h) = t.post_json(&path, Some(&county), &hearing_body()).await;
    assert_eq!(status, 201, "{h}");
    assert_eq!(h["status"], "scheduled");
    assert_eq!(h["participants"][1]["unit"], "某区第一小学");
    assert_eq!(h["actions"], json!(["notify", "hold", "cancel"]));
    assert_eq!(h["clock_paused"], false);
    let hid = h["id"].as_i64().unwrap();
    let (_, after) = t.case(&county, id).await;
    assert_eq!(after["deadlines"], before["deadlines"]);
    assert_eq!(after["flags"], before["flags"]);

    // Read by the case's line, not by a sibling county (404, in every list too).
    let one = format!("/api/v1/hearings/{hid}");
    let (status, got) = t.get(&one, Some(&t.token("handler").await)).await;
    assert_eq!(
        (status, got["place"].as_str()),
        (200, Some("某区教育局第三会议室"))
    );
    let (status, e) = t.get(&one, Some(&sibling)).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("hearing.not_found"))
    );
    let (status, _) = t.get("/api/v1/hearings/99999", Some(&county)).await;
    assert_eq!(status, 404);
    let (_, list) = t.get("/api/v1/hearings", Some(&county)).await;
    assert_eq!(list["total"], 1, "{list}");
    let (_, list) = t
        .get("/api/v1/hearings", Some(&t.token("city").await))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    let (_, list) = t.get("/api/v1/hearings", Some(&sibling)).await;
    assert_eq!(list["total"], 0, "{list}");
    let (status, _) = t.get(&path, Some(&sibling)).await;
    assert_eq!(status, 404);
    let act = format!("{one}/actions");
    let (status, _) = t
        .post_json(
            &act,
            Some(&sibling),
            &json!({"action": "cancel", "reason": "改期"}),
        )
        .await;
    assert_eq!(status, 404);

    // The notice: every problem at once, then once only.
    let (status, e) = t
        .post_json(
            &act,
            Some(&county),
            &json!({"action": "notify", "notice_on": "2026-07-01", "method": "fax"}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(fields(&e), ["method", "notice_on"]);
    let (status, e) = t
        .post_json(&act, Some(&county), &json!({"action": "adjourn"}))
        .await;
    assert_eq!((status, fields(&e)), (422, vec!["action".to_owned()]));
    let notice = json!({"action": "notify", "notice_on": "2026-06-30", "method": "written", "note": "送达听证通知书"});
    let (status, h) = t.post_json(&act, Some(&county), &notice).await;
    assert_eq!(status, 200, "{h}");
    assert_eq!(h["notice"]["method"], "written");
    assert_eq!(h["actions"], json!(["hold", "cancel"]));
    let (status, e) = t.post_json(&act, Some(&county), &notice).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("hearing.step_not_allowed"))
    );

    // Held: not before its day; then minutes and conclusion, once.
    let hold = json!({"action": "hold", "minutes": "信访人陈述诉求，学校说明收费依据。", "conclusion": "借读费收取无依据，应予退还"});
    let (status, e) = t.post_json(&act, Some(&county), &hold).await;
    assert_eq!(
        (status, fields(&e)),
        (422, vec!["held_on".to_owned()]),
        "{e}"
    );
    let (_, unchanged) = t.get(&one, Some(&county)).await;
    assert_eq!(unchanged["status"], "scheduled");
    t.clock.set_today("2026-07-10");
    let county = t.token("county").await; // the session idled out over ten days
    let (status, h) = t.post_json(&act, Some(&county), &hold).await;
    assert_eq!(status, 200, "{h}");
    assert_eq!(
        (h["status"].as_str(), h["held_on"].as_str()),
        (Some("held"), Some("2026-07-10"))
    );
    assert_eq!(h["conclusion"], "借读费收取无依据，应予退还");
    assert_eq!(h["actions"], json!([]));
    let (status, e) = t.post_json(&act, Some(&county), &hold).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("hearing.step_not_allowed"))
    );
    let (status, _) = t
        .post_json(
            &act,
            Some(&county),
            &json!({"action": "cancel", "reason": "改期"}),
        )
        .await;
    assert_eq!(status, 409);
    let (_, kept) = t.get(&one, Some(&county)).await;
    assert_eq!(kept["minutes"], h["minutes"]);

    // Every write is in the audit trail.
    let (_, audit) = t
        .get(
            "/api/v1/audit?per_page=200",
            Some(&t.token("auditor").await),
        )
        .await;
    let text = audit.to_string();
    for what in ["hearing.schedule", "hearing.notify", "hearing.hold"] {
        assert!(text.contains(what), "{what}: {text}");
    }
}

#[tokio::test]
async fn a_cancelled_hearing_leaves_the_clock_to_the_case_steps() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = accepted_case(&t).await;
    let (status, h) = t
        .post_json(
            &format!("/api/v1/cases/{id}/hearings"),
            Some(&county),
            &hearing_body(),
        )
        .await;
    assert_eq!(status, 201, "{h}");
    let act = format!("/api/v1/hearings/{}/actions", h["id"]);
    let (status, e) = t
        .post_json(&act, Some(&county), &json!({"action": "cancel"}))
        .await;
    assert_eq!((status, fields(&e)), (422, vec!["reason".to_owned()]));
    let (status, h) = t
        .post_json(
            &act,
            Some(&county),
            &json!({"action": "cancel", "reason": "信访人申请改期"}),
        )
        .await;
    assert_eq!(status, 200, "{h}");
    assert_eq!(
        (h["status"].as_str(), h["cancel_reason"].as_str()),
        (Some("cancelled"), Some("信访人申请改期"))
    );
    let (status, e) = t
        .post_json(
            &act,
            Some(&county),
            &json!({"action": "notify", "notice_on": "2026-06-30", "method": "phone"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("hearing.step_not_allowed"))
    );

    // The case steps still pause and resume the clock; the hearing's page says so.
    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "start_hearing", "on": "2026-06-30"}),
        )
        .await;
    assert!(
        c["flags"].as_array().unwrap().contains(&json!("hearing")),
        "{c}"
    );
    let (_, again) = t
        .get(&format!("/api/v1/hearings/{}", h["id"]), Some(&county))
        .await;
    assert_eq!(again["clock_paused"], true);
    let c = t
        .act_ok(
            &county,
            id,
            json!({"action": "end_hearing", "on": "2026-06-30"}),
        )
        .await;
    assert!(
        !c["flags"].as_array().unwrap().contains(&json!("hearing")),
        "{c}"
    );

    // The list: filters read or are refused by name; the workbook.
    let (_, list) = t
        .get("/api/v1/hearings?status=cancelled", Some(&county))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    let (_, list) = t.get("/api/v1/hearings?status=held", Some(&county)).await;
    assert_eq!(list["total"], 0, "{list}");
    let (_, list) = t.get("/api/v1/hearings?to=2026-07-09", Some(&county)).await;
    assert_eq!(list["total"], 0, "{list}");
    for (q, field) in [
        ("status=done", "status"),
        ("from=someday", "from"),
        ("format=pdf", "format"),
    ] {
        let (status, e) = t.get(&format!("/api/v1/hearings?{q}"), Some(&county)).await;
        assert_eq!(status, 422, "{q}: {e}");
        assert!(e["fields"][field].is_string(), "{q}: {e}");
    }
    let res = t
        .client
        .get(t.url("/api/v1/hearings?format=xlsx"))
        .bearer_auth(&county)
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
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
}
