//! Steps the browser tests share: waiting for an element, telling the next page from the
//! current one after a navigating click, and failing with a message.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

/// A browser step's result.
pub type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Fails the step with `what` unless `ok`.
pub fn ensure(ok: bool, what: impl Into<String>) -> R {
    if ok { Ok(()) } else { Err(what.into().into()) }
}

/// Waits (at most 10 s) for an element matching `sel`.
pub async fn css(c: &Client, sel: &str) -> R<Element> {
    Ok(c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(sel))
        .await?)
}

/// Marks the document on screen, so that a wait after a click that navigates can tell the
/// next page from the current one.
pub async fn mark_page(c: &Client) -> R {
    c.execute("document.body.dataset.stale = '1'", vec![])
        .await?;
    Ok(())
}

/// Waits for `sel` on a page loaded after the last [`mark_page`].
pub async fn on_next_page(c: &Client, sel: &str) -> R<Element> {
    css(c, &format!("body:not([data-stale]) {sel}")).await
}

/// Clicks `sel`, which navigates, and waits for `after` on the page it leads to.
pub async fn click_to(c: &Client, sel: &str, after: &str) -> R<Element> {
    mark_page(c).await?;
    css(c, sel).await?.click().await?;
    on_next_page(c, after).await
}

/// Submits a form with `data-confirm`, confirms the dialog, waits for `after` on the next page
/// and answers its text.
pub async fn submit_confirmed(c: &Client, form: &str, after: &str) -> R<String> {
    css(c, &format!("{form} button[type=submit]"))
        .await?
        .click()
        .await?;
    mark_page(c).await?;
    css(c, "#confirm-dialog[open] [data-confirm-ok]")
        .await?
        .click()
        .await?;
    Ok(on_next_page(c, after).await?.text().await?)
}
