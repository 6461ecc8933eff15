//! The 落实与疏导 pages (issue 15 item 6): the list with its filter and download, a task's page,
//! and its steps taken through the forms (a refusal keeps what was typed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_task_is_followed_up_to_mediation_through_its_pages() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = t
        .register(&county, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    t.act_ok(
        &county,
        id,
        json!({"action": "issue_opinion", "outcome": "supported",
               "opinion": "经核实，退还借读费。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;

    let cookie = sign_in(&t, "county").await;
    let (_, case_page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        case_page.contains(&format!("/follow-ups?case_id={id}")),
        "linked"
    );
    let (status, list) = get(&t, &cookie, &format!("/follow-ups?case_id={id}")).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list.matches("data-follow-up=").count(), 1, "{list}");
    let (_, none) = get(&t, &cookie, "/follow-ups?status=done").await;
    assert!(none.contains("data-testid=\"no-follow-ups\""), "{none}");
    let res = client()
        .get(t.url("/follow-ups.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let at = list.find("href=\"/follow-ups/").unwrap() + 18;
    let task: String = list[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let path = format!("/follow-ups/{task}");
    let (status, page) = get(&t, &cookie, &path).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-action=\"done\""), "{page}");
    let csrf = csrf_of(&page);
    let act = format!("{path}/act");
    let (status, again) = post(
        &t,
        &cookie,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "done"),
            ("resolution", "mediated"),
            ("note", "经调解双方达成一致"),
            ("agreement", "学校退还借读费3000元"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("调解、和解结案须经信访人同意"), "{again}");
    assert!(again.contains("学校退还借读费3000元"), "kept: {again}");
    let (status, _) = post(
        &t,
        &cookie,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "done"),
            ("resolution", "mediated"),
            ("note", "经调解双方达成一致"),
            ("agreement", "学校退还借读费3000元"),
            ("consent", "true"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, done) = get(&t, &cookie, &path).await;
    assert!(done.contains("data-testid=\"agreement\""), "{done}");
    assert!(
        !done.contains("data-action=\"done\""),
        "no more steps: {done}"
    );
    let sibling = sign_in(&t, "sibling").await;
    assert_eq!(get(&t, &sibling, &path).await.0, 404);
}
