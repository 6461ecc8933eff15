//! Users on the administration pages: created through 三员分立 and the password policy with
//! translated errors, and their work contacts set and cleared by an administrator only.

use huiyin_testkit::pages::{csrf_of, get, post_form as post, sign_in};
use huiyin_testkit::spawn_app;

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
