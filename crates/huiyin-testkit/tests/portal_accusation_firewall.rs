//! An accusation that nobody registered by hand (the portal's: no registering user) is walled
//! off from the accused unit where the firewall is judged in SQL: neither the case nor a
//! warning about it reaches the accused county. (For such a case the firewall's condition is
//! NULL, not false; the hidden rows are now written out as their own condition,
//! `Firewall::hidden_condition`, rather than `NOT (condition)`.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;
use serde_json::{Value, json};

fn accusation(unit: i64) -> Value {
    json!({
        "petition_type": "accusation",
        "category": "fees",
        "concerned_unit_id": unit,
        "title": "举报区教育局违规收取择校费",
        "content": "区教育局工作人员违规收取择校费，请查处，否则向媒体曝光。",
        "demands": "请依法查处",
        "petitioners": [{"name": "赵举报", "id_number": "11010519491231002X", "address": "某区某街道9号"}],
        "contact_phone": "13912345670",
        "consent_privacy": true
    })
}

#[tokio::test]
async fn a_portal_accusations_warning_never_reaches_the_accused_unit() {
    let t = spawn_app().await;
    let res = t
        .client
        .post(t.url("/api/v1/public/petitions"))
        .json(&accusation(t.units.county))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    // The city sees the case and its `sensitive` warning.
    let city = t.token("city").await;
    let (_, warnings) = t.get("/api/v1/warnings?per_page=200", Some(&city)).await;
    let about: Vec<&Value> = warnings["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "sensitive")
        .collect();
    assert_eq!(about.len(), 1, "{warnings}");
    let case_id = about[0]["case_ids"][0].clone();
    // The accused county's staff and leader see neither the case nor the warning.
    for who in ["county", "leader", "registrar"] {
        let token = t.token(who).await;
        let (status, _) = t
            .get(&format!("/api/v1/cases/{case_id}"), Some(&token))
            .await;
        assert_eq!(status, 404, "{who}");
        let (_, w) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
        assert!(!w.to_string().contains("择校费"), "{who}: {w}");
        assert!(
            w["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["case_ids"][0] != case_id),
            "{who}: {w}"
        );
        assert_eq!(w["total"], 0, "{who}: {w}");
    }
}
