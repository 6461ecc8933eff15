//! Screenshots of the newer staff pages at 1366×768 and 390×844 (issue 12 item 12), over a
//! county's day: the leader's 工作台 led by 待我审批, the warnings and one warning, the list
//! of incidents, an incident and its reporting chain, 研判, the petitioners' files, 联合接访,
//! 协办任务, 回避登记, the batch print of ticked cases (a notice and a summary) and the
//! administrator's outbox. Each page is checked for what it must show (its heading and a row
//! the seed made) before it is photographed, and for not scrolling sideways. With
//! `HUIYIN_SCREENSHOTS=1` the pictures go to docs/screenshots/ (the README shows them).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use fantoccini::Client;
use huiyin_testkit::browser_steps::{R, click_to, css, ensure};
use huiyin_testkit::screens::{emulate_phone, out_dir, shoot, sign_in, sign_out};
use huiyin_testkit::{TestApp, browser, letter, spawn_app};
use serde_json::{Value, json};

/// What the tour looks for.
struct Seeded {
    warning_id: i64,
    incident_id: i64,
    visit_number: String,
    /// Printed together: an accepted case (its 受理告知书) and the visit (no notice yet).
    print_ids: [i64; 2],
}

async fn post(t: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, v) = t.post_json(path, Some(token), &body).await;
    assert!(status == 200 || status == 201, "{path}: {status} {v}");
    v
}

/// A letter about `unit` received on `day` from `name` (no ID number: each a person of their
/// own in the archive).
fn case_body(unit: i64, day: &str, title: &str, name: &str, phone: &str) -> Value {
    let mut body = letter(unit, day);
    body["title"] = json!(title);
    body["petitioners"] = json!([{"name": name, "phone": phone}]);
    body
}

