//! Nothing typed is lost (issue 12 item 5), in headless Chromium: a registration typed while
//! the session ends is answered with the typed text and a way back, restored into the form
//! after signing in again, and saved; a page warns before the idle limit and keeps the
//! session alive when asked, at phone width too.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use huiyin_app::AppConfig;
use huiyin_testkit::browser_steps::{R, css, ensure, mark_page, on_next_page};
use huiyin_testkit::{PASSWORD, TestApp, browser, spawn_app, spawn_app_with};

/// Waits until the page's script `cond` (an expression) is true.
async fn until(c: &Client, cond: &str) -> R {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let v = c.execute(&format!("return !!({cond});"), vec![]).await?;
        if v.as_bool() == Some(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("never true: {cond}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn sign_in_form(c: &Client, user: &str) -> R {
    css(c, "#username").await?.send_keys(user).await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    mark_page(c).await?;
    css(c, "form[action='/login'] button[type=submit]")
        .await?
        .click()
        .await?;
    on_next_page(c, "[data-testid=user-name]").await?;
    Ok(())
}

async fn submit_registration(c: &Client, sel_after: &str) -> R<fantoccini::elements::Element> {
    let button = css(c, "#register-form button[type=submit]").await?;
    let says = button.text().await?;
    button.click().await?;
    mark_page(c).await?;
    let ok = css(c, "#confirm-dialog[open] [data-confirm-ok]").await?;
    // The confirming button says what it does, as the form's own button does.
    let confirm = ok.text().await?;
    ensure(
        confirm == says,
        format!("confirm says {confirm}, not {says}"),
    )?;
    ok.click().await?;
    on_next_page(c, sel_after).await
}

async fn value(c: &Client, sel: &str) -> R<String> {
    Ok(css(c, sel).await?.prop("value").await?.unwrap_or_default())
}

async fn draft_survives_the_end_of_a_session(c: &Client, t: &TestApp) -> R {
    c.goto(&t.url("/login")).await?;
    sign_in_form(c, "registrar").await?;
    c.goto(&t.url("/register/letter")).await?;
    css(c, "#petition_type")
        .await?
        .select_by_value("suggestion")
        .await?;
    css(c, "#category").await?.select_by_value("fees").await?;
    css(c, "#concerned_unit_id")
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    css(c, "#p0_name").await?.send_keys("王芳").await?;
    css(c, "#title")
        .await?
        .send_keys("建议食堂公开菜价")
        .await?;
    let long = "学校食堂饭菜价格近期上涨，家长不了解成本构成，建议每月公示菜价和采购价格。";
    css(c, "#content").await?.send_keys(long).await?;
    css(c, "#demands").await?.send_keys("公开菜价").await?;
    until(
        c,
        "Object.keys(sessionStorage).some(k => k.startsWith('hy-draft:') && sessionStorage.getItem(k).includes('公开菜价'))",
    )
    .await?;

    // The session ends while the form is open; sending it keeps the text and says what to do.
    c.delete_cookie("hy_session").await?;
    let kept = submit_registration(c, "[data-testid=kept-fields]")
        .await?
        .text()
        .await?;
    ensure(kept.contains(long), format!("typed text kept: {kept}"))?;
    mark_page(c).await?;
    css(c, "[data-testid=sign-in-again]").await?.click().await?;
    on_next_page(c, "#username").await?;
    sign_in_form(c, "registrar").await?;

    // Back on the form, what was typed is there again.
    css(c, "[data-testid=draft-restored]").await?;
    ensure(
        value(c, "#content").await? == long,
        "the content is restored",
    )?;
    ensure(value(c, "#p0_name").await? == "王芳", "the petitioner too")?;
    ensure(
        value(c, "#concerned_unit_id").await? == t.units.school.to_string(),
        "and the unit chosen",
    )?;
    submit_registration(c, "[data-testid=done]").await?;

    // Saved: the draft is gone.
    c.goto(&t.url("/register/letter")).await?;
    css(c, "#title").await?;
    ensure(
        value(c, "#title").await?.is_empty(),
        "no draft after saving",
    )?;
    let left = c
        .execute(
            "return Object.keys(sessionStorage).filter(k => k.startsWith('hy-draft')).length;",
            vec![],
        )
        .await?;
    ensure(left.as_i64() == Some(0), format!("drafts left: {left}"))
}

async fn the_page_warns_before_the_idle_limit(c: &Client, t: &TestApp) -> R {
    c.goto(&t.url("/login")).await?;
    sign_in_form(c, "registrar").await?;
    // The limit is one minute: the warning shows at once, and keeping on works.
    let banner = css(c, "[data-testid=session-warning]:not([hidden])").await?;
    let text = banner.text().await?;
    ensure(text.contains("分钟后失效"), format!("warning: {text}"))?;
    banner
        .find(Locator::Css("[data-session-action]"))
        .await?
        .click()
        .await?;
    until(c, "document.getElementById('session-warning').hidden").await?;
    // Once the session is gone, the banner says so and leads to the sign-in page.
    c.delete_cookie("hy_session").await?;
    c.execute(
        "document.dispatchEvent(new Event('visibilitychange'))",
        vec![],
    )
    .await?;
    let banner = css(c, "[data-testid=session-warning]:not([hidden])").await?;
    banner
        .find(Locator::Css("[data-session-action]"))
        .await?
        .click()
        .await?;
    until(
        c,
        "document.getElementById('session-warning').textContent.includes('重新登录')",
    )
    .await?;
    mark_page(c).await?;
    css(c, "[data-testid=session-warning] [data-session-action]")
        .await?
        .click()
        .await?;
    on_next_page(c, "#username").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_registration_typed_across_a_session_timeout_is_not_lost() {
    let t = spawn_app().await;
    let b = browser::launch(1366, 768).await;
    let result = draft_survives_the_end_of_a_session(&b.client, &t).await;
    if result.is_err() {
        b.screenshot(&format!(
            "{}/failure-drafts.png",
            std::env::temp_dir().display()
        ))
        .await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_phone_is_warned_before_the_session_ends() {
    let config = AppConfig {
        token_idle_minutes: 1,
        ..AppConfig::default()
    };
    let t = spawn_app_with("2026-06-30", config).await;
    let b = browser::launch(390, 844).await;
    let result = the_page_warns_before_the_idle_limit(&b.client, &t).await;
    if result.is_err() {
        b.screenshot(&format!(
            "{}/failure-idle.png",
            std::env::temp_dir().display()
        ))
        .await;
    }
    b.close().await;
    result.unwrap();
}
