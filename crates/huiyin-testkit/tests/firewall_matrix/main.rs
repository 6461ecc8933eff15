//! The whistleblower firewall matrix, black box (issue 10 items 1–3 and 5): every standing of
//! `huiyin_core::policy::matrix` × every kind of case × every read path of the API and the
//! pages. Expectations come from that one table; a user who may not know that a case exists
//! must not meet its number or its words anywhere.
//!
//! Read paths covered: API case, timeline, list, full-text search (content word and name),
//! search by case number, ID number and phone,
//! typical-case publication, notices (list and data), attachments, the list by 承办人, worklists
//! (counts and every list, 我的工作 and the leaders' 待我阅批 and 我包案的 included), supervision
//! statistics, the incident reports' statistics, statistics breakdowns (and their drill-down page), the annual report (JSON, HTML, Word, Excel, page), 责任追究 records, 带案下访 records, 矛盾纠纷排查 entries (list, each, workbook), 信访人档案 (lookup, list page, workbook, each file by API and page, a case's records), prohibited-conduct records (register, page, workbook, each), a case's 回避 (API and page), a case's 协办 (API and page), 信访听证 (the API list, each hearing, a case's hearings by API and page, the list page, each hearing's page and the workbook; a test of its own), 落实与疏导 tasks (list, workbook, page, each by API and page), 信访事项档案 (the file by API and page, with its 并单; a case's matter; the scope's list by API, page and workbook), 联合接访 sessions (each by API and page, the list, the workbook, a case's sessions), the 领导督查 page and its drill-down pages, the batch page's answer, supervision orders, early warnings (list and each warning; a cluster behind an accusation, owned above the wall, a test of its own), the outbox's messages (list; the administrators' page `/admin/outbox` under every filter and page, a test of its own; SMS and e-mail as the gateway and the SMTP relay receive them, a test of its own), `/metrics` (counts only), incidents (list and each, by API; the 突发事件 list page, each incident's page and the workbook; the list filtered by period and the standing of its reports, by API and page, behind the statistics' figures),
//! scorecard drill-down, 研判 figures and drill-down (API and pages), xlsx export; pages case (with its attachments, history and links panels),
//! list, search, xlsx export, notices, the registration form's earlier-cases lookup, and the
//! links in the registration answer.
//!
//! The sweep of one reader is in `sweep*.rs`, the seeded cases in `seed.rs`; the lists with a
//! test of their own (hearings, 协办任务, 回避, the outbox and its transports) in theirs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod hearings;
mod outbox;
mod scope_lists;
mod seed;
mod sweep;
mod sweep_records;
mod sweep_stats;
mod sweep_work;
mod warning_walls;

use std::io::Read;

use huiyin_core::policy::matrix::{CaseKind, MATRIX, Standing, sees};
use huiyin_testkit::pages::{encode as enc, get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

use seed::seed;
use sweep::sweep;

const NAME: &str = "司马举报";
const ID: &str = "440524188001010014";
const PHONE: &str = "13911117654";

/// Users of each standing in the seeded organisation (the county is the accused unit).
fn users(s: Standing) -> &'static [&'static str] {
    match s {
        Standing::AccusedUnitStaff => &["county", "handler", "leader"],
        Standing::AccusedOfficeStaff => &["registrar2"],
        Standing::AccusedRegistrar => &["registrar"],
        Standing::InsideAccused => &["school"],
        Standing::Above => &["city", "city_supervisor"],
        Standing::Top => &["province"],
        Standing::Sibling => &["sibling"],
        Standing::DisciplineBeside => &["discipline"],
    }
}

/// A word found only in one case's title and content.
fn word(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Suggestion => "校车线路",
        CaseKind::Appeal => "琴房隔音",
        CaseKind::Accusation => "收受礼金",
        CaseKind::FormerAccusation => "挪用经费",
    }
}

struct Seeded {
    kind: CaseKind,
    id: i64,
    number: String,
}

fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        all.push_str(&s);
    }
    all
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn every_standing_sees_exactly_what_the_matrix_allows_on_every_read_path() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    // The seed's warnings' in-app messages delivered, so the notification list reads them too.
    t.app.deliver_outbox().await.unwrap();
    let mut swept = 0;
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            sweep(&t, *standing, user, &cases).await;
            swept += 1;
        }
    }
    assert_eq!(swept, 11);
}

#[tokio::test]
async fn a_registration_answer_links_only_cases_the_registrar_may_open() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    // Another registrar of the accused county's office registers the same person again.
    let registrar2 = t.token("registrar2").await;
    let mut body = letter(t.units.county, "2026-06-25");
    body["petitioners"] = json!([{"name": NAME, "id_number": ID, "phone": PHONE}]);
    let v = t.register(&registrar2, &body).await;
    assert!(
        v["flags"].as_array().unwrap().contains(&json!("repeat")),
        "the repeat flag is still set: {v}"
    );
    let linked: Vec<i64> = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["case_id"].as_i64().unwrap())
        .collect();
    for c in &cases {
        assert_eq!(
            linked.contains(&c.id),
            sees(Standing::AccusedOfficeStaff, c.kind),
            "{:?} in the answer's links",
            c.kind
        );
        assert!(!v.to_string().contains(&c.number) || sees(Standing::AccusedOfficeStaff, c.kind));
    }
    // The city sees every link of the same case.
    let city = t.token("city").await;
    let (_, from_city) = t.case(&city, v["id"].as_i64().unwrap()).await;
    assert_eq!(
        from_city["links"].as_array().map(Vec::len),
        Some(cases.len()),
        "{from_city}"
    );
}

#[tokio::test]
async fn the_discipline_body_sees_only_what_is_sent_to_it() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.county, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["title"] = json!("反映局领导违规操办宴席");
    let v = t.register(&registrar, &body).await;
    let id = v["id"].as_i64().unwrap();
    let discipline = t.token("discipline").await;
    assert_eq!(t.case(&discipline, id).await.0, 404, "not yet sent to it");
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.county_discipline}),
    )
    .await;
    let (status, v) = t.case(&discipline, id).await;
    assert_eq!(status, 200);
    assert!(
        v["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("accept")),
        "{v}"
    );
    t.act_ok(&discipline, id, json!({"action": "accept"})).await;
    for user in [
        "county",
        "handler",
        "leader",
        "registrar2",
        "sibling",
        "school",
    ] {
        let token = t.token(user).await;
        assert_eq!(t.case(&token, id).await.0, 404, "{user}");
    }
    // Its own petitioner identity view is full: it handles the case.
    assert_eq!(v["petitioners"][0]["id_number"], "11010519491231002X");
}

/// The text of a .docx answer (its document part), or the answer itself when it is not one.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a document part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml
}

/// An audit entry for rows the tests write through the store directly.
fn test_audit(action: &str) -> huiyin_store::AuditEntry {
    huiyin_store::AuditEntry {
        at: 0,
        user_id: None,
        username: "test".into(),
        unit_id: None,
        action: action.into(),
        target: String::new(),
        result: "ok".into(),
        detail: String::new(),
    }
}
