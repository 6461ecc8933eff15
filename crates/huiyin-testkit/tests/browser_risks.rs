//! The 矛盾纠纷排查 register in headless Chromium (issue 15 item 1): a county clerk opens the
//! form, fills it from the keyboard, confirms, lands on the entry, resolves it after confirming,
//! and the register shows it resolved — at desktop and phone widths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use fantoccini::key::Key;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure, submit_confirmed};
use huiyin_testkit::{PASSWORD, TestApp, browser, spawn_app};

async fn journey(c: &Client, t: &TestApp, shots: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("county").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    click_to(c, "a[href='/risks']", "[data-testid=risks]").await?;
    css(c, "#record summary").await?.click().await?;
    css(c, "#r-title")
        .await?
        .send_keys("课后服务收费调整引发家长不满")
        .await?;
    css(c, "#r-unit option:nth-child(2)").await?.click().await?;
    css(c, "#r-owner option:nth-child(2)")
        .await?
        .click()
        .await?;
    css(c, "#r-level-new option[value=orange]")
        .await?
        .click()
        .await?;
    // The date from the keyboard (month, day, year as the widget reads them).
    let due = css(c, "#r-due").await?;
    due.send_keys("07102026").await?;
    css(c, "#r-description")
        .await?
        .send_keys(&format!("家长群中有集体反映的苗头{}", Key::Tab))
        .await?;
    std::fs::write(format!("{shots}-filled.png"), c.screenshot().await?).ok();
    let facts = submit_confirmed(
        c,
        "form[action='/risks'][method=post]",
        "[data-testid=facts]",
    )
    .await?;
    ensure(facts.contains("2026-07-10"), format!("the entry: {facts}"))?;
    let png = c.screenshot().await?;
    std::fs::write(format!("{shots}-entry.png"), png).ok();
    css(c, "[data-action=resolve] summary")
        .await?
        .click()
        .await?;
    css(c, "#rr-note")
        .await?
        .send_keys("召开家长会说明收费依据，家长认可")
        .await?;
    submit_confirmed(c, "[data-action=resolve] form", "[data-testid=status]").await?;
    let status = css(c, "[data-testid=status]").await?.text().await?;
    ensure(status.contains("已化解"), format!("resolved: {status}"))?;
    click_to(c, "a[href='/risks']", "[data-testid=risks]").await?;
    let png = c.screenshot().await?;
    std::fs::write(format!("{shots}-register.png"), png).ok();
    let rows = css(c, "[data-testid=risks] tbody").await?.text().await?;
    ensure(
        rows.contains("课后服务收费调整") && rows.contains("已化解"),
        format!("the register: {rows}"),
    )
}

async fn run(width: u32, height: u32) {
    let t = spawn_app().await;
    let b = browser::launch(width, height).await;
    let shots = format!("{}/risks-{width}", std::env::temp_dir().display());
    let result = journey(&b.client, &t, &shots).await;
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_entry_is_registered_and_resolved_on_a_desktop() {
    run(1366, 900).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_entry_is_registered_and_resolved_on_a_phone() {
    run(390, 844).await;
}
