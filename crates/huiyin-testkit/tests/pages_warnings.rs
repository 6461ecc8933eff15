//! The staff pages of early warnings (预警, issue 13 item 2): the worklist at `/warnings` with
//! its filters, a page per warning with its steps, the count on the workbench and the panel on
//! the case page, all over plain HTTP as a browser without JavaScript uses them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, post_form, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

/// Registers a visit of 12 people whose content names the press: a collective and a sensitive
/// warning. Returns the case and the warnings (collective, sensitive) as the API shows them.
async fn raise(t: &TestApp) -> (Value, Value, Value) {
    let registrar = t.token("registrar").await;
    let mut v = letter(t.units.school, "2026-06-29");
    v["channel"] = json!("visit");
    v["people_count"] = json!(12);
    v["content"] = json!("学校违规收取借读费，家长们说再不解决就找记者曝光。");
    v["petitioners"] = json!([{"name": "王芳", "representative": true}]);
    let case = t.register(&registrar, &v).await;
    let (status, list) = t.get("/api/v1/warnings", Some(&registrar)).await;
    assert_eq!(status, 200, "{list}");
    let find = |kind: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == kind)
            .unwrap_or_else(|| panic!("a {kind} warning: {list}"))
            .clone()
    };
    (case, find("collective"), find("sensitive"))
}

fn explanation(w: &Value) -> &str {
    w["explanation"].as_str().unwrap()
}

/// The number of the workbench tile `data-warnings="{key}"`.
fn tile(html: &str, key: &str) -> String {
    let at = html
        .find(&format!("data-warnings=\"{key}\""))
        .unwrap_or_else(|| panic!("a {key} tile: {html}"));
    let rest = &html[at..];
    let n = rest.find("class=\"n\">").unwrap() + 10;
    rest[n..n + rest[n..].find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn the_list_shows_the_warnings_of_ones_scope_and_the_workbench_counts_them() {
    let t = spawn_app().await;
    let (case, collective, sensitive) = raise(&t).await;
    let clerk = sign_in(&t, "registrar").await;

    // The workbench: two warnings to acknowledge, a link to them, and the nav link.
    let (status, html) = get(&t, &clerk, "/").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(tile(&html, "open"), "2", "{html}");
    assert_eq!(tile(&html, "escalated"), "0", "{html}");
    assert!(html.contains("href=\"/warnings?status=open\""), "{html}");
    assert!(html.contains("<a href=\"/warnings\" >预警</a>"), "{html}");
    // The system administrator reads no case, so no warning either (三员分立).
    let admin = sign_in(&t, "admin").await;
    let (_, html) = get(&t, &admin, "/admin/units").await;
    assert!(!html.contains("href=\"/warnings\""), "{html}");

    // The list: both, with why, their level as a named colour, their case and unit.
    let (status, html) = get(&t, &clerk, "/warnings").await;
    assert_eq!(status, 200, "{html}");
    for w in [&collective, &sensitive] {
        assert!(html.contains(explanation(w)), "{w}: {html}");
        assert!(
            html.contains(&format!("href=\"/warnings/{}\"", w["id"])),
            "{html}"
        );
        let level = w["level"].as_str().unwrap();
        let label = w["level_label"].as_str().unwrap();
        assert!(
            html.contains(&format!(
                "lvl-{level}\" data-level=\"{level}\">{label}</span>"
            )),
            "{level} {label}: {html}"
        );
    }
    assert!(html.contains("黄色"), "collective of 12 is yellow: {html}");
    assert!(
        html.contains(&format!(
            "<a href=\"/cases/{}\">{}</a>",
            case["id"],
            case["number"].as_str().unwrap()
        )),
        "{html}"
    );
    assert!(
        html.contains("某区教育局") && html.contains("待签收"),
        "{html}"
    );
    assert!(html.contains("共 2 条"), "{html}");
    assert!(html.contains("aria-current=\"page\">预警</a>"), "{html}");

    // Filters: by kind; bad values are named and left out (the list still shows).
    let (_, html) = get(&t, &clerk, "/warnings?kind=collective").await;
    assert!(html.contains(explanation(&collective)), "{html}");
    assert!(!html.contains(explanation(&sensitive)), "{html}");
    assert!(
        html.contains("<option value=\"collective\" selected>"),
        "{html}"
    );
    let (status, html) = get(&t, &clerk, "/warnings?kind=flood&status=resolved").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-testid=\"filter-problems\"") && html.contains("预警类型不存在"),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"no-warnings\""),
        "resolved kept: {html}"
    );
    let (_, html) = get(&t, &clerk, "/warnings?unit_id=987654").await;
    assert!(
        html.contains("data-testid=\"filter-problems\"") && html.contains(explanation(&sensitive)),
        "an unknown unit is left out: {html}"
    );

    // The case page lists its warnings.
    let (_, html) = get(&t, &clerk, &format!("/cases/{}", case["id"])).await;
    assert!(html.contains("data-testid=\"case-warnings\""), "{html}");
    assert!(
        html.contains(&format!("href=\"/warnings/{}\"", collective["id"])),
        "{html}"
    );

    // The sibling county sees none of it, not even that it exists.
    let sibling = sign_in(&t, "sibling").await;
    let (_, html) = get(&t, &sibling, "/warnings").await;
    assert!(html.contains("data-testid=\"no-warnings\""), "{html}");
    assert!(!html.contains(explanation(&collective)), "{html}");
    let (_, html) = get(&t, &sibling, "/").await;
    assert_eq!(tile(&html, "open"), "0", "{html}");
    let (status, html) = get(&t, &sibling, &format!("/warnings/{}", collective["id"])).await;
    assert_eq!(status, 404, "{html}");
    assert!(html.contains("未找到该预警"), "{html}");
    assert!(!html.contains(explanation(&collective)), "{html}");
    assert!(!html.contains(case["number"].as_str().unwrap()), "{html}");
    for bad in ["abc", "0", "999999"] {
        let (status, _) = get(&t, &clerk, &format!("/warnings/{bad}")).await;
        assert_eq!(status, 404, "{bad}");
    }
}

