//! Who sees which case, in case pages, lists and search; filters; Chinese full text.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn units_see_their_own_and_below_never_a_sibling() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    let id = case["id"].as_i64().unwrap();
    for (user, visible) in [
        ("registrar", true),
        ("county", true),
        ("city", true),
        ("city_supervisor", true),
        ("province", true),
        ("sibling", false),
        ("sibling_school", false),
        ("school", false),
        ("auditor", false),
    ] {
        let token = t.token(user).await;
        let (s, _) = t.case(&token, id).await;
        assert_eq!(s == 200, visible, "{user} case page");
        let total = t.list(&token, "").await["total"].as_i64().unwrap();
        assert_eq!(total == 1, visible, "{user} list");
    }
    // After forwarding, the school sees it too; the sibling still does not.
    t.act_ok(
        &registrar,
        id,
        json!({"action": "forward", "to_unit_id": t.units.school}),
    )
    .await;
    let school = t.token("school").await;
    assert_eq!(t.case(&school, id).await.0, 200);
    let sibling = t.token("sibling").await;
    assert_eq!(t.case(&sibling, id).await.0, 404);
    // A supervisor sees masked identity numbers; the handling unit sees them in clear.
    let sup = t.token("city_supervisor").await;
    let (_, masked) = t.case(&sup, id).await;
    assert_eq!(masked["petitioners"][0]["id_number"], "110105********002X");
    assert!(masked["allowed_actions"].as_array().unwrap().is_empty());
    let (_, clear) = t.case(&school, id).await;
    assert_eq!(clear["petitioners"][0]["id_number"], "11010519491231002X");
}

#[tokio::test]
async fn units_listing_follows_the_tree() {
    let t = spawn_app().await;
    let school = t.token("school").await;
    let (s, units) = t.get("/api/v1/units", Some(&school)).await;
    assert_eq!(s, 200);
    let ids: Vec<i64> = units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert!(
        ids.contains(&t.units.school)
            && ids.contains(&t.units.county)
            && ids.contains(&t.units.province)
    );
    assert!(!ids.contains(&t.units.sibling_school) && !ids.contains(&t.units.school2));
    let admin = t.token("admin").await;
    let (s, u) = t
        .post_json("/api/v1/units", Some(&admin), &json!({"name": "某区第三小学", "kind": "school", "parent_id": t.units.county, "region_code": "110105"}))
        .await;
    assert_eq!(s, 201, "{u}");
    assert_eq!(u["level"], 5);
    let (s, v) = t
        .post_json("/api/v1/units", Some(&admin), &json!({"name": "错位学校", "kind": "school", "parent_id": t.units.school, "region_code": "110105"}))
        .await;
    assert_eq!((s, v["code"].as_str()), (422, Some("unit.bad_parent")));
    let (s, _) = t
        .post_json("/api/v1/units", Some(&school), &json!({"name": "x", "kind": "school", "parent_id": t.units.county, "region_code": "110105"}))
        .await;
    assert_eq!(s, 403);
    let (s, v) = t
        .post_json("/api/v1/users", Some(&admin), &json!({"username": "new_clerk", "password": "secret-1", "display_name": "新登记员", "unit_id": t.units.county_office, "roles": ["registrar"]}))
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, v) = t
        .post_json("/api/v1/users", Some(&admin), &json!({"username": "new_clerk", "password": "secret-1", "display_name": "重复", "unit_id": t.units.county_office, "roles": ["registrar"]}))
        .await;
    assert_eq!((s, v["code"].as_str()), (409, Some("user.username_taken")));
    let (s, cats) = t.get("/api/v1/categories", Some(&school)).await;
    assert_eq!(s, 200);
    assert!(
        cats.as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "fees" && c["default_petition_type"].is_string())
    );
}

