//! The 协办 page (issue 15 item 4): the lead unit adds a co-handling unit through the form (a
//! refusal first, what was typed kept) and the co-handling unit completes its part.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn a_co_handling_unit_is_added_and_completes_its_part_through_the_page() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school2, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/cases/{id}/co-handlings");
    let county = sign_in(&t, "county").await;
    let (_, case_page) = get(&t, &county, &format!("/cases/{id}")).await;
    assert!(case_page.contains(&path), "linked from the case page");
    let (status, html) = get(&t, &county, &path).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"no-co-handlings\""), "{html}");
    let csrf = csrf_of(&html);
    let school = t.units.school.to_string();
    let (status, again) = post(
        &t,
        &county,
        &path,
        &[
            ("_csrf", &csrf),
            ("unit_id", &school),
            ("due_on", "2026-07-10"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("请填写协办任务"), "{again}");
    assert!(again.contains("value=\"2026-07-10\""), "kept: {again}");
    let (status, _) = post(
        &t,
        &county,
        &path,
        &[
            ("_csrf", &csrf),
            ("unit_id", &school),
            ("task", "核实该生学籍"),
            ("due_on", "2026-07-10"),
        ],
    )
    .await;
    assert_eq!(status, 303);

    let school_staff = sign_in(&t, "school").await;
    let (status, html) = get(&t, &school_staff, &path).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-action=\"act\""), "{html}");
    let at = html.find("action=\"/co-handlings/").unwrap() + 22;
    let part: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let csrf = csrf_of(&html);
    let (status, _) = post(
        &t,
        &school_staff,
        &format!("/co-handlings/{part}/act"),
        &[
            ("_csrf", &csrf),
            ("case_id", &id.to_string()),
            ("action", "done"),
            ("note", "经核实，学籍材料齐全"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &county, &path).await;
    assert!(html.contains("data-testid=\"contribution\""), "{html}");
    let sibling = sign_in(&t, "sibling").await;
    assert_eq!(get(&t, &sibling, &path).await.0, 404);
}
