//! The administration pages over plain HTTP: only system administrators open them; units and
//! users are created through the app's rules (三员分立, password policy) with translated
//! errors; categories and rules are shown; a calendar change re-times open cases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, form_body, get, post_form as post, sign_in};
use huiyin_testkit::{letter, spawn_app};

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

#[tokio::test]
async fn users_are_created_with_separated_administrators() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, html) = get(&t, &cookie, "/admin/users").await;
    assert!(html.contains("registrar") && html.contains("登记员") && html.contains("审计管理员"));
    let csrf = csrf_of(&html);
    let unit = t.units.county.to_string();
    let evil = "<script>alert(1)</script>";
    let both = post(
        &t,
        &cookie,
        "/admin/users",
        &[
            ("_csrf", &csrf),
            ("username", "wang.admin"),
            ("display_name", &format!("王{evil}")),
            ("password", "Strong-pass-2026"),
            ("unit_id", &unit),
            ("roles", "admin"),
            ("roles", "auditor"),
        ],
    )
    .await;
    assert_eq!(both.status(), 422);
    let body = both.text().await.unwrap();
    assert!(
        body.contains("角色：") && body.contains("三员分立"),
        "三员分立 refused, translated"
    );
    assert!(
        !body.contains("Strong-pass-2026"),
        "the password is not sent back"
    );
    assert!(
        !body.contains(evil) && body.contains("王&#60;script&#62;"),
        "name kept as text"
    );
    let weak = post(
        &t,
        &cookie,
        "/admin/users",
        &[
            ("_csrf", &csrf),
            ("username", "wang"),
            ("display_name", "王老师"),
            ("password", "short"),
            ("unit_id", &unit),
            ("roles", "handler"),
        ],
    )
    .await;
    assert_eq!(weak.status(), 422);
    assert!(weak.text().await.unwrap().contains("密码：密码至少8位"));
    let ok = post(
        &t,
        &cookie,
        "/admin/users",
        &[
            ("_csrf", &csrf),
            ("username", "wang"),
            ("display_name", &format!("王{evil}")),
            ("password", "Strong-pass-2026"),
            ("unit_id", &unit),
            ("roles", "handler"),
            ("roles", "registrar"),
        ],
    )
    .await;
    assert_eq!(ok.status(), 303);
    let (_, list) = get(&t, &cookie, ok.headers()["location"].to_str().unwrap()).await;
    assert!(list.contains("已新增用户：wang") && list.contains("data-user=\"wang\""));
    assert!(!list.contains(evil) && list.contains("王&#60;script&#62;alert(1)&#60;/script&#62;"));
    // The new user signs in with the password given.
    let res = post(
        &t,
        "",
        "/login",
        &[("username", "wang"), ("password", "Strong-pass-2026")],
    )
    .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn categories_and_rules_are_shown_with_their_sources() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, cats) = get(&t, &cookie, "/admin/categories").await;
    assert!(cats.contains("data-category=") && cats.contains("默认类型"));
    let (_, rules) = get(&t, &cookie, "/admin/rules").await;
    assert!(
        rules.contains("现行有效")
            && rules.contains("信访工作条例")
            && rules.contains("60个自然日")
    );
    let en = client()
        .get(t.url("/admin/rules"))
        .header("cookie", format!("{cookie}; hy_lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("In force") && en.contains("60 calendar days"));
}

#[tokio::test]
async fn a_calendar_change_retimes_open_cases() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let due_before = case["deadlines"][0]["due_on"].as_str().unwrap().to_owned();
    let cookie = sign_in(&t, "admin").await;
    let (status, html) = get(&t, &cookie, "/admin/calendar?year=2026").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"months\"") && html.contains("春节"));
    let csrf = csrf_of(&html);
    // A workday on a Wednesday is refused by the calendar's own check, translated.
    let bad = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[
            ("_csrf", &csrf),
            ("year", "2026"),
            ("op", "set"),
            ("date", "2026-07-08"),
            ("kind", "workday"),
            ("name", "测试"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("节假日安排数据有误"));
    // The 15-day limit ends on 2026-07-14; made a day off, the deadline moves.
    assert_eq!(due_before, "2026-07-14");
    let mut retimed = String::new();
    for day in ["2026-07-13", "2026-07-14"] {
        let ok = post(
            &t,
            &cookie,
            "/admin/calendar",
            &[
                ("_csrf", &csrf),
                ("year", "2026"),
                ("op", "set"),
                ("date", day),
                ("kind", "off"),
                ("name", "测试<b>假日</b>"),
            ],
        )
        .await;
        assert_eq!(ok.status(), 303, "{day}");
        retimed = ok.headers()["location"].to_str().unwrap().to_owned();
    }
    assert!(retimed.contains("retimed="), "{retimed}");
    let (_, after) = get(&t, &cookie, &retimed).await;
    assert!(after.contains("已重算期限的事项数：") && after.contains("data-date=\"2026-07-14\""));
    assert!(!after.contains("<b>假日</b>"), "holiday names are text");
    let (_, v) = t.case(&token, id).await;
    let due_after = v["deadlines"][0]["due_on"].as_str().unwrap().to_owned();
    assert_ne!(due_before, due_after, "the open case was re-timed");
    let removed = post(
        &t,
        &cookie,
        "/admin/calendar",
        &[
            ("_csrf", &csrf),
            ("year", "2026"),
            ("op", "remove"),
            ("date", "2026-07-13"),
        ],
    )
    .await;
    assert_eq!(removed.status(), 303);
    let (_, gone) = get(&t, &cookie, removed.headers()["location"].to_str().unwrap()).await;
    assert!(
        !gone.contains("data-date=\"2026-07-13\"") && gone.contains("data-date=\"2026-07-14\"")
    );
}

