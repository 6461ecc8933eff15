//! Anonymous reports (issue 12 item 10): an accusation by telephone or letter may come without
//! a name and is registered as 匿名 with the flag `anonymous`; any other petition, or a visit,
//! still needs a name; the form explains the consequences and its notices say they cannot be
//! served.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::{Value, json};

fn body(channel: &str, petition_type: &str, school: i64) -> Value {
    let mut b = letter(school, "2026-06-20");
    b["channel"] = json!(channel);
    b["petition_type"] = json!(petition_type);
    b["petitioners"] = json!([{"name": "  "}]);
    b
}

#[tokio::test]
async fn an_unnamed_accusation_by_phone_is_registered_as_anonymous_and_nothing_else_is() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    for (channel, ptype, ok) in [
        ("phone", "accusation", true),
        ("letter", "accusation", true),
        ("visit", "accusation", false),
        ("phone", "appeal", false),
        ("phone", "suggestion", false),
    ] {
        let (status, v) = t
            .post_json(
                "/api/v1/cases",
                Some(&registrar),
                &body(channel, ptype, t.units.school),
            )
            .await;
        if ok {
            assert_eq!(status, 201, "{channel} {ptype}: {v}");
            assert!(
                v["flags"].as_array().unwrap().contains(&json!("anonymous")),
                "{v}"
            );
            assert_eq!(v["petitioners"][0]["name"], "匿名", "{v}");
        } else {
            assert_eq!(status, 422, "{channel} {ptype}: {v}");
            assert!(v["fields"]["petitioners[0].name"].is_string(), "{v}");
        }
    }
    // Two unnamed people are not one anonymous report.
    let mut two = body("phone", "accusation", t.units.school);
    two["petitioners"] = json!([{"name": ""}, {"name": ""}]);
    let (status, _) = t.post_json("/api/v1/cases", Some(&registrar), &two).await;
    assert_eq!(status, 422);

    // The telephone form explains it and does not insist on the name; the visit form does.
    let cookie = sign_in(&t, "registrar").await;
    let (_, phone) = get(&t, &cookie, "/register/phone").await;
    assert!(phone.contains("data-testid=\"anonymous-hint\""));
    assert!(!phone.contains("name=\"p0_name\" value=\"\" autocomplete=\"off\" required"));
    let (_, visit) = get(&t, &cookie, "/register/visit").await;
    assert!(!visit.contains("data-testid=\"anonymous-hint\""));
    assert!(visit.contains("name=\"p0_name\" value=\"\" autocomplete=\"off\" required"));
}

#[tokio::test]
async fn an_anonymous_reports_notices_say_they_cannot_be_served() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let (status, v) = t
        .post_json(
            "/api/v1/cases",
            Some(&county),
            &body("phone", "accusation", t.units.school),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}/notices/acceptance")).await;
    assert!(page.contains("data-testid=\"anonymous\""), "{page}");
    // Nobody can be recorded as told in writing.
    let (status, e) = t
        .post_json(
            &format!("/api/v1/cases/{id}/notices/acceptance"),
            Some(&county),
            &json!({"method": "post"}),
        )
        .await;
    assert_eq!(status, 409, "{e}");
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&county))
        .await;
    assert!(!timeline.to_string().contains("已书面告知"), "{timeline}");
}

#[tokio::test]
async fn the_telephone_form_registers_an_unnamed_accusation() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let (_, form) = get(&t, &cookie, "/register/phone").await;
    let csrf = huiyin_testkit::pages::csrf_of(&form);
    let school = t.units.school.to_string();
    let (status, _) = huiyin_testkit::pages::post(
        &t,
        &cookie,
        "/register/phone",
        &[
            ("_csrf", csrf.as_str()),
            ("received_on", "2026-06-29"),
            ("petition_type", "accusation"),
            ("category", "fees"),
            ("concerned_unit_id", school.as_str()),
            ("p0_name", ""),
            ("title", "举报学校违规收费"),
            ("content", "来电人不愿透露姓名，反映学校违规收取资料费。"),
            ("demands", "请查处"),
        ],
    )
    .await;
    assert_eq!(status, 303, "registered");
    let registrar = t.token("registrar").await;
    let list = t.list(&registrar, "per_page=5").await;
    let v = &list["items"][0];
    assert!(
        v["flags"].as_array().unwrap().contains(&json!("anonymous")),
        "{v}"
    );
}
