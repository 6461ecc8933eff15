//! The portal in English: Chinese by default, English after the header's switch link (the
//! `lang` cookie), with rule terms kept in Chinese where they name them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;

async fn page(url: &str, cookie: Option<&str>) -> (u16, String) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_portal_switches_to_english() {
    let t = spawn_app().await;

    // Chinese by default, with a visible switch to English.
    let (status, html) = page(&t.url("/public/submit"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("<h1>网上信访</h1>"), "{html}");
    assert!(
        html.contains("href=\"/lang/en?back=/public/submit\""),
        "{html}"
    );

    // The switch sets the cookie and returns to the page.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(t.url("/lang/en?back=/public/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/public/submit");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();

    let en = Some(cookie.as_str());
    let (_, html) = page(&t.url("/public/submit"), en).await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<h1>Submit a petition online</h1>"), "{html}");
    assert!(html.contains("<h2>Your matter</h2>"), "{html}");
    assert!(
        html.contains("Appeal / request"),
        "type label from huiyin-core: {html}"
    );
    assert!(html.contains("At most 3 files of 5 MB each"), "{html}");
    assert!(
        html.contains("href=\"/lang/zh?back=/public/submit\""),
        "{html}"
    );
    assert!(!html.contains("<h1>网上信访</h1>"), "{html}");

    let (_, html) = page(&t.url("/public"), en).await;
    assert!(
        html.contains("<h1>Guide to education petitions</h1>"),
        "{html}"
    );
    assert!(html.contains(">Time limits</h2>"), "{html}");
    let (_, html) = page(&t.url("/public/progress"), en).await;
    assert!(
        html.contains("<h1>Progress of your petition</h1>"),
        "{html}"
    );
    assert!(html.contains(">Query code</label>"), "{html}");
    let (_, html) = page(&t.url("/public/disclosure"), en).await;
    assert!(html.contains("<h1>Petition work disclosure</h1>"), "{html}");

    // A refused form in English: the field messages come in English too.
    let res = reqwest::Client::new()
        .post(t.url("/public/submit"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("idem=&title=")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Choose the type of petition"), "{html}");
    assert!(
        html.contains("Please check the marked fields and submit again"),
        "{html}"
    );
}
