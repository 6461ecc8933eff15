//! 落实与疏导 and 信访事项档案 in headless Chromium (issue 15 items 3 and 6): a county clerk goes
//! from a decided case to its execution task, closes it by mediation (agreement typed, the
//! petitioner's consent ticked, the step confirmed), then groups the case with another into a
//! matter file — at desktop and phone widths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure, submit_confirmed};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};
use serde_json::json;

async fn journey(c: &Client, t: &TestApp, (case_id, other): (i64, &str), shots: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("county").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    c.goto(&t.url(&format!("/cases/{case_id}"))).await?;
    click_to(
        c,
        "[data-testid=follow-ups-link]",
        "[data-testid=follow-ups]",
    )
    .await?;
    click_to(c, "[data-follow-up] a", "[data-testid=facts]").await?;
    css(c, "[data-action=done] summary").await?.click().await?;
    css(c, "#fd-res option[value=mediated]")
        .await?
        .click()
        .await?;
    css(c, "#fd-note")
        .await?
        .send_keys("经调解双方达成一致")
        .await?;
    css(c, "#fd-agreement")
        .await?
        .send_keys("学校退还借读费3000元")
        .await?;
    css(c, "[data-action=done] input[name=consent]")
        .await?
        .click()
        .await?;
    std::fs::write(format!("{shots}-task.png"), c.screenshot().await?).ok();
    submit_confirmed(c, "[data-action=done] form", "[data-testid=agreement]").await?;
    let status = css(c, "[data-testid=status]").await?.text().await?;
    ensure(status.contains("已完成"), format!("done: {status}"))?;
    std::fs::write(format!("{shots}-done.png"), c.screenshot().await?).ok();

    c.goto(&t.url(&format!("/cases/{case_id}"))).await?;
    click_to(c, "[data-testid=matter-link]", "#mg-numbers").await?;
    css(c, "#mg-numbers").await?.send_keys(other).await?;
    submit_confirmed(
        c,
        &format!("form[action='/cases/{case_id}/matter']"),
        "[data-testid=matter-cases]",
    )
    .await?;
    std::fs::write(format!("{shots}-matter.png"), c.screenshot().await?).ok();
    let cases = css(c, "[data-testid=matter-cases] tbody")
        .await?
        .text()
        .await?;
    ensure(
        cases.contains(other),
        format!("the matter holds both: {cases}"),
    )
}

async fn run(width: u32, height: u32) {
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
    let other = t
        .register(&county, &letter(t.units.school, "2026-06-25"))
        .await["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = browser::launch(width, height).await;
    let shots = format!("{}/follow-through-{width}", std::env::temp_dir().display());
    let result = journey(&b.client, &t, (id, &other), &shots).await;
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_task_is_closed_by_mediation_and_a_matter_file_started_on_a_desktop() {
    run(1366, 900).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_task_is_closed_by_mediation_and_a_matter_file_started_on_a_phone() {
    run(390, 844).await;
}
