//! 信访事项档案 pages (issue 15 item 3): from a case to its (new) matter file by case numbers,
//! the file's story, and 并单 with its refusal and undo through the forms.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn a_matter_file_is_built_and_a_duplicate_merged_through_the_pages() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let b = t
        .register(&registrar, &letter(t.units.school, "2026-06-05"))
        .await;
    let (a_id, b_id) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let b_number = b["number"].as_str().unwrap();

    let county = sign_in(&t, "county").await;
    let (_, case_page) = get(&t, &county, &format!("/cases/{a_id}")).await;
    assert!(
        case_page.contains(&format!("/cases/{a_id}/matter")),
        "linked"
    );
    let (status, form) = get(&t, &county, &format!("/cases/{a_id}/matter")).await;
    assert_eq!(status, 200, "{form}");
    let csrf = csrf_of(&form);
    let (status, again) = post(
        &t,
        &county,
        &format!("/cases/{a_id}/matter"),
        &[("_csrf", &csrf), ("case_numbers", "")],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    let (status, _) = post(
        &t,
        &county,
        &format!("/cases/{a_id}/matter"),
        &[("_csrf", &csrf), ("case_numbers", b_number)],
    )
    .await;
    assert_eq!(status, 303);
    let res = huiyin_testkit::pages::client()
        .get(t.url(&format!("/cases/{b_id}/matter")))
        .header("cookie", &county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the other case opens the same file");
    let file_url = res.headers()["location"].to_str().unwrap().to_owned();
    let (status, file) = get(&t, &county, &file_url).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file.matches("data-case=").count(), 2, "{file}");
    assert!(file.contains("data-testid=\"story\""), "{file}");

    let merge = format!("{file_url}/duplicates");
    let (status, again) = post(
        &t,
        &county,
        &merge,
        &[
            ("_csrf", &csrf),
            ("case_id", &b_id.to_string()),
            ("main_case_id", &a_id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("请填写理由"), "{again}");
    let (status, _) = post(
        &t,
        &county,
        &merge,
        &[
            ("_csrf", &csrf),
            ("case_id", &b_id.to_string()),
            ("main_case_id", &a_id.to_string()),
            ("reason", "同一信访人重复来信"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, file) = get(&t, &county, &file_url).await;
    let at = file.find("action=\"/case-duplicates/").unwrap() + 25;
    let dup: String = file[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let matter = file_url.trim_start_matches("/matters/").to_owned();
    let (status, _) = post(
        &t,
        &county,
        &format!("/case-duplicates/{dup}/undo"),
        &[
            ("_csrf", &csrf),
            ("matter_id", &matter),
            ("reason", "核实为不同诉求"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, file) = get(&t, &county, &file_url).await;
    assert!(file.contains("data-testid=\"undone\""), "{file}");
    let sibling = sign_in(&t, "sibling").await;
    assert_eq!(get(&t, &sibling, &file_url).await.0, 404);
}
