//! Typical cases on the disclosure page: drafted with personal information masked, public only
//! after a person confirms them, withdrawable; leaders and administrators only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, form_body};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

const ID_NUMBER: &str = "11010519491231002X";
const PHONE: &str = "13912345678";
const NAME: &str = "李秀英";
const TEACHER: &str = "王芳";

async fn disclosure_page(t: &TestApp) -> String {
    let res = t
        .client
        .get(t.url("/public/disclosure"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.text().await.unwrap()
}

async fn concluded_case(t: &TestApp, county: &str) -> i64 {
    let body = json!({
        "petition_type": "appeal",
        "category": "fees",
        "concerned_unit_id": t.units.school,
        "title": format!("{NAME}反映学校违规收取资料费"),
        "content": format!("本人{NAME}（身份证{ID_NUMBER}，电话{PHONE}）反映：孩子所在班级每学期收取资料费500元，班主任{TEACHER}称是学校规定，未公示收费依据。"),
        "demands": "请核查并退还不合理收费",
        "petitioners": [{"name": NAME, "id_number": ID_NUMBER, "address": "某区某街道8号"}],
        "contact_phone": PHONE,
        "consent_privacy": true
    });
    let (status, v) = t.post_json("/api/v1/public/petitions", None, &body).await;
    assert_eq!(status, 201, "{v}");
    let id = t.list(county, "").await["items"][0]["id"].as_i64().unwrap();
    let school = t.token("school").await;
    t.act_ok(
        county,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    t.act_ok(&school, id, json!({"action": "accept"})).await;
    id
}

#[tokio::test]
async fn only_confirmed_typical_cases_are_public_and_they_hold_no_personal_data() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = concluded_case(&t, &county).await;
    let path = format!("/api/v1/cases/{id}/publication");

    // Not concluded yet.
    let (status, v) = t.post_json(&path, Some(&county), &json!({})).await;
    assert_eq!(status, 409, "{v}");
    let school = t.token("school").await;
    t.act_ok(
        &school,
        id,
        json!({"action": "issue_opinion", "outcome": "supported",
               "opinion": format!("经核查，资料费收取未经公示，责令学校向{NAME}等家长退还。"),
               "basis": "《信访工作条例》第三十二条"}),
    )
    .await;

    // A handler without the leader role may not publish.
    let handler = t.token("handler").await;
    let (status, v) = t.post_json(&path, Some(&handler), &json!({})).await;
    assert_eq!(status, 403, "{v}");

    // The draft: masked, every span listed, not public.
    let (status, draft) = t.post_json(&path, Some(&county), &json!({})).await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!(draft["status"], "draft");
    // Nowhere in the answer, the list of masked spans included (issue 10 item 4).
    let text = draft.to_string();
    for pii in [ID_NUMBER, PHONE, NAME, TEACHER] {
        assert!(!text.contains(pii), "draft holds {pii}: {draft}");
    }
    let (_, again) = t.get(&path, Some(&county)).await;
    for pii in [ID_NUMBER, PHONE, NAME, TEACHER] {
        assert!(!again.to_string().contains(pii), "draft read holds {pii}");
    }
    // The system administrator reads no case under 三员分立: neither drafts nor reads one.
    let admin = t.token("admin").await;
    assert_eq!(t.post_json(&path, Some(&admin), &json!({})).await.0, 403);
    assert_eq!(t.get(&path, Some(&admin)).await.0, 403);
    assert!(
        draft["summary"]
            .as_str()
            .unwrap()
            .contains("110105********002X")
    );
    assert!(draft["summary"].as_str().unwrap().contains("139****5678"));
    assert!(draft["title"].as_str().unwrap().starts_with("李**"));
    let kinds: Vec<&str> = draft["masked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    for k in ["id_number", "mobile", "petitioner_name", "titled_name"] {
        assert!(kinds.contains(&k), "{k} not listed: {draft}");
    }
    let page = disclosure_page(&t).await;
    assert!(!page.contains("资料费"), "a draft is public: {page}");
    assert!(page.contains("暂未发布典型案例"));

    // A body without the text is refused field by field, as the page's empty form is.
    let (status, v) = t
        .post_json(
            &format!("{path}/confirm"),
            Some(&county),
            &json!({"title": " "}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    for f in ["title", "summary", "outcome"] {
        assert!(v["fields"][f].is_string(), "{f} not reported: {v}");
    }

    // Confirming text that still holds a phone number is refused.
    let mut edited = json!({
        "title": draft["title"], "summary": draft["summary"], "outcome": draft["outcome"]
    });
    edited["summary"] = json!(format!("联系电话{PHONE}"));
    let (status, v) = t
        .post_json(&format!("{path}/confirm"), Some(&county), &edited)
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("手机号码"), "{v}");

    // Confirmed by a person (with an edit): public, free of personal data.
    edited["title"] = json!("学校违规收取资料费被责令退还");
    edited["summary"] = draft["summary"].clone();
    let (status, v) = t
        .post_json(&format!("{path}/confirm"), Some(&county), &edited)
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "published");
    let page = disclosure_page(&t).await;
    assert!(page.contains("学校违规收取资料费被责令退还"), "{page}");
    assert!(page.contains("110105********002X"));
    for pii in [ID_NUMBER, PHONE, NAME, TEACHER, "某区某街道8号"] {
        assert!(!page.contains(pii), "disclosure page holds {pii}");
    }

    // Withdrawn: gone from the page.
    let res = t
        .client
        .delete(t.url(&path))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let page = disclosure_page(&t).await;
    assert!(!page.contains("学校违规收取资料费被责令退还"));
    let (status, v) = t.get(&path, Some(&county)).await;
    assert_eq!(
        (status, v["status"].as_str()),
        (200, Some("withdrawn")),
        "{v}"
    );
}

async fn page_post(t: &TestApp, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(t.url(path))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(pairs))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let cookie = res
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
    let body = res.text().await.unwrap();
    (status, cookie.unwrap_or(location) + "\n" + &body)
}

async fn page_get(t: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = t
        .client
        .get(t.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_review_page_lists_masked_spans_and_publishes_on_confirmation() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let id = concluded_case(&t, &county).await;
    let school = t.token("school").await;
    t.act_ok(
        &school,
        id,
        json!({"action": "issue_opinion", "outcome": "explained",
               "opinion": "经核查，收费已按规定公示，向信访人作出解释说明。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;
    let (status, head) = page_post(
        &t,
        "",
        "/login",
        &[
            ("username", "county"),
            ("password", huiyin_testkit::PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let cookie = head.lines().next().unwrap().to_owned();
    let (_, case_html) = page_get(&t, &cookie, &format!("/cases/{id}")).await;
    assert!(case_html.contains("data-testid=\"publication-link\""));
    let csrf = csrf_of(&case_html);
    let path = format!("/cases/{id}/publication");
    let (status, _) = page_post(&t, &cookie, &path, &[("_csrf", &csrf), ("op", "draft")]).await;
    assert_eq!(status, 303);
    let (status, html) = page_get(&t, &cookie, &format!("{path}?done=drafted")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"masked\""), "{html}");
    assert!(html.contains("110105********002X") && html.contains("身份证号码"));
    assert!(html.contains("待确认"));

    // A phone left in the text is refused with the reason, the typed text kept.
    let typed = format!("联系{PHONE}");
    let (status, html) = page_post(
        &t,
        &cookie,
        &path,
        &[
            ("_csrf", &csrf),
            ("op", "confirm"),
            ("title", "资料费问题"),
            ("summary", &typed),
            ("outcome", "作出解释说明"),
        ],
    )
    .await;
    assert_eq!(status, 422, "a refusal of the input, not a success");
    assert!(html.contains("手机号码") && html.contains(&typed), "{html}");
    let (status, _) = page_post(
        &t,
        &cookie,
        &path,
        &[
            ("_csrf", &csrf),
            ("op", "confirm"),
            ("title", "资料费问题"),
            ("summary", "家长反映资料费未公示。"),
            ("outcome", "作出解释说明"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert!(disclosure_page(&t).await.contains("家长反映资料费未公示。"));

    // Someone without the leader role gets the 403 page.
    let (_, head) = page_post(
        &t,
        "",
        "/login",
        &[
            ("username", "handler"),
            ("password", huiyin_testkit::PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    let handler = head.lines().next().unwrap().to_owned();
    let (status, _) = page_get(&t, &handler, &path).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_accusation_is_never_a_typical_case() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let mut body = letter(t.units.school, "2026-06-20");
    body["petition_type"] = json!("accusation");
    let id = t.register(&county, &body).await["id"].as_i64().unwrap();
    t.act_ok(&county, id, json!({"action": "accept"})).await;
    t.act_ok(
        &county,
        id,
        json!({"action": "issue_opinion", "outcome": "supported",
               "opinion": "经核查，反映属实，已责令整改。", "basis": "《信访工作条例》第三十二条"}),
    )
    .await;
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{id}/publication"),
            Some(&county),
            &json!({}),
        )
        .await;
    assert_eq!(status, 409, "{v}");
    assert!(
        v.to_string().contains("检举控告类事项不作为典型案例公开"),
        "{v}"
    );
}
