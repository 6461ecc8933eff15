//! 协办任务 (issue 15 items 4 and 9): the co-handling parts owed by the units of a scope, open
//! ones first with the earliest deadline, overdue ones marked; filtered by status and unit;
//! the same list as a page and a workbook; bad filters refused by field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Registers a letter about the second school and has the county add the first school as
/// co-handling unit with `task` due on `due_on`; answers (case id, part id).
async fn part(t: &TestApp, task: &str, due_on: &str) -> (i64, i64) {
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school2, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{id}/co-handlings"),
            Some(&t.token("county").await),
            &json!({"unit_id": t.units.school, "task": task, "due_on": due_on}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    (id, v["items"][0]["id"].as_i64().unwrap())
}

fn tasks(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["task"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_co_handling_unit_lists_what_it_owes_open_and_earliest_first() {
    let t = spawn_app().await; // today 2026-06-30
    let (_, later) = part(&t, "核实学籍材料", "2026-07-20").await;
    let (first_case, _) = part(&t, "提供收费票据", "2026-07-05").await;
    let school = t.token("school").await;

    let (status, v) = t.get("/api/v1/co-handlings", Some(&school)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(tasks(&v), ["提供收费票据", "核实学籍材料"], "{v}");
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"][0]["case_id"], first_case);
    assert_eq!(v["items"][0]["unit_id"], t.units.school);
    assert_eq!(v["items"][0]["overdue"], false);
    // The county and the city above see the same parts; a sibling county none.
    for above in ["county", "city"] {
        let (_, v) = t
            .get("/api/v1/co-handlings", Some(&t.token(above).await))
            .await;
        assert_eq!(v["total"], 2, "{above}: {v}");
    }
    let (_, v) = t
        .get("/api/v1/co-handlings", Some(&t.token("sibling").await))
        .await;
    assert_eq!(v["total"], 0, "{v}");

    // Done parts go after the open ones; the status filter keeps one kind.
    let (status, d) = t
        .post_json(
            &format!("/api/v1/co-handlings/{later}/actions"),
            Some(&school),
            &json!({"action": "done", "note": "学籍材料已核实无误"}),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    let (_, v) = t.get("/api/v1/co-handlings", Some(&school)).await;
    assert_eq!(tasks(&v), ["提供收费票据", "核实学籍材料"], "{v}");
    assert_eq!(v["items"][1]["status"], "done");
    assert_eq!(v["items"][1]["contribution"], "学籍材料已核实无误");
    let (_, v) = t
        .get("/api/v1/co-handlings?status=done", Some(&school))
        .await;
    assert_eq!(tasks(&v), ["核实学籍材料"], "{v}");
    let (_, v) = t
        .get("/api/v1/co-handlings?status=open", Some(&school))
        .await;
    assert_eq!(tasks(&v), ["提供收费票据"], "{v}");
    // One unit of the scope: the school's parts from the county; none at the county office.
    let county = t.token("county").await;
    let (_, v) = t
        .get(
            &format!("/api/v1/co-handlings?unit_id={}", t.units.school),
            Some(&county),
        )
        .await;
    assert_eq!(v["total"], 2, "{v}");
    let (_, v) = t
        .get(
            &format!("/api/v1/co-handlings?unit_id={}", t.units.school2),
            Some(&county),
        )
        .await;
    assert_eq!(v["total"], 0, "{v}");

    // Past its deadline an open part is overdue.
    t.clock.set_today("2026-07-06");
    let (school, county) = (t.token("school").await, t.token("county").await);
    let (_, v) = t
        .get("/api/v1/co-handlings?status=open", Some(&school))
        .await;
    assert_eq!(v["items"][0]["overdue"], true, "{v}");

    // Bad filters: named, nothing listed; a unit outside the scope is refused.
    let (status, e) = t
        .get(
            "/api/v1/co-handlings?status=closed&unit_id=x",
            Some(&school),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["status"].is_string(), "{e}");
    assert!(e["fields"]["unit_id"].is_string(), "{e}");
    let (status, _) = t
        .get(
            &format!("/api/v1/co-handlings?unit_id={}", t.units.sibling_county),
            Some(&county),
        )
        .await;
    assert_eq!(status, 403);
    let (status, e) = t
        .get("/api/v1/co-handlings?format=pdf", Some(&school))
        .await;
    assert_eq!(status, 422, "{e}");

    // The page and the workbook.
    let cookie = sign_in(&t, "school").await;
    let (status, html) = get(&t, &cookie, "/co-handlings?status=open").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("提供收费票据"), "{html}");
    assert!(!html.contains("核实学籍材料"), "{html}");
    assert!(html.contains("data-testid=\"overdue\""), "{html}");
    assert!(
        html.contains("aria-current=\"page\">协办任务"),
        "nav: {html}"
    );
    assert!(
        html.contains("href=\"/co-handlings.xlsx?status=open\""),
        "{html}"
    );
    let (status, html) = get(&t, &cookie, "/co-handlings?status=closed").await;
    assert_eq!(status, 422, "{html}");
    for path in ["/co-handlings.xlsx", "/api/v1/co-handlings?format=xlsx"] {
        let res = huiyin_testkit::pages::client()
            .get(t.url(path))
            .header("cookie", &cookie)
            .bearer_auth(&school)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let bytes = res.bytes().await.unwrap();
        assert!(
            zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).is_ok(),
            "{path}"
        );
    }
}
