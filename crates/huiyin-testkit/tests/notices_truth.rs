//! Documents tell the truth (issue 12 item 3): a step records only its decision; 已书面告知
//! appears once a notice's sending is recorded (day and method); the 意见书 prints the office's
//! findings apart from the petitioner's quoted account; letters are titled 转送函 or 交办函; every
//! notice downloads as a Word document with the same text as the printed page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::pages::{get, post_form, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// The document part of a .docx answer, with its markup removed (the text a reader sees).
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    for part in ["[Content_Types].xml", "_rels/.rels"] {
        assert!(zip.by_name(part).is_ok(), "{part} is in the package");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("the document part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let mut text = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

async fn download(t: &TestApp, token: &str, path: &str) -> (u16, String, Vec<u8>) {
    let res = t
        .client
        .get(t.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

fn notes(timeline: &Value) -> Vec<String> {
    timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn told_in_writing_only_once_the_sending_is_recorded() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-04-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept", "on": "2026-04-21"}))
        .await;
    let timeline_path = format!("/api/v1/cases/{id}/timeline");
    let (_, timeline) = t.get(&timeline_path, Some(&county)).await;
    assert!(
        notes(&timeline).iter().all(|n| !n.contains("告知")),
        "accepting says nothing about telling the petitioner: {timeline}"
    );
    let (_, list) = t
        .get(&format!("/api/v1/cases/{id}/notices"), Some(&county))
        .await;
    assert_eq!(list[0]["kind"], "acceptance", "{list}");
    assert_eq!(list[0]["sent"], json!([]), "{list}");
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("未登记发出"),
        "the case page says it was not sent"
    );

    // Without a method, with a day in the future or before the step: refused, field named.
    let path = format!("/api/v1/cases/{id}/notices/acceptance");
    for (body, field) in [
        (json!({"on": "2026-04-22"}), "method"),
        (json!({"method": "post", "on": "2999-01-01"}), "on"),
        (json!({"method": "post", "on": "2026-04-20"}), "on"),
        (json!({"method": "pigeon"}), "method"),
    ] {
        let (status, v) = t.post_json(&path, Some(&county), &body).await;
        assert_eq!(status, 422, "{body}: {v}");
        assert!(v["fields"][field].is_string(), "{body}: {v}");
    }
    let (_, timeline) = t.get(&timeline_path, Some(&county)).await;
    assert!(notes(&timeline).iter().all(|n| !n.contains("告知")));

    let (status, v) = t
        .post_json(
            &path,
            Some(&county),
            &json!({"method": "post", "on": "2026-04-22"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, timeline) = t.get(&timeline_path, Some(&county)).await;
    assert!(
        notes(&timeline)
            .iter()
            .any(|n| n == "已书面告知信访人：受理告知书（邮寄送达，2026-04-22）"),
        "{timeline}"
    );
    let (_, n) = t.get(&path, Some(&county)).await;
    assert_eq!(
        n["sent"],
        json!([{"on": "2026-04-22", "method": "post"}]),
        "{n}"
    );
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("已发出 2026-04-22（邮寄送达）"),
        "the case page says when and how"
    );

    // The page's form records a sending too, and a refused one keeps what was typed.
    let notice_page = format!("/cases/{id}/notices/acceptance");
    let (_, html) = get(&t, &cookie, &notice_page).await;
    let csrf = huiyin_testkit::pages::csrf_of(&html);
    let res = post_form(
        &t,
        &cookie,
        &notice_page,
        &[
            ("_csrf", csrf.as_str()),
            ("on", "2026-04-23"),
            ("method", ""),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("data-testid=\"send-error\""), "{html}");
    assert!(
        html.contains("value=\"2026-04-23\""),
        "the day typed is kept"
    );
}

#[tokio::test]
async fn letters_are_named_by_what_they_do_and_download_as_word() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let forwarded = t
        .register(&county, &letter(t.units.school, "2026-04-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &county,
        forwarded,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    let assigned = t
        .register(&county, &letter(t.units.school, "2026-04-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(
        &county,
        assigned,
        json!({"action": "assign", "to_unit_id": t.units.school, "on": "2026-04-21", "report_due_on": "2026-06-30"}),
    )
    .await;
    for (id, title, other) in [
        (forwarded, "转送函", "交办函"),
        (assigned, "交办函", "转送函"),
    ] {
        let (_, n) = t
            .get(
                &format!("/api/v1/cases/{id}/notices/transfer"),
                Some(&county),
            )
            .await;
        assert_eq!(n["title_zh"], title, "{n}");
        let (status, kind, bytes) = download(
            &t,
            &county,
            &format!("/api/v1/cases/{id}/notices/transfer/docx"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(kind.contains("wordprocessingml"), "{kind}");
        let text = docx_text(&bytes);
        assert!(text.contains(title) && !text.contains(other), "{text}");
        // Every paragraph the API composes is in the document, as on the page.
        for p in n["paragraphs"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            assert!(text.contains(p), "{p} missing from the .docx: {text}");
        }
        let cookie = sign_in(&t, "county").await;
        let (_, page) = get(&t, &cookie, &format!("/cases/{id}/notices/transfer")).await;
        assert!(page.contains(&format!("<h1 class=\"doc-title\">{title}</h1>")));
    }
    let (_, n) = t
        .get(
            &format!("/api/v1/cases/{assigned}/notices/transfer"),
            Some(&county),
        )
        .await;
    assert!(
        n["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("于2026年6月30日前")),
        "the assignment letter asks for the report by its day: {n}"
    );
}

#[tokio::test]
async fn the_opinion_prints_the_offices_findings_apart_from_the_petitioners_account() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let mut ids = Vec::new();
    for facts in [
        Some("经赴学校核查，借读费系按物价部门批准的标准收取。"),
        None,
    ] {
        let id = t
            .register(&county, &letter(t.units.school, "2026-04-20"))
            .await["id"]
            .as_i64()
            .unwrap();
        t.act_ok(&county, id, json!({"action": "accept", "on": "2026-04-21"}))
            .await;
        let mut step = json!({"action": "issue_opinion", "on": "2026-05-04", "outcome": "explained",
                              "opinion": "对收费依据作出解释说明。", "basis": "《信访工作条例》第三十二条"});
        if let Some(f) = facts {
            step["facts"] = json!(f);
        }
        let c = t.act_ok(&county, id, step).await;
        assert_eq!(c["opinion"]["facts"].as_str(), facts, "{c}");
        ids.push(id);
    }
    let content = letter(t.units.school, "2026-04-20")["content"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, n) = t
        .get(
            &format!("/api/v1/cases/{}/notices/opinion", ids[0]),
            Some(&county),
        )
        .await;
    let paras: Vec<&str> = n["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        paras.contains(&format!("二、信访人反映的情况：信访人称：“{content}”").as_str()),
        "the petitioner's account is quoted as theirs: {paras:?}"
    );
    assert!(
        paras.contains(
            &"三、经调查核实认定的事实：经赴学校核查，借读费系按物价部门批准的标准收取。"
        ),
        "{paras:?}"
    );
    assert!(paras.iter().any(|p| p.starts_with("四、处理意见：")));
    let (_, n) = t
        .get(
            &format!("/api/v1/cases/{}/notices/opinion", ids[1]),
            Some(&county),
        )
        .await;
    let text = n["paragraphs"].to_string();
    assert!(!text.contains("认定的事实"), "no findings invented: {text}");
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{}/notices/opinion", ids[1])).await;
    assert!(
        page.contains("data-testid=\"no-findings\""),
        "the office is told"
    );
    // The case page's opinion form asks for the findings.
    let id = t
        .register(&county, &letter(t.units.school, "2026-04-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("name=\"facts\""),
        "the opinion form has the findings"
    );
}
