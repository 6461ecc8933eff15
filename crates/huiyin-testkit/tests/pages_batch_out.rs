//! Batch export and print of the ticked cases of the list (issue 12 item 6): exactly the
//! ticked cases the user may open, each through the case page's check; an id out of sight or of
//! no case is left out without a word; nothing ticked or too many is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::io::Read;

use huiyin_testkit::pages::{csrf_of, get, post, post_form, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

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

async fn three_cases(t: &TestApp) -> Vec<(i64, String)> {
    let registrar = t.token("registrar").await;
    let mut out = Vec::new();
    for (day, title) in [
        ("2026-06-01", "反映甲校食堂卫生"),
        ("2026-06-02", "反映乙校校车超载"),
        ("2026-06-03", "反映丙校违规补课"),
    ] {
        let mut body = letter(t.units.school, day);
        body["title"] = json!(title);
        let v = t.register(&registrar, &body).await;
        out.push((
            v["id"].as_i64().unwrap(),
            v["number"].as_str().unwrap().to_owned(),
        ));
    }
    out
}

#[tokio::test]
async fn ticked_cases_are_exported_and_printed_and_nothing_else() {
    let t = spawn_app().await;
    let cases = three_cases(&t).await;
    let (a, b, c) = (
        cases[0].0.to_string(),
        cases[1].0.to_string(),
        cases[2].0.to_string(),
    );
    let cookie = sign_in(&t, "registrar").await;
    let (_, list) = get(&t, &cookie, "/cases").await;
    assert!(list.contains("formaction=\"/cases/batch/export.xlsx\""));
    assert!(list.contains("formaction=\"/cases/batch/print\""));
    let csrf = csrf_of(&list);

    // Two ticked (one twice) and an id of no case: the two, once each.
    let pairs = [
        ("_csrf", csrf.as_str()),
        ("ids", a.as_str()),
        ("ids", c.as_str()),
        ("ids", a.as_str()),
        ("ids", "987654"),
    ];
    let res = post_form(&t, &cookie, "/cases/batch/export.xlsx", &pairs).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let text = xlsx_text(&res.bytes().await.unwrap());
    assert_eq!(text.matches(&cases[0].1).count(), 1, "{text}");
    assert!(text.contains(&cases[2].1));
    assert!(
        !text.contains(&cases[1].1),
        "an unticked case is not exported"
    );

    let (status, page) = post(&t, &cookie, "/cases/batch/print", &pairs).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches("data-testid=\"print-case\"").count(), 2);
    assert!(page.contains("反映甲校食堂卫生") && page.contains("反映丙校违规补课"));
    assert!(!page.contains(&cases[1].1));
    assert!(page.contains("另有1件无法查看"), "{page}");
    assert!(page.contains("href=\"/cases\""), "a way back to the list");
    // The print stylesheet starts each case on a sheet of its own.
    let (_, css) = get(&t, "", "/static/staff.css").await;
    assert!(css.contains("section.print-case { break-after: page"));

    // Nothing ticked, or more than a batch takes: refused, no file.
    for path in ["/cases/batch/export.xlsx", "/cases/batch/print"] {
        let (status, page) = post(&t, &cookie, path, &[("_csrf", &csrf)]).await;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("请先勾选信访件"));
        let many: Vec<String> = (1..=201).map(|i| i.to_string()).collect();
        let mut pairs = vec![("_csrf", csrf.as_str())];
        pairs.extend(many.iter().map(|id| ("ids", id.as_str())));
        let (status, page) = post(&t, &cookie, path, &pairs).await;
        assert_eq!(status, 422, "{path}");
        assert!(page.contains("一次最多勾选200件"));
    }
    // Without the form's token: refused.
    let (status, _) = post(&t, &cookie, "/cases/batch/print", &[("ids", &b)]).await;
    assert_eq!(status, 403);

    // A sibling county's user ticking (forging) these ids learns nothing: no row, no words.
    let sibling = sign_in(&t, "sibling").await;
    let (_, list) = get(&t, &sibling, "/cases").await;
    let csrf = csrf_of(&list);
    let pairs = [
        ("_csrf", csrf.as_str()),
        ("ids", a.as_str()),
        ("ids", b.as_str()),
    ];
    let res = post_form(&t, &sibling, "/cases/batch/export.xlsx", &pairs).await;
    assert_eq!(res.status(), 200);
    let text = xlsx_text(&res.bytes().await.unwrap());
    assert!(
        !text.contains(&cases[0].1) && !text.contains("食堂"),
        "{text}"
    );
    let (status, page) = post(&t, &sibling, "/cases/batch/print", &pairs).await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("data-testid=\"print-case\"").count(), 0);
    assert!(!page.contains(&cases[0].1) && !page.contains("食堂"));
}

