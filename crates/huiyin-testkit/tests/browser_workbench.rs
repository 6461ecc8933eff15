//! The staff workbench end to end in headless Chromium: a clerk registers a letter and forwards
//! it, the school accepts, extends, issues an opinion, prints the notice, records the
//! evaluation and the review request, and the county decides the review — all through pages.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::time::Duration;

use fantoccini::{Client, Locator};
use huiyin_testkit::{PASSWORD, TestApp, browser, spawn_app};

type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn ensure(ok: bool, what: impl Into<String>) -> R {
    if ok { Ok(()) } else { Err(what.into().into()) }
}

async fn css(c: &Client, sel: &str) -> R<fantoccini::elements::Element> {
    Ok(c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(sel))
        .await?)
}

async fn sign_in(c: &Client, t: &TestApp, user: &str) -> R {
    c.goto(&t.url("/login")).await?;
    css(c, "#username").await?.send_keys(user).await?;
    css(c, "#password").await?.send_keys(PASSWORD).await?;
    let name = click_to(
        c,
        "form[action='/login'] button[type=submit]",
        "[data-testid=user-name]",
    )
    .await?
    .text()
    .await?;
    ensure(
        name == format!("测试{user}"),
        format!("signed in as {name}"),
    )
}

async fn sign_out(c: &Client) -> R {
    click_to(c, "form[action='/logout'] button", "#username").await?;
    Ok(())
}

/// Marks the document on screen, so that a wait after a click that navigates can tell the next
/// page from the current one (both may show the same element, e.g. the "done" notice).
async fn mark_page(c: &Client) -> R {
    c.execute("document.body.dataset.stale = '1'", vec![])
        .await?;
    Ok(())
}

/// Waits for `sel` on a page loaded after the last [`mark_page`].
async fn on_next_page(c: &Client, sel: &str) -> R<fantoccini::elements::Element> {
    css(c, &format!("body:not([data-stale]) {sel}")).await
}

/// Clicks `sel`, which navigates, and waits for `sel_after` on the page it leads to.
async fn click_to(c: &Client, sel: &str, sel_after: &str) -> R<fantoccini::elements::Element> {
    mark_page(c).await?;
    css(c, sel).await?.click().await?;
    on_next_page(c, sel_after).await
}

/// Confirms the dialog opened by a form with `data-confirm`, then waits for the next page.
async fn confirm_and_wait(c: &Client, sel_after: &str) -> R<fantoccini::elements::Element> {
    mark_page(c).await?;
    css(c, "#confirm-dialog[open] [data-confirm-ok]")
        .await?
        .click()
        .await?;
    on_next_page(c, sel_after).await
}

/// Opens an action's form on the case page.
async fn open_action(c: &Client, kind: &str) -> R<fantoccini::elements::Element> {
    let details = css(c, &format!("details[data-action={kind}]")).await?;
    details.find(Locator::Css("summary")).await?.click().await?;
    Ok(details)
}

async fn submit_action(c: &Client, details: &fantoccini::elements::Element) -> R {
    details
        .find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    confirm_and_wait(c, "[data-testid=done]").await?;
    Ok(())
}

async fn status(c: &Client) -> R<String> {
    Ok(css(c, "[data-testid=status]").await?.text().await?)
}

