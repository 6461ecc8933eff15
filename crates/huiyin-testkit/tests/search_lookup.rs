//! The search box finds a case by its number, and a petitioner's cases by ID number or phone,
//! however the number is typed (issue 12 item 4), through the blind index: within the
//! user's scope only, and never a reporter.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{encode as enc, get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::json;

async fn found(t: &TestApp, user: &str, q: &str) -> Vec<i64> {
    let token = t.token(user).await;
    let v = t.list(&token, &format!("q={}", enc(q))).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn case_number_id_number_and_phone_find_the_case_in_scope() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    // The letter's petitioner: 张伟, 11010519491231002X, 13800138000.
    let v = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_owned();
    let mut other = letter(t.units.school, "2026-06-02");
    other["petitioners"] = json!([{"name": "李娜", "phone": "0571-87654321"}]);
    let other_id = t.register(&registrar, &other).await["id"].as_i64().unwrap();

    for q in [
        number.as_str(),
        "11010519491231002x",
        "110105 19491231 002X",
        "13800138000",
        "138-0013-8000",
        "+86 138 0013 8000",
    ] {
        assert_eq!(found(&t, "county", q).await, [id], "{q}");
        assert!(found(&t, "sibling", q).await.is_empty(), "sibling: {q}");
    }
    assert_eq!(found(&t, "county", "057187654321").await, [other_id]);
    assert_eq!(found(&t, "county", "0571 8765 4321").await, [other_id]);
    // Other numbers find nothing; a number-like text still searches the text ("3000元").
    assert!(found(&t, "county", "13900000000").await.is_empty());
    assert!(found(&t, "county", "330100-2026-999999").await.is_empty());
    let mut both = found(&t, "county", "3000").await;
    both.sort_unstable();
    assert_eq!(both, [id, other_id]);

    // The case list page searches the same way.
    let cookie = sign_in(&t, "county").await;
    let (status, page) = get(&t, &cookie, &format!("/cases?q={}", enc("138 0013 8000"))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&number),
        "the list page finds the case by phone"
    );
}

#[tokio::test]
async fn a_reporters_numbers_find_nothing_and_the_accused_cannot_open_it_by_number() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.county, "2026-06-20");
    body["petition_type"] = json!("accusation");
    body["petitioners"] =
        json!([{"name": "欧阳明华", "id_number": "440524188001010014", "phone": "13911117654"}]);
    let v = t.register(&registrar, &body).await;
    let id = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_owned();
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    for user in ["city", "province", "county"] {
        for q in ["440524188001010014", "13911117654", "欧阳明华"] {
            assert!(found(&t, user, q).await.is_empty(), "{user}: {q}");
        }
    }
    assert_eq!(found(&t, "city", &number).await, [id]);
    let county = t.token("county").await;
    let v = t.list(&county, &format!("q={}", enc(&number))).await;
    assert_eq!(v["total"], 0, "the accused county learns nothing: {v}");
    assert!(v["items"].as_array().unwrap().is_empty());
}

/// The list page filters by handling unit (the unit and below, offered in tree order from the
/// user's scope) and pages at the size chosen, keeping both in its links.
#[tokio::test]
async fn the_list_page_filters_by_unit_and_pages_at_the_size_chosen() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut at_school = Vec::new();
    for day in 1..=3 {
        let v = t
            .register(
                &registrar,
                &letter(t.units.school, &format!("2026-06-0{day}")),
            )
            .await;
        let id = v["id"].as_i64().unwrap();
        t.act_ok(
            &registrar,
            id,
            json!({"action": "forward", "to_unit_id": t.units.school}),
        )
        .await;
        at_school.push(v["number"].as_str().unwrap().to_owned());
    }
    let kept = t
        .register(&registrar, &letter(t.units.school, "2026-06-05"))
        .await["number"]
        .as_str()
        .unwrap()
        .to_owned();

    let cookie = sign_in(&t, "county").await;
    let (status, page) = get(&t, &cookie, "/cases").await;
    assert_eq!(status, 200);
    // The county's units are offered by the unit filter, its sibling is not.
    let filter = page
        .split("id=\"f-unit\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap();
    assert!(
        filter.contains(&format!("<option value=\"{}\"", t.units.school)),
        "{filter}"
    );
    assert!(!filter.contains(&format!("<option value=\"{}\"", t.units.sibling_school)));
    let (_, page) = get(&t, &cookie, &format!("/cases?unit_id={}", t.units.school)).await;
    for n in &at_school {
        assert!(page.contains(n.as_str()), "{n} handled by the school");
    }
    assert!(
        !page.contains(&kept),
        "a case the county office keeps is not the school's"
    );
    assert!(page.contains(&format!("<option value=\"{}\" selected", t.units.school)));

    // Two per page is not offered: 20 it is; 50 is kept in the pager and export links.
    let (_, page) = get(
        &t,
        &cookie,
        &format!("/cases?per_page=50&unit_id={}", t.units.school),
    )
    .await;
    assert!(page.contains("<option value=\"50\" selected"), "{page}");
    let export = page
        .split("href=\"/cases/export.xlsx?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        export.contains(&format!("unit_id={}", t.units.school)) && export.contains("per_page=50"),
        "links keep the filters: {export}"
    );
    let (_, page) = get(&t, &cookie, "/cases?per_page=2").await;
    assert!(page.contains("<option value=\"20\" selected"));
}
