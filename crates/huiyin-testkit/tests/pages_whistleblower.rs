//! The whistleblower firewall seen through the staff pages (black box): users of an accused
//! unit find the reporter in no case page, list, search, timeline, xlsx export or notice; a
//! forward to the accused unit is refused through the page form; a view of the reporter's
//! identity by an allowed user shows in the audit trail.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::pages::{client, csrf_of, encode as enc, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

const NAME: &str = "欧阳举报";
const ID: &str = "440524188001010014";
const PHONE: &str = "13911117654";
/// The masked forms must not show either (Hidden means nothing that identifies the person).
const ID_MASKED: &str = "440524********0014";
const PHONE_MASKED: &str = "139****7654";

fn assert_no_reporter(text: &str, what: &str) {
    for needle in [NAME, ID, PHONE, ID_MASKED, PHONE_MASKED, "某小区12号"] {
        assert!(!text.contains(needle), "{what} shows {needle}");
    }
}

/// Rows of the case table on a list page.
fn rows(html: &str) -> usize {
    html.matches("<td class=\"title\"><a href=\"/cases/")
        .count()
}

/// Every XML part of an xlsx, inflated and joined.
fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        all.push_str(&s);
    }
    assert!(
        all.contains("<sst") || all.contains("<sheetData"),
        "sheets read"
    );
    all
}

async fn export(t: &TestApp, cookie: &str) -> String {
    let res = client()
        .get(t.url("/cases/export.xlsx"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    xlsx_text(&res.bytes().await.unwrap())
}

/// Registers an accusation against `accused` with the reporter's details; returns the case.
async fn accusation(t: &TestApp, accused: i64, title: &str) -> Value {
    let registrar = t.token("registrar").await;
    let mut body = letter(accused, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["category"] = json!("teacher_conduct");
    body["title"] = json!(title);
    body["petitioners"] =
        json!([{"name": NAME, "id_number": ID, "phone": PHONE, "address": "某小区12号"}]);
    t.register(&registrar, &body).await
}

async fn accept(t: &TestApp, id: i64) {
    // The county office accepts an accusation against its school (the county is not accused).
    let registrar = t.token("registrar").await;
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
}

/// Everything a user can reach through the pages, checked for the reporter.
async fn sweep(t: &TestApp, user: &str, id: i64, title: &str, case_visible: bool) {
    let cookie = sign_in(t, user).await;
    let (status, page) = get(t, &cookie, &format!("/cases/{id}")).await;
    if case_visible {
        assert_eq!(status, 200, "{user} handles the case");
        assert!(page.contains(title));
    } else {
        assert_eq!(status, 404, "{user}: the case is out of scope");
    }
    assert_no_reporter(&page, &format!("{user} case page (with its timeline)"));
    let (_, list) = get(t, &cookie, "/cases").await;
    assert_eq!(list.contains(title), case_visible, "{user} list");
    assert_no_reporter(&list, &format!("{user} list"));
    let (_, found) = get(t, &cookie, &format!("/cases?q={}", enc(NAME))).await;
    assert_eq!(
        rows(&found),
        0,
        "{user}: a search by the reporter's name finds nothing"
    );
    let (_, found) = get(t, &cookie, &format!("/cases?q={PHONE}")).await;
    assert_eq!(rows(&found), 0, "{user}: nor by the phone");
    assert_no_reporter(&export(t, &cookie).await, &format!("{user} export"));
    for kind in ["acceptance", "transfer", "opinion"] {
        let (status, notice) = get(t, &cookie, &format!("/cases/{id}/notices/{kind}")).await;
        assert!(status != 500, "{user} notice {kind}");
        assert_no_reporter(&notice, &format!("{user} notice {kind}"));
    }
    let token = t.token(user).await;
    let (_, timeline) = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&token))
        .await;
    assert_no_reporter(&timeline.to_string(), &format!("{user} timeline"));
}

#[tokio::test]
async fn the_accused_school_cannot_find_the_reporter_anywhere() {
    let t = spawn_app().await;
    let title = "举报某区第一小学乱收费";
    let case = accusation(&t, t.units.school, title).await;
    let id = case["id"].as_i64().unwrap();
    // Forwarding to the accused school is refused through the page form.
    let office = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &office, &format!("/cases/{id}")).await;
    let csrf = csrf_of(&page);
    let school = t.units.school.to_string();
    let (status, answer) = post(
        &t,
        &office,
        &format!("/cases/{id}/act"),
        &[
            ("_csrf", &csrf),
            ("action", "forward"),
            ("to_unit_id", &school),
        ],
    )
    .await;
    assert_ne!(status, 303, "the forward did not go through");
    assert!((400..500).contains(&status), "refused: {status}");
    assert!(
        answer.contains("被检举控告的单位"),
        "says why: {}",
        answer.split("<main").nth(1).unwrap_or(&answer)
    );
    let registrar = t.token("registrar").await;
    let (_, v) = t.case(&registrar, id).await;
    assert_eq!(v["status"], "registered", "nothing happened");
    accept(&t, id).await;
    for user in ["school", "school_handler"] {
        sweep(&t, user, id, title, false).await;
    }
    // The office that handles it sees the reporter (and that view is audited).
    assert!(page.contains(NAME) && page.contains(ID));
    let auditor = sign_in(&t, "auditor").await;
    let number = case["number"].as_str().unwrap();
    let (status, trail) = get(
        &t,
        &auditor,
        &format!("/audit?action=view.identity&target={}", enc(number)),
    )
    .await;
    assert_eq!(status, 200);
    let row = trail
        .split("<tr data-action=\"view.identity\">")
        .nth(1)
        .expect("an identity view is in the trail");
    assert!(row.contains("registrar") && row.contains(number), "{row}");
}

#[tokio::test]
async fn the_accused_county_registers_forwards_up_and_never_sees_it_again() {
    let t = spawn_app().await;
    let title = "举报某区教育局违规招聘";
    let case = accusation(&t, t.units.county, title).await;
    let id = case["id"].as_i64().unwrap();
    // The accused county's office may not accept it (Art. 30 ¶3): it forwards it up.
    let registrar = t.token("registrar").await;
    let (status, e) = t.act(&registrar, id, json!({"action": "accept"})).await;
    assert_eq!(status, 409, "{e}");
    assert_eq!(e["code"], "case.forward_to_accused");
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    // The registrar who recorded it still finds it, without the reporter's identity.
    sweep(&t, "registrar", id, title, true).await;
    // Nobody else in the county bureau, its office or below it learns that it exists.
    for user in [
        "county",
        "handler",
        "leader",
        "registrar2",
        "school",
        "sibling",
    ] {
        sweep(&t, user, id, title, false).await;
    }
    let county = sign_in(&t, "county").await;
    let (_, found) = get(&t, &county, &format!("/cases?q={}", enc("违规招聘"))).await;
    assert_eq!(rows(&found), 0, "not found by its title either");
    // The city above handles it, and a reporter's name is not indexed at all.
    let city = sign_in(&t, "city").await;
    let (_, found) = get(&t, &city, &format!("/cases?q={}", enc("违规招聘"))).await;
    assert_eq!(rows(&found), 1, "found by its title");
    let (_, found) = get(&t, &city, &format!("/cases?q={}", enc(NAME))).await;
    assert_eq!(rows(&found), 0, "names of reporters are not indexed");
}
