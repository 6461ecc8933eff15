//! The unit picker (issue 12 item 10): wherever staff pick a unit — the registration form, the
//! case list's filter, the forward and 交办 forms, the admin's user form — the options come in
//! tree order and each names the unit's full path, so a search that leaves a few options keeps
//! their context.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};

/// The options of the select `id` on the page, as (value, label) in page order.
fn options(page: &str, id: &str) -> Vec<(String, String)> {
    let select = page
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap_or_else(|| panic!("no select #{id}"));
    select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| {
            let (value, rest) = o.split_once('"')?;
            let label = rest.split_once('>')?.1.split("</option>").next()?;
            Some((
                value.to_owned(),
                label.replace("&#x2f;", "/").trim().to_owned(),
            ))
        })
        .filter(|(v, _)| !v.is_empty())
        .collect()
}

fn label_of(opts: &[(String, String)], unit: i64) -> String {
    opts.iter()
        .find(|(v, _)| *v == unit.to_string())
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| panic!("unit {unit} not offered: {opts:?}"))
}

fn position(opts: &[(String, String)], unit: i64) -> usize {
    opts.iter()
        .position(|(v, _)| *v == unit.to_string())
        .unwrap_or_else(|| panic!("unit {unit} not offered"))
}

const SCHOOL_PATH: &str = "某省教育厅 / 某市教育局 / 某区教育局 / 某区第一小学";

#[tokio::test]
async fn every_unit_picker_shows_full_paths_in_tree_order() {
    let t = spawn_app().await;
    let u = &t.units;

    // The registration form (the registrar of the county's office).
    let cookie = sign_in(&t, "registrar").await;
    let (status, page) = get(&t, &cookie, "/register/letter").await;
    assert_eq!(status, 200);
    let opts = options(&page, "concerned_unit_id");
    assert_eq!(label_of(&opts, u.school), SCHOOL_PATH);
    assert_eq!(
        label_of(&opts, u.county),
        "某省教育厅 / 某市教育局 / 某区教育局"
    );
    assert!(position(&opts, u.county) < position(&opts, u.school));
    assert!(position(&opts, u.school) < position(&opts, u.school2));

    // The case list's unit filter (the county).
    let cookie = sign_in(&t, "county").await;
    let (_, page) = get(&t, &cookie, "/cases").await;
    let opts = options(&page, "f-unit");
    assert_eq!(label_of(&opts, u.school), SCHOOL_PATH);
    assert_eq!(
        opts[0].1, "某省教育厅 / 某市教育局 / 某区教育局",
        "scope first"
    );

    // The forward and 交办 forms on a case page.
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(u.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    let cookie = sign_in(&t, "registrar").await;
    let (_, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    for form in ["forward-unit", "assign-unit"] {
        let opts = options(&page, form);
        assert_eq!(label_of(&opts, u.school), SCHOOL_PATH, "{form}");
    }

    // The administrator's user form: every unit, the province first, siblings after the
    // county's subtree.
    let cookie = sign_in(&t, "admin").await;
    let (_, page) = get(&t, &cookie, "/admin/users").await;
    let opts = options(&page, "unit_id");
    assert_eq!(opts[0].1, "某省教育厅");
    assert_eq!(
        label_of(&opts, u.sibling_school),
        "某省教育厅 / 某市教育局 / 邻区教育局 / 邻区实验小学"
    );
    assert!(position(&opts, u.school2) < position(&opts, u.sibling_county));
    assert!(position(&opts, u.sibling_county) < position(&opts, u.sibling_school));
}
