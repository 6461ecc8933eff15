//! The whistleblower firewall matrix, black box (issue 10 items 1–3 and 5): every standing of
//! `huiyin_core::policy::matrix` × every kind of case × every read path of the API and the
//! pages. Expectations come from that one table; a user who may not know that a case exists
//! must not meet its number or its words anywhere.
//!
//! Read paths covered: API case, timeline, list, full-text search (content word and name),
//! search by case number, ID number and phone,
//! typical-case publication, notices (list and data), attachments, the list by 承办人, worklists
//! (counts and every list, 我的工作 and the leaders' 待我阅批 and 我包案的 included), supervision
//! statistics, the incident reports' statistics, statistics breakdowns (and their drill-down page), the annual report (JSON, HTML, Word, Excel, page), 责任追究 records, 带案下访 records, 矛盾纠纷排查 entries (list, each, workbook), 信访人档案 (lookup, list page, workbook, each file by API and page, a case's records), prohibited-conduct records (register, page, workbook, each), a case's 回避 (API and page), a case's 协办 (API and page), 信访听证 (the API list, each hearing, a case's hearings by API and page, the list page, each hearing's page and the workbook; a test of its own), 落实与疏导 tasks (list, workbook, page, each by API and page), 信访事项档案 (the file by API and page, with its 并单; a case's matter; the scope's list by API, page and workbook), 联合接访 sessions (each by API and page, the list, the workbook, a case's sessions), the 领导督查 page and its drill-down pages, the batch page's answer, supervision orders, early warnings (list and each warning), the outbox's messages (list; the administrators' page `/admin/outbox` under every filter and page, a test of its own; SMS and e-mail as the gateway and the SMTP relay receive them, a test of its own), `/metrics` (counts only), incidents (list and each, by API; the 突发事件 list page, each incident's page and the workbook; the list filtered by period and the standing of its reports, by API and page, behind the statistics' figures),
//! scorecard drill-down, 研判 figures and drill-down (API and pages), xlsx export; pages case (with its attachments, history and links panels),
//! list, search, xlsx export, notices, the registration form's earlier-cases lookup, and the
//! links in the registration answer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_core::policy::matrix::{CaseKind, MATRIX, Standing, sees};
use huiyin_testkit::pages::{encode as enc, get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

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

/// The matrix's setting: four cases about the county, one petitioner, registered by the
/// county's own registrar; accusations forwarded to the city; one reclassified by the city.
async fn seed(t: &TestApp) -> Vec<Seeded> {
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut out = Vec::new();
    for kind in CaseKind::ALL {
        let mut body = letter(t.units.county, "2026-06-20");
        body["petition_type"] = json!(match kind {
            CaseKind::Suggestion => "suggestion",
            CaseKind::Appeal => "appeal",
            CaseKind::Accusation | CaseKind::FormerAccusation => "accusation",
        });
        body["title"] = json!(format!("反映{}问题", word(kind)));
        // "曝光" raises a `sensitive` warning on every case (the warnings row of the matrix).
        body["content"] = json!(format!(
            "关于区教育局{}的情况，请核查，否则向媒体曝光。",
            word(kind)
        ));
        body["petitioners"] = json!([{"name": NAME, "id_number": ID, "phone": PHONE}]);
        let v = t.register(&registrar, &body).await;
        let id = v["id"].as_i64().unwrap();
        if matches!(kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            // The accused county's office may not keep it, nor send it down.
            for refused in [
                json!({"action": "accept"}),
                json!({"action": "forward", "to_unit_id": t.units.school}),
            ] {
                let (status, e) = t.act(&registrar, id, refused.clone()).await;
                assert_eq!(status, 409, "{refused}: {e}");
                assert_eq!(e["code"], "case.forward_to_accused");
            }
            t.act_ok(
                &registrar,
                id,
                json!({"action": "forward", "to_unit_id": t.units.city}),
            )
            .await;
        }
        if kind == CaseKind::FormerAccusation {
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "classify", "petition_type": "appeal"}),
                )
                .await;
            assert_eq!(status, 422, "a reason is needed: {e}");
            let v = t
                .act_ok(
                    &city,
                    id,
                    json!({"action": "classify", "petition_type": "appeal", "reason": "实为个人诉求"}),
                )
                .await;
            assert_eq!(v["petition_type"], "appeal");
            assert!(
                v["flags"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("whistleblower"))
            );
            // Classify-then-assign does not hand it to the accused county.
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "assign", "to_unit_id": t.units.county}),
                )
                .await;
            assert_eq!(status, 409, "{e}");
            assert_eq!(e["code"], "case.forward_to_accused");
        }
        // A 督办 on every case from the province, its grounds naming the case's word.
        let (status, order) = t
            .post_json(
                &format!("/api/v1/cases/{id}/supervisions"),
                Some(&t.token("province").await),
                &json!({"kind": "supervise", "due_on": "2026-07-10", "reason": format!("请核查{}并反馈", word(kind))}),
            )
            .await;
        assert_eq!(status, 201, "{order}");
        // Leaders' lists: the province takes every case (包案); a case is put before a leader
        // of its handling unit (呈阅) — never before the accused county's leader, who may not
        // know an accusation exists.
        let province = t.token("province").await;
        let province_id = t.app.authenticate(&province).await.unwrap().id;
        t.act_ok(
            &province,
            id,
            json!({"action": "own", "leader_user_id": province_id}),
        )
        .await;
        let county_leader = t
            .app
            .authenticate(&t.token("leader").await)
            .await
            .unwrap()
            .id;
        let before_county =
            json!({"action": "submit_for_instruction", "leader_user_id": county_leader});
        if matches!(kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            let (status, e) = t.act(&city, id, before_county).await;
            assert_eq!(status, 422, "{e}");
            assert!(e["fields"]["leader_user_id"].is_string(), "{e}");
            // Nor is the accused county named to handle it in a leader's instruction.
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "instruct", "instruction": "请核查", "to_unit_id": t.units.county}),
                )
                .await;
            assert_eq!(status, 409, "{e}");
            assert_eq!(e["code"], "case.forward_to_accused");
            let city_id = t.app.authenticate(&city).await.unwrap().id;
            t.act_ok(
                &city,
                id,
                json!({"action": "submit_for_instruction", "leader_user_id": city_id}),
            )
            .await;
        } else {
            t.act_ok(&registrar, id, before_county).await;
        }
        out.push(Seeded {
            kind,
            id,
            number: v["number"].as_str().unwrap().to_owned(),
        });
    }
    // An incident at the accused county naming every case, recorded by the province.
    let (status, incident) = t
        .post_json(
            "/api/v1/incidents",
            Some(&t.token("province").await),
            &json!({"title": "区教育局门口聚集", "level": "general", "unit_id": t.units.county,
                    "occurred_at": "2026-06-30 09:00", "description": "多名群众聚集反映问题",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{incident}");
    assert_eq!(incident["case_ids"].as_array().unwrap().len(), out.len());
    // A 责任追究 about the accused county, linking every case, recorded by the province.
    let (status, record) = t
        .post_json(
            "/api/v1/accountability",
            Some(&t.token("province").await),
            &json!({"unit_id": t.units.county, "grounds": ["shirking_or_overdue"], "measure": "circular",
                    "on": "2026-06-30", "description": "多件信访事项办理拖延，予以通报",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{record}");
    // And one about the school inside the county, linked to the same cases: the county's own
    // leader reads records about the school, but never this one (its accusations are hidden
    // from the county).
    let (status, record) = t
        .post_json(
            "/api/v1/accountability",
            Some(&t.token("province").await),
            &json!({"unit_id": t.units.school, "grounds": ["report_leaked"], "measure": "interview",
                    "on": "2026-06-30", "description": "泄露举报材料，约谈",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{record}");
    // A 带案下访 to the accused county with every case, by the province's leader.
    let province = t.token("province").await;
    let province_id = t.app.authenticate(&province).await.unwrap().id;
    let (status, visit) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&province),
            &json!({"leader_user_id": province_id, "unit_id": t.units.county, "on": "2026-06-30",
                    "place": "区教育局", "outcome": "带案下访，当面答复",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    // A 矛盾纠纷排查 entry at the accused county linking every case, by the province, found in
    // the province's campaign.
    let (status, campaign) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&province),
            &json!({"name": "全省集中排查", "kind": "concentrated", "unit_id": t.units.province,
                    "from": "2026-06-01", "to": "2026-07-31"}),
        )
        .await;
    assert_eq!(status, 201, "{campaign}");
    let (status, risk) = t
        .post_json(
            "/api/v1/risks",
            Some(&province),
            &json!({"title": "区教育局多件信访事项存在集体访苗头", "unit_id": t.units.county,
                    "level": "orange", "owner_user_id": province_id, "due_on": "2026-07-15",
                    "description": "排查发现多件事项反映集中", "source": "集中排查",
                    "campaign_id": campaign["id"],
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{risk}");
    // Each case decided in the petitioner's favour by its handling unit: a 落实 task on each.
    for c in &out {
        let unit = if matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            t.token("city").await
        } else {
            t.token("county").await
        };
        t.act_ok(&unit, c.id, json!({"action": "accept"})).await;
        t.act_ok(
            &unit,
            c.id,
            json!({"action": "issue_opinion", "outcome": "supported",
                   "opinion": format!("经核实，{}问题属实，予以支持。", word(c.kind)), "basis": "《信访工作条例》第三十二条"}),
        )
        .await;
    }
    // One matter file of every case, by the province, the accusation merged into the
    // suggestion as its duplicate (并单).
    let (status, matter) = t
        .post_json(
            "/api/v1/matters",
            Some(&province),
            &json!({"case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{matter}");
    let (status, merged) = t
        .post_json(
            &format!("/api/v1/matters/{}/duplicates", matter["id"]),
            Some(&province),
            &json!({"case_id": out[2].id, "main_case_id": out[0].id,
                    "reason": format!("{}与{}系同一事项", word(out[2].kind), word(out[0].kind))}),
        )
        .await;
    assert_eq!(status, 200, "{merged}");
    // A 联合接访 session hosted by the accused county with the city, every case taken there.
    let (status, session) = t
        .post_json(
            "/api/v1/joint-receptions",
            Some(&province),
            &json!({"on": "2026-06-25", "place": "区信访接待中心", "host_unit_id": t.units.county,
                    "unit_ids": [t.units.city], "on_duty": ["王局长"]}),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    for c in &out {
        let path = format!("/api/v1/joint-receptions/{}/cases", session["id"]);
        let (status, linked) = t
            .post_json(&path, Some(&province), &json!({"case_id": c.id}))
            .await;
        assert_eq!(status, 200, "{linked}");
    }
    // Prohibited conduct (Art. 26) at the accused county's reception site about each case's
    // petitioner record, its account naming the case's word, recorded by the province.
    for c in &out {
        let (_, persons) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&province))
            .await;
        let (status, conduct) = t
            .post_json(
                "/api/v1/conduct",
                Some(&province),
                &json!({"petitioner_id": persons["items"][0]["petitioner_id"], "unit_id": t.units.county,
                        "on": "2026-06-30", "place": "区教育局信访接待大厅", "kinds": ["staying_at_site"],
                        "description": format!("为{}问题在接待大厅滞留", word(c.kind)),
                        "measures": "劝阻", "police_referred": false}),
            )
            .await;
        assert_eq!(status, 201, "{conduct}");
    }
    out
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

/// Everything one user can reach, checked against the matrix.
async fn sweep(t: &TestApp, standing: Standing, user: &str, cases: &[Seeded]) {
    let token = t.token(user).await;
    let cookie = sign_in(t, user).await;
    let mut seen_text: Vec<(String, String)> = Vec::new();
    let all = t.list(&token, "per_page=200").await;
    seen_text.push(("API list".into(), all.to_string()));
    // Supervision orders: exactly those on the cases the user may see.
    let (status, orders) = t
        .get("/api/v1/supervisions?per_page=200", Some(&token))
        .await;
    assert_eq!(status, 200, "{user}: supervisions {orders}");
    for c in cases {
        let listed = orders["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["case_id"] == c.id);
        assert_eq!(
            listed,
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: supervisions",
            c.kind
        );
    }
    seen_text.push(("supervisions".into(), orders.to_string()));
    // Supervision statistics count exactly the orders on the cases the user may see (one each).
    let (status, stats) = t.get("/api/v1/supervisions/stats", Some(&token)).await;
    assert_eq!(status, 200, "{user}: supervision stats {stats}");
    let visible = cases.iter().filter(|c| sees(standing, c.kind)).count();
    assert_eq!(
        stats["total"]["orders"].as_u64(),
        Some(visible as u64),
        "{user} ({standing:?}): supervision stats {stats}"
    );
    seen_text.push(("supervision stats".into(), stats.to_string()));
    // The incident reports' statistics: counts per unit, never a case's number or words.
    let (status, reports) = t.get("/api/v1/stats/incident-reports", Some(&token)).await;
    assert_eq!(status, 200, "{user}: incident report stats {reports}");
    seen_text.push(("incident report stats".into(), reports.to_string()));
    // 责任追究: the record about the county reaches only leaders and supervisors above it, and
    // names only the cases the reader may open.
    let (status, records) = t.get("/api/v1/accountability", Some(&token)).await;
    if status == 200 {
        for r in records["items"].as_array().unwrap() {
            for linked in r["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(
                    sees(standing, c.kind),
                    "{user}: accountability names {:?}",
                    c.kind
                );
            }
        }
        let inside = matches!(
            standing,
            Standing::AccusedUnitStaff
                | Standing::AccusedOfficeStaff
                | Standing::AccusedRegistrar
                | Standing::InsideAccused
                | Standing::Sibling
        );
        let sees_all = cases.iter().all(|c| sees(standing, c.kind));
        if inside || !sees_all {
            assert_eq!(records["total"], 0, "{user}: accountability {records}");
        }
        seen_text.push(("accountability".into(), records.to_string()));
    } else {
        assert_eq!(status, 403, "{user}: accountability {records}");
    }
    // The outbox (issue 13 item 2): a message about a warning shows only to those who see the
    // warning itself, and no text carries a case's words.
    let (status, outbox) = t.get("/api/v1/outbox?per_page=200", Some(&token)).await;
    if status == 200 {
        let (_, mine) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
        let seen: Vec<Value> = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].clone())
            .collect();
        // An incident's messages (report due) show only to those who see the incident.
        let (_, incidents) = t.get("/api/v1/incidents?per_page=200", Some(&token)).await;
        let seen_incidents: Vec<Value> = incidents["items"]
            .as_array()
            .map(|a| a.iter().map(|i| i["id"].clone()).collect())
            .unwrap_or_default();
        for m in outbox["items"].as_array().unwrap() {
            if m["warning_id"].is_null() {
                assert!(
                    seen_incidents.contains(&m["incident_id"]),
                    "{user} ({standing:?}): outbox message about unseen incident {}",
                    m["incident_id"]
                );
                continue;
            }
            assert!(
                seen.contains(&m["warning_id"]),
                "{user} ({standing:?}): outbox message about unseen warning {}",
                m["warning_id"]
            );
        }
        for c in cases {
            assert!(
                !outbox.to_string().contains(word(c.kind)),
                "{user}: outbox text"
            );
        }
        seen_text.push(("outbox".into(), outbox.to_string()));
    } else {
        assert_eq!(status, 403, "{user}: outbox {outbox}");
    }
    // Early warnings: a warning shows exactly when its case does, in the list and on its own.
    let (status, warnings) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
    assert_eq!(status, 200, "{user}: warnings {warnings}");
    let all_warnings = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await
        .1;
    // A warning with several cases behind it (a screening entry's) shows only when every one
    // of them does.
    let sees_every_case_of = |w: &Value| {
        w["case_ids"].as_array().unwrap().iter().all(|id| {
            cases
                .iter()
                .find(|c| json!(c.id) == *id)
                .is_none_or(|c| sees(standing, c.kind))
        })
    };
    for c in cases {
        let of_case = |list: &Value| -> Vec<Value> {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|w| w["case_ids"].as_array().unwrap().contains(&json!(c.id)))
                .map(|w| w["id"].clone())
                .collect()
        };
        let every = of_case(&all_warnings);
        assert!(!every.is_empty(), "{:?} raised no warning", c.kind);
        let visible: Vec<Value> = all_warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["case_ids"].as_array().unwrap().contains(&json!(c.id)))
            .filter(|w| sees(standing, c.kind) && sees_every_case_of(w))
            .map(|w| w["id"].clone())
            .collect();
        assert_eq!(
            of_case(&warnings),
            visible,
            "{user} ({standing:?}) × {:?}: warnings",
            c.kind
        );
        for id in every {
            let expect = visible.contains(&id);
            let (status, one) = t.get(&format!("/api/v1/warnings/{id}"), Some(&token)).await;
            assert_eq!(status == 200, expect, "{user} × {:?}: warning {id}", c.kind);
            if expect {
                seen_text.push((format!("warning {id}"), one.to_string()));
            } else {
                assert_eq!(
                    one["code"], "warning.not_found",
                    "not revealed as forbidden"
                );
            }
        }
    }
    seen_text.push(("warnings".into(), warnings.to_string()));
    // Incidents: an incident's cases are only those the reader may see.
    let (status, incidents) = t.get("/api/v1/incidents", Some(&token)).await;
    assert_eq!(status, 200, "{user}: incidents {incidents}");
    for i in incidents["items"].as_array().unwrap() {
        for c in cases {
            assert_eq!(
                i["case_ids"].as_array().unwrap().contains(&json!(c.id)),
                sees(standing, c.kind),
                "{user} ({standing:?}) × {:?}: incident cases",
                c.kind
            );
        }
        let (_, one) = t
            .get(&format!("/api/v1/incidents/{}", i["id"]), Some(&token))
            .await;
        assert_eq!(one["case_ids"], i["case_ids"], "{user}: incident page");
        // The incident's page links exactly the cases the reader may see.
        let (status, page) = get(t, &cookie, &format!("/incidents/{}", i["id"])).await;
        assert_eq!(status, 200, "{user}: incident page {}", i["id"]);
        for c in cases {
            assert_eq!(
                page.contains(&format!("href=\"/cases/{}\"", c.id)),
                sees(standing, c.kind),
                "{user} ({standing:?}) × {:?}: incident page links",
                c.kind
            );
        }
        seen_text.push(("incident page".into(), page));
    }
    seen_text.push(("incidents".into(), incidents.to_string()));
    let (status, page) = get(t, &cookie, "/incidents").await;
    assert_eq!(status, 200, "{user}: incidents page");
    seen_text.push(("incidents page".into(), page));
    // The list behind the incident reports' statistics (filtered by period and the standing
    // of the reports): the same incidents, their cases only as the reader may see them.
    for q in [
        "report=owed&from=2026-06-30&to=2026-06-30",
        "report=pending",
    ] {
        let (status, filtered) = t.get(&format!("/api/v1/incidents?{q}"), Some(&token)).await;
        assert_eq!(status, 200, "{user}: incidents ?{q} {filtered}");
        for i in filtered["items"].as_array().unwrap() {
            let all = incidents["items"].as_array().unwrap();
            let same = all.iter().find(|x| x["id"] == i["id"]);
            assert_eq!(
                same.map(|x| &x["case_ids"]),
                Some(&i["case_ids"]),
                "{user} ({standing:?}): incidents ?{q}"
            );
        }
        if q.starts_with("report=owed") {
            // The one incident occurred that day and owes reports: the same list.
            assert_eq!(ids(&filtered), ids(&incidents), "{user}: incidents ?{q}");
        }
        seen_text.push((format!("incidents ?{q}"), filtered.to_string()));
        let (status, page) = get(t, &cookie, &format!("/incidents?{q}")).await;
        assert_eq!(status, 200, "{user}: incidents page ?{q}");
        seen_text.push((format!("incidents page ?{q}"), page));
    }
    let res = t
        .client
        .get(t.url("/incidents.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: incidents workbook");
    seen_text.push((
        "incidents workbook".into(),
        xlsx_text(&res.bytes().await.unwrap()),
    ));
    // Scorecard drill-down (考评): the cases behind a figure of the user's own body.
    let (status, behind) = t
        .get(
            "/api/v1/stats/rates/cases?kpi=repeat&part=denominator&per_page=200",
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{user}: scorecard cases {behind}");
    let listed = ids(&behind);
    for c in cases {
        // Only cases held within the user's own body are behind its figures.
        if !listed.contains(&c.id) {
            continue;
        }
        assert!(
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: scorecard cases",
            c.kind
        );
    }
    seen_text.push(("scorecard cases".into(), behind.to_string()));
    // A rate's side is counted from the per-unit rollup less what the firewall hides: the
    // count agrees with the cases listed, and lists nothing the user may not see.
    let (status, behind) = t
        .get(
            "/api/v1/stats/rates/cases?kpi=timely_acceptance&part=denominator&per_page=200",
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{user}: rate cases {behind}");
    let listed = ids(&behind);
    assert_eq!(
        behind["total"].as_u64(),
        Some(listed.len() as u64),
        "{user}: a rate's count and its cases"
    );
    for c in cases.iter().filter(|c| listed.contains(&c.id)) {
        assert!(
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: rate cases",
            c.kind
        );
    }
    seen_text.push(("rate cases".into(), behind.to_string()));
    // 研判 (analysis): its counts agree with its drill-down, which lists only what the user
    // may see; the page and the drill-down page name nothing else.
    let (status, figures) = t.get("/api/v1/analysis?weeks=4", Some(&token)).await;
    if status == 200 {
        let (from, to) = (
            figures["from"].as_str().unwrap(),
            figures["to"].as_str().unwrap(),
        );
        let (status, behind) = t
            .get(
                &format!("/api/v1/analysis/cases?from={from}&to={to}&per_page=200"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 200, "{user}: analysis cases {behind}");
        assert_eq!(figures["total"], behind["total"], "{user}: analysis total");
        let listed = ids(&behind);
        for c in cases {
            if listed.contains(&c.id) {
                assert!(
                    sees(standing, c.kind),
                    "{user} ({standing:?}) × {:?}: analysis cases",
                    c.kind
                );
            }
        }
        seen_text.push(("analysis".into(), figures.to_string()));
        seen_text.push(("analysis cases".into(), behind.to_string()));
        let (_, page) = get(t, &cookie, "/analysis?weeks=4").await;
        seen_text.push(("analysis page".into(), page));
        let (_, page) = get(t, &cookie, &format!("/analysis/cases?from={from}&to={to}")).await;
        seen_text.push(("analysis cases page".into(), page));
    } else {
        assert_eq!(status, 403, "{user}: analysis {figures}");
    }
    // Statistics breakdowns (issue 16): every figure agrees with its drill-down, which lists
    // only what the user may see; the JSON names nothing else.
    for by in ["type", "unit", "outcome"] {
        let period = "from=2000-01-01&to=2030-12-31";
        let (status, figures) = t
            .get(
                &format!("/api/v1/stats/breakdown?by={by}&{period}"),
                Some(&token),
            )
            .await;
        if status != 200 {
            assert_eq!(status, 403, "{user}: breakdown {figures}");
            continue;
        }
        for item in figures["items"].as_array().unwrap() {
            let (_, behind) = t
                .get(
                    &format!(
                        "/api/v1/stats/breakdown/cases?by={by}&key={}&{period}&per_page=200",
                        item["key"].as_str().unwrap()
                    ),
                    Some(&token),
                )
                .await;
            assert_eq!(item["count"], behind["total"], "{user}: breakdown {by}");
            for c in cases {
                if ids(&behind).contains(&c.id) {
                    assert!(
                        sees(standing, c.kind),
                        "{user} ({standing:?}) × {:?}: breakdown cases",
                        c.kind
                    );
                }
            }
            seen_text.push(("breakdown cases".into(), behind.to_string()));
        }
        seen_text.push(("breakdown".into(), figures.to_string()));
        let (_, page) = get(t, &cookie, &format!("/stats/cases?by={by}&{period}")).await;
        seen_text.push(("stats cases page".into(), page));
        let (_, page) = get(t, &cookie, &format!("/stats?by={by}&{period}")).await;
        seen_text.push(("stats page".into(), page));
    }
    // 件件有着落: the report lists only cases the reader may see, and says so in its counts.
    let (status, landing) = t
        .get(
            "/api/v1/reports/landing?from=2026-01-01&to=2026-12-31&per_page=200",
            Some(&token),
        )
        .await;
    if status == 200 {
        for row in landing["items"].as_array().unwrap() {
            if let Some(c) = cases.iter().find(|c| row["id"] == c.id) {
                assert!(sees(standing, c.kind), "{user}: landing names {:?}", c.kind);
            }
        }
        assert_eq!(
            landing["total"], landing["items_total"],
            "{user}: landing total"
        );
        seen_text.push(("landing report".into(), landing.to_string()));
        let (_, page) = get(t, &cookie, "/reports/landing?from=2026-01-01&to=2026-12-31").await;
        seen_text.push(("landing page".into(), page));
    }
    // The annual report (Art. 41) in every form, and its staff page.
    let (status, report) = t
        .get("/api/v1/reports/annual?year=2026", Some(&token))
        .await;
    if status == 200 {
        // Its count is what the case list shows the same reader for the year.
        let listed = t
            .list(&token, "received_from=2026-01-01&received_to=2026-12-31")
            .await;
        assert_eq!(
            report["total"], listed["total"],
            "{user}: annual report total"
        );
        seen_text.push(("annual report".into(), report.to_string()));
        for format in ["html", "docx", "xlsx"] {
            let res = t
                .client
                .get(t.url(&format!("/api/v1/reports/annual?year=2026&format={format}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let body = res.bytes().await.unwrap();
            let text = if format == "html" {
                String::from_utf8_lossy(&body).into_owned()
            } else {
                xlsx_text(&body)
            };
            seen_text.push((format!("annual report {format}"), text));
        }
        let (_, page) = get(t, &cookie, "/reports/annual?year=2026").await;
        seen_text.push(("annual report page".into(), page));
    } else {
        assert_eq!(status, 403, "{user}: annual report {report}");
    }
    for c in cases {
        let expect = sees(standing, c.kind);
        let who = format!("{user} ({standing:?}) × {:?}", c.kind);
        let (status, v) = t.case(&token, c.id).await;
        assert_eq!(status == 200, expect, "{who}: API case {status}");
        if expect {
            seen_text.push((format!("API case {:?}", c.kind), v.to_string()));
        } else {
            assert_eq!(status, 404, "{who}: not revealed as forbidden");
        }
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/timeline", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: timeline {status}");
        seen_text.push((format!("timeline {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: case page {status}");
        // The case page carries the timeline and the petitioner's history panel.
        seen_text.push((format!("case page {:?}", c.kind), page));
        // 协办: a case's joint handling (API and page) exists only for those who may open it.
        let (status, v) = t
            .get(
                &format!("/api/v1/cases/{}/co-handlings", c.id),
                Some(&token),
            )
            .await;
        assert_eq!(status == 200, expect, "{who}: co-handlings {status}");
        seen_text.push((format!("co-handlings {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}/co-handlings", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: co-handlings page {status}");
        seen_text.push((format!("co-handlings page {:?}", c.kind), page));
        // 回避: a case's recusals (API and page) exist only for those who may open it.
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/recusals", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: recusals {status}");
        seen_text.push((format!("recusals {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}/recusals", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: recusals page {status}");
        seen_text.push((format!("recusals page {:?}", c.kind), page));
        // Typical-case publication: leaders only (403 to others whatever the id), and a case
        // out of sight is 404 to a leader too.
        let (status, publication) = t
            .get(&format!("/api/v1/cases/{}/publication", c.id), Some(&token))
            .await;
        if !expect {
            assert!(
                status == 404 || status == 403,
                "{who}: publication {status}"
            );
        }
        seen_text.push((format!("publication {:?}", c.kind), publication.to_string()));
        let (status, notice) = get(t, &cookie, &format!("/cases/{}/notices/transfer", c.id)).await;
        if !expect {
            assert_eq!(status, 404, "{who}: notice");
        }
        seen_text.push((format!("notice {:?}", c.kind), notice));
        // The API's notices and attachments of the case.
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/notices", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: API notices {status}");
        seen_text.push((format!("API notices {:?}", c.kind), v.to_string()));
        let (status, v) = t
            .get(
                &format!("/api/v1/cases/{}/notices/transfer", c.id),
                Some(&token),
            )
            .await;
        if !expect {
            assert_eq!(status, 404, "{who}: API notice");
        }
        seen_text.push((format!("API notice {:?}", c.kind), v.to_string()));
        // The notice as a Word document, from the page and from the API.
        for (path, by_token) in [
            (format!("/cases/{}/notices/transfer/docx", c.id), false),
            (
                format!("/api/v1/cases/{}/notices/transfer/docx", c.id),
                true,
            ),
        ] {
            let req = t.client.get(t.url(&path));
            let req = if by_token {
                req.bearer_auth(&token)
            } else {
                req.header("cookie", &cookie)
            };
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let bytes = res.bytes().await.unwrap();
            if !expect {
                assert_eq!(status, 404, "{who}: {path}");
            }
            seen_text.push((format!("{path} {:?}", c.kind), docx_text(&bytes)));
        }
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/attachments", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: API attachments {status}");
        seen_text.push((format!("API attachments {:?}", c.kind), v.to_string()));
        assert_eq!(ids(&all).contains(&c.id), expect, "{who}: API list");
        let found = t
            .list(&token, &format!("q={}&per_page=200", enc(word(c.kind))))
            .await;
        assert_eq!(ids(&found).contains(&c.id), expect, "{who}: API search");
        seen_text.push((format!("API search {:?}", c.kind), found.to_string()));
        let by_name = t
            .list(&token, &format!("q={}&per_page=200", enc(NAME)))
            .await;
        if ids(&by_name).contains(&c.id) {
            assert!(expect, "{who}: found by the petitioner's name");
        }
        // The search box's lookups: by case number exactly what the matrix allows; by the
        // petitioner's ID number or phone never an accusation (a reporter is in no index).
        let by_number = t
            .list(&token, &format!("q={}&per_page=200", enc(&c.number)))
            .await;
        assert_eq!(ids(&by_number).contains(&c.id), expect, "{who}: by number");
        for (what, number) in [("ID number", ID), ("phone", PHONE)] {
            let by_key = t
                .list(&token, &format!("q={}&per_page=200", enc(number)))
                .await;
            let may =
                expect && !matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation);
            assert_eq!(ids(&by_key).contains(&c.id), may, "{who}: by {what}");
            seen_text.push((format!("search by {what} {:?}", c.kind), by_key.to_string()));
        }
        seen_text.push((
            format!("search by number {:?}", c.kind),
            by_number.to_string(),
        ));
        let (_, list_page) = get(t, &cookie, &format!("/cases?q={}", enc(word(c.kind)))).await;
        assert_eq!(list_page.contains(&c.number), expect, "{who}: list page");
        // The search box repeats the query: only the number counts on this page.
        seen_text.push((
            format!("list page {:?}", c.kind),
            list_page.replace(word(c.kind), ""),
        ));
    }
    let res = huiyin_testkit::pages::client()
        .get(t.url("/cases/export.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    if res.status() == 200 {
        seen_text.push(("export".into(), xlsx_text(&res.bytes().await.unwrap())));
    }
    // The API's worklists (counts and every list) and its export.
    // The list by 承办人: no case of the matrix is allotted, so "not yet allotted" is the
    // whole list, no more.
    let unallotted = t.list(&token, "handler=none&per_page=200").await;
    assert_eq!(ids(&unallotted), ids(&all), "{user}: handler=none");
    let (status, lists) = t.get("/api/v1/worklists", Some(&token)).await;
    assert_eq!(status, 200, "{user}: worklists");
    for q in lists["worklists"].as_array().unwrap() {
        let queue = q["queue"].as_str().unwrap();
        let (status, v) = t
            .get(
                &format!("/api/v1/worklists/{queue}?per_page=200"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 200, "{user}: worklist {queue}");
        // A count is the length of the list it names: no hidden case is counted.
        assert_eq!(q["count"], v["total"], "{user}: worklist {queue} count");
        seen_text.push((format!("worklist {queue}"), v.to_string()));
    }
    seen_text.push(("worklist counts".into(), lists.to_string()));
    let res = huiyin_testkit::pages::client()
        .get(t.url("/api/v1/cases/export.xlsx?per_page=200"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: API export");
    seen_text.push(("API export".into(), xlsx_text(&res.bytes().await.unwrap())));
    let (_, earlier) = get(
        t,
        &cookie,
        &format!(
            "/register/earlier?p0_name={}&p0_id={ID}&concerned_unit_id={}&category=fees",
            enc(NAME),
            t.units.county
        ),
    )
    .await;
    for c in cases {
        if sees(standing, c.kind) && user != "city_supervisor" {
            assert!(
                earlier.contains(&c.number),
                "{user}: earlier cases show {:?}",
                c.kind
            );
        }
    }
    seen_text.push(("earlier cases".into(), earlier));
    // The batch page answers for every ticked id (收回 finds no handler on any of them, so
    // nothing changes): a case out of sight is only "not found".
    let (_, list_page) = get(t, &cookie, "/cases").await;
    if list_page.contains("action=\"/cases/batch\"") {
        let csrf = huiyin_testkit::pages::csrf_of(&list_page);
        let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
        let mut pairs = vec![("_csrf", csrf.as_str()), ("op", "take_back")];
        pairs.extend(ids.iter().map(|id| ("ids", id.as_str())));
        let (status, batch) = huiyin_testkit::pages::post(t, &cookie, "/cases/batch", &pairs).await;
        assert_eq!(status, 200, "{user}: batch");
        assert_eq!(
            batch.matches("data-ok=\"true\"").count(),
            0,
            "{user}: nothing to take back"
        );
        seen_text.push(("batch answer".into(), batch));
    }
    // Batch export and print of ticked ids (every case's id, as a forged form would send them):
    // exactly the cases the reader may open, a row and a sheet (its latest notice) each;
    // nothing of the others.
    let csrf = huiyin_testkit::pages::csrf_of(&list_page);
    let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
    let mut pairs = vec![("_csrf", csrf.as_str())];
    pairs.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let res =
        huiyin_testkit::pages::post_form(t, &cookie, "/cases/batch/export.xlsx", &pairs).await;
    assert_eq!(res.status(), 200, "{user}: batch export");
    let picked = xlsx_text(&res.bytes().await.unwrap());
    let (status, printed) =
        huiyin_testkit::pages::post(t, &cookie, "/cases/batch/print", &pairs).await;
    assert_eq!(status, 200, "{user}: batch print");
    for c in cases {
        let may = sees(standing, c.kind);
        assert_eq!(
            picked.contains(&c.number),
            may,
            "{user}: batch export {:?}",
            c.kind
        );
        assert_eq!(
            printed.contains(&format!("data-case=\"{}\"", c.id)),
            may,
            "{user}: batch print {:?}",
            c.kind
        );
        // Each case printed is its latest notice, the 意见书 (its text names the case's word).
        assert_eq!(
            printed.contains(&format!("data-case=\"{}\" data-notice=\"opinion\"", c.id)),
            may,
            "{user}: batch print of the opinion {:?}",
            c.kind
        );
    }
    seen_text.push(("batch export".into(), picked));
    seen_text.push(("batch print".into(), printed));
    // 我的视图: a saved view searching the accusation's word is the same list, under the
    // reader's own visibility; nobody else reaches the view (404).
    let acc_word = word(CaseKind::Accusation);
    let (status, view) = t
        .post_json(
            "/api/v1/saved-views",
            Some(&token),
            &json!({"name": "矩阵视图", "query": format!("q={}&per_page=100", enc(acc_word))}),
        )
        .await;
    assert_eq!(status, 201, "{user}: save a view {view}");
    let (_, viewed) = get(
        t,
        &cookie,
        &format!("/cases?{}", view["query"].as_str().unwrap()),
    )
    .await;
    for c in cases.iter().filter(|c| c.kind == CaseKind::Accusation) {
        assert_eq!(
            viewed.contains(&c.number),
            sees(standing, c.kind),
            "{user}: saved view"
        );
    }
    seen_text.push(("saved view".into(), viewed.replace(acc_word, "")));
    let other = t
        .token(if user == "sibling" { "city" } else { "sibling" })
        .await;
    let path = format!("/api/v1/saved-views/{}", view["id"]);
    for token in [&other, &token] {
        let res = huiyin_testkit::pages::client()
            .delete(t.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let want = if *token == other { 404 } else { 204 };
        assert_eq!(res.status().as_u16(), want, "{user}: delete a view");
    }
    // 带案下访: a visit to the county lists only the cases the reader may open.
    let (status, visits) = t.get("/api/v1/field-visits", Some(&token)).await;
    if status == 200 {
        for v in visits["items"].as_array().unwrap() {
            for linked in v["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(
                    sees(standing, c.kind),
                    "{user}: field visit names {:?}",
                    c.kind
                );
            }
        }
        if !cases.iter().all(|c| sees(standing, c.kind)) {
            assert_eq!(visits["total"], 0, "{user}: field visits {visits}");
        }
        seen_text.push(("field visits".into(), visits.to_string()));
    }
    // 矛盾纠纷排查: an entry linked to a case out of the reader's sight is not there at all —
    // not in the list, its count, its workbook or by its id.
    let (status, risks) = t.get("/api/v1/risks", Some(&token)).await;
    if status == 200 {
        for r in risks["items"].as_array().unwrap() {
            for linked in r["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(sees(standing, c.kind), "{user}: risk names {:?}", c.kind);
            }
            let (_, one) = t
                .get(&format!("/api/v1/risks/{}", r["id"]), Some(&token))
                .await;
            seen_text.push(("risk".into(), one.to_string()));
            let (_, page) = get(t, &cookie, &format!("/risks/{}", r["id"])).await;
            seen_text.push(("risk page".into(), page));
        }
        if !cases.iter().all(|c| sees(standing, c.kind)) {
            assert_eq!(risks["total"], 0, "{user}: risks {risks}");
        }
        seen_text.push(("risks".into(), risks.to_string()));
        let (_, page) = get(t, &cookie, "/risks").await;
        seen_text.push(("risks page".into(), page));
        // A campaign's report counts only the entries the reader may see.
        let (_, campaigns) = t.get("/api/v1/risk-campaigns", Some(&token)).await;
        for k in campaigns["items"].as_array().unwrap() {
            let (_, report) = t
                .get(&format!("/api/v1/risk-campaigns/{}", k["id"]), Some(&token))
                .await;
            assert_eq!(
                report["total"]["found"], risks["total"],
                "{user}: campaign report"
            );
            seen_text.push(("campaign report".into(), report.to_string()));
            let (_, page) = get(t, &cookie, &format!("/risks/campaigns/{}", k["id"])).await;
            seen_text.push(("campaign page".into(), page));
        }
        let res = t
            .client
            .get(t.url("/api/v1/risks?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "risks workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: risks {risks}");
    }
    // 信访人档案: one petitioner on every case. A lookup by the ID number finds the person only
    // with a case in sight and counts only those; the file opened from a case's record exists
    // only for a reader who may open that case and lists exactly the cases the reader may open.
    let visible: Vec<i64> = cases
        .iter()
        .filter(|c| sees(standing, c.kind))
        .map(|c| c.id)
        .collect();
    let (status, found) = t
        .get(&format!("/api/v1/persons?id_number={ID}"), Some(&token))
        .await;
    if status == 200 {
        let total = i64::from(!visible.is_empty());
        assert_eq!(found["total"], total, "{user}: person lookup {found}");
        if total == 1 {
            assert_eq!(found["items"][0]["cases"], visible.len(), "{user}: {found}");
        }
        seen_text.push(("person lookup".into(), found.to_string()));
        let (_, page) = get(t, &cookie, &format!("/persons?id_number={ID}")).await;
        seen_text.push(("persons page".into(), page));
        let (_, page) = get(t, &cookie, "/persons?min_cases=1").await;
        seen_text.push(("persons page (all)".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/persons?format=xlsx&min_cases=1"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "persons workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: persons {found}");
    }
    // Prohibited conduct (Art. 26): the register and each record hold exactly the records about
    // the cases in sight.
    let (status, conduct) = t.get("/api/v1/conduct?from=2026-01-01", Some(&token)).await;
    if status == 200 {
        assert_eq!(conduct["total"], visible.len(), "{user}: conduct {conduct}");
        seen_text.push(("conduct register".into(), conduct.to_string()));
        let (_, page) = get(t, &cookie, "/conduct?from=2026-01-01").await;
        seen_text.push(("conduct page".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/conduct?format=xlsx&from=2026-01-01"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "conduct workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: conduct {conduct}");
    }
    let (_, every) = t
        .get(
            "/api/v1/conduct?from=2026-01-01",
            Some(&t.token("province").await),
        )
        .await;
    for k in every["items"].as_array().unwrap() {
        let c = cases.iter().find(|c| k["case_id"] == c.id).unwrap();
        let (status, one) = t
            .get(&format!("/api/v1/conduct/{}", k["id"]), Some(&token))
            .await;
        if sees(standing, c.kind) && status != 403 {
            assert_eq!(status, 200, "{user}: conduct {one}");
        } else if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: conduct {:?} {one}", c.kind);
        }
        seen_text.push((format!("conduct {:?}", c.kind), one.to_string()));
    }
    // 落实与疏导: the tasks (list, workbook, page, each) are those of the cases in sight.
    let (status, follow_ups) = t.get("/api/v1/follow-ups", Some(&token)).await;
    if status == 200 {
        let mut listed: Vec<i64> = follow_ups["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["case_id"].as_i64().unwrap())
            .collect();
        listed.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{user}: follow-ups {follow_ups}");
        assert_eq!(
            follow_ups["total"],
            visible.len(),
            "{user}: follow-ups total"
        );
        seen_text.push(("follow-ups".into(), follow_ups.to_string()));
        let (_, page) = get(t, &cookie, "/follow-ups").await;
        seen_text.push(("follow-ups page".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/follow-ups?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "follow-ups workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: follow-ups {follow_ups}");
    }
    let (_, every) = t
        .get(
            "/api/v1/follow-ups?per_page=50",
            Some(&t.token("province").await),
        )
        .await;
    assert_eq!(every["total"], cases.len(), "one task per case: {every}");
    for k in every["items"].as_array().unwrap() {
        let c = cases.iter().find(|c| k["case_id"] == c.id).unwrap();
        let (status, one) = t
            .get(&format!("/api/v1/follow-ups/{}", k["id"]), Some(&token))
            .await;
        let (page_status, page) = get(t, &cookie, &format!("/follow-ups/{}", k["id"])).await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: follow-up {:?} {one}", c.kind);
            assert_eq!(page_status, 404, "{user}: follow-up page {:?}", c.kind);
        } else if status != 403 {
            assert_eq!(status, 200, "{user}: follow-up {:?} {one}", c.kind);
        }
        seen_text.push((format!("follow-up {:?}", c.kind), one.to_string()));
        seen_text.push((format!("follow-up page {:?}", c.kind), page));
    }
    // 信访事项档案: the matter of every case holds exactly the cases in sight, or is not there.
    let (_, of_first) = t
        .get(
            &format!("/api/v1/cases/{}/matter", cases[0].id),
            Some(&t.token("province").await),
        )
        .await;
    let matter = of_first["matter_id"].as_i64().unwrap();
    let (status, file) = t
        .get(&format!("/api/v1/matters/{matter}"), Some(&token))
        .await;
    let (page_status, page) = get(t, &cookie, &format!("/matters/{matter}")).await;
    if visible.is_empty() {
        assert!(status == 404 || status == 403, "{user}: matter {status}");
        assert!(
            page_status == 404 || page_status == 403,
            "{user}: matter page"
        );
    } else if status != 403 {
        let mut listed: Vec<i64> = file["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["id"].as_i64().unwrap())
            .collect();
        listed.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{user}: the matter's cases");
    }
    seen_text.push(("matter".into(), file.to_string()));
    seen_text.push(("matter page".into(), page));
    // The scope's list of matter files (API, page, workbook): the file there with exactly the
    // cases in sight counted, or not there at all.
    let (status, files) = t.get("/api/v1/matters", Some(&token)).await;
    if status == 200 {
        let row = files["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == matter);
        assert_eq!(
            row.is_some(),
            !visible.is_empty(),
            "{user}: matter list {files}"
        );
        if let Some(row) = row {
            assert_eq!(row["cases"], visible.len(), "{user}: matter list count");
        }
        let res = t
            .client
            .get(t.url("/api/v1/matters?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "matter list workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    }
    seen_text.push(("matter list".into(), files.to_string()));
    // 联合接访: a session the reader may read lists exactly the cases in sight taken there (API,
    // page, list, workbook, a case's sessions).
    let (_, every) = t
        .get("/api/v1/joint-receptions", Some(&t.token("province").await))
        .await;
    let session = every["items"][0]["id"].as_i64().unwrap();
    let (status, one) = t
        .get(&format!("/api/v1/joint-receptions/{session}"), Some(&token))
        .await;
    if status == 200 {
        let mut taken: Vec<i64> = one["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["case_id"].as_i64().unwrap())
            .collect();
        taken.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(taken, expected, "{user}: the session's cases");
    }
    let (_, sessions) = t.get("/api/v1/joint-receptions", Some(&token)).await;
    for (path, text) in [
        ("session".to_owned(), one.to_string()),
        ("sessions".to_owned(), sessions.to_string()),
        (
            "session page".to_owned(),
            get(t, &cookie, &format!("/joint-receptions/{session}"))
                .await
                .1,
        ),
        (
            "sessions page".to_owned(),
            get(t, &cookie, "/joint-receptions").await.1,
        ),
    ] {
        seen_text.push((path, text));
    }
    let res = t
        .client
        .get(t.url("/api/v1/joint-receptions?format=xlsx"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    seen_text.push((
        "sessions workbook".into(),
        xlsx_text(&res.bytes().await.unwrap()),
    ));
    for c in cases {
        let (status, of_case) = t
            .get(
                &format!("/api/v1/cases/{}/joint-receptions", c.id),
                Some(&token),
            )
            .await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: the {:?} case's sessions", c.kind);
        }
        seen_text.push((format!("case sessions {:?}", c.kind), of_case.to_string()));
    }
    seen_text.push((
        "matter list page".into(),
        get(t, &cookie, "/matters").await.1,
    ));
    for c in cases {
        let (status, _) = t
            .get(&format!("/api/v1/cases/{}/matter", c.id), Some(&token))
            .await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: the {:?} case's matter", c.kind);
        }
    }
    let top = t.token("province").await;
    for c in cases {
        let (_, of_case) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&top))
            .await;
        let pid = of_case["items"][0]["petitioner_id"].as_i64().unwrap();
        let (status, file) = t.get(&format!("/api/v1/persons/{pid}"), Some(&token)).await;
        let (mine, _) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&token))
            .await;
        let (page_status, page) = get(t, &cookie, &format!("/persons/{pid}")).await;
        let who = format!("{user} ({standing:?}) × {:?}", c.kind);
        if sees(standing, c.kind) && status != 403 {
            assert_eq!(status, 200, "{who}: person file {file}");
            assert_eq!(page_status, 200, "{who}: person page");
            let mut listed: Vec<i64> = file["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["id"].as_i64().unwrap())
                .collect();
            listed.sort_unstable();
            let mut expected = visible.clone();
            expected.sort_unstable();
            assert_eq!(listed, expected, "{who}: the file's cases");
            assert_eq!(file["counts"]["cases"], visible.len(), "{who}");
            assert_eq!(mine, 200, "{who}: the case's persons");
        } else if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{who}: person file not revealed {file}");
            assert_eq!(page_status, 404, "{who}: person page");
            assert_eq!(mine, 404, "{who}: the case's persons");
        }
        seen_text.push((format!("person file {:?}", c.kind), file.to_string()));
        seen_text.push((format!("person page {:?}", c.kind), page));
    }
    // The 领导督查 page (leaders and supervisors): scorecard, supervision, 包案, 责任追究; and
    // the drill-down page behind a scorecard figure of June.
    let (status, page) = get(t, &cookie, "/leaders").await;
    if status == 200 {
        seen_text.push(("leaders page".into(), page));
    }
    for part in ["numerator", "denominator"] {
        let (status, page) = get(
            t,
            &cookie,
            &format!(
                "/leaders/cases?kpi=timely_acceptance&unit_id={}&from=2026-06-01&to=2026-06-30&part={part}",
                t.units.county
            ),
        )
        .await;
        if status == 200 {
            seen_text.push((format!("leaders cases page {part}"), page));
        }
    }
    // Notifications (the API, the page and the header's badge) come through the same reads.
    let (status, notes) = t.get("/api/v1/notifications", Some(&token)).await;
    assert_eq!(status, 200, "{user}: notifications");
    for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
        assert!(
            notes["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["case_id"] != c.id),
            "{user}: a notification about the {:?} case",
            c.kind
        );
    }
    // Delivered outbox messages (kind `message`) name only warnings the user sees.
    let (_, mine) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
    let seen: Vec<&Value> = mine["items"]
        .as_array()
        .map(|a| a.iter().map(|w| &w["id"]).collect())
        .unwrap_or_default();
    let (_, incidents) = t.get("/api/v1/incidents?per_page=200", Some(&token)).await;
    let incident_links: Vec<String> = incidents["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| format!("/incidents/{}", i["id"]))
                .collect()
        })
        .unwrap_or_default();
    for n in notes["items"].as_array().unwrap() {
        if n["kind"] == "message" && n["warning_id"].is_null() {
            // An incident's message (report due) links only an incident the user sees.
            let link = n["link"].as_str().unwrap_or_default();
            assert!(
                incident_links.iter().any(|l| l == link),
                "{user} ({standing:?}): a message about unseen incident {link}"
            );
        } else if n["kind"] == "message" {
            assert!(
                seen.contains(&&n["warning_id"]),
                "{user} ({standing:?}): a message about unseen warning {}",
                n["warning_id"]
            );
        }
    }
    seen_text.push(("API notifications".into(), notes.to_string()));
    let (_, page) = get(t, &cookie, "/notifications").await;
    seen_text.push(("notifications page".into(), page));
    let (_, badge) = get(t, &cookie, "/notifications/badge").await;
    seen_text.push(("notifications badge".into(), badge));
    // /metrics (issue 17 item 4) answers this host whoever asks (another host needs the metrics
    // token: tests/metrics_backlog.rs); it carries counts by kind, channel, status and level,
    // never a case, unit or person.
    let res = t
        .client
        .get(t.url("/metrics"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: metrics");
    let metrics = res.text().await.unwrap();
    assert!(metrics.contains("huiyin_warnings_unresolved"), "{metrics}");
    for c in cases {
        assert!(
            !metrics.contains(&c.number) && !metrics.contains(word(c.kind)),
            "{user}: /metrics names the {:?} case",
            c.kind
        );
    }
    seen_text.push(("metrics".into(), metrics));
    // Nothing the user reached names a case they may not know of.
    for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
        for (path, text) in &seen_text {
            assert!(
                !text.contains(&c.number) && !text.contains(word(c.kind)),
                "{user} ({standing:?}) meets the {:?} case in the {path}",
                c.kind
            );
        }
    }
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

/// 信访听证 (issue 15 item 5): a hearing on each case of the matrix (at its handling unit, its
/// place naming the case's word) exists for exactly the readers who may open the case — the API
/// list, each hearing, a case's hearings (API and page), the list page, each hearing's page and
/// the workbook.
#[tokio::test]
async fn hearings_exist_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    // By the end of the seed every case has its opinion issued, past the states a hearing is
    // scheduled in (checked in api_hearings); the hearings are written as the use case writes
    // them, at the case's handling unit, for the read paths to be swept.
    let mut hearings = Vec::new();
    for c in &cases {
        let (_, v) = t.case(&province, c.id).await;
        let hearing = huiyin_core::hearing::NewHearing {
            on: huiyin_core::Date::parse("2026-07-10").unwrap(),
            place: format!("{}听证室", word(c.kind)),
            public: false,
            officers: vec![huiyin_core::hearing::Officer {
                role: huiyin_core::hearing::OfficerRole::Presiding,
                name: "省厅主持人".into(),
                unit: None,
            }],
            participants: vec![huiyin_core::hearing::Participant {
                role: huiyin_core::hearing::ParticipantRole::Petitioner,
                name: NAME.into(),
                unit: None,
            }],
        };
        let audit = test_audit("hearing.schedule");
        let hid = t
            .app
            .store_for_tests()
            .insert_hearing(
                (c.id, v["handling_unit_id"].as_i64().unwrap()),
                &hearing,
                (t.app.authenticate(&province).await.unwrap().id, 0),
                &audit,
            )
            .await
            .unwrap();
        hearings.push((c, hid));
    }
    let mut swept = 0;
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let token = t.token(user).await;
            let cookie = sign_in(&t, user).await;
            let mut seen_text: Vec<(String, String)> = Vec::new();
            let (status, list) = t.get("/api/v1/hearings", Some(&token)).await;
            assert_eq!(status, 200, "{user}: hearings {list}");
            let mut listed: Vec<i64> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["case_id"].as_i64().unwrap())
                .collect();
            listed.sort_unstable();
            let mut expected: Vec<i64> = cases
                .iter()
                .filter(|c| sees(*standing, c.kind))
                .map(|c| c.id)
                .collect();
            expected.sort_unstable();
            // The list holds the hearings at units of one's scope: never one on a case out of
            // sight; from above (the city, the province) every one in sight.
            assert!(
                listed.iter().all(|id| expected.contains(id)),
                "{user} ({standing:?}): hearings listed {listed:?}, in sight {expected:?}"
            );
            if matches!(standing, Standing::Above | Standing::Top) {
                assert_eq!(listed, expected, "{user} ({standing:?}): hearings listed");
            }
            seen_text.push(("hearings".into(), list.to_string()));
            for (c, hid) in &hearings {
                let expect = sees(*standing, c.kind);
                let who = format!("{user} ({standing:?}) × {:?}", c.kind);
                let (status, one) = t
                    .get(&format!("/api/v1/hearings/{hid}"), Some(&token))
                    .await;
                assert_eq!(status == 200, expect, "{who}: hearing {status} {one}");
                if !expect {
                    assert_eq!(
                        (status, one["code"].as_str()),
                        (404, Some("hearing.not_found"))
                    );
                }
                seen_text.push((format!("hearing {:?}", c.kind), one.to_string()));
                let (status, page) = get(&t, &cookie, &format!("/hearings/{hid}")).await;
                assert_eq!(status == 200, expect, "{who}: hearing page {status}");
                seen_text.push((format!("hearing page {:?}", c.kind), page));
                let (status, of_case) = t
                    .get(&format!("/api/v1/cases/{}/hearings", c.id), Some(&token))
                    .await;
                assert_eq!(status == 200, expect, "{who}: case hearings {status}");
                seen_text.push((format!("case hearings {:?}", c.kind), of_case.to_string()));
                let (status, page) = get(&t, &cookie, &format!("/cases/{}/hearings", c.id)).await;
                assert_eq!(status == 200, expect, "{who}: case hearings page {status}");
                seen_text.push((format!("case hearings page {:?}", c.kind), page));
            }
            let (_, page) = get(&t, &cookie, "/hearings").await;
            seen_text.push(("hearings page".into(), page));
            let res = t
                .client
                .get(t.url("/api/v1/hearings?format=xlsx"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{user}: hearings workbook");
            seen_text.push((
                "hearings workbook".into(),
                xlsx_text(&res.bytes().await.unwrap()),
            ));
            for c in cases.iter().filter(|c| !sees(*standing, c.kind)) {
                for (path, text) in &seen_text {
                    assert!(
                        !text.contains(&c.number) && !text.contains(word(c.kind)),
                        "{user} ({standing:?}) meets the {:?} case in the {path}",
                        c.kind
                    );
                }
            }
            swept += 1;
        }
    }
    assert_eq!(swept, 11);
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

/// Sweeps a scope-wide list with one row per seeded case (`api`, its page `page` and its
/// workbook `api?format=xlsx`) as every standing: it names only cases the user may open, its
/// total counts only those, from above it names every case in sight, and none of the texts
/// carries an unseen case's number or word.
async fn sweep_case_rows(t: &TestApp, cases: &[Seeded], (api, page, what): (&str, &str, &str)) {
    let mut swept = 0;
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let token = t.token(user).await;
            let cookie = sign_in(t, user).await;
            let mut seen_text: Vec<(String, String)> = Vec::new();
            let (status, list) = t.get(api, Some(&token)).await;
            assert_eq!(status, 200, "{user}: {what} {list}");
            let mut listed: Vec<i64> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["case_id"].as_i64().unwrap())
                .collect();
            listed.sort_unstable();
            let mut expected: Vec<i64> = cases
                .iter()
                .filter(|c| sees(*standing, c.kind))
                .map(|c| c.id)
                .collect();
            expected.sort_unstable();
            assert!(
                listed.iter().all(|id| expected.contains(id)),
                "{user} ({standing:?}): {what} listed {listed:?}, in sight {expected:?}"
            );
            assert_eq!(
                list["total"].as_i64().unwrap(),
                i64::try_from(listed.len()).unwrap(),
                "{user} ({standing:?}): the total counts only {what} in sight"
            );
            if matches!(standing, Standing::Above | Standing::Top) {
                assert_eq!(listed, expected, "{user} ({standing:?}): {what} listed");
            }
            seen_text.push((what.into(), list.to_string()));
            let (status, html) = get(t, &cookie, page).await;
            assert_eq!(status, 200, "{user}: {what} page");
            seen_text.push((format!("{what} page"), html));
            let res = t
                .client
                .get(t.url(&format!("{api}?format=xlsx")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{user}: {what} workbook");
            seen_text.push((
                format!("{what} workbook"),
                xlsx_text(&res.bytes().await.unwrap()),
            ));
            for c in cases.iter().filter(|c| !sees(*standing, c.kind)) {
                for (path, text) in &seen_text {
                    assert!(
                        !text.contains(&c.number) && !text.contains(word(c.kind)),
                        "{user} ({standing:?}) meets the {:?} case in the {path}",
                        c.kind
                    );
                }
            }
            swept += 1;
        }
    }
    assert_eq!(swept, 11);
}

/// 协办任务 (`GET /api/v1/co-handlings`, the page `/co-handlings` and the workbook): a part
/// exists in a list only for those who may open its case. The parts are written as the store
/// writes them — on the accusations at the school inside the accused county (which the use case
/// refuses: so the list's own firewall, not the rule against such a part, is what is tested),
/// on the other cases at their handling unit (no one's sight changes).
#[tokio::test]
async fn co_handling_tasks_exist_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    let by = t.app.authenticate(&province).await.unwrap().id;
    for c in &cases {
        let (_, v) = t.case(&province, c.id).await;
        let unit_id = if matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            t.units.school
        } else {
            v["handling_unit_id"].as_i64().unwrap()
        };
        let part = huiyin_core::co_handling::NewCoHandling {
            unit_id,
            task: format!("协助核实{}情况", word(c.kind)),
            due_on: huiyin_core::Date::parse("2026-07-10").unwrap(),
        };
        t.app
            .store_for_tests()
            .insert_co_handling(
                c.id,
                &part,
                &v["title"].to_string(),
                (by, 0),
                &test_audit("co_handling.add"),
            )
            .await
            .unwrap()
            .unwrap();
    }
    sweep_case_rows(
        &t,
        &cases,
        ("/api/v1/co-handlings", "/co-handlings", "co-handling tasks"),
    )
    .await;
}

/// 回避 register (`GET /api/v1/recusals`, the page `/recusals` and the workbook): a recusal
/// exists in the register only for those who may open its case. One recusal on every case (of
/// a school handler, no standing of the matrix), its reason naming the case's word.
#[tokio::test]
async fn recusals_exist_in_the_register_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    let by = t.app.authenticate(&province).await.unwrap().id;
    let recused = t
        .app
        .authenticate(&t.token("school_handler").await)
        .await
        .unwrap()
        .id;
    for c in &cases {
        t.app
            .store_for_tests()
            .insert_recusal(
                (c.id, recused),
                &format!("与{}问题有利害关系", word(c.kind)),
                (by, 0),
                &test_audit("case.recuse"),
            )
            .await
            .unwrap()
            .unwrap();
    }
    sweep_case_rows(
        &t,
        &cases,
        ("/api/v1/recusals", "/recusals", "recusal register"),
    )
    .await;
}

/// The outbox page (`/admin/outbox`, system administrators; issue 13 item 2): a message about a
/// warning behind an accusation never shows to an administrator of the accused county, whatever
/// the status, channel or page asked (nor through `GET /api/v1/outbox` with the same filters),
/// and a retry of it is not found; an administrator above sees every one (so the sweep can fail).
/// One message per warning and channel is written as the store writes them, addressed to the
/// county (which the rule never addresses for an accusation: so the list's own firewall is what
/// is tested), its text naming the case's word; the delivery pass leaves the in-app ones sent,
/// the SMS failed (no spool) and the e-mail pending. Case workers of every standing get 403.
#[tokio::test]
async fn the_outbox_page_never_shows_the_accused_unit_a_message_about_an_accusation() {
    let dir = tempfile::tempdir().unwrap();
    let config = huiyin_app::AppConfig {
        sms_spool_dir: Some(dir.path().join("missing")),
        ..huiyin_app::AppConfig::default()
    };
    let t = huiyin_testkit::spawn_app_with("2026-06-30", config).await;
    let cases = seed(&t).await;
    for (username, unit_id) in [
        ("county_admin", t.units.county),
        ("city_admin", t.units.city),
    ] {
        t.app
            .create_user(
                None,
                huiyin_app::NewUserInput {
                    username: username.into(),
                    password: huiyin_testkit::PASSWORD.into(),
                    display_name: format!("测试{username}"),
                    unit_id,
                    roles: vec![huiyin_core::role::Role::Admin],
                },
            )
            .await
            .unwrap();
    }
    let (_, warnings) = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await;
    let now = t.app.now_ms();
    for c in &cases {
        let w = warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            // Its own `sensitive` warning (a warning behind several cases, one an accusation,
            // is hidden with it).
            .find(|w| w["kind"] == "sensitive" && w["case_ids"] == json!([c.id]))
            .unwrap_or_else(|| panic!("a warning on the {:?} case: {warnings}", c.kind));
        let drafts: Vec<huiyin_store::OutboxDraft> = huiyin_core::outbox::Channel::ALL
            .iter()
            .map(|channel| huiyin_store::OutboxDraft {
                event: huiyin_core::outbox::OutboxEvent::WarningRaised,
                recipient_unit_id: Some(t.units.county),
                audience: Some(huiyin_core::outbox::Audience::Office),
                recipient_user_id: None,
                channel: *channel,
                text_zh: format!("【回音】关于{}的预警", word(c.kind)),
                text_en: format!("[Huiyin] a warning about {}", word(c.kind)),
                key: "firewall-matrix".into(),
            })
            .collect();
        t.app
            .store_for_tests()
            .insert_outbox(
                huiyin_store::OutboxSubject::Warning(w["id"].as_i64().unwrap()),
                &drafts,
                now,
            )
            .await
            .unwrap();
    }
    t.app.deliver_outbox().await.unwrap();
    let filters: Vec<String> = ["", "pending", "sent", "failed"]
        .iter()
        .flat_map(|s| {
            ["", "in_app", "sms", "email"]
                .iter()
                .flat_map(move |c| (1..=2).map(move |p| format!("status={s}&channel={c}&page={p}")))
        })
        .collect();
    for (user, standing) in [
        ("county_admin", Standing::AccusedUnitStaff),
        ("city_admin", Standing::Above),
    ] {
        let cookie = sign_in(&t, user).await;
        let token = t.token(user).await;
        let mut seen = String::new();
        for q in &filters {
            let (status, page) = get(&t, &cookie, &format!("/admin/outbox?{q}")).await;
            assert_eq!(status, 200, "{user} {q}: {page}");
            let (status, api) = t
                .get(&format!("/api/v1/outbox?{q}&per_page=50"), Some(&token))
                .await;
            assert_eq!(status, 200, "{user} {q}: {api}");
            for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
                for (what, text) in [("page", &page), ("API", &api.to_string())] {
                    assert!(
                        !text.contains(word(c.kind)) && !text.contains(&c.number),
                        "{user} ({standing:?}) meets the {:?} case in the outbox {what} ({q})",
                        c.kind
                    );
                }
            }
            seen.push_str(&page);
        }
        // Every message the reader may see shows under some filter.
        for c in cases.iter().filter(|c| sees(standing, c.kind)) {
            assert!(
                seen.contains(&format!("关于{}的预警", word(c.kind))),
                "{user} ({standing:?}): the {:?} case's messages",
                c.kind
            );
        }
    }
    // A hidden failed message cannot be retried from the accused county: not found, unchanged.
    let (_, failed) = t
        .get(
            "/api/v1/outbox?status=failed&per_page=200",
            Some(&t.token("city_admin").await),
        )
        .await;
    let hidden = failed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["text"]
                .as_str()
                .unwrap()
                .contains(word(CaseKind::Accusation))
        })
        .unwrap_or_else(|| panic!("the accusation's SMS failed: {failed}"))["id"]
        .as_i64()
        .unwrap();
    let county_admin = sign_in(&t, "county_admin").await;
    let (_, home) = get(&t, &county_admin, "/admin/outbox").await;
    let (status, html) = huiyin_testkit::pages::post(
        &t,
        &county_admin,
        &format!("/admin/outbox/{hidden}/retry"),
        &[("_csrf", &huiyin_testkit::pages::csrf_of(&home))],
    )
    .await;
    assert_eq!(status, 404, "{html}");
    assert!(!html.contains(word(CaseKind::Accusation)), "{html}");
    let (_, still) = t
        .get(
            "/api/v1/outbox?status=failed&per_page=200",
            Some(&t.token("city_admin").await),
        )
        .await;
    assert!(
        still["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == hidden)
    );
    // Case workers of every standing: the page is not theirs.
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let (status, page) = get(&t, &sign_in(&t, user).await, "/admin/outbox").await;
            assert_eq!(status, 403, "{user}");
            assert!(!page.contains("data-message="), "{user}");
        }
    }
}

/// SMS through the HTTP gateway and e-mail through SMTP (issue 17 item 3): messages about each
/// case's warning, written as the store writes them to the office and the leaders of the accused
/// county and of the city (the rule never addresses the accused side: so the worker's own
/// per-user wall is what is tested), reach no user of a standing that may not see the case, at
/// the gateway stand-in or the SMTP sink; each case's messages reach somebody (so the sweep can
/// fail).
#[tokio::test]
async fn sms_and_email_through_the_transports_never_reach_who_may_not_see_the_case() {
    use huiyin_core::outbox::{Audience, Channel, OutboxEvent};
    use huiyin_testkit::standins::{SmsGateway, SmtpSink, body_text, contacts};
    let gw = SmsGateway::start().await;
    let sink = SmtpSink::start().await;
    let config = huiyin_app::AppConfig {
        sms_gateway: Some(huiyin_app::SmsGatewayConfig {
            url: gw.url.clone(),
            signature: "【某某教育局】".into(),
            template_id: "SMS_0001".into(),
            ..Default::default()
        }),
        smtp: Some(huiyin_app::SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            from: "huiyin@edu.test".into(),
            ..Default::default()
        }),
        ..huiyin_app::AppConfig::default()
    };
    let t = huiyin_testkit::spawn_app_with("2026-06-30", config).await;
    let cases = seed(&t).await;
    let by_phone = contacts(&t).await;
    let (_, warnings) = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await;
    for c in &cases {
        let w = warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == "sensitive" && w["case_ids"] == json!([c.id]))
            .unwrap_or_else(|| panic!("a warning on the {:?} case: {warnings}", c.kind));
        let mut drafts = Vec::new();
        for unit in [t.units.county, t.units.city] {
            for audience in [Audience::Office, Audience::Leaders] {
                for channel in [Channel::Sms, Channel::Email] {
                    drafts.push(huiyin_store::OutboxDraft {
                        event: OutboxEvent::WarningRaised,
                        recipient_unit_id: Some(unit),
                        audience: Some(audience),
                        recipient_user_id: None,
                        channel,
                        text_zh: format!("【回音】关于{}的预警", word(c.kind)),
                        text_en: format!("[Huiyin] a warning about {}", word(c.kind)),
                        key: "firewall-matrix-transports".into(),
                    });
                }
            }
        }
        t.app
            .store_for_tests()
            .insert_outbox(
                huiyin_store::OutboxSubject::Warning(w["id"].as_i64().unwrap()),
                &drafts,
                t.app.now_ms(),
            )
            .await
            .unwrap();
    }
    t.app.deliver_outbox().await.unwrap();
    // Who received which text, by SMS and by e-mail.
    let mut got: Vec<(String, String)> = Vec::new();
    for r in gw.requests() {
        let text = r.body["params"]["text"].as_str().unwrap().to_owned();
        for p in r.body["phones"].as_array().unwrap() {
            got.push((by_phone[p.as_str().unwrap()].clone(), text.clone()));
        }
    }
    for m in sink.messages() {
        let text = body_text(&m.data);
        for rcpt in &m.rcpt_to {
            let name = rcpt.trim_matches(['<', '>']).split('@').next().unwrap();
            got.push((name.to_owned(), text.clone()));
        }
    }
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            for c in cases.iter().filter(|c| !sees(*standing, c.kind)) {
                assert!(
                    !got.iter()
                        .any(|(u, text)| u == user && text.contains(word(c.kind))),
                    "{user} ({standing:?}) was sent the {:?} case's message",
                    c.kind
                );
            }
        }
    }
    for c in &cases {
        assert!(
            got.iter().any(|(_, text)| text.contains(word(c.kind))),
            "the {:?} case's messages reach somebody: {got:?}",
            c.kind
        );
    }
}
