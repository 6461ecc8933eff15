//! The administration pages and attachments in headless Chromium: the administrator adds a
//! unit and a user (三员分立 refused first), changes the holiday calendar after confirming and
//! sees how many cases were re-timed; a clerk sees the moved deadline and attaches a scan to
//! the case from the case page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure, submit_confirmed};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};

async fn sign_in(c: &Client, t: &TestApp, user: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys(user).await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    Ok(())
}

async fn admin(c: &Client, t: &TestApp, case_id: i64) -> R {
    sign_in(c, t, "admin").await?;
    click_to(c, "nav.nav a[href='/admin/units']", "[data-testid=units]").await?;
    // A unit under the county bureau.
    css(c, "#name").await?.send_keys("某区实验幼儿园").await?;
    css(c, "#kind").await?.select_by_value("school").await?;
    css(c, "#parent_id")
        .await?
        .select_by_value(&t.units.county.to_string())
        .await?;
    css(c, "#region_code").await?.send_keys("110105").await?;
    let done = submit_confirmed(c, "#unit-form", "[data-testid=done]").await?;
    ensure(
        done.contains("某区实验幼儿园"),
        format!("unit added: {done}"),
    )?;
    // A user holding two separated administrator roles is refused, with the reason.
    c.goto(&t.url("/admin/users")).await?;
    css(c, "#username").await?.send_keys("zhang.admin").await?;
    css(c, "#display_name")
        .await?
        .send_keys("张<script>alert(1)</script>")
        .await?;
    css(c, "#password")
        .await?
        .send_keys("Strong-pass-2026")
        .await?;
    css(c, "#unit_id")
        .await?
        .select_by_value(&t.units.province.to_string())
        .await?;
    css(c, "input[name=roles][value=admin]")
        .await?
        .click()
        .await?;
    css(c, "input[name=roles][value=auditor]")
        .await?
        .click()
        .await?;
    let errors = submit_confirmed(c, "#user-form", "[data-testid=errors]").await?;
    ensure(errors.contains("三员分立"), format!("refused: {errors}"))?;
    let kept = css(c, "#display_name").await?.prop("value").await?;
    ensure(
        kept.as_deref() == Some("张<script>alert(1)</script>"),
        format!("typed name kept as text: {kept:?}"),
    )?;
    // The same user as a handler of the school: added.
    css(c, "#password")
        .await?
        .send_keys("Strong-pass-2026")
        .await?;
    css(c, "input[name=roles][value=admin]")
        .await?
        .click()
        .await?;
    css(c, "input[name=roles][value=auditor]")
        .await?
        .click()
        .await?;
    css(c, "input[name=roles][value=handler]")
        .await?
        .click()
        .await?;
    css(c, "#unit_id")
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    let done = submit_confirmed(c, "#user-form", "[data-testid=done]").await?;
    ensure(done.contains("zhang.admin"), format!("user added: {done}"))?;
    let row = css(c, "tr[data-user='zhang.admin']").await?.text().await?;
    ensure(
        row.contains("张<script>alert(1)</script>") && row.contains("承办人"),
        format!("listed: {row}"),
    )?;
    // The day the open case's 15-day limit ends becomes a day off: confirmed, re-timed.
    c.goto(&t.url("/admin/calendar?year=2026")).await?;
    css(c, "#date").await?.send_keys("07/14/2026").await?;
    css(c, "#hname").await?.send_keys("测试假日").await?;
    let done = submit_confirmed(c, "#day-form", "[data-testid=done]").await?;
    ensure(
        done.contains("已重算期限的事项数："),
        format!("re-timed: {done}"),
    )?;
    css(c, "tr[data-date='2026-07-14']").await?;
    // Administrators do not work cases: the case itself is not theirs to open.
    c.goto(&t.url(&format!("/cases/{case_id}"))).await?;
    css(c, "[data-testid=error-message]").await?;
    click_to(c, "form[action='/logout'] button", "#username").await?;
    Ok(())
}

async fn attach(c: &Client, t: &TestApp, case_id: i64) -> R {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("来信扫描件.png");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[7; 256]);
    std::fs::write(&path, &png)?;
    sign_in(c, t, "registrar").await?;
    c.goto(&t.url(&format!("/cases/{case_id}"))).await?;
    let due = css(c, ".deadline .due").await?.text().await?;
    ensure(
        due.contains("2026-07-15"),
        format!("deadline moved past the new day off: {due}"),
    )?;
    css(c, "#case-files")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    let done = submit_confirmed(c, "form.upload", "[data-testid=attachments]").await?;
    ensure(done.contains("来信扫描件.png"), format!("listed: {done}"))?;
    let href = css(c, "[data-testid=attachments] a")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    ensure(
        href.starts_with(&format!("/cases/{case_id}/attachments/")),
        href,
    )?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn administrator_and_attachments_in_the_browser() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let b = browser::launch(1366, 768).await;
    let mut result = admin(&b.client, &t, id).await;
    if result.is_ok() {
        result = attach(&b.client, &t, id).await;
    }
    if result.is_err() {
        b.screenshot(&format!(
            "{}/failure-admin.png",
            std::env::temp_dir().display()
        ))
        .await;
    }
    b.close().await;
    result.unwrap();
}
