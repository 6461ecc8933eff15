//! The administration pages over plain HTTP: only system administrators open them; units and
//! users are created through the app's rules (三员分立, password policy) with translated
//! errors; categories and rules are shown; a calendar change re-times open cases.
//!
//! Access and units are here; users and their work contacts in `users.rs`; categories, rules
//! and the calendar in `rules_calendar.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod rules_calendar;
mod users;

use huiyin_testkit::pages::{csrf_of, form_body, get, post_form as post, sign_in};
use huiyin_testkit::spawn_app;

const PAGES: [&str; 5] = [
    "/admin/units",
    "/admin/users",
    "/admin/categories",
    "/admin/rules",
    "/admin/calendar",
];

#[tokio::test]
async fn only_administrators_open_the_admin_pages() {
    let t = spawn_app().await;
    for user in ["registrar", "handler", "leader", "auditor"] {
        let cookie = sign_in(&t, user).await;
        let (_, home) = get(&t, &cookie, "/").await;
        assert!(
            !home.contains("href=\"/admin/units\""),
            "{user} sees no 系统管理 link"
        );
        for path in PAGES {
            let (status, html) = get(&t, &cookie, path).await;
            assert_eq!(status, 403, "{user} {path}");
            assert!(html.contains("您没有执行此操作的权限"), "{user} {path}");
        }
        let csrf = csrf_of(&home);
        let res = post(
            &t,
            &cookie,
            "/admin/units",
            &[
                ("_csrf", &csrf),
                ("name", "某校"),
                ("kind", "school"),
                ("region_code", "330106"),
            ],
        )
        .await;
        assert_eq!(res.status(), 403, "{user} cannot create a unit");
    }
    let cookie = sign_in(&t, "admin").await;
    let (_, home) = get(&t, &cookie, "/").await;
    assert!(home.contains("href=\"/admin/units\"") && home.contains("系统管理"));
    for path in PAGES {
        let (status, html) = get(&t, &cookie, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("aria-current=\"page\">系统管理"),
            "{path} marks the nav"
        );
    }
}

#[tokio::test]
async fn units_are_listed_searched_and_created() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, html) = get(&t, &cookie, "/admin/units").await;
    assert!(html.contains("某区教育局信访办") && html.contains("data-testid=\"units\""));
    let (_, found) = get(
        &t,
        &cookie,
        &format!("/admin/units?{}", form_body(&[("q", "信访办")])),
    )
    .await;
    assert!(found.contains("某区教育局信访办") && found.contains("所属："));
    let csrf = csrf_of(&html);
    let parent = t.units.county.to_string();
    let evil = "<script>alert(1)</script>";
    let bad = post(
        &t,
        &cookie,
        "/admin/units",
        &[
            ("_csrf", &csrf),
            ("name", &format!("实验小学{evil}")),
            ("kind", "school"),
            ("parent_id", &parent),
            ("region_code", "33A"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("行政区划代码：行政区划代码应为6位数字"),
        "translated field error"
    );
    assert!(
        !body.contains(evil) && body.contains("&#60;script&#62;"),
        "typed text kept as text"
    );
    let ok = post(
        &t,
        &cookie,
        "/admin/units",
        &[
            ("_csrf", &csrf),
            ("name", &format!("实验小学{evil}")),
            ("kind", "school"),
            ("parent_id", &parent),
            ("region_code", "330106"),
        ],
    )
    .await;
    assert_eq!(ok.status(), 303);
    let to = ok.headers()["location"].to_str().unwrap().to_owned();
    let (_, after) = get(&t, &cookie, &to).await;
    assert!(after.contains("已新增单位："), "success line");
    assert!(!after.contains(evil) && after.contains("实验小学&#60;script&#62;"));
    let (_, units) = t.get("/api/v1/units", Some(&t.token("admin").await)).await;
    assert!(
        units
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == format!("实验小学{evil}"))
    );
}