async fn seed(t: &TestApp) -> Seeded {
    let registrar = t.token("registrar").await;
    let handler = t.token("handler").await;
    let leader = t.token("leader").await;
    let county = t.token("county").await;
    // 待我审批: two cases whose handler asks for more time, one 意见书 waiting for 签发.
    let asks = [
        (
            "反映学校食堂饭菜质量差",
            "2026-06-02",
            "王芳",
            "13900000011",
        ),
        ("要求公开学区划分依据", "2026-06-08", "李强", "13900000012"),
        ("反映教师有偿补课问题", "2026-06-12", "赵敏", "13900000013"),
    ];
    let mut county_cases = Vec::new();
    for (i, (title, day, name, phone)) in asks.iter().enumerate() {
        let body = case_body(t.units.county, day, title, name, phone);
        let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
        t.act_ok(&registrar, id, json!({"action": "accept", "on": day}))
            .await;
        let ask = if i < 2 {
            json!({"action": "request_extension", "days": 20 - 5 * i as i64,
                   "reason": "需赴学校现场核查并调取收费账目"})
        } else {
            json!({"action": "draft_opinion", "outcome": "supported",
                   "opinion": "经核查，该教师确有有偿补课行为，已责令停止并退还费用。",
                   "basis": "《中小学教师违反职业道德行为处理办法》"})
        };
        t.act_ok(&handler, id, ask).await;
        county_cases.push(id);
    }
    // 预警: a visit of twelve parents who name the press (collective and sensitive).
    let mut visit = case_body(
        t.units.school,
        "2026-06-29",
        "家长集体反映校车接送时间不合理",
        "孙丽",
        "13900000014",
    );
    visit["channel"] = json!("visit");
    visit["people_count"] = json!(12);
    visit["content"] = json!("校车早上六点发车，孩子睡眠不足，家长们说再不解决就找记者曝光。");
    visit["petitioners"][0]["representative"] = json!(true);
    let visit = t.register(&registrar, &visit).await;
    let (_, warnings) = t.get("/api/v1/warnings", Some(&county)).await;
    let warning_id = warnings["items"][0]["id"].as_i64().expect("a warning");
    // 突发事件: the parents gather at the school gate; the first report to the county made.
    let incident = post(
        t,
        "/api/v1/incidents",
        &county,
        json!({"title": "家长聚集第一小学校门口", "level": "major", "unit_id": t.units.school,
               "occurred_at": "2026-06-30T11:45:00+08:00", "people_count": 40,
               "description": "约40名家长因校车接送时间调整在校门口聚集，要求与校长对话。",
               "case_ids": [visit["id"]]}),
    )
    .await;
    let incident_id = incident["id"].as_i64().unwrap();
    post(
        t,
        &format!("/api/v1/incidents/{incident_id}/reports"),
        &county,
        json!({"to_unit_id": t.units.county, "content": "电话报告区教育局值班室，已安排校领导现场接待"}),
    )
    .await;
    // 联合接访: a session with the school and the discipline body, the visit taken there.
    let session = post(
        t,
        "/api/v1/joint-receptions",
        &county,
        json!({"on": "2026-06-29", "place": "区信访接待中心", "host_unit_id": t.units.county,
               "unit_ids": [t.units.school, t.units.county_discipline],
               "on_duty": ["王局长", "李科长"], "note": "每月一次"}),
    )
    .await;
    post(
        t,
        &format!("/api/v1/joint-receptions/{}/cases", session["id"]),
        &county,
        json!({"case_number": visit["number"]}),
    )
    .await;
    // 协办任务: the first school co-handles two cases about the second, from petitioners who
    // came before (the archive lists those with two cases or more).
    for (title, task, due_on, name, phone) in [
        (
            "反映第二中学违规补课",
            "协助调查取证",
            "2026-07-10",
            "王芳",
            "13900000011",
        ),
        (
            "反映第二中学食堂卫生",
            "提供学生就餐记录",
            "2026-07-03",
            "孙丽",
            "13900000014",
        ),
    ] {
        let body = case_body(t.units.school2, "2026-06-20", title, name, phone);
        let id = t.register(&registrar, &body).await["id"].as_i64().unwrap();
        post(
            t,
            &format!("/api/v1/cases/{id}/co-handlings"),
            &county,
            json!({"unit_id": t.units.school, "task": task, "due_on": due_on}),
        )
        .await;
    }
    // 回避: the handler steps aside from one case; the leader recuses the registrar from another.
    post(
        t,
        &format!("/api/v1/cases/{}/recusals", county_cases[0]),
        &handler,
        json!({"reason": "信访人系本人亲属"}),
    )
    .await;
    let registrar_id = t.app.authenticate(&registrar).await.unwrap().id;
    post(
        t,
        &format!("/api/v1/cases/{}/recusals", county_cases[1]),
        &leader,
        json!({"user_id": registrar_id, "reason": "曾在被反映学校任职"}),
    )
    .await;
    // The warnings' and the incident's messages delivered (the outbox shows them sent).
    t.app.deliver_outbox().await.unwrap();
    Seeded {
        warning_id,
        incident_id,
        visit_number: visit["number"].as_str().unwrap().to_owned(),
        print_ids: [county_cases[2], visit["id"].as_i64().unwrap()],
    }
}

/// Opens `path`, checks that `sel` says `words`, and photographs the page as `name`.
async fn page(
    c: &Client,
    b: &browser::Browser,
    t: &TestApp,
    width: u32,
    (path, name): (&str, &str),
    checks: &[(&str, &str)],
) -> R {
    c.goto(&t.url(path)).await?;
    for (sel, words) in checks {
        let text = css(c, sel).await?.text().await?;
        ensure(
            text.contains(words),
            format!("{path}: {sel} should say {words}: {text}"),
        )?;
    }
    shoot(c, b, name, width).await
}

