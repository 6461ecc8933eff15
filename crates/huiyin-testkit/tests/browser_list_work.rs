//! The case list's batch print, sortable headers and saved views in headless Chromium (issue
//! 12 items 4 and 6): a registrar ticks two cases and prints them (one sheet each), sorts by
//! the received day from its header (desktop; the phone hides the header row and keeps the
//! sort select), saves the list as a view and opens it again — at desktop and phone widths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::{Client, Locator};
use huiyin_testkit::browser_steps::{R, click_to, css, ensure};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};
use serde_json::json;

async fn journey(c: &Client, t: &TestApp, ids: &[i64], desktop: bool, shots: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("registrar").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    c.goto(&t.url("/cases")).await?;
    // Tick two cases and print them.
    for id in &ids[..2] {
        css(c, &format!("input[name=ids][value='{id}']"))
            .await?
            .click()
            .await?;
    }
    css(c, "[data-testid=batch] summary").await?.click().await?;
    std::fs::write(format!("{shots}-ticked.png"), c.screenshot().await?).ok();
    click_to(
        c,
        "[data-testid=batch-print]",
        "[data-testid=print-summary]",
    )
    .await?;
    std::fs::write(format!("{shots}-print.png"), c.screenshot().await?).ok();
    let sheets = c.find_all(Locator::Css("[data-testid=print-case]")).await?;
    ensure(
        sheets.len() == 2,
        format!("two sheets, not {}", sheets.len()),
    )?;

    // Sort by the received day: from the header on a desktop, the select on a phone.
    if desktop {
        c.goto(&t.url("/cases")).await?;
        click_to(
            c,
            "[data-testid=sort-received]",
            "th[aria-sort=descending] [data-testid=sort-received]",
        )
        .await?;
    } else {
        c.goto(&t.url("/cases?sort=received_desc")).await?;
    }
    let first = css(c, "table.cases tbody tr td.title")
        .await?
        .text()
        .await?;
    ensure(first.contains("最晚收件"), format!("latest first: {first}"))?;
    std::fs::write(format!("{shots}-sorted.png"), c.screenshot().await?).ok();

    // Save the list as a view, go elsewhere, open it again.
    css(c, "[data-testid=views] details summary")
        .await?
        .click()
        .await?;
    css(c, "#v-name").await?.send_keys("按收件倒序").await?;
    click_to(
        c,
        "[data-testid=view-save] button[type=submit]",
        "[data-testid=view-link][aria-current=page]",
    )
    .await?;
    std::fs::write(format!("{shots}-view.png"), c.screenshot().await?).ok();
    c.goto(&t.url("/cases?sort=received_asc")).await?;
    click_to(
        c,
        "[data-testid=view-link]",
        "[data-testid=view-link][aria-current=page]",
    )
    .await?;
    let url = c.current_url().await?;
    ensure(
        url.as_str().contains("sort=received_desc"),
        format!("the view's list: {url}"),
    )?;
    let first = css(c, "table.cases tbody tr td.title")
        .await?
        .text()
        .await?;
    ensure(
        first.contains("最晚收件"),
        format!("the view sorts: {first}"),
    )
}

async fn run(width: u32, height: u32) {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut ids = Vec::new();
    for (day, title) in [
        ("2026-06-03", "最晚收件的来信"),
        ("2026-06-01", "最早收件的来信"),
        ("2026-06-02", "中间收件的来信"),
    ] {
        let mut body = letter(t.units.school, day);
        body["title"] = json!(title);
        ids.push(t.register(&registrar, &body).await["id"].as_i64().unwrap());
    }
    let b = browser::launch(width, height).await;
    let shots = format!("{}/list-work-{width}", std::env::temp_dir().display());
    let result = journey(&b.client, &t, &ids, width > 900, &shots).await;
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_registrar_prints_ticked_cases_sorts_and_saves_a_view_on_a_desktop() {
    run(1366, 768).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_registrar_prints_ticked_cases_sorts_and_saves_a_view_on_a_phone() {
    run(390, 844).await;
}
