//! The public portal's JSON API: submission, idempotent retries, disclosed progress only,
//! indistinguishable failures, throttling, evaluation and review windows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

const ID_NUMBER: &str = "11010519491231002X";
const PHONE: &str = "13912345678";
const INTERNAL: &str = "内部说明：此事应由区局统筹";

fn petition(unit: i64) -> Value {
    json!({
        "petition_type": "appeal",
        "category": "fees",
        "concerned_unit_id": unit,
        "title": "反映学校违规收取资料费",
        "content": "孩子所在班级每学期收取资料费500元，未公示收费依据。",
        "demands": "请核查并退还不合理收费",
        "petitioners": [{"name": "李秀英", "id_number": ID_NUMBER, "address": "某区某街道8号"}],
        "contact_phone": PHONE,
        "consent_privacy": true
    })
}

async fn submit(t: &TestApp, body: &Value, key: Option<&str>) -> (u16, Value, Option<String>) {
    let mut req = t.client.post(t.url("/api/v1/public/petitions")).json(body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, res.json().await.unwrap(), retry)
}

async fn progress(t: &TestApp, code: &str, pin: &str) -> (u16, String) {
    let res = t
        .client
        .get(t.url(&format!("/api/v1/public/petitions/{code}")))
        .header("X-Pin", pin)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post_pin(t: &TestApp, code: &str, pin: &str, what: &str, body: Value) -> (u16, Value) {
    let res = t
        .client
        .post(t.url(&format!("/api/v1/public/petitions/{code}/{what}")))
        .header("X-Pin", pin)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn decision() -> Value {
    json!({"action": "issue_opinion", "outcome": "supported", "opinion": "经核查，资料费收取未经公示，责令学校退还。", "basis": "《教育收费公示制度》；《信访工作条例》第三十二条"})
}

#[tokio::test]
async fn submission_is_registered_once_and_progress_discloses_only_the_public_items() {
    let t = spawn_app().await;
    let (status, receipt, _) = submit(&t, &petition(t.units.school), Some("key-1")).await;
    assert_eq!(status, 201, "{receipt}");
    let code = receipt["query_code"].as_str().unwrap().to_owned();
    let pin = receipt["pin"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 16);
    assert!(pin.len() >= 6 && pin.chars().all(|c| c.is_ascii_digit()));

    // A retry after a network error: same answer, no second case.
    let (status, again, _) = submit(&t, &petition(t.units.school), Some("key-1")).await;
    assert_eq!(status, 201);
    assert_eq!(
        (again["query_code"].as_str(), again["pin"].as_str()),
        (Some(code.as_str()), Some(pin.as_str()))
    );
    // The same key with a different request is refused, not replayed.
    let mut other = petition(t.units.school);
    other["title"] = json!("另一件事");
    let (status, v, _) = submit(&t, &other, Some("key-1")).await;
    assert_eq!(status, 422, "{v}");

    let county = t.token("county").await;
    let list = t.list(&county, "").await;
    assert_eq!(list["total"], 1, "{list}");
    let case = &list["items"][0];
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["channel"], "online");
    assert_eq!(case["receiving_unit_id"], t.units.county_office);

    // Staff act on it, including an internal objection.
    let school = t.token("school").await;
    t.act_ok(
        &county,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    t.act_ok(&school, id, json!({"action": "object", "reason": INTERNAL}))
        .await;
    t.act_ok(&county, id, json!({"action": "deny_objection"}))
        .await;
    t.act_ok(&school, id, json!({"action": "accept"})).await;
    t.act_ok(
        &school,
        id,
        json!({"action": "extend", "days": 30, "reason": "需要调取三年收费台账"}),
    )
    .await;
    t.act_ok(&school, id, decision()).await;

    let (status, body) = progress(&t, &code, &pin).await;
    assert_eq!(status, 200, "{body}");
    let p: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(p["stage"], "opinion_issued");
    assert_eq!(p["received_on"], "2026-06-30");
    let kinds: Vec<&str> = p["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "transferred",
            "accepted",
            "extended",
            "opinion"
        ],
        "{body}"
    );
    assert_eq!(p["events"][1]["unit"], "某区第一小学");
    assert!(body.contains("责令学校退还"));
    assert!(body.contains("需要调取三年收费台账"));
    assert_eq!(p["can_evaluate"], true);
    assert_eq!(p["request_open"], "review");
    for secret in [
        ID_NUMBER,
        PHONE,
        "李秀英",
        "某区某街道8号",
        "测试school",
        "测试county",
        INTERNAL,
        "异议",
    ] {
        assert!(
            !body.contains(secret),
            "progress discloses {secret}: {body}"
        );
    }

    // Evaluate once per stage.
    let (status, v) = post_pin(
        &t,
        &code,
        &pin,
        "evaluation",
        json!({"grade": "basically_satisfied"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = post_pin(&t, &code, &pin, "evaluation", json!({"grade": "satisfied"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("case.already_evaluated"))
    );
    let (status, v) = post_pin(&t, &code, &pin, "evaluation", json!({"grade": "great"})).await;
    assert_eq!(status, 422, "{v}");

    // Request a review: the case goes one level up.
    let reasons = "学校并未退还全部资料费，只退了一半。";
    let (status, v) = post_pin(
        &t,
        &code,
        &pin,
        "review-request",
        json!({"reasons": reasons, "attachments": [{"filename": "收据.pdf", "content_base64": "JVBERi0xLjQK"}]}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["stage"], "review_requested");
    let (_, staff_view) = t.case(&county, id).await;
    assert_eq!(staff_view["status"], "review_requested");
    assert_eq!(staff_view["handling_unit_id"], t.units.county);
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&county))
        .await;
    assert!(timeline.to_string().contains("网上信访平台"), "{timeline}");
    assert!(
        timeline.to_string().contains(&format!("理由：{reasons}")),
        "the reasons are on the timeline with the request: {timeline}"
    );
    let (_, files) = t
        .get(&format!("/api/v1/cases/{id}/attachments"), Some(&county))
        .await;
    assert!(files.to_string().contains("收据.pdf"), "{files}");
}

#[tokio::test]
async fn wrong_pin_and_unknown_code_are_indistinguishable_and_throttled() {
    let t = spawn_app().await;
    let (_, receipt, _) = submit(&t, &petition(t.units.school), None).await;
    let code = receipt["query_code"].as_str().unwrap();
    let pin = receipt["pin"].as_str().unwrap();
    let wrong_pin = if pin == "000000" { "111111" } else { "000000" };
    let a = progress(&t, code, wrong_pin).await;
    let b = progress(&t, "ABCDEFGHJKLMNPQR", pin).await;
    let c = progress(&t, code, "").await;
    assert_eq!(a.0, 404);
    assert_eq!(a, b);
    assert_eq!(a, c);
    let v: Value = serde_json::from_str(&a.1).unwrap();
    assert_eq!(v["code"], "not_found");
    // The default allows 10 failures per 15 minutes per address; then 429 with Retry-After,
    // even for the right PIN.
    for _ in 0..7 {
        assert_eq!(progress(&t, code, wrong_pin).await.0, 404);
    }
    let res = t
        .client
        .get(t.url(&format!("/api/v1/public/petitions/{code}")))
        .header("X-Pin", pin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["code"], "rate_limited");
    assert!(v["message"].as_str().unwrap().contains("频繁"));
}

#[tokio::test]
async fn submissions_are_throttled_and_validated() {
    let t = spawn_app().await;
    let mut bad = petition(t.units.school);
    bad["consent_privacy"] = json!(false);
    bad["contact_phone"] = json!("12");
    bad["title"] = json!("");
    let (status, v, _) = submit(&t, &bad, None).await;
    assert_eq!(status, 422, "{v}");
    for f in ["consent_privacy", "contact_phone"] {
        assert!(v["fields"][f].is_string(), "{f}: {v}");
    }
    let mut huge = petition(t.units.school);
    huge["content"] = json!("字".repeat(10_001));
    let (status, v, _) = submit(&t, &huge, None).await;
    assert_eq!(
        (status, v["fields"]["content"].is_string()),
        (422, true),
        "{v}"
    );
    // Five attempts per hour per address (the two above count): three more succeed, then 429.
    for _ in 0..3 {
        assert_eq!(submit(&t, &petition(t.units.school), None).await.0, 201);
    }
    let (status, v, retry) = submit(&t, &petition(t.units.school), None).await;
    assert_eq!((status, v["code"].as_str()), (429, Some("rate_limited")));
    assert!(retry.unwrap().parse::<u64>().unwrap() > 0);
    let (status, v) = t
        .post_raw("/api/v1/public/petitions", None, "{not json")
        .await;
    assert!(status == 400 || status == 429, "{status} {v}");
}

#[tokio::test]
async fn review_requests_close_after_thirty_days_with_the_rule_cited() {
    let t = spawn_app().await;
    let (_, receipt, _) = submit(&t, &petition(t.units.school), Some("k")).await;
    let code = receipt["query_code"].as_str().unwrap();
    let pin = receipt["pin"].as_str().unwrap();
    let county = t.token("county").await;
    let id = t.list(&county, "").await["items"][0]["id"]
        .as_i64()
        .unwrap();
    // Not yet decided: neither evaluation nor review is open.
    let (status, v) = post_pin(&t, code, pin, "evaluation", json!({"grade": "satisfied"})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("case.action_not_allowed")),
        "{v}"
    );
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    t.act_ok(&county, id, decision()).await;
    // The window counts from service (Art. 35): served by SMS the same day.
    t.act_ok(&county, id, json!({"action": "serve", "method": "sms"}))
        .await;
    t.clock.set_today("2026-08-20");
    let (status, body) = progress(&t, code, pin).await;
    assert_eq!(status, 200);
    let p: Value = serde_json::from_str(&body).unwrap();
    assert!(p.get("request_open").is_none(), "{body}");
    let (status, v) = post_pin(&t, code, pin, "review-request", json!({})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("case.request_window_closed")),
        "{v}"
    );
    assert!(
        v["fields"]["rule"].as_str().unwrap().contains("第三十五条"),
        "{v}"
    );
    // Evaluation is still possible once.
    let (status, _) = post_pin(
        &t,
        code,
        pin,
        "evaluation",
        json!({"grade": "dissatisfied"}),
    )
    .await;
    assert_eq!(status, 200);
}
