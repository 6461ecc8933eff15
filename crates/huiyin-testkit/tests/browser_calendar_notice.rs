//! Loading a year of the holiday calendar from the State Council's notice in headless Chromium
//! (issue 12 item 9): the administrator pastes (desktop) or picks as a .txt file (phone) the
//! 2026 notice, reads the preview's days, loads them with the button that says how many open
//! cases it re-times, sees the days and that the year is provisional, and confirms it complete.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure, submit_confirmed};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};

const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
国务院办公厅
2025年11月4日";

async fn journey(c: &Client, t: &TestApp, by_file: bool, shots: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("admin").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    c.goto(&t.url("/admin/calendar?year=2026")).await?;
    let dir = tempfile::tempdir()?;
    if by_file {
        let path = dir.path().join("2026年节假日安排.txt");
        std::fs::write(&path, NOTICE_2026)?;
        css(c, "[data-testid=notice-load] summary")
            .await?
            .click()
            .await?;
        css(c, "#notice-file")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        let mut filled = String::new();
        for _ in 0..50 {
            filled = css(c, "#notice")
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            if !filled.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        ensure(
            filled.contains("七、国庆节"),
            format!("file read: {filled}"),
        )?;
    } else {
        css(c, "[data-testid=notice-load] summary")
            .await?
            .click()
            .await?;
        css(c, "#notice").await?.send_keys(NOTICE_2026).await?;
    }
    std::fs::write(format!("{shots}-paste.png"), c.screenshot().await?).ok();
    click_to(
        c,
        "#notice-form button[type=submit]",
        "[data-testid=notice-preview]",
    )
    .await?;
    let summary = css(c, "[data-testid=notice-summary]").await?.text().await?;
    ensure(
        summary.contains("放假33天") && summary.contains("调休上班6天"),
        format!("summary: {summary}"),
    )?;
    let row = css(c, "tr[data-date='2026-02-14']").await?.text().await?;
    ensure(
        row.contains("春节") && row.contains("调休上班"),
        format!("row: {row}"),
    )?;
    let button = css(c, "[data-testid=notice-confirm]").await?.text().await?;
    ensure(
        button.contains("导入并重算1件在办案件期限"),
        format!("button: {button}"),
    )?;
    std::fs::write(format!("{shots}-preview.png"), c.screenshot().await?).ok();
    let done = click_to(c, "[data-testid=notice-confirm]", "[data-testid=done]")
        .await?
        .text()
        .await?;
    ensure(
        done.contains("已从国务院通知载入39天，已重算期限的事项数：1"),
        format!("loaded: {done}"),
    )?;
    css(c, "[data-testid=year-incomplete]").await?;
    css(c, "[data-testid=entries] tr[data-date='2026-10-07']").await?;
    std::fs::write(format!("{shots}-loaded.png"), c.screenshot().await?).ok();
    // The year is marked complete with the existing button: no longer provisional.
    submit_confirmed(
        c,
        "[data-testid=year-incomplete] form",
        "[data-testid=done]",
    )
    .await?;
    let warned = c
        .find_all(fantoccini::Locator::Css("[data-testid=year-incomplete]"))
        .await?;
    ensure(warned.is_empty(), "the year is confirmed complete")?;
    Ok(())
}

async fn run(width: u32, height: u32, by_file: bool) {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let b = browser::launch(width, height).await;
    let shots = format!("{}/calendar-notice-{width}", std::env::temp_dir().display());
    let result = journey(&b.client, &t, by_file, &shots).await;
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_administrator_pastes_the_notice_on_a_desktop() {
    run(1366, 768, false).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn an_administrator_loads_the_notice_from_a_file_on_a_phone() {
    run(390, 844, true).await;
}
