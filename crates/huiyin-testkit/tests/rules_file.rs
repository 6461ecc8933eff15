//! Loading a provincial rules file (issue 10 item 11): an administrator replaces the rules in
//! force through the API or the page; a file that does not parse or validate is refused with
//! its error and changes nothing; stored rules that do not parse stop the start.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::sync::Arc;

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::spawn_app;
use serde_json::json;

const ZHEJIANG: &str = include_str!("../../huiyin-core/data/rules-example-zhejiang.toml");

#[tokio::test]
async fn an_administrator_loads_a_rules_file_and_a_bad_one_is_refused_with_its_error() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let registrar = t.token("registrar").await;
    let before = t.get("/api/v1/rules", None).await.1["toml"].clone();
    assert_eq!(
        t.client
            .put(t.url("/api/v1/rules"))
            .bearer_auth(&registrar)
            .json(&json!({"toml": ZHEJIANG}))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    for (bad, says) in [
        ("[[set]]\nid = ", "格式有误"),
        (
            "[[set]]\nid = \"zj\"\nname = \"浙江\"\njurisdiction = \"33\"\neffective_from = \"2016-08-01\"\nsource = \"x\"\n[set.limits]\n",
            "",
        ),
    ] {
        let res = t
            .client
            .put(t.url("/api/v1/rules"))
            .bearer_auth(&admin)
            .json(&json!({"toml": bad}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["code"], "rules.invalid", "{v}");
        assert!(v["fields"]["toml"].as_str().unwrap().contains(says), "{v}");
    }
    assert_eq!(
        t.get("/api/v1/rules", None).await.1["toml"],
        before,
        "nothing changed, and not the national set put in its place"
    );
    let res = t
        .client
        .put(t.url("/api/v1/rules"))
        .bearer_auth(&admin)
        .json(&json!({"toml": ZHEJIANG}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let now = t.get("/api/v1/rules", None).await.1["toml"].clone();
    assert!(now.as_str().unwrap().contains("zj-2016"), "{now}");

    // Through the page: a refused file is shown again with its error, status 422.
    let cookie = sign_in(&t, "admin").await;
    let (_, page) = get(&t, &cookie, "/admin/rules").await;
    assert!(page.contains("zj-2016"));
    let csrf = csrf_of(&page);
    let (status, page) = post(
        &t,
        &cookie,
        "/admin/rules",
        &[("_csrf", &csrf), ("toml", "[[set]]\nid = ")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("格式有误") && page.contains("data-testid=\"errors\""));
    assert!(
        t.get("/api/v1/rules", None).await.1["toml"]
            .as_str()
            .unwrap()
            .contains("zj-2016")
    );
}

#[tokio::test]
async fn stored_rules_that_do_not_parse_stop_the_start() {
    let t = spawn_app().await;
    t.app
        .store_for_tests()
        .put_setting("rules.toml", "[[set]]\nid = ", 1)
        .await
        .unwrap();
    let again = huiyin_app::App::new(
        t.app.store_for_tests().clone(),
        Arc::new(t.clock.clone()),
        huiyin_app::AppConfig::default(),
    )
    .await;
    let err = again.err().expect("refused to start").to_string();
    assert!(err.contains("rules") || err.contains("规则"), "{err}");
}

/// A letter received 2026-06-23: its 15-day disposal deadline (2026-07-08) is eight days away.
async fn scan_with_lead(lead: Option<u32>) -> u64 {
    let t = spawn_app().await;
    if let Some(days) = lead {
        let national = t.app.rules().to_toml();
        assert!(national.contains("due_soon_days = 3"), "{national}");
        let changed = national.replace("due_soon_days = 3", &format!("due_soon_days = {days}"));
        t.app.update_rules(None, &changed).await.unwrap();
    }
    let registrar = t.token("registrar").await;
    t.register(
        &registrar,
        &huiyin_testkit::letter(t.units.school, "2026-06-23"),
    )
    .await;
    t.app.scan_deadlines("a").await.unwrap().reminders_created
}

#[tokio::test]
async fn the_reminder_lead_time_comes_from_the_rules() {
    assert_eq!(scan_with_lead(None).await, 0, "three days ahead by default");
    assert_eq!(
        scan_with_lead(Some(10)).await,
        1,
        "ten days ahead by the rules"
    );
}
