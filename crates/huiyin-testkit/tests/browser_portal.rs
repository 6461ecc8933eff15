//! The public portal end to end in headless Chromium at phone size (390×844): a parent submits
//! a petition, keeps the query code and PIN, follows progress while staff act through the API,
//! evaluates the opinion and requests a review. Then every portal page is photographed at
//! 390×844 and 1366×768 (into docs/screenshots/ with `HUIYIN_SCREENSHOTS=1`), checking that no
//! page scrolls sideways.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::time::Duration;

use fantoccini::{Client, Locator};
use huiyin_testkit::{TestApp, browser, spawn_app};
use serde_json::json;

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

/// Clicks `sel`, which navigates, and waits for `after` on the next page.
async fn click_to(c: &Client, sel: &str, after: &str) -> R<fantoccini::elements::Element> {
    c.execute("document.body.dataset.stale = '1'", vec![])
        .await?;
    css(c, sel).await?.click().await?;
    css(c, &format!("body:not([data-stale]) {after}")).await
}

async fn type_in(c: &Client, sel: &str, text: &str) -> R {
    css(c, sel)
        .await?
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into {sel}: {e}"))?;
    Ok(())
}

fn out_dir() -> String {
    if std::env::var("HUIYIN_SCREENSHOTS").is_ok_and(|v| v == "1") {
        "../../docs/screenshots".to_owned()
    } else {
        format!("{}/huiyin-screens", std::env::temp_dir().display())
    }
}

async fn shoot(b: &browser::Browser, name: &str, width: u32) -> R {
    let c = &b.client;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await?;
    let px = overflow.as_i64().unwrap_or(0);
    ensure(
        px <= 1,
        format!("{name} at {width}px scrolls sideways by {px}px"),
    )?;
    b.screenshot(&format!("{}/portal-{name}-{width}.png", out_dir()))
        .await;
    Ok(())
}

/// Fills and sends the submission form; returns (query code, PIN).
async fn submit_petition(
    b: &browser::Browser,
    t: &TestApp,
    width: u32,
    shots: bool,
) -> R<(String, String)> {
    let c = &b.client;
    c.goto(&t.url("/public/submit")).await?;
    if shots {
        shoot(b, "submit", width).await?;
    }
    css(c, "input[name=petition_type][value=appeal]")
        .await?
        .click()
        .await?;
    css(c, "#f-category").await?.select_by_value("fees").await?;
    type_in(c, "[data-unit-search]", "第一小学").await?;
    let count = css(c, "[data-unit-count]").await?.text().await?;
    ensure(
        count.contains("共 1 个单位"),
        format!("unit search: {count}"),
    )?;
    css(c, "#f-unit")
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    type_in(
        c,
        "#f-content",
        "孩子所在班级每学期收取资料费500元，未公示收费依据。",
    )
    .await?;
    type_in(c, "#f-demands", "请核查并退还不合理收费").await?;
    type_in(c, "#f-name", "李秀英").await?;
    type_in(c, "#f-phone", "13912345678").await?;
    // Without a title and the privacy consent the form comes back with messages in Chinese.
    let err = click_to(
        c,
        "form[action='/public/submit'] button[type=submit]",
        ".field-error",
    )
    .await?;
    ensure(err.text().await?.contains("不能为空"), "title message")?;
    let page = c.source().await?;
    ensure(
        page.contains("请阅读并同意个人信息保护告知"),
        "consent message",
    )?;
    if shots {
        shoot(b, "submit-errors", width).await?;
    }
    type_in(c, "#f-title", "反映学校违规收取资料费").await?;
    css(c, "input[name=consent_privacy]").await?.click().await?;
    let code = click_to(
        c,
        "form[action='/public/submit'] button[type=submit]",
        "[data-testid=query-code]",
    )
    .await?
    .text()
    .await?;
    let pin = css(c, "[data-testid=pin]").await?.text().await?;
    ensure(
        code.len() == 16 && pin.len() == 6,
        format!("receipt {code} {pin}"),
    )?;
    if shots {
        shoot(b, "done", width).await?;
    }
    // The code can be copied (127.0.0.1 is a secure context), and the link to the progress
    // form fills it in; the PIN is typed by the petitioner.
    css(c, "[data-testid=copy-code]:not([hidden])").await?;
    css(c, "[data-testid=see-progress]").await?.click().await?;
    let filled = css(c, "#q-code")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure(
        filled == code,
        format!("the progress form has the code: {filled}"),
    )?;
    let pin_field = css(c, "#q-pin")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure(pin_field.is_empty(), "never the PIN")?;
    Ok((code, pin))
}

