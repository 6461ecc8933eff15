//! The staff pages as a browser without JavaScript uses them: a client that does not follow
//! redirects (so a test sees each answer), form posts, sign-in through the form, CSRF tokens.

use crate::{PASSWORD, TestApp};

/// A client without redirects, so the tests see each answer.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Percent-encoding of a form field or query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `application/x-www-form-urlencoded` of these pairs.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts a form with the session `cookie` (may be empty); the answer as it came.
pub async fn post_form(
    t: &TestApp,
    cookie: &str,
    path: &str,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    client()
        .post(t.url(path))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(pairs))
        .send()
        .await
        .unwrap()
}

/// Posts a form; status and body.
pub async fn post(t: &TestApp, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    let res = post_form(t, cookie, path, pairs).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Gets a page with the session `cookie`; status and body.
pub async fn get(t: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = client()
        .get(t.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Signs in through the form; checks the session cookie's attributes and returns its
/// `hy_session=…` pair.
pub async fn sign_in(t: &TestApp, user: &str) -> String {
    let res = post_form(
        t,
        "",
        "/login",
        &[("username", user), ("password", PASSWORD), ("next", "/")],
    )
    .await;
    assert_eq!(res.status(), 303, "sign-in of {user} redirects");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

/// The CSRF token of the first form on the page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"_csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 20;
    html[at..at + 64].to_owned()
}
