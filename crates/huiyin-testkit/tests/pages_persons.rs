//! The 信访人档案 pages (issue 15 item 2): the list at `/persons` with its lookup and download,
//! a case's link to its petitioner's file, and the file's page with its candidates, merging
//! (refusals shown with what was typed) and undoing a merge.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_petitioners_file_is_found_read_merged_and_unmerged_through_its_pages() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let mut ids = Vec::new();
    for (day, id_number) in [
        ("2026-05-01", Some("11010519491231002X")),
        ("2026-06-01", Some("11010519491231002X")),
        ("2026-06-15", None),
    ] {
        let mut body = letter(t.units.school, day);
        let mut p = json!({"name": "赵敏", "phone": "13700137000"});
        if let Some(id) = id_number {
            p["id_number"] = json!(id);
        }
        body["petitioners"] = json!([p]);
        ids.push(t.register(&registrar, &body).await["id"].as_i64().unwrap());
    }

    let county = sign_in(&t, "county").await;
    let (status, html) = get(&t, &county, "/persons").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("href=\"/persons\" aria-current=\"page\""),
        "nav"
    );
    assert!(
        html.contains("赵敏") && html.contains("data-person="),
        "{html}"
    );
    // A lookup by ID number; a name without a phone is refused on the page.
    let (_, found) = get(&t, &county, "/persons?id_number=11010519491231002X").await;
    assert!(found.contains("赵敏"), "{found}");
    let (status, refused) = get(&t, &county, "/persons?name=赵敏").await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused.contains("按姓名查找须同时填写姓名和联系电话"),
        "{refused}"
    );
    assert!(refused.contains("value=\"赵敏\""), "kept: {refused}");
    let res = client()
        .get(t.url("/persons.xlsx?min_cases=1"))
        .header("cookie", &county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );

    // From the case page to the file.
    let (_, case_page) = get(&t, &county, &format!("/cases/{}", ids[0])).await;
    let link = format!("/cases/{}/petitioners/0", ids[0]);
    assert!(case_page.contains(&link), "{case_page}");
    let res = client()
        .get(t.url(&link))
        .header("cookie", &county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let file_url = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(file_url.starts_with("/persons/"), "{file_url}");
    let (status, page) = get(&t, &county, &file_url).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        page.matches("data-case=").count(),
        2,
        "two cases by ID number"
    );
    assert_eq!(
        page.matches("data-candidate=").count(),
        1,
        "the one without"
    );
    let (status, _) = get(&t, &county, &format!("/cases/{}/petitioners/5", ids[0])).await;
    assert_eq!(status, 404);

    // A merge without a reason: refused, the form kept open; then merged by case number.
    let csrf = csrf_of(&page);
    let (_, third) = t.case(&registrar, ids[2]).await;
    let number = third["number"].as_str().unwrap();
    let merge_path = format!("{file_url}/merge");
    let (status, again) = post(
        &t,
        &county,
        &merge_path,
        &[("_csrf", &csrf), ("case_number", number), ("position", "1")],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("请填写理由"), "{again}");
    assert!(
        again.contains(&format!("value=\"{number}\"")),
        "kept: {again}"
    );
    let (status, _) = post(
        &t,
        &county,
        &merge_path,
        &[
            ("_csrf", &csrf),
            ("case_number", "110105-2026-999999"),
            ("reason", "电话核实"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &t,
        &county,
        &merge_path,
        &[
            ("_csrf", &csrf),
            ("case_number", number),
            ("position", "1"),
            ("reason", "电话核实为同一人"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, merged) = get(&t, &county, &format!("{file_url}?done=merge")).await;
    assert!(merged.contains("data-testid=\"done\""), "{merged}");
    assert_eq!(merged.matches("data-case=").count(), 3, "{merged}");
    assert!(merged.contains("电话核实为同一人"), "the reason is shown");

    // Undo it.
    let at = merged.find("name=\"merge_id\" value=\"").unwrap() + 23;
    let merge_id: String = merged[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (status, _) = post(
        &t,
        &county,
        &format!("{file_url}/undo"),
        &[
            ("_csrf", &csrf),
            ("merge_id", &merge_id),
            ("reason", "核实后不是同一人"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, parted) = get(&t, &county, &file_url).await;
    assert_eq!(parted.matches("data-case=").count(), 2, "{parted}");
    assert!(parted.contains("data-testid=\"undone\""), "{parted}");

    // Prohibited conduct through the file's form: a refusal keeps the ticks and the text.
    let conduct_path = format!("{file_url}/conduct");
    let (status, again) = post(
        &t,
        &county,
        &conduct_path,
        &[
            ("_csrf", &csrf),
            ("kinds", "staying_at_site"),
            ("kinds", "gathering"),
            ("on", "2026-06-29"),
            ("place", "区教育局信访接待大厅"),
            ("description", "在接待大厅滞留至下班后拒不离开"),
            ("measures", "劝阻"),
            ("police_referred", "true"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(
        again.contains("移交公安机关的，请填写接收的公安机关"),
        "{again}"
    );
    assert!(
        again.contains("value=\"staying_at_site\" checked")
            && again.contains("value=\"gathering\" checked"),
        "ticks kept: {again}"
    );
    let (status, _) = post(
        &t,
        &county,
        &conduct_path,
        &[
            ("_csrf", &csrf),
            ("kinds", "staying_at_site"),
            ("on", "2026-06-29"),
            ("place", "区教育局信访接待大厅"),
            ("description", "在接待大厅滞留至下班后拒不离开"),
            ("measures", "劝阻，批评教育"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, with_conduct) = get(&t, &county, &file_url).await;
    assert!(
        with_conduct.contains("data-conduct=") && with_conduct.contains("劝阻，批评教育"),
        "{with_conduct}"
    );
    let (status, register) = get(&t, &county, "/conduct").await;
    assert_eq!(status, 200, "{register}");
    assert_eq!(register.matches("data-conduct=").count(), 1, "{register}");
    let (status, _) = get(&t, &county, "/conduct?from=2026-02-30").await;
    assert_eq!(status, 422);

    // Out of the cases' line: no file.
    let sibling = sign_in(&t, "sibling").await;
    let (status, _) = get(&t, &sibling, &file_url).await;
    assert_eq!(status, 404);
}