async fn open_progress(b: &browser::Browser, t: &TestApp, code: &str, pin: &str) -> R<String> {
    let c = &b.client;
    c.goto(&t.url("/public/progress")).await?;
    type_in(c, "#q-code", code).await?;
    type_in(c, "#q-pin", pin).await?;
    Ok(click_to(
        c,
        "form[action='/public/progress'] button",
        "[data-testid=stage]",
    )
    .await?
    .text()
    .await?)
}

async fn staff_decide(t: &TestApp) -> i64 {
    let county = t.token("county").await;
    let id = t.list(&county, "").await["items"][0]["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    t.act_ok(&county, id, json!({"action": "issue_opinion", "outcome": "supported",
        "opinion": "经核查，资料费收取未经公示，已责令学校退还。", "basis": "《信访工作条例》第三十二条"})).await;
    id
}

async fn journey(b: &browser::Browser, t: &TestApp) -> R {
    let c = &b.client;
    let (code, pin) = submit_petition(b, t, 390, false).await?;
    let stage = open_progress(b, t, &code, &pin).await?;
    ensure(
        stage.contains("已登记"),
        format!("stage after submission: {stage}"),
    )?;
    // A wrong PIN says only that code or PIN is wrong.
    c.goto(&t.url("/public/progress")).await?;
    type_in(c, "#q-code", &code).await?;
    type_in(c, "#q-pin", "000000").await?;
    let e = click_to(
        c,
        "form[action='/public/progress'] button",
        "[data-testid=error]",
    )
    .await?;
    ensure(
        e.text().await?.contains("查询码或查询密码不正确"),
        "wrong PIN message",
    )?;

    staff_decide(t).await;
    let stage = open_progress(b, t, &code, &pin).await?;
    ensure(stage.contains("已出具处理意见"), format!("stage: {stage}"))?;
    let steps = css(c, "[data-testid=steps]").await?.text().await?;
    ensure(
        steps.contains("已责令学校退还") && steps.contains("受理告知"),
        format!("steps: {steps}"),
    )?;
    ensure(
        !c.source().await?.contains("测试county"),
        "staff name disclosed",
    )?;

    css(c, "input[name=grade][value=satisfied]")
        .await?
        .click()
        .await?;
    let n = click_to(
        c,
        "form[action='/public/progress/evaluate'] button",
        "[data-testid=notice]",
    )
    .await?;
    ensure(
        n.text().await?.contains("感谢您的评价"),
        "evaluation notice",
    )?;
    ensure(
        c.find(Locator::Css("form[action='/public/progress/evaluate']"))
            .await
            .is_err(),
        "evaluation offered twice",
    )?;
    // The request asks for its reasons and a confirmation before it goes.
    type_in(c, "#r-reasons", "学校只退还了一半资料费。").await?;
    css(c, "input[name=confirm_request]").await?.click().await?;
    click_to(
        c,
        "form[action='/public/progress/review'] button",
        "[data-testid=notice]",
    )
    .await?;
    let stage = css(c, "[data-testid=stage]").await?.text().await?;
    ensure(
        stage.contains("复查中"),
        format!("stage after review request: {stage}"),
    )
}

async fn tour(b: &browser::Browser, t: &TestApp, width: u32) -> R {
    let c = &b.client;
    c.goto(&t.url("/public")).await?;
    shoot(b, "guide", width).await?;
    c.goto(&t.url("/public?start=2026-09-25&days=15&unit=calendar#h-calc"))
        .await?;
    let r = css(c, "[data-testid=calc-result]").await?.text().await?;
    ensure(r.contains("2026-10-"), format!("calculator: {r}"))?;
    shoot(b, "guide-calculator", width).await?;
    let (code, pin) = submit_petition(b, t, width, true).await?;
    c.goto(&t.url("/public/progress")).await?;
    shoot(b, "progress-form", width).await?;
    staff_decide(t).await;
    open_progress(b, t, &code, &pin).await?;
    shoot(b, "progress", width).await?;
    c.goto(&t.url("/public/disclosure")).await?;
    let total = css(c, "[data-testid=total]").await?.text().await?;
    ensure(total != "0", "disclosure counts the case")?;
    shoot(b, "disclosure", width).await
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn a_parent_submits_follows_evaluates_and_requests_review_on_a_phone() {
    let t = spawn_app().await;
    let b = browser::launch(390, 844).await;
    let result = journey(&b, &t).await;
    b.close().await;
    result.unwrap();
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn every_portal_page_at_phone_and_desktop_size() {
    for (w, h) in [(390, 844), (1366, 768)] {
        let t = spawn_app().await;
        let b = browser::launch(w, h).await;
        let result = tour(&b, &t, w).await;
        b.close().await;
        result.unwrap();
    }
}
