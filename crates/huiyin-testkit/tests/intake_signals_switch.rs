//! `intake_signals = false`, the measurement setting behind the benchmark's signals-off intake
//! (issue 13 item 6): the same registrations raise their warnings with the setting on and none
//! with it off, while the statutory intake flags and the case itself are the same.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::AppConfig;
use huiyin_testkit::{TestApp, letter, spawn_app_with};
use serde_json::{Value, json};

/// A visit of twelve people that says it will go to Beijing, then two more petitions about the
/// same matter from other people (a cluster): returns the cases' flags and the warnings' kinds.
async fn register_the_day(t: &TestApp) -> (Vec<Value>, Vec<String>) {
    let registrar = t.token("registrar").await;
    let mut flags = Vec::new();
    for (i, name) in ["王芳", "李强", "赵敏"].iter().enumerate() {
        let mut v = letter(t.units.school, "2026-06-29");
        v["title"] = json!("反映学校违规收取借读费");
        v["content"] = json!("学校违规收取借读费，家长们说再不解决就进京上访。");
        v["petitioners"] =
            json!([{"name": name, "phone": format!("1390000000{i}"), "representative": true}]);
        if i == 0 {
            v["channel"] = json!("visit");
            v["people_count"] = json!(12);
        }
        let case = t.register(&registrar, &v).await;
        flags.push(case["flags"].clone());
    }
    let (status, list) = t.get("/api/v1/warnings", Some(&registrar)).await;
    assert_eq!(status, 200, "{list}");
    let mut kinds: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    (flags, kinds)
}

#[tokio::test]
async fn the_signals_off_setting_raises_no_warning_and_changes_nothing_else() {
    let on = spawn_app_with("2026-06-30", AppConfig::default()).await;
    let (flags_on, kinds_on) = register_the_day(&on).await;
    for kind in ["beijing", "cluster", "collective"] {
        assert!(
            kinds_on.iter().any(|k| k == kind),
            "{kind} raised with the signals on: {kinds_on:?}"
        );
    }

    let off = spawn_app_with(
        "2026-06-30",
        AppConfig {
            intake_signals: false,
            ..AppConfig::default()
        },
    )
    .await;
    let (flags_off, kinds_off) = register_the_day(&off).await;
    assert!(kinds_off.is_empty(), "nothing raised: {kinds_off:?}");
    assert_eq!(flags_off, flags_on, "the intake flags do not depend on it");
    assert!(
        flags_on[0]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "collective"),
        "the visit is flagged collective either way: {flags_on:?}"
    );
}