#[tokio::test]
async fn chinese_full_text_and_filters() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let texts = [
        (
            "admissions",
            "反映学区划分不合理",
            "小区被划入较远学校的学区，孩子无法就近入学。",
            "重新划分学区",
            "王芳",
        ),
        (
            "fees",
            "学校违规收费",
            "学校要求家长缴纳资料费，要求退还借读费。",
            "退还费用",
            "欧阳明华",
        ),
        (
            "logistics",
            "食堂饭菜质量差",
            "学校食堂饭菜质量差，价格偏高。",
            "改善食堂伙食",
            "李娜",
        ),
    ];
    let mut ids = Vec::new();
    for (cat, title, content, demands, name) in texts {
        let mut b = letter(t.units.school, "2026-06-01");
        b["category"] = json!(cat);
        b["title"] = json!(title);
        b["content"] = json!(content);
        b["demands"] = json!(demands);
        b["petitioners"] = json!([{"name": name}]);
        ids.push(t.register(&registrar, &b).await["id"].as_i64().unwrap());
    }
    for (q, expect) in [
        ("学区", 0),
        ("收费", 1),
        ("食堂", 2),
        ("就近入学", 0),
        ("借读费", 1),
        ("欧阳明华", 1),
        ("李娜", 2),
        ("学区划分", 0),
    ] {
        let v = t.list(&registrar, &format!("q={q}")).await;
        let got: Vec<i64> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(got, vec![ids[expect]], "query {q}");
    }
    assert_eq!(t.list(&registrar, "q=教师职称").await["total"], 0);
    // The sibling finds nothing even with the right words.
    let sibling = t.token("sibling").await;
    assert_eq!(t.list(&sibling, "q=食堂").await["total"], 0);
    // Filters.
    assert_eq!(t.list(&registrar, "category=fees").await["total"], 1);
    assert_eq!(
        t.list(&registrar, "status=registered&channel=letter").await["total"],
        3
    );
    assert_eq!(t.list(&registrar, "status=accepted").await["total"], 0);
    assert_eq!(
        t.list(
            &registrar,
            "petition_type=appeal&received_from=2026-06-01&received_to=2026-06-01"
        )
        .await["total"],
        3
    );
    assert_eq!(
        t.list(&registrar, "received_from=2026-06-02").await["total"],
        0
    );
    // Registered 2026-06-01: the 15-day disposal deadline (06-16) has passed on 06-30.
    assert_eq!(t.list(&registrar, "overdue=true").await["total"], 3);
    assert_eq!(t.list(&registrar, "overdue=false").await["total"], 0);
    assert_eq!(
        t.list(&registrar, "due_before=2026-06-15").await["total"],
        0
    );
    assert_eq!(
        t.list(&registrar, &format!("unit_id={}", t.units.county))
            .await["total"],
        3
    );
    assert_eq!(
        t.list(&registrar, &format!("unit_id={}", t.units.school))
            .await["total"],
        0
    );
    let page = t.list(&registrar, "per_page=2&page=2&sort=id").await;
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    assert_eq!(page["items"][0]["id"], ids[2]);
    let (s, v) = t
        .get(
            "/api/v1/cases?overdue=maybe&status=nonsense",
            Some(&registrar),
        )
        .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["overdue"].is_string() && v["fields"]["status"].is_string());
}

#[tokio::test]
async fn identity_numbers_and_phones_are_encrypted_at_rest() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let case = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await;
    assert_eq!(case["petitioners"][0]["id_number"], "11010519491231002X");
    // Read the row with a store that has no keys: only ciphertext is there.
    let bare = huiyin_store::Store::connect(&t.app.store_for_tests().url_for_tests())
        .await
        .unwrap();
    let err = bare.case(case["id"].as_i64().unwrap()).await.unwrap_err();
    assert!(err.to_string().contains("encrypted"), "{err}");
    let raw = bare.raw_petitioner_columns_for_tests().await.unwrap();
    assert!(raw.iter().all(|v| v.starts_with("enc1:sm4gcm:")), "{raw:?}");
    assert!(
        raw.iter()
            .all(|v| !v.contains("13800138000") && !v.contains("11010519491231002X"))
    );
}
