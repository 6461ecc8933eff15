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
