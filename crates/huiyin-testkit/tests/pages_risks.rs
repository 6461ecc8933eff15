//! The 矛盾纠纷排查 pages (issue 15 item 1): the register at `/risks` with its filters, its form
//! (every problem at once, what was typed kept; cases typed by number) and its download; an
//! entry's page with its history and the forms its state allows, each step taken through it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};

#[tokio::test]
async fn the_register_is_kept_through_its_pages() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let number = case["number"].as_str().unwrap().to_owned();
    let handler_id = t
        .app
        .authenticate(&t.token("handler").await)
        .await
        .unwrap()
        .id;

    let county = sign_in(&t, "county").await;
    let (status, html) = get(&t, &county, "/risks").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("href=\"/risks\" aria-current=\"page\""),
        "nav"
    );
    assert!(html.contains("data-testid=\"no-risks\""), "{html}");
    assert!(
        html.contains("测试handler"),
        "the responsible person is offered"
    );

    // Every problem at once, what was typed kept.
    let csrf = csrf_of(&html);
    let (status, again) = post(
        &t,
        &county,
        "/risks",
        &[
            ("_csrf", &csrf),
            ("title", "课后服务收费调整引发家长不满"),
            ("unit_id", &t.units.school.to_string()),
            ("level", "orange"),
            ("due_on", "2026-06-01"),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("data-testid=\"errors\""), "{again}");
    assert!(
        again.contains("化解期限不能早于今天") && again.contains("请选择责任人"),
        "{again}"
    );
    assert!(
        again.contains("value=\"课后服务收费调整引发家长不满\""),
        "kept: {again}"
    );

    let (status, created) = post(
        &t,
        &county,
        "/risks",
        &[
            ("_csrf", &csrf),
            ("title", "课后服务收费调整引发家长不满"),
            ("unit_id", &t.units.school.to_string()),
            ("owner_user_id", &handler_id.to_string()),
            ("level", "orange"),
            ("due_on", "2026-07-10"),
            ("source", "定期排查"),
            ("description", "家长群中有集体反映的苗头。"),
            ("case_numbers", &number),
        ],
    )
    .await;
    assert_eq!(status, 303, "{created}");
    let (_, list) = get(&t, &county, "/risks?status=open").await;
    let href_at = list
        .find("href=\"/risks/")
        .expect("an entry in the register");
    let href: String = list[href_at + 6..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(list.contains(&number), "the linked case: {list}");
    let (status, page) = get(&t, &county, &format!("{href}?done=record")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-testid=\"done\""), "{page}");
    assert!(
        page.contains("橙色") && page.contains("定期排查") && page.contains(&number),
        "{page}"
    );
    assert!(page.contains("data-action=\"resolve\"") && !page.contains("data-action=\"reopen\""));

    // A refused step keeps its form open with what was typed; then it is resolved.
    let csrf = csrf_of(&page);
    let act = format!("{href}/act");
    let (status, refused) = post(
        &t,
        &county,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "update"),
            ("note", "约谈"),
            ("due_on", "2026-06-02"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused.contains("<details open data-action=\"update\""),
        "{refused}"
    );
    let (status, _) = post(
        &t,
        &county,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "resolve"),
            ("note", "召开家长会说明收费依据，家长认可"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get(&t, &county, &href).await;
    assert!(page.contains("data-status=\"resolved\""), "{page}");
    assert!(page.contains("召开家长会说明收费依据"), "history: {page}");
    assert!(page.contains("data-action=\"reopen\""), "{page}");

    // The download holds the entry; another county sees no register entry.
    let res = client()
        .get(t.url("/risks.xlsx?status=resolved"))
        .header("cookie", &county)
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
    let sibling = sign_in(&t, "sibling").await;
    let (_, theirs) = get(&t, &sibling, "/risks").await;
    assert!(theirs.contains("data-testid=\"no-risks\""), "{theirs}");
    let (status, _) = get(&t, &sibling, &href).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_campaign_is_organised_from_the_register_and_reports_on_its_page() {
    let t = spawn_app().await;
    let county = sign_in(&t, "county").await;
    let (_, html) = get(&t, &county, "/risks").await;
    let csrf = csrf_of(&html);
    // A refusal keeps the campaign form open with what was typed.
    let (status, again) = post(
        &t,
        &county,
        "/risks/campaigns",
        &[
            ("_csrf", &csrf),
            ("name", "暑期排查"),
            ("kind", "regular"),
            ("from", "2026-07-31"),
            ("to", "2026-07-01"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(
        again.contains("data-testid=\"campaign-errors\"")
            && again.contains("结束日期不能早于开始日期"),
        "{again}"
    );
    assert!(again.contains("value=\"暑期排查\""), "{again}");
    let (status, _) = post(
        &t,
        &county,
        "/risks/campaigns",
        &[
            ("_csrf", &csrf),
            ("name", "暑期集中排查"),
            ("kind", "concentrated"),
            ("unit_id", &t.units.county.to_string()),
            ("from", "2026-07-01"),
            ("to", "2026-07-31"),
            ("topics", "招生入学"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, list) = get(&t, &county, "/risks").await;
    let at = list
        .find("href=\"/risks/campaigns/")
        .expect("the campaign is listed");
    let href: String = list[at + 6..].chars().take_while(|c| *c != '"').collect();
    assert!(
        list.contains("id=\"r-campaign\""),
        "the register form offers it"
    );
    let (status, page) = get(&t, &county, &href).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("暑期集中排查") && page.contains("data-testid=\"campaign-total\""),
        "{page}"
    );
    assert!(
        page.contains("某区第一小学"),
        "a line per unit below: {page}"
    );
}