#[tokio::test]
async fn a_warning_is_acknowledged_and_resolved_on_its_page() {
    let t = spawn_app().await;
    let (_, collective, _) = raise(&t).await;
    let clerk = sign_in(&t, "registrar").await;
    let page = format!("/warnings/{}", collective["id"]);
    let act = format!("{page}/act");

    let (status, html) = get(&t, &clerk, &page).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(explanation(&collective)), "{html}");
    assert!(
        html.contains("待签收") && html.contains("尚无处置记录"),
        "{html}"
    );
    for action in ["acknowledge", "escalate", "resolve"] {
        assert!(
            html.contains(&format!("name=\"action\" value=\"{action}\"")),
            "{action}: {html}"
        );
    }
    assert!(
        html.contains("上报至：<strong>某市教育局</strong>"),
        "{html}"
    );
    assert!(html.contains("<label for=\"w-resolve-note\""), "{html}");
    let csrf = csrf_of(&html);

    // Without the CSRF token nothing happens.
    let (status, _) = post(&t, &clerk, &act, &[("action", "acknowledge")]).await;
    assert_eq!(status, 403);

    // 签收: back to the page, which says so.
    let res = post_form(
        &t,
        &clerk,
        &act,
        &[("_csrf", &csrf), ("action", "acknowledge")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("{page}?done=acknowledge").as_str()
    );
    let (_, html) = get(&t, &clerk, &format!("{page}?done=acknowledge")).await;
    assert!(html.contains("data-testid=\"done\">已办理：签收"), "{html}");
    assert!(
        html.contains("data-status=\"acknowledged\" data-testid=\"status\">已签收"),
        "{html}"
    );
    assert!(
        html.contains("<strong>签收</strong>") && html.contains("data-testid=\"history\""),
        "{html}"
    );
    assert!(
        !html.contains("name=\"action\" value=\"acknowledge\""),
        "no second 签收 form: {html}"
    );

    // A second 签收 (a stale page) is refused with the reason and 409.
    let (status, html) = post(
        &t,
        &clerk,
        &act,
        &[("_csrf", &csrf), ("action", "acknowledge")],
    )
    .await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("该预警已签收，不能重复签收"), "{html}");

    // 处置完毕 without a proper note: 422, the message, what was typed kept.
    let (status, html) = post(
        &t,
        &clerk,
        &act,
        &[("_csrf", &csrf), ("action", "resolve"), ("note", "㊣")],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("处置完毕须写明处置情况"), "{html}");
    assert!(html.contains(">㊣</textarea>"), "kept: {html}");
    assert!(
        html.contains("<details open data-action=\"resolve\">"),
        "{html}"
    );
    let (status, html) = post(&t, &clerk, &act, &[("_csrf", &csrf), ("action", "resolve")]).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("说明：处置完毕须写明处置情况"), "{html}");

    // With the note it is resolved; nothing is left to do.
    let note = "已与家长代表座谈，学校退还借读费";
    let (status, _) = post(
        &t,
        &clerk,
        &act,
        &[("_csrf", &csrf), ("action", "resolve"), ("note", note)],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(html.contains("已处置") && html.contains(note), "{html}");
    assert!(!html.contains(&format!("action=\"{act}\"")), "{html}");
    let (status, html) = post(
        &t,
        &clerk,
        &act,
        &[("_csrf", &csrf), ("action", "escalate")],
    )
    .await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("该预警已处置完毕"), "{html}");

    // In English, through the language cookie.
    let (_, html) = get(&t, &format!("{clerk}; hy_lang=en"), &page).await;
    assert!(
        html.contains("Resolved") && html.contains(collective["explanation_en"].as_str().unwrap()),
        "{html}"
    );
}