/// The words on a notice's sheet: tags dropped, white space collapsed.
fn sheet_text(html: &str) -> String {
    let at = html.find("<article class=\"sheet\"").expect("a sheet");
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</article>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The print page's sheet of case `id`.
fn section_of(page: &str, id: i64) -> &str {
    let at = page
        .find(&format!("data-case=\"{id}\""))
        .unwrap_or_else(|| panic!("case {id} printed"));
    let start = page[..at].rfind("<section").unwrap();
    &page[start..at + page[at..].find("</section>").unwrap()]
}

#[tokio::test]
async fn each_ticked_case_prints_its_latest_notice_or_its_summary_under_a_label() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let county = t.token("county").await;
    let mut ids = Vec::new();
    for (day, title) in [
        ("2026-06-01", "反映甲校食堂卫生"),
        ("2026-06-02", "反映乙校校车超载"),
        ("2026-06-03", "反映丙校违规补课"),
        ("2026-06-04", "反映丁校收费不规范"),
    ] {
        let mut body = letter(t.units.school, day);
        body["title"] = json!(title);
        ids.push(t.register(&registrar, &body).await["id"].as_i64().unwrap());
    }
    // Forwarded: its letter. Forwarded and accepted there: the acceptance notice, sent by post.
    // Accepted and decided by the county: the 意见书. The third: no notice yet.
    for id in [ids[0], ids[1]] {
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-06-05"}),
        )
        .await;
    }
    t.act_ok(
        &school,
        ids[1],
        json!({"action": "accept", "on": "2026-06-06"}),
    )
    .await;
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/notices/acceptance", ids[1]),
            Some(&school),
            &json!({"on": "2026-06-07", "method": "post"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    t.act_ok(
        &county,
        ids[3],
        json!({"action": "accept", "on": "2026-06-05"}),
    )
    .await;
    t.act_ok(
        &county,
        ids[3],
        json!({"action": "issue_opinion", "on": "2026-06-20", "outcome": "explained",
               "facts": "经核查，收费项目已报物价部门备案。",
               "opinion": "对收费依据作出解释说明。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;

    let cookie = sign_in(&t, "registrar").await;
    let (_, list) = get(&t, &cookie, "/cases").await;
    let csrf = csrf_of(&list);
    let id_text: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut pairs = vec![("_csrf", csrf.as_str())];
    pairs.extend(id_text.iter().map(|id| ("ids", id.as_str())));
    let (status, page) = post(&t, &cookie, "/cases/batch/print", &pairs).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches("data-testid=\"print-case\"").count(), 4);
    assert!(
        page.contains("/static/print.css"),
        "the notices' own layout"
    );

    // Each notice is the text its own page prints, under a label naming it (not printed).
    for (id, kind, title, sent) in [
        (ids[0], "transfer", "转送函", "未登记发出"),
        (ids[1], "acceptance", "受理告知书", "已发出 2026-06-07"),
        (ids[3], "opinion", "信访处理意见书", "未登记发出"),
    ] {
        let sheet = section_of(&page, id);
        assert!(
            sheet.contains(&format!("data-notice=\"{kind}\"")),
            "{sheet}"
        );
        let (status, alone) = get(&t, &cookie, &format!("/cases/{id}/notices/{kind}")).await;
        assert_eq!(status, 200);
        assert_eq!(sheet_text(sheet), sheet_text(&alone), "case {id}");
        assert!(sheet_text(sheet).contains(title), "{kind}: {sheet}");
        let label = &sheet[sheet.find("data-testid=\"print-notice-label\"").unwrap()..];
        let label = &label[..label.find("</p>").unwrap()];
        assert!(label.contains(title) && label.contains(sent), "{label}");
        assert!(!sheet.contains("print-summary-only"));
    }
    // The accepted case prints its acceptance, not the earlier letter.
    assert!(!sheet_text(section_of(&page, ids[1])).contains("转送函"));
    assert!(sheet_text(section_of(&page, ids[3])).contains("经核查，收费项目已报物价部门备案。"));
    // No notice yet: the summary, saying so.
    let summary = section_of(&page, ids[2]);
    assert!(
        summary.contains("data-testid=\"print-summary-only\""),
        "{summary}"
    );
    assert!(summary.contains("本件尚无告知书或意见书，以下为案件摘要"));
    assert!(summary.contains("反映丙校违规补课") && !summary.contains("class=\"sheet\""));
    let content = letter(t.units.school, "2026-06-03")["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(summary.contains(&content));
}
