//! 联合接访 and the scope's matter files in headless Chromium (issue 15 items 3 and 4): a county
//! clerk records a joint reception session with the departments that received together,
//! records the case taken there by its number, closes the session after ticking the
//! confirmation; then finds a matter file in the list, orders by most cases and opens it —
//! at desktop and phone widths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure};
use huiyin_testkit::{PASSWORD, TestApp, browser, letter, spawn_app};
use serde_json::json;

struct Seeded {
    case_id: i64,
    case_number: String,
    matter_id: i64,
    matter_numbers: Vec<String>,
}

async fn sign_in(c: &Client, t: &TestApp) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys("county").await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?;
    Ok(())
}

async fn joint_reception(c: &Client, t: &TestApp, s: &Seeded, shots: &str) -> R {
    c.goto(&t.url("/joint-receptions")).await?;
    css(c, "[data-testid=no-sessions]").await?;
    css(c, "#n-place")
        .await?
        .send_keys("区信访接待中心")
        .await?;
    css(c, &format!("#n-host option[value='{}']", t.units.county))
        .await?
        .click()
        .await?;
    css(
        c,
        &format!("input[name=unit_ids][value='{}']", t.units.school),
    )
    .await?
    .click()
    .await?;
    css(c, "#n-duty").await?.send_keys("王局长\n李科长").await?;
    click_to(
        c,
        "[data-testid=new-session] button[type=submit]",
        "[data-testid=done]",
    )
    .await?;
    css(c, "#l-number").await?.send_keys(&s.case_number).await?;
    click_to(
        c,
        "[data-action=link] button[type=submit]",
        &format!("tr[data-case='{}']", s.case_id),
    )
    .await?;
    let facts = css(c, "dl.facts").await?.text().await?;
    ensure(
        facts.contains("王局长、李科长") && facts.contains("区信访接待中心"),
        format!("the session's facts: {facts}"),
    )?;
    std::fs::write(format!("{shots}-session.png"), c.screenshot().await?).ok();
    css(c, "#c-summary").await?.send_keys("当场受理1件").await?;
    css(c, "[data-action=close] input[name=confirm]")
        .await?
        .click()
        .await?;
    let summary = click_to(
        c,
        "[data-action=close] button[type=submit]",
        "[data-testid=summary]",
    )
    .await?
    .text()
    .await?;
    ensure(
        summary.contains("当场受理1件"),
        format!("closed with its summary: {summary}"),
    )?;
    ensure(
        c.find_all(fantoccini::Locator::Css("[data-action=close]"))
            .await?
            .is_empty(),
        "a closed session offers no close form",
    )?;
    // The list names the closed session with its one case; the case page names the session.
    c.goto(&t.url("/joint-receptions?status=closed")).await?;
    let row = css(c, "tr[data-session]").await?.text().await?;
    ensure(row.contains("区信访接待中心"), format!("listed: {row}"))?;
    c.goto(&t.url(&format!("/cases/{}", s.case_id))).await?;
    let page = css(c, "main").await?.text().await?;
    ensure(
        page.contains("联合接访"),
        "the case page names its session".to_string(),
    )
}

async fn matter_list(c: &Client, t: &TestApp, s: &Seeded, shots: &str) -> R {
    c.goto(&t.url("/matters")).await?;
    css(c, "#m-sort option[value=cases]").await?.click().await?;
    click_to(
        c,
        "form[role=search] button[type=submit]",
        "[data-testid=matters]",
    )
    .await?;
    ensure(
        c.current_url().await?.as_str().contains("sort=cases"),
        "ordered by most cases",
    )?;
    let row = css(c, &format!("tr[data-matter='{}']", s.matter_id))
        .await?
        .text()
        .await?;
    ensure(
        s.matter_numbers.iter().all(|n| row.contains(n.as_str())),
        format!("the file names its cases: {row}"),
    )?;
    std::fs::write(format!("{shots}-matters.png"), c.screenshot().await?).ok();
    let cases = click_to(
        c,
        &format!("tr[data-matter='{}'] a", s.matter_id),
        "[data-testid=matter-cases]",
    )
    .await?
    .text()
    .await?;
    ensure(
        s.matter_numbers.iter().all(|n| cases.contains(n.as_str())),
        format!("the matter file lists its cases: {cases}"),
    )
}

async fn run(width: u32, height: u32) {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let taken = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let mut ids = Vec::new();
    let mut numbers = Vec::new();
    for day in ["2026-05-11", "2026-06-02"] {
        let v = t.register(&registrar, &letter(t.units.school, day)).await;
        ids.push(v["id"].as_i64().unwrap());
        numbers.push(v["number"].as_str().unwrap().to_owned());
    }
    let (status, m) = t
        .post_json(
            "/api/v1/matters",
            Some(&registrar),
            &json!({ "case_ids": ids }),
        )
        .await;
    assert_eq!(status, 201, "{m}");
    let seeded = Seeded {
        case_id: taken["id"].as_i64().unwrap(),
        case_number: taken["number"].as_str().unwrap().to_owned(),
        matter_id: m["id"].as_i64().unwrap(),
        matter_numbers: numbers,
    };
    let b = browser::launch(width, height).await;
    let shots = format!(
        "{}/joint-receptions-{width}",
        std::env::temp_dir().display()
    );
    let mut result = sign_in(&b.client, &t).await;
    if result.is_ok() {
        result = joint_reception(&b.client, &t, &seeded, &shots).await;
    }
    if result.is_ok() {
        result = matter_list(&b.client, &t, &seeded, &shots).await;
    }
    if result.is_err() {
        b.screenshot(&format!("{shots}-failure.png")).await;
    }
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_clerk_records_a_joint_reception_and_opens_a_matter_file_on_a_desktop() {
    run(1366, 768).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_clerk_records_a_joint_reception_and_opens_a_matter_file_on_a_phone() {
    run(390, 844).await;
}