async fn journey(c: &Client, t: &TestApp) -> R {
    // The registrar registers a letter about the school, with two petitioners.
    sign_in(c, t, "registrar").await?;
    c.goto(&t.url("/register/letter")).await?;
    css(c, "#petition_type")
        .await?
        .select_by_value("appeal")
        .await?;
    css(c, "#category").await?.select_by_value("fees").await?;
    css(c, "#concerned_unit_id")
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    css(c, "#p0_name").await?.send_keys("张伟").await?;
    css(c, "#p0_id")
        .await?
        .send_keys("11010519491231002X")
        .await?;
    css(c, "#p0_phone").await?.send_keys("13800138000").await?;
    let ok = css(c, "#p0_id_hint .ok").await?.text().await?;
    ensure(ok.contains("1949-12-31"), format!("ID check: {ok}"))?;
    css(c, "[data-add-petitioner]").await?.click().await?;
    css(c, "#p1_name").await?.send_keys("李娜").await?;
    css(c, "#p1_id")
        .await?
        .send_keys("110105194912310021")
        .await?;
    let warn = css(c, "#p1_id_hint .warn").await?.text().await?;
    ensure(warn.contains("校验位"), format!("bad ID warns: {warn}"))?;
    css(c, "#title")
        .await?
        .send_keys("借读费<script>alert(1)</script>")
        .await?;
    css(c, "#content")
        .await?
        .send_keys("学校收取借读费3000元，要求说明依据。")
        .await?;
    css(c, "#demands").await?.send_keys("退还借读费").await?;
    css(c, "#register-form button[type=submit]")
        .await?
        .click()
        .await?;
    let done = confirm_and_wait(c, "[data-testid=done]")
        .await?
        .text()
        .await?;
    ensure(done.contains("登记成功"), format!("registered: {done}"))?;
    let url = c.current_url().await?;
    let id: i64 = url
        .path()
        .trim_start_matches("/cases/")
        .parse()
        .map_err(|_| format!("case url {url}"))?;
    // Text with markup is shown as text: the heading holds the literal tag, no alert opened.
    let h1 = css(c, "h1").await?.text().await?;
    ensure(
        h1.contains("<script>alert(1)</script>"),
        format!("title shown as text: {h1}"),
    )?;
    ensure(c.get_alert_text().await.is_err(), "no alert may open")?;
    ensure(status(c).await? == "已登记待处理", "registered")?;

    // …and forwards it to the school.
    let f = open_action(c, "forward").await?;
    f.find(Locator::Css("select[name=to_unit_id]"))
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    submit_action(c, &f).await?;
    ensure(status(c).await? == "已转送待受理", "forwarded")?;
    sign_out(c).await?;

    // The school accepts, extends (leader) and issues its opinion.
    sign_in(c, t, "school").await?;
    let tile = css(c, "[data-queue=to_accept] .n").await?.text().await?;
    ensure(tile == "1", format!("to accept: {tile}"))?;
    let case_link = format!("a[href='/cases/{id}']");
    click_to(c, "[data-queue=to_accept]", &case_link).await?;
    click_to(c, &case_link, "[data-testid=status]").await?;
    let f = open_action(c, "accept").await?;
    submit_action(c, &f).await?;
    ensure(status(c).await? == "已受理办理中", "accepted")?;
    let f = open_action(c, "extend").await?;
    f.find(Locator::Css("textarea[name=reason]"))
        .await?
        .send_keys("需调取多年收费档案")
        .await?;
    submit_action(c, &f).await?;
    let f = open_action(c, "issue_opinion").await?;
    f.find(Locator::Css("input[name=outcome][value=not_supported]"))
        .await?
        .click()
        .await?;
    f.find(Locator::Css("textarea[name=facts]"))
        .await?
        .send_keys("经调阅学校收费档案，所收费用为经物价部门批准的课后服务费。")
        .await?;
    f.find(Locator::Css("textarea[name=opinion]"))
        .await?
        .send_keys("经调查核实，学校收取的是经批准的课后服务费，不属于借读费。")
        .await?;
    f.find(Locator::Css("textarea[name=basis]"))
        .await?
        .send_keys("《义务教育法》第二条；《信访工作条例》第三十二条")
        .await?;
    submit_action(c, &f).await?;
    ensure(status(c).await? == "已出具处理意见", "opinion issued")?;

    // The opinion notice carries the statutory content, prints, and is recorded as issued.
    let sheet = click_to(c, "a[data-notice=opinion]", "article.sheet")
        .await?
        .text()
        .await?;
    for part in [
        "信访处理意见书",
        "信访请求",
        "信访人反映的情况",
        "经调查核实认定的事实：经调阅学校收费档案",
        "不予支持",
        "义务教育法",
        "申请复查",
        "某区教育局",
    ] {
        ensure(sheet.contains(part), format!("notice lacks {part}"))?;
    }
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    ensure(pdf.starts_with(b"%PDF"), "the notice prints to PDF")?;
    if std::env::var("HUIYIN_SCREENSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write("../../docs/screenshots/staff-notice-opinion.pdf", &pdf)?;
    }
    // Recorded as sent: the day (today by default) and how.
    c.find(Locator::Css("select[name=method]"))
        .await?
        .select_by_value("post")
        .await?;
    click_to(c, "[data-testid=issue]", "[data-testid=issued]").await?;
    let timeline = click_to(c, &case_link, "[data-testid=timeline]")
        .await?
        .text()
        .await?;
    ensure(
        timeline.contains("已书面告知信访人：信访处理意见书（邮寄送达"),
        "notice on the timeline",
    )?;

    // The petitioner's evaluation and review request, recorded by the school.
    let f = open_action(c, "evaluate").await?;
    f.find(Locator::Css("input[name=grade][value=dissatisfied]"))
        .await?
        .click()
        .await?;
    submit_action(c, &f).await?;
    let f = open_action(c, "request_review").await?;
    submit_action(c, &f).await?;
    ensure(status(c).await? == "复查中", "review requested")?;
    sign_out(c).await?;

    // The county, one level up, decides the review.
    sign_in(c, t, "county").await?;
    let tile = css(c, "[data-queue=reviews] .n").await?.text().await?;
    ensure(tile == "1", format!("reviews: {tile}"))?;
    c.goto(&t.url(&format!("/cases/{id}"))).await?;
    let f = open_action(c, "decide_review").await?;
    f.find(Locator::Css("input[name=outcome][value=explained]"))
        .await?
        .click()
        .await?;
    f.find(Locator::Css("textarea[name=facts]"))
        .await?
        .send_keys("复查核实，原处理意见认定的事实清楚。")
        .await?;
    f.find(Locator::Css("textarea[name=opinion]"))
        .await?
        .send_keys("原处理意见认定事实清楚，现作进一步解释说明。")
        .await?;
    f.find(Locator::Css("textarea[name=basis]"))
        .await?
        .send_keys("《信访工作条例》第三十五条")
        .await?;
    submit_action(c, &f).await?;
    ensure(status(c).await? == "已出具复查意见", "review decided")?;
    let sheet = click_to(c, "a[data-notice=review]", "article.sheet")
        .await?
        .text()
        .await?;
    ensure(
        sheet.contains("复查意见书") && sheet.contains("申请复核"),
        "review notice",
    )?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_letter_goes_through_the_workflow_in_the_pages() {
    let t = spawn_app().await;
    let b = browser::launch(1366, 768).await;
    let result = journey(&b.client, &t).await;
    if result.is_err() {
        b.screenshot(&format!(
            "{}/failure-workbench.png",
            std::env::temp_dir().display()
        ))
        .await;
    }
    b.close().await;
    result.unwrap();
}
