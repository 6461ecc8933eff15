//! Query codes for every channel (issue 10 item 10): a letter, a visit or a call gets a code
//! and PIN when the petitioner agrees, shown once, and they open the portal's progress page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn progress(t: &TestApp, code: &str, pin: &str) -> (u16, Value) {
    let res = t
        .client
        .get(t.url(&format!("/api/v1/public/petitions/{code}")))
        .header("x-pin", pin)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_letter_registered_by_staff_gets_a_code_that_opens_the_progress_page() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-20");
    body["query_code"] = json!(true);
    let v = t.register(&registrar, &body).await;
    let code = v["query_code"].as_str().expect("a code").to_owned();
    let pin = v["pin"].as_str().expect("a PIN").to_owned();
    assert_eq!(pin.len(), 6);
    let (status, p) = progress(&t, &code, &pin).await;
    assert_eq!(status, 200, "{p}");
    assert!(p.to_string().contains("2026-06-20"), "{p}");
    assert_eq!(progress(&t, &code, "000000").await.0, 404, "a wrong PIN");
    // Shown once: the case page does not show it again, and a second code is refused.
    let id = v["id"].as_i64().unwrap();
    let (_, case) = t.case(&registrar, id).await;
    assert!(!case.to_string().contains(&code));
    let (status, e) = t
        .post_json(
            &format!("/api/v1/cases/{id}/query-code"),
            Some(&registrar),
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("case.query_code_issued"))
    );
    // Without the petitioner's agreement no code is issued.
    let plain = t
        .register(&registrar, &letter(t.units.school, "2026-06-21"))
        .await;
    assert!(plain.get("query_code").is_none(), "{plain}");
}

#[tokio::test]
async fn a_visit_gets_its_code_later_on_a_printable_receipt() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-20");
    body["channel"] = json!("visit");
    let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
    let cookie = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(
        page.contains("data-testid=\"query-code\""),
        "the case page offers it"
    );
    let csrf = csrf_of(&page);
    let (status, receipt) = post(
        &t,
        &cookie,
        &format!("/cases/{id}/query-code"),
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(status, 200, "{receipt}");
    let grab = |testid: &str| {
        receipt
            .split(&format!("data-testid=\"{testid}\">"))
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap()
            .to_owned()
    };
    let (code, pin) = (grab("code"), grab("pin"));
    assert_eq!(progress(&t, &code, &pin).await.0, 200);
    // A sibling county cannot issue a code for a case it may not see.
    let sibling = t.token("sibling").await;
    let (status, _) = t
        .post_json(
            &format!("/api/v1/cases/{id}/query-code"),
            Some(&sibling),
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
}
