//! Notifications in headless Chromium (issue 12 item 7): the header's count arrives by itself
//! after the page (htmx), at desktop and phone widths; the list opens from it and marking all
//! read clears the count.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::{Client, Locator};
use huiyin_testkit::browser_steps::{R, click_to, css, ensure};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};
use serde_json::json;

async fn journey(c: &Client, t: &TestApp, unread: i64) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("school").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    let count = css(c, "#notify-link [data-testid=unread]")
        .await?
        .text()
        .await?;
    ensure(
        count == unread.to_string(),
        format!("the API's count {unread}: {count}"),
    )?;
    // On a phone the link is in the header too.
    let list = click_to(c, "#notify-link", "[data-testid=notifications]")
        .await?
        .text()
        .await?;
    ensure(list.contains("待受理"), format!("the list: {list}"))?;
    click_to(c, "[data-testid=read-all]", "[data-testid=unread-total]").await?;
    // The badge reloads with the page, without a count now.
    css(c, "#notify-link:not([hx-trigger*=load])").await?;
    let unread = c
        .find_all(Locator::Css("#notify-link [data-testid=unread]"))
        .await?;
    ensure(unread.is_empty(), "nothing unread after marking all read")
}

async fn run(width: u32, height: u32) {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    for _ in 0..2 {
        let id = t
            .register(&registrar, &letter(t.units.school, "2026-06-20"))
            .await["id"]
            .as_i64()
            .unwrap();
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
    }
    let school = t.token("school").await;
    let (_, notes) = t.get("/api/v1/notifications", Some(&school)).await;
    let unread = notes["unread"].as_i64().unwrap();
    assert!(unread >= 2, "two new cases at least: {notes}");
    let b = browser::launch(width, height).await;
    let result = journey(&b.client, &t, unread).await;
    if result.is_err() {
        b.screenshot(&format!(
            "{}/failure-notifications-{width}.png",
            std::env::temp_dir().display()
        ))
        .await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn the_count_arrives_by_itself_on_a_desktop() {
    run(1366, 768).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn the_count_arrives_by_itself_on_a_phone() {
    run(390, 844).await;
}
