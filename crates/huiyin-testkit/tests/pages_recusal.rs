//! The 回避 page (issue 15 item 7): reached from the case page; a handler declares a conflict
//! (and the case is gone for them), a leader recuses another (a refusal first, what was typed
//! kept) and lifts a recusal.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn recusals_are_declared_given_and_lifted_through_the_page() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await["id"]
        .as_i64()
        .unwrap();
    let page_path = format!("/cases/{id}/recusals");

    let handler = sign_in(&t, "handler").await;
    let (_, case_page) = get(&t, &handler, &format!("/cases/{id}")).await;
    assert!(case_page.contains(&page_path), "the case page links it");
    let (status, html) = get(&t, &handler, &page_path).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"no-recusals\""), "{html}");
    assert!(
        !html.contains("data-action=\"assign\""),
        "a handler recuses no one else"
    );
    let csrf = csrf_of(&html);
    let (status, done) = post(
        &t,
        &handler,
        &page_path,
        &[("_csrf", &csrf), ("reason", "信访人系本人亲属")],
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("data-testid=\"done\""), "{done}");
    assert_eq!(get(&t, &handler, &format!("/cases/{id}")).await.0, 404);
    assert_eq!(get(&t, &handler, &page_path).await.0, 404);

    // The leader: a refusal keeps the choice, then the recusal; then lifting the handler's.
    let leader = sign_in(&t, "leader").await;
    let (_, html) = get(&t, &leader, &page_path).await;
    assert!(html.contains("data-action=\"assign\""), "{html}");
    assert!(
        html.contains("信访人系本人亲属"),
        "the handler's recusal is listed"
    );
    let csrf = csrf_of(&html);
    let registrar2 = t
        .app
        .authenticate(&t.token("registrar2").await)
        .await
        .unwrap()
        .id
        .to_string();
    let (status, again) = post(
        &t,
        &leader,
        &page_path,
        &[("_csrf", &csrf), ("user_id", &registrar2), ("reason", "")],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("请填写理由"), "{again}");
    let (status, _) = post(
        &t,
        &leader,
        &page_path,
        &[
            ("_csrf", &csrf),
            ("user_id", &registrar2),
            ("reason", "曾参与前期处理"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &leader, &page_path).await;
    assert_eq!(html.matches("data-recusal=").count(), 2, "{html}");
    let at = html.find("action=\"/recusals/").unwrap() + 18;
    let first: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (status, _) = post(
        &t,
        &leader,
        &format!("/recusals/{first}/lift"),
        &[
            ("_csrf", &csrf),
            ("case_id", &id.to_string()),
            ("reason", "亲属关系核实不存在"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &leader, &page_path).await;
    assert!(html.contains("data-testid=\"lifted\""), "{html}");
    assert_eq!(get(&t, &handler, &format!("/cases/{id}")).await.0, 200);
}