async fn tour(b: &browser::Browser, t: &TestApp, s: &Seeded, width: u32) -> R {
    let c = &b.client;
    sign_in(c, t, "leader").await?;
    page(
        c,
        b,
        t,
        width,
        ("/", "home-leader"),
        &[
            ("#urgent-h", "待我审批"),
            (
                "section[aria-labelledby=urgent-h] table",
                "要求公开学区划分依据",
            ),
            ("[data-queue=approvals] .n", "3"),
            (
                "section[aria-labelledby=urgent-h] [data-testid=pending]",
                "申请人",
            ),
        ],
    )
    .await?;
    // The inbox itself: what is asked, by whom, since when.
    c.execute(
        "document.getElementById('urgent-h').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await?;
    shoot(c, b, "home-leader-inbox", width).await?;
    sign_out(c, t).await?;
    sign_in(c, t, "county").await?;
    let warning = format!("/warnings/{}", s.warning_id);
    let incident = format!("/incidents/{}", s.incident_id);
    for (target, checks) in [
        (
            ("/warnings", "warnings"),
            vec![
                ("h1", "预警"),
                ("[data-testid=warnings] tbody", s.visit_number.as_str()),
            ],
        ),
        (
            (warning.as_str(), "warning"),
            vec![("[data-testid=cases]", s.visit_number.as_str())],
        ),
        (
            ("/incidents", "incidents"),
            vec![
                ("h1", "突发事件"),
                ("[data-testid=incidents]", "家长聚集第一小学校门口"),
            ],
        ),
        (
            (incident.as_str(), "incident"),
            vec![
                ("h1", "家长聚集第一小学校门口"),
                ("[data-testid=chain]", "电话报告区教育局值班室"),
            ],
        ),
        (
            ("/analysis", "analysis"),
            vec![("h1", "研判"), ("[data-testid=regions]", "某区")],
        ),
        (
            ("/persons", "persons"),
            vec![("h1", "信访人档案"), ("[data-testid=persons]", "孙丽")],
        ),
        (
            ("/joint-receptions", "joint-receptions"),
            vec![
                ("h1", "联合接访"),
                ("[data-testid=joint-receptions]", "区信访接待中心"),
            ],
        ),
        (
            ("/co-handlings", "co-handlings"),
            vec![
                ("h1", "协办任务"),
                ("[data-testid=co-handling-tasks]", "提供学生就餐记录"),
            ],
        ),
        (
            ("/recusals", "recusals"),
            vec![
                ("h1", "回避登记"),
                ("[data-testid=recusals]", "信访人系本人亲属"),
            ],
        ),
    ] {
        page(c, b, t, width, target, &checks).await?;
    }
    // 打印所选: the accepted case prints its 受理告知书, the visit its summary, labelled.
    c.goto(&t.url("/cases")).await?;
    for id in s.print_ids {
        css(c, &format!("input[name=ids][value='{id}']"))
            .await?
            .click()
            .await?;
    }
    css(c, "[data-testid=batch] summary").await?.click().await?;
    click_to(
        c,
        "[data-testid=batch-print]",
        "[data-testid=print-summary]",
    )
    .await?;
    let notice = css(c, "[data-notice=acceptance] .doc-title")
        .await?
        .text()
        .await?;
    ensure(
        notice.contains("受理告知书"),
        format!("the notice: {notice}"),
    )?;
    let label = css(c, "[data-testid=print-summary-only]")
        .await?
        .text()
        .await?;
    ensure(label.contains("尚无告知书"), format!("the label: {label}"))?;
    c.execute(
        "document.querySelector('section[data-notice]').scrollIntoView({block: 'start'})",
        vec![],
    )
    .await?;
    shoot(c, b, "batch-print", width).await?;
    sign_out(c, t).await?;
    sign_in(c, t, "admin").await?;
    page(
        c,
        b,
        t,
        width,
        ("/admin/outbox", "admin-outbox"),
        &[
            ("#outbox-h", "消息发件箱"),
            ("[data-testid=outbox]", "已发送"),
        ],
    )
    .await
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: cargo test -p huiyin-testkit --test 'browser_*' -- --ignored"]
async fn screenshots_of_the_newer_pages() {
    let t = spawn_app().await;
    let s = seed(&t).await;
    std::fs::create_dir_all(out_dir()).unwrap();
    for (w, h) in [(1366, 768), (390, 844)] {
        let b = browser::launch(w, h).await;
        let result = match if w < 500 {
            emulate_phone(&b.client, w, h).await
        } else {
            Ok(())
        } {
            Ok(()) => tour(&b, &t, &s, w).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            let tmp = std::env::temp_dir();
            b.screenshot(&format!("{}/newer-screens-failure-{w}.png", tmp.display()))
                .await;
        }
        b.close().await;
        result.unwrap();
    }
}
