//! The incident pages in headless Chromium (突发事件, issue 13 item 3): a county clerk opens the
//! form from the nav, records a 较大 incident from the keyboard, confirms, lands on its reporting
//! chain, files the first report owed after confirming, and the list shows it made — at desktop
//! and phone widths.

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
    click_to(c, "a[href='/incidents']", "[data-testid=incidents]").await?;
    css(c, "#record summary").await?.click().await?;
    css(c, "#i-title")
        .await?
        .send_keys("家长聚集第一小学校门口")
        .await?;
    css(c, "#i-level option[value=major]")
        .await?
        .click()
        .await?;
    css(c, "#i-unit option:nth-child(2)").await?.click().await?;
    css(c, "#i-at").await?.send_keys("2026-06-30 11:45").await?;
    let people = css(c, "#i-people").await?;
    people.clear().await?;
    people.send_keys("40").await?;
    css(c, "#i-description")
        .await?
        .send_keys(&format!(
            "约40名家长因学区划片调整在校门口聚集，要求与校长对话{}",
            Key::Tab
        ))
        .await?;
    std::fs::write(format!("{shots}-filled.png"), c.screenshot().await?).ok();
    let chain = submit_confirmed(
        c,
        "form[action='/incidents'][method=post]",
        "[data-testid=chain]",
    )
    .await?;
    ensure(
        chain.contains("2026-06-30 12:15:00"),
        format!("the first reports are due 30 minutes on: {chain}"),
    )?;
    let status = css(c, "[data-testid=status]").await?.text().await?;
    ensure(status.contains("报告中"), format!("reporting: {status}"))?;
    std::fs::write(format!("{shots}-incident.png"), c.screenshot().await?).ok();
    css(c, "[data-form^='to-'] summary").await?.click().await?;
    css(c, "[data-form^='to-'] textarea")
        .await?
        .send_keys("电话报告值班室，已安排校领导现场接待")
        .await?;
    std::fs::write(format!("{shots}-report.png"), c.screenshot().await?).ok();
    submit_confirmed(c, "[data-form^='to-'] form", "[data-testid=done]").await?;
    let chain = css(c, "[data-testid=chain]").await?.text().await?;
    ensure(
        chain.contains("2026-06-30 12:00:00") && chain.contains("电话报告值班室"),
        format!("the report made now: {chain}"),
    )?;
    std::fs::write(format!("{shots}-reported.png"), c.screenshot().await?).ok();
    click_to(c, "a[href='/incidents']", "[data-testid=incidents]").await?;
    std::fs::write(format!("{shots}-list.png"), c.screenshot().await?).ok();
    let rows = css(c, "[data-testid=incidents] tbody")
        .await?
        .text()
        .await?;
    ensure(
        rows.contains("家长聚集第一小学校门口") && rows.contains("已报1份"),
        format!("the list: {rows}"),
    )
}

async fn run(width: u32, height: u32) {
    let t = spawn_app().await;
    let b = browser::launch(width, height).await;
    let shots = format!("{}/incidents-{width}", std::env::temp_dir().display());
    let result = journey(&b.client, &t, &shots).await;
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_incident_is_recorded_and_reported_on_a_desktop() {
    run(1366, 900).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_incident_is_recorded_and_reported_on_a_phone() {
    run(390, 844).await;
}
