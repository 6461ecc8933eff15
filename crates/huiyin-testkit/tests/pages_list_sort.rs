//! The case list's sortable column headers (issue 12 item 4): each sorts by its column, again
//! the other way, keeps the filters, and says how the list is sorted (aria-sort, an arrow);
//! the deadline and the status sort both ways, in the order the API answers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

/// The `href` of the header link marked `testid`, unescaped.
fn link(page: &str, testid: &str) -> String {
    let at = page
        .find(&format!("data-testid=\"{testid}\""))
        .expect("a sort header");
    let start = page[..at].rfind("href=\"").unwrap() + 6;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&amp;", "&").replace("&#38;", "&")
}

fn aria_of(page: &str, testid: &str) -> String {
    let at = page.find(&format!("data-testid=\"{testid}\"")).unwrap();
    let th = page[..at].rfind("aria-sort=\"").unwrap() + 11;
    page[th..th + page[th..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn column_headers_sort_both_ways_and_keep_the_filters() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    // Registered out of received order: 06-02, then 06-01, then 06-03.
    let mut numbers = Vec::new();
    for (day, title) in [
        ("2026-06-02", "排序乙件"),
        ("2026-06-01", "排序甲件"),
        ("2026-06-03", "排序丙件"),
    ] {
        let mut body = letter(t.units.school, day);
        body["title"] = json!(title);
        let v = t.register(&registrar, &body).await;
        numbers.push(v["number"].as_str().unwrap().to_owned());
    }
    let cookie = sign_in(&t, "registrar").await;
    let order = |page: &str| -> Vec<&str> {
        let mut found: Vec<(usize, &str)> = ["排序甲件", "排序乙件", "排序丙件"]
            .iter()
            .map(|w| (page.find(w).unwrap(), *w))
            .collect();
        found.sort();
        found.into_iter().map(|(_, w)| w).collect()
    };

    // The default order: registration, newest first — the number column says so.
    let (status, page) = get(&t, &cookie, "/cases?channel=letter").await;
    assert_eq!(status, 200);
    assert_eq!(aria_of(&page, "sort-number"), "descending");
    assert_eq!(aria_of(&page, "sort-received"), "none");
    assert_eq!(order(&page), ["排序丙件", "排序甲件", "排序乙件"]);

    // Received day: latest first, then (clicked again) earliest first; the filter kept.
    let href = link(&page, "sort-received");
    assert!(
        href.contains("channel=letter") && href.contains("sort=received_desc"),
        "{href}"
    );
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(aria_of(&page, "sort-received"), "descending");
    assert!(page.contains("↓"));
    assert_eq!(order(&page), ["排序丙件", "排序乙件", "排序甲件"]);
    let href = link(&page, "sort-received");
    assert!(href.contains("sort=received_asc"), "{href}");
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(aria_of(&page, "sort-received"), "ascending");
    assert_eq!(aria_of(&page, "sort-number"), "none");
    assert_eq!(order(&page), ["排序甲件", "排序乙件", "排序丙件"]);
    // The select shows the same order, so searching again keeps it.
    assert!(page.contains("<option value=\"received_asc\" selected"));

    // Number: oldest registered first.
    let href = link(&page, "sort-number");
    assert!(href.contains("sort=id"), "{href}");
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(aria_of(&page, "sort-number"), "ascending");
    assert_eq!(order(&page), ["排序乙件", "排序甲件", "排序丙件"]);
    assert!(page.contains("<option value=\"id\" selected"));

    // The deadline: soonest first (its one order).
    let href = link(&page, "sort-due");
    assert!(href.contains("sort=due_asc"), "{href}");
    let (status, page) = get(&t, &cookie, &href).await;
    assert_eq!(status, 200);
    assert_eq!(aria_of(&page, "sort-due"), "ascending");
    let _ = numbers;
}

/// The ids of the page's rows, in order (from the rows' ticking boxes or case links).
fn row_ids(page: &str) -> Vec<i64> {
    let body = &page[page.find("data-testid=\"case-table\"").unwrap()..];
    body.split("<a href=\"/cases/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn the_deadline_and_the_status_sort_both_ways_as_the_api_does() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut ids = Vec::new();
    for day in ["2026-06-02", "2026-06-01", "2026-06-03"] {
        ids.push(
            t.register(&registrar, &letter(t.units.school, day)).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    t.act_ok(
        &registrar,
        ids[2],
        json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-06-04"}),
    )
    .await;
    let cookie = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &cookie, "/cases?channel=letter").await;
    assert_eq!(aria_of(&page, "sort-status"), "none");
    // 状态: the workflow's stages first to last, then (clicked again) the other way.
    let href = link(&page, "sort-status");
    assert!(
        href.contains("channel=letter") && href.contains("sort=status_asc"),
        "{href}"
    );
    let (status, page) = get(&t, &cookie, &href).await;
    assert_eq!(status, 200);
    assert_eq!(aria_of(&page, "sort-status"), "ascending");
    assert!(page.contains("<option value=\"status_asc\" selected"));
    let api = |sort: &str| {
        let path = format!("/api/v1/cases?channel=letter&sort={sort}");
        let token = registrar.clone();
        let t = &t;
        async move {
            let (_, v) = t.get(&path, Some(&token)).await;
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let asc = api("status_asc").await;
    assert_eq!(row_ids(&page), asc);
    let href = link(&page, "sort-status");
    assert!(href.contains("sort=status_desc"), "{href}");
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(aria_of(&page, "sort-status"), "descending");
    let mut desc = api("status_desc").await;
    assert_eq!(row_ids(&page), desc);
    desc.reverse();
    assert_eq!(desc, asc, "the two status orders are each other's reverse");
    // 期限: soonest first, then latest first.
    let href = link(&page, "sort-due");
    assert!(href.contains("sort=due_asc"), "{href}");
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(row_ids(&page), api("due_asc").await);
    let href = link(&page, "sort-due");
    assert!(href.contains("sort=due_desc"), "{href}");
    let (_, page) = get(&t, &cookie, &href).await;
    assert_eq!(aria_of(&page, "sort-due"), "descending");
    assert!(page.contains("<option value=\"due_desc\" selected"));
    assert_eq!(row_ids(&page), api("due_desc").await);
    assert_eq!(row_ids(&page).len(), 3);
}
