//! The portal form reports every missing field at once, in the order the form asks for them
//! (issue 12 item 10).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;

#[tokio::test]
async fn every_missing_field_is_named_at_once_in_form_order() {
    let t = spawn_app().await;
    let res = reqwest::Client::new()
        .post(t.url("/public/submit"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("idem=&petition_type=&title=")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    let prefix = "请检查标注的内容后重新提交：";
    let at = html.find(prefix).expect("the summary") + prefix.len();
    let end = at + html[at..].find('<').unwrap();
    let names: Vec<&str> = html[at..end].split('、').collect();
    assert!(
        names.len() >= 5,
        "type, category, unit, title, content, … at once: {names:?}"
    );
    // Each named field comes later in the form than the one before it.
    let form = &html[end..];
    let mut last = 0;
    for n in &names {
        let pos = form
            .find(&format!(">{n}"))
            .unwrap_or_else(|| panic!("{n} is a label of the form"));
        assert!(pos > last, "{n} is out of the form's order: {names:?}");
        last = pos;
    }
    assert_eq!(names.last(), Some(&"个人信息保护告知"), "{names:?}");
}

#[tokio::test]
async fn the_api_names_every_missing_field_at_once_too() {
    let t = spawn_app().await;
    let (status, v) = t
        .post_json("/api/v1/public/petitions", None, &serde_json::json!({}))
        .await;
    assert_eq!(status, 422, "{v}");
    for field in ["petition_type", "concerned_unit_id", "title", "content"] {
        assert!(v["fields"][field].is_string(), "{field} not named: {v}");
    }
}

#[tokio::test]
async fn a_review_request_from_the_page_needs_reasons_and_keeps_them_when_refused() {
    use serde_json::json;
    let t = spawn_app().await;
    let county = t.token("county").await;
    let (status, receipt) = t
        .post_json(
            "/api/v1/public/petitions",
            None,
            &json!({"petition_type": "appeal", "category": "fees", "concerned_unit_id": t.units.school,
                    "title": "反映资料费", "content": "学校收取资料费200元。", "demands": "退还",
                    "petitioners": [{"name": "王芳"}], "contact_phone": "13800138000",
                    "consent_privacy": true}),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let code = receipt["query_code"].as_str().unwrap();
    let pin = receipt["pin"].as_str().unwrap();
    let (_, cases) = t.get("/api/v1/cases?per_page=5", Some(&county)).await;
    let id = cases["items"][0]["id"].as_i64().unwrap();
    for step in [
        json!({"action": "accept", "on": "2026-06-30"}),
        json!({"action": "issue_opinion", "outcome": "explained", "opinion": "已解释。", "basis": "第三十二条", "on": "2026-06-30"}),
        json!({"action": "serve", "method": "direct", "on": "2026-06-30"}),
    ] {
        t.act_ok(&county, id, step).await;
    }
    let send = |body: String| {
        reqwest::Client::new()
            .post(t.url("/public/progress/review"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    // No confirmation: refused, the reasons typed are kept, nothing is requested.
    let res = send(format!(
        "code={code}&pin={pin}&reasons=%E5%8F%AA%E9%80%80%E4%B8%80%E5%8D%8A"
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(">只退一半</textarea>"),
        "the reasons are kept"
    );
    let (_, v) = t.case(&county, id).await;
    assert_eq!(v["status"], "opinion_issued");
    // No reasons: refused too.
    let res = send(format!("code={code}&pin={pin}&confirm_request=1"))
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // Both: requested.
    let res = send(format!(
        "code={code}&pin={pin}&confirm_request=1&reasons=%E5%8F%AA%E9%80%80%E4%B8%80%E5%8D%8A"
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let (_, v) = t.case(&county, id).await;
    assert_eq!(v["status"], "review_requested", "{v}");
}