#[tokio::test]
async fn an_administrator_sets_and_clears_a_users_work_contacts_on_the_users_page() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (_, html) = get(&t, &cookie, "/admin/users").await;
    assert!(html.contains("通知联系方式") && html.contains("name=\"contact_username\""));
    let csrf = csrf_of(&html);
    let leader = t
        .app
        .store_for_tests()
        .user_by_username("leader")
        .await
        .unwrap()
        .unwrap()
        .id;
    let stored = async || {
        t.app
            .store_for_tests()
            .user_contacts(&[leader])
            .await
            .unwrap()
    };

    // Bad input: every problem named, nothing stored.
    let bad = post(
        &t,
        &cookie,
        "/admin/users/contact",
        &[
            ("_csrf", &csrf),
            ("contact_username", "leader"),
            ("phone", "12345"),
            ("email", "not-an-address"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("手机号应为11位大陆手机号码") && body.contains("电子邮箱地址格式不正确"),
        "{body}"
    );
    assert!(
        body.contains("value=\"12345\""),
        "the typed values are kept"
    );
    assert!(stored().await.is_empty());

    // Saved: the page says what is stored, the number masked.
    let ok = post(
        &t,
        &cookie,
        "/admin/users/contact",
        &[
            ("_csrf", &csrf),
            ("contact_username", "leader"),
            ("phone", "+86 138-0000-1111"),
            ("email", "leader@example.edu.cn"),
        ],
    )
    .await;
    assert_eq!(ok.status(), 200);
    let page = ok.text().await.unwrap();
    assert!(page.contains("已保存通知联系方式：leader"), "{page}");
    assert!(
        page.contains("138****1111") && !page.contains("13800001111"),
        "{page}"
    );
    assert_eq!(
        stored().await,
        vec![(
            leader,
            huiyin_store::UserContact {
                phone: Some("13800001111".into()),
                email: Some("leader@example.edu.cn".into()),
            }
        )]
    );

    // Both left empty: cleared.
    let cleared = post(
        &t,
        &cookie,
        "/admin/users/contact",
        &[("_csrf", &csrf), ("contact_username", "leader")],
    )
    .await;
    assert_eq!(cleared.status(), 200);
    assert!(stored().await.is_empty());

    // Only administrators.
    let registrar = sign_in(&t, "registrar").await;
    let (_, home) = get(&t, &registrar, "/").await;
    let res = post(
        &t,
        &registrar,
        "/admin/users/contact",
        &[
            ("_csrf", &csrf_of(&home)),
            ("contact_username", "leader"),
            ("phone", "13800001111"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(stored().await.is_empty());
}
