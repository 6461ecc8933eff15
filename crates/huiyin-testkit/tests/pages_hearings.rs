//! The 信访听证 pages (issue 15 item 5): the case page links to the case's hearings; the
//! scheduling form names every problem and keeps what was typed (officers and participants row
//! by row); a hearing's page with the forms its state allows, each step taken through it; the
//! list of one's scope with its download; nothing of it for a reader outside the case's line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, get, post, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_hearing_is_scheduled_and_held_through_its_pages() {
    let t = spawn_app().await; // today 2026-06-30
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-20"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let number = case["number"].as_str().unwrap().to_owned();
    let county = sign_in(&t, "county").await;

    // Before acceptance the case's hearings page offers no form.
    let (status, html) = get(&t, &county, &format!("/cases/{id}/hearings")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"no-hearings\""), "{html}");
    assert!(!html.contains("data-action=\"schedule\""), "{html}");
    t.act_ok(
        &t.token("county").await,
        id,
        json!({"action": "accept", "on": "2026-06-22"}),
    )
    .await;
    let (_, case_page) = get(&t, &county, &format!("/cases/{id}")).await;
    assert!(
        case_page.contains(&format!("href=\"/cases/{id}/hearings\"")),
        "the case page links its hearings"
    );
    let (_, html) = get(&t, &county, &format!("/cases/{id}/hearings")).await;
    assert!(html.contains("data-action=\"schedule\""), "{html}");

    // Every problem at once, what was typed kept.
    let csrf = csrf_of(&html);
    let path = format!("/cases/{id}/hearings");
    let (status, again) = post(
        &t,
        &county,
        &path,
        &[
            ("_csrf", &csrf),
            ("on", "2026-06-30"),
            ("place", "区教育局第三会议室"),
            ("public", "true"),
            ("officer_role", "officer"),
            ("officer_name", "钱代表"),
            ("officer_unit", ""),
            ("participant_role", "unit"),
            ("participant_name", "赵校长"),
            ("participant_unit", ""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(again.contains("data-testid=\"errors\""), "{again}");
    assert!(
        again.contains("听证应有且只有一名主持人") && again.contains("有关单位的参加人须填写单位"),
        "{again}"
    );
    assert!(
        again.contains("value=\"区教育局第三会议室\"") && again.contains("value=\"钱代表\""),
        "kept: {again}"
    );
    assert!(
        again.contains("<details open data-action=\"schedule\""),
        "{again}"
    );
    let (_, none) = t
        .get(
            &format!("/api/v1/cases/{id}/hearings"),
            Some(&t.token("county").await),
        )
        .await;
    assert_eq!(none["items"], json!([]), "nothing stored");

    let (status, created) = post(
        &t,
        &county,
        &path,
        &[
            ("_csrf", &csrf),
            ("on", "2026-06-30"),
            ("place", "区教育局第三会议室"),
            ("public", "true"),
            ("officer_role", "presiding"),
            ("officer_name", "王主任"),
            ("officer_unit", "某区教育局"),
            ("officer_role", "officer"),
            ("officer_name", ""),
            ("officer_unit", ""),
            ("participant_role", "petitioner"),
            ("participant_name", "张伟"),
            ("participant_unit", ""),
            ("participant_role", "unit"),
            ("participant_name", "赵校长"),
            ("participant_unit", "某区第一小学"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{created}");
    let (_, list) = get(&t, &county, "/hearings").await;
    let href_at = list.find("href=\"/hearings/").expect("a hearing listed");
    let href: String = list[href_at + 6..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(list.contains(&number), "{list}");
    let (status, page) = get(&t, &county, &format!("{href}?done=schedule")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-testid=\"done\""), "{page}");
    assert!(
        page.contains("王主任") && page.contains("某区第一小学") && page.contains("公开听证"),
        "{page}"
    );
    assert!(page.contains("data-action=\"notify\"") && page.contains("data-action=\"cancel\""));
    assert!(
        page.contains("data-confirm="),
        "destructive steps ask first"
    );

    // A refused step keeps its form open with what was typed; then notify and hold.
    let csrf = csrf_of(&page);
    let act = format!("{href}/act");
    let (status, refused) = post(
        &t,
        &county,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "hold"),
            ("minutes", "信访人陈述诉求"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused.contains("<details open data-action=\"hold\""),
        "{refused}"
    );
    assert!(refused.contains("信访人陈述诉求"), "kept: {refused}");
    let (status, _) = post(
        &t,
        &county,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "notify"),
            ("notice_on", "2026-06-25"),
            ("method", "written"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (status, _) = post(
        &t,
        &county,
        &act,
        &[
            ("_csrf", &csrf),
            ("action", "hold"),
            ("minutes", "信访人陈述诉求，学校说明收费依据。"),
            ("conclusion", "借读费收取无依据，应予退还"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get(&t, &county, &href).await;
    assert!(page.contains("data-status=\"held\""), "{page}");
    assert!(
        page.contains("书面通知") && page.contains("借读费收取无依据"),
        "{page}"
    );
    assert!(page.contains("data-testid=\"no-actions\""), "{page}");

    // The download holds it; English pages; another county sees none of it.
    let res = client()
        .get(t.url("/hearings.xlsx?status=held"))
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
    let (_, english) = get(&t, &format!("{county}; hy_lang=en"), &href).await;
    assert!(
        english.contains("Presiding officer") && english.contains("In writing"),
        "{english}"
    );
    let (status, bad) = get(&t, &county, "/hearings?from=someday").await;
    assert_eq!(status, 200);
    assert!(
        bad.contains("data-testid=\"errors\"") && bad.contains("value=\"someday\""),
        "{bad}"
    );
    let sibling = sign_in(&t, "sibling").await;
    let (_, theirs) = get(&t, &sibling, "/hearings").await;
    assert!(theirs.contains("data-testid=\"no-hearings\""), "{theirs}");
    let (status, _) = get(&t, &sibling, &href).await;
    assert_eq!(status, 404);
    let (status, _) = get(&t, &sibling, &format!("/cases/{id}/hearings")).await;
    assert_eq!(status, 404);
}
