//! The registration form names its date by channel (issue 12 item 10): 来访日期 for a visit,
//! 来电日期 for a call, 收件日期 for a letter.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::spawn_app;

#[tokio::test]
async fn the_date_field_says_what_day_it_is() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    for (channel, label) in [
        ("visit", "来访日期"),
        ("phone", "来电日期"),
        ("letter", "收件日期"),
    ] {
        let (status, page) = get(&t, &cookie, &format!("/register/{channel}")).await;
        assert_eq!(status, 200, "{channel}");
        assert!(
            page.contains(&format!(
                "<label for=\"received_on\" class=\"req\">{label}</label>"
            )),
            "{channel}: {label}"
        );
    }
}
