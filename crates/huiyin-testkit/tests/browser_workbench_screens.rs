//! Screenshots of the main staff pages at 1366×768 (office monitor) and 390×844 (phone), over a
//! few cases in different states. With `HUIYIN_SCREENSHOTS=1` they are written to
//! docs/screenshots/ (the README shows them); otherwise to a temporary directory. The test also
//! checks that no page scrolls sideways at either size (`huiyin_testkit::screens`). The newer
//! pages are in `browser_newer_screens`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::time::Duration;

use fantoccini::Locator;
use huiyin_testkit::browser_steps::R;
use huiyin_testkit::screens::{emulate_phone, out_dir, shoot, sign_in, sign_out};
use huiyin_testkit::{TestApp, browser, letter, spawn_app};
use serde_json::json;

async fn seed(t: &TestApp) -> i64 {
    let registrar = t.token("registrar").await;
    let school = t.token("school").await;
    let cases = [
        ("反映学校违规收取借读费", "fees", "2026-06-29", "张伟"),
        ("要求公开学区划分依据", "admissions", "2026-06-20", "王芳"),
        ("教师有偿补课问题", "teacher_conduct", "2026-06-05", "刘洋"),
        ("校车接送时间不合理", "campus_safety", "2026-06-12", "陈静"),
        ("助学金发放不及时", "financial_aid", "2026-05-20", "赵磊"),
    ];
    let mut ids = Vec::new();
    for (title, category, on, name) in cases {
        let mut body = letter(t.units.school, on);
        body["title"] = json!(title);
        body["category"] = json!(category);
        body["petitioners"][0]["name"] = json!(name);
        if name != "张伟" {
            body["petitioners"][0]["id_number"] = json!(null);
        }
        let c = t.register(&registrar, &body).await;
        ids.push(c["id"].as_i64().unwrap());
    }
    let mut visit = letter(t.units.school2, "2026-06-26");
    visit["channel"] = json!("visit");
    visit["title"] = json!("家长集体反映食堂饭菜质量问题");
    visit["category"] = json!("campus_safety");
    visit["people_count"] = json!(8);
    visit["petitioners"] = json!([
        {"name": "孙丽", "phone": "13900000001", "representative": true},
        {"name": "周强", "phone": "13900000002", "representative": true},
        {"name": "吴敏", "phone": "13900000003"}
    ]);
    t.register(&registrar, &visit).await;
    // Earlier case of the same person: a repeat.
    let first = ids[0];
    t.act_ok(
        &registrar,
        first,
        json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-06-29"}),
    )
    .await;
    t.act_ok(
        &school,
        first,
        json!({"action": "accept", "on": "2026-06-30"}),
    )
    .await;
    for id in &ids[2..4] {
        t.act_ok(
            &registrar,
            *id,
            json!({"action": "forward", "to_unit_id": t.units.school, "on": "2026-06-15"}),
        )
        .await;
    }
    t.act_ok(
        &school,
        ids[2],
        json!({"action": "accept", "on": "2026-06-16"}),
    )
    .await;
    t.act_ok(
        &school,
        ids[2],
        json!({"action": "issue_opinion", "on": "2026-06-28", "outcome": "supported",
               "opinion": "经调查，该教师确有有偿补课行为，已责令停止并退还费用。", "basis": "《中小学教师违反职业道德行为处理办法》"}),
    )
    .await;
    // A 督办 from the city, waiting for the school's written answer.
    let (status, order) = t
        .post_json(
            &format!("/api/v1/cases/{first}/supervisions"),
            Some(&t.token("city_supervisor").await),
            &json!({"kind": "supervise", "due_on": "2026-07-07",
                    "reason": "群众反映借读费收取不规范，请核查后于7月7日前书面反馈办理情况。"}),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let clerk = t.app.authenticate(&school).await.unwrap();
    for (name, bytes) in [
        ("来信扫描件.pdf", &b"%PDF-1.4\n%%EOF\n"[..]),
        ("收费收据照片.jpg", &b"\xff\xd8\xff\xe0\0\x10JFIF"[..]),
    ] {
        t.app
            .add_attachment(&clerk, first, name, bytes)
            .await
            .unwrap();
    }
    first
}

async fn tour(b: &browser::Browser, t: &TestApp, case_id: i64, width: u32) -> R {
    let c = &b.client;
    c.goto(&t.url("/login")).await?;
    shoot(c, b, "login", width).await?;
    sign_in(c, t, "school").await?;
    shoot(c, b, "home", width).await?;
    c.goto(&t.url(&format!("/cases/{case_id}"))).await?;
    shoot(c, b, "case", width).await?;
    c.execute(
        "document.getElementById('attachments').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await?;
    shoot(c, b, "case-attachments", width).await?;
    c.execute(
        "document.querySelector('#supervision details').open = true; \
         document.getElementById('supervision').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await?;
    shoot(c, b, "case-supervision", width).await?;
    c.goto(&t.url(&format!("/cases/{case_id}/notices/acceptance")))
        .await?;
    shoot(c, b, "notice", width).await?;
    c.goto(&t.url("/notifications")).await?;
    shoot(c, b, "notifications", width).await?;
    // Sign out through the form, then the registrar's views.
    sign_out(c, t).await?;
    sign_in(c, t, "registrar").await?;
    c.goto(&t.url("/cases")).await?;
    shoot(c, b, "cases", width).await?;
    c.goto(&t.url("/register/visit")).await?;
    c.find(Locator::Css("#p0_name"))
        .await?
        .send_keys("张伟")
        .await?;
    c.find(Locator::Css("#p0_id"))
        .await?
        .send_keys("11010519491231002X")
        .await?;
    c.find(Locator::Css("#concerned_unit_id"))
        .await?
        .select_by_value(&t.units.school.to_string())
        .await?;
    c.find(Locator::Css("#category"))
        .await?
        .select_by_value("fees")
        .await?;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#earlier ul.earlier"))
        .await?;
    shoot(c, b, "register", width).await?;
    // The administrator's pages.
    sign_out(c, t).await?;
    sign_in(c, t, "admin").await?;
    for (path, name) in [
        ("/admin/units", "admin-units"),
        ("/admin/users", "admin-users"),
        ("/admin/categories", "admin-categories"),
        ("/admin/rules", "admin-rules"),
        ("/admin/calendar?year=2026", "admin-calendar"),
    ] {
        c.goto(&t.url(path)).await?;
        shoot(c, b, name, width).await?;
    }
    // The city's leader: 领导督查.
    sign_out(c, t).await?;
    sign_in(c, t, "city").await?;
    c.goto(&t.url("/leaders")).await?;
    shoot(c, b, "leaders", width).await?;
    c.execute(
        "document.querySelector('#accountability details').open = true; \
         document.getElementById('accountability').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await?;
    shoot(c, b, "leaders-accountability", width).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn screenshots_of_the_main_pages() {
    let t = spawn_app().await;
    let case_id = seed(&t).await;
    std::fs::create_dir_all(out_dir()).unwrap();
    for (w, h) in [(1366, 768), (390, 844)] {
        let b = browser::launch(w, h).await;
        let result = match if w < 500 {
            emulate_phone(&b.client, w, h).await
        } else {
            Ok(())
        } {
            Ok(()) => tour(&b, &t, case_id, w).await,
            Err(e) => Err(e),
        };
        b.close().await;
        result.unwrap();
    }
}
