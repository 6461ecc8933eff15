//! The statistics page in headless Chromium (issue 16 item 1): the vendored ECharts draws a chart
//! beside each table, with no request leaving the server.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};

async fn journey(c: &Client, t: &TestApp) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("city").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    c.goto(&t.url("/stats?by=channel&from=2026-01-01&to=2026-06-30"))
        .await?;
    // ECharts draws SVG into each chart box (the renderer stats.js asks for).
    let months = css(c, "[data-chart-for=st-months] svg").await?;
    css(c, "[data-chart-for=st-by-table] svg").await?;
    ensure(months.is_displayed().await?, "the monthly chart is shown")?;
    // The chart's own text (its axis labels), not the table beside it.
    let drawn = c
        .execute(
            "return document.querySelector('[data-chart-for=st-by-table] svg').textContent",
            vec![],
        )
        .await?;
    let drawn = drawn.as_str().unwrap_or_default().to_owned();
    ensure(
        drawn.contains("来信"),
        format!("the channel chart names its bars: {drawn}"),
    )
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn the_charts_are_drawn_from_the_tables() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-03-10"))
        .await;
    t.register(&registrar, &letter(t.units.school2, "2026-05-10"))
        .await;
    let b = browser::launch(1366, 900).await;
    let result = journey(&b.client, &t).await;
    b.screenshot(&format!(
        "{}/stats-page.png",
        std::env::temp_dir().display()
    ))
    .await;
    b.close().await;
    result.unwrap();
}
