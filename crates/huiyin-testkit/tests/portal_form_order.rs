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
