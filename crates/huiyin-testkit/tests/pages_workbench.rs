//! The staff pages over plain HTTP: sign-in cookie, CSRF and origin checks, escaping of
//! user text, worklist counts, the xlsx export, notices and the language switch.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

/// `application/x-www-form-urlencoded` bodies (reqwest is built without its `form` feature).
trait FormExt {
    fn form(self, pairs: &[(&str, &str)]) -> Self;
}

impl FormExt for reqwest::RequestBuilder {
    fn form(self, pairs: &[(&str, &str)]) -> Self {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        };
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    }
}

#[tokio::test]
async fn pages_need_a_session_and_show_the_user() {
    let t = spawn_app().await;
    let res = client().get(t.url("/cases")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );
    let bad = client()
        .post(t.url("/login"))
        .form(&[("username", "registrar"), ("password", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    assert!(
        bad.text().await.unwrap().contains("用户名或密码错误"),
        "translated error code"
    );
    let cookie = sign_in(&t, "registrar").await;
    let (status, html) = get(&t, &cookie, "/").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("测试registrar")
            && html.contains("某区教育局信访办")
            && html.contains("登记员")
    );
    assert!(
        html.contains("及时受理率") && html.contains("title=\"公式："),
        "rates with formulas"
    );
    let en = client()
        .get(t.url("/"))
        .header("cookie", format!("{cookie}; hy_lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("My work") && en.contains("Timely acceptance"));
}

#[tokio::test]
async fn posts_without_the_token_or_from_another_site_are_refused() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let path = format!("/cases/{id}/act");
    let form = [
        ("action", "forward"),
        ("to_unit_id", &t.units.school.to_string()),
    ];
    let no_token = client()
        .post(t.url(&path))
        .header("cookie", &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
    let (_, html) = get(&t, &cookie, &format!("/cases/{id}")).await;
    let csrf = csrf_of(&html);
    let mut with_token = form.to_vec();
    with_token.push(("_csrf", &csrf));
    let cross = client()
        .post(t.url(&path))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let foreign = client()
        .post(t.url(&path))
        .header("cookie", &cookie)
        .header("origin", "http://evil.example")
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let (_, v) = t.case(&token, id).await;
    assert_eq!(v["status"], "registered", "nothing happened");
    let ok = client()
        .post(t.url(&path))
        .header("cookie", &cookie)
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    let (_, v) = t.case(&token, id).await;
    assert_eq!(v["status"], "forwarded");
    // Signing out ends the token: the cookie no longer opens pages.
    let out = client()
        .post(t.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let (status, _) = get(&t, &cookie, "/").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn user_text_is_escaped_everywhere() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let evil = "<script>alert(1)</script>";
    let mut body = letter(t.units.school, "2026-06-29");
    body["title"] = json!(format!("标题{evil}"));
    body["content"] = json!(format!("内容{evil}"));
    body["demands"] = json!(format!("诉求{evil}"));
    body["petitioners"][0]["name"] = json!("张伟");
    body["petitioners"][0]["address"] = json!(format!("地址{evil}"));
    let case = t.register(&token, &body).await;
    let id = case["id"].as_i64().unwrap();
    t.act_ok(
        &token,
        id,
        json!({"action": "reject", "reason": format!("理由{evil}")}),
    )
    .await;
    let cookie = sign_in(&t, "registrar").await;
    for path in [
        format!("/cases/{id}"),
        "/cases".to_owned(),
        format!("/cases?q={}", "标题"),
        format!("/cases/{id}/notices/non_acceptance"),
    ] {
        let (status, html) = get(&t, &cookie, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains(evil), "{path} contains raw markup");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || html.contains("&#60;script&#62;"),
            "{path} shows it as text"
        );
    }
}

#[tokio::test]
async fn worklists_count_and_export() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    for _ in 0..3 {
        let c = t
            .register(&registrar, &letter(t.units.school, "2026-06-29"))
            .await;
        t.act_ok(
            &registrar,
            c["id"].as_i64().unwrap(),
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
    }
    t.register(&registrar, &letter(t.units.school, "2026-05-01"))
        .await;
    let cookie = sign_in(&t, "school").await;
    let (_, html) = get(&t, &cookie, "/").await;
    let tile = html.split("data-queue=\"to_accept\"").nth(1).unwrap();
    assert!(tile.contains("<div class=\"n\">3</div>"), "three to accept");
    let (_, list) = get(&t, &cookie, "/cases?queue=to_accept").await;
    assert_eq!(
        list.matches("<td class=\"title\"><a href=\"/cases/")
            .count(),
        3
    );
    let office = sign_in(&t, "registrar").await;
    let (_, html) = get(&t, &office, "/").await;
    let overdue = html.split("data-queue=\"overdue\"").nth(1).unwrap();
    assert!(
        overdue.contains("<div class=\"n\">1</div>"),
        "the May letter is overdue for disposal"
    );
    let res = client()
        .get(t.url("/cases/export.xlsx?status=forwarded"))
        .header("cookie", &office)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
}

#[tokio::test]
async fn registration_form_registers_and_links() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let earlier = t
        .register(&token, &letter(t.units.school, "2026-06-01"))
        .await;
    let cookie = sign_in(&t, "registrar").await;
    let (status, html) = get(&t, &cookie, "/register/visit").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&html);
    let (_, hint) = get(&t, &cookie, "/register/check-id?p0_id=110105194912310021").await;
    assert!(hint.contains("校验位"), "bad check digit warns: {hint}");
    let q = format!(
        "/register/earlier?p0_name=%E5%BC%A0%E4%BC%9F&p0_id=11010519491231002X&concerned_unit_id={}&category=fees",
        t.units.school
    );
    let (_, found) = get(&t, &cookie, &q).await;
    assert!(
        found.contains(&format!("value=\"{}\"", earlier["id"])),
        "earlier case offered: {found}"
    );
    let school = t.units.school.to_string();
    let eid = earlier["id"].to_string();
    let form = [
        ("_csrf", csrf.as_str()),
        ("received_on", "2026-06-30"),
        ("petition_type", "appeal"),
        ("category", "fees"),
        ("concerned_unit_id", school.as_str()),
        ("people_count", "6"),
        ("p0_name", "张伟"),
        ("p0_id", "11010519491231002X"),
        ("p0_rep", "1"),
        ("p1_name", "李娜"),
        ("p1_phone", "13900000000"),
        ("title", "家长集体反映借读费"),
        ("content", "六位家长来访。"),
        ("demands", "退费"),
        ("link", eid.as_str()),
    ];
    let res = client()
        .post(t.url("/register/visit"))
        .header("cookie", &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, v) = t.case(&token, id).await;
    assert_eq!(
        (v["channel"].as_str(), v["people_count"].as_i64()),
        (Some("visit"), Some(6))
    );
    assert_eq!(v["petitioners"].as_array().unwrap().len(), 2);
    assert!(
        v["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "collective")
    );
    assert!(
        v["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["case_id"] == earlier["id"])
    );
    // A missing title comes back as a field error on the form, with what was typed kept.
    let mut bad = form.to_vec();
    bad.retain(|(k, _)| *k != "title");
    let res = client()
        .post(t.url("/register/visit"))
        .header("cookie", &cookie)
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("标题") && html.contains("六位家长来访。"));
}

#[tokio::test]
async fn the_list_page_reads_its_filters_as_the_api_does_and_says_which_it_left_out() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let old = t
        .register(&token, &letter(t.units.school, "2026-03-02"))
        .await;
    let new = t
        .register(&token, &letter(t.units.school, "2026-06-01"))
        .await;
    let cookie = sign_in(&t, "registrar").await;

    // The page's `from` is the API's `received_from`: both list only the newer case.
    let (status, html) = get(&t, &cookie, "/cases?from=2026-05-01").await;
    assert_eq!(status, 200);
    assert!(html.contains(new["number"].as_str().unwrap()), "{html}");
    assert!(!html.contains(old["number"].as_str().unwrap()), "{html}");
    let api = t.list(&token, "received_from=2026-05-01").await;
    assert_eq!(api["total"], 1, "{api}");
    assert!(!html.contains("filter-problems"));

    // A filter that does not read: the API refuses it by field; the page lists without it and
    // says so with the same message.
    let (status, v) = t
        .get("/api/v1/cases?status=lost&to=June", Some(&token))
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["fields"]["status"].is_string() && v["fields"]["received_to"].is_string(),
        "{v}"
    );
    let (status, html) = get(&t, &cookie, "/cases?status=lost&to=June").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"filter-problems\""), "{html}");
    assert!(
        html.contains("未知的状态") && html.contains("日期格式应为YYYY-MM-DD"),
        "{html}"
    );
    assert!(
        html.contains(old["number"].as_str().unwrap()),
        "listed without the filters"
    );
}