#[tokio::test]
async fn escalating_on_the_page_hands_the_warning_to_the_unit_above() {
    let t = spawn_app().await;
    let (_, _, sensitive) = raise(&t).await;
    let clerk = sign_in(&t, "registrar").await;
    let page = format!("/warnings/{}", sensitive["id"]);
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(!html.contains("逾期未签收"), "{html}");
    // Past its acknowledgement deadline it is marked, on its page and in the list (signed in
    // again: the session of the day before has expired).
    t.clock
        .set_millis(sensitive["acknowledge_due_at_ms"].as_i64().unwrap() + 1);
    let clerk = sign_in(&t, "registrar").await;
    let (status, html) = get(&t, &clerk, &page).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"late\">逾期未签收"), "{html}");
    let (_, list) = get(&t, &clerk, "/warnings").await;
    assert!(list.contains("data-testid=\"late\""), "{list}");
    assert!(
        html.contains("data-confirm=\"确认将此预警上报至 某市教育局？\""),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let (status, _) = post(
        &t,
        &clerk,
        &format!("{page}/act"),
        &[
            ("_csrf", &csrf),
            ("action", "escalate"),
            ("note", "涉及多校，请市局协调"),
        ],
    )
    .await;
    assert_eq!(status, 303);

    // The county still sees it but no longer acts on it; the history names both units.
    let (_, html) = get(&t, &clerk, &page).await;
    assert!(html.contains("已上报上级"), "{html}");
    assert!(
        html.contains("某区教育局 → 某市教育局") && html.contains("涉及多校，请市局协调"),
        "{html}"
    );
    assert!(html.contains("您对此预警没有可办理的操作"), "{html}");
    let city = sign_in(&t, "city").await;
    let (_, html) = get(&t, &city, "/").await;
    assert_eq!(tile(&html, "escalated"), "1", "{html}");
    let (_, html) = get(&t, &city, "/warnings?status=escalated").await;
    assert!(html.contains(explanation(&sensitive)), "{html}");
    let (_, html) = get(&t, &city, &page).await;
    assert!(
        html.contains("name=\"action\" value=\"acknowledge\""),
        "the city acknowledges now: {html}"
    );
}
