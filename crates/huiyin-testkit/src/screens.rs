//! What the screenshot tours share (`browser_workbench_screens`, `browser_newer_screens`):
//! signing in and out through the forms, the phone size emulated, and a screenshot taken only
//! after checking that the page does not scroll sideways. With `HUIYIN_SCREENSHOTS=1` the
//! pictures go to docs/screenshots/ (the README shows them); otherwise to a temporary
//! directory.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::Browser;
use crate::browser_steps::R;
use crate::{PASSWORD, TestApp};

/// Where the screenshots are written.
pub fn out_dir() -> String {
    if std::env::var("HUIYIN_SCREENSHOTS").is_ok_and(|v| v == "1") {
        "../../docs/screenshots".to_owned()
    } else {
        format!("{}/huiyin-screens", std::env::temp_dir().display())
    }
}

/// Signs `user` in through the sign-in form and waits for the signed-in page.
pub async fn sign_in(c: &Client, t: &TestApp, user: &str) -> R {
    c.goto(&t.url("/login")).await?;
    c.find(Locator::Css("#username"))
        .await?
        .send_keys(user)
        .await?;
    c.find(Locator::Css("#password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    c.find(Locator::Css("form[action='/login'] button"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=user-name]"))
        .await?;
    Ok(())
}

/// Signs out through the header's form.
pub async fn sign_out(c: &Client, t: &TestApp) -> R {
    c.goto(&t.url("/")).await?;
    c.find(Locator::Css("form[action='/logout'] button"))
        .await?
        .click()
        .await?;
    // The sign-in page (and only it) has the user-name field: signed out.
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#username"))
        .await?;
    Ok(())
}

/// A Chrome DevTools command through chromedriver (`goog/cdp/execute`): headless Chromium will
/// not make a window narrower than 500 px, so the phone size is emulated.
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &reqwest::Url,
        session: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or("")
        ))
    }
    fn method_and_body(&self, _: &reqwest::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.0.to_string()))
    }
}

/// Makes the page `width`×`height` as a phone shows it.
pub async fn emulate_phone(c: &Client, width: u32, height: u32) -> R {
    c.issue_cmd(Cdp(json!({
        "cmd": "Emulation.setDeviceMetricsOverride",
        "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true}
    })))
    .await?;
    Ok(())
}

/// Saves `staff-{name}-{width}.png` once htmx partials have settled, failing when the page
/// scrolls sideways.
pub async fn shoot(c: &Client, b: &Browser, name: &str, width: u32) -> R {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await?;
    let px = overflow.as_i64().unwrap_or(0);
    if px > 1 {
        return Err(format!("{name} at {width}px scrolls sideways by {px}px").into());
    }
    b.screenshot(&format!("{}/staff-{name}-{width}.png", out_dir()))
        .await;
    Ok(())
}
