//! 回避 register (issue 15 items 7 and 9): every recusal on the cases of a scope, the latest
//! first, standing or lifted; never one on a case the reader may not open (the recused user's
//! own included); the same list as a page and a workbook; bad filters refused by field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, name: &str) -> i64 {
    t.app.authenticate(&t.token(name).await).await.unwrap().id
}

fn reasons(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reason"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_leader_reviews_the_recusals_of_the_scope_standing_and_lifted() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let leader = t.token("leader").await;
    let mut cases = Vec::new();
    for day in ["2026-06-18", "2026-06-20"] {
        let v = t.register(&registrar, &letter(t.units.school, day)).await;
        cases.push((
            v["id"].as_i64().unwrap(),
            v["number"].as_str().unwrap().to_owned(),
        ));
    }
    // The handler declares a conflict on the first; the leader gives one to the registrar on
    // the second, then lifts it.
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/recusals", cases[0].0),
            Some(&t.token("handler").await),
            &json!({"reason": "信访人系本人亲属"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let (status, v) = t
        .post_json(
            &format!("/api/v1/cases/{}/recusals", cases[1].0),
            Some(&leader),
            &json!({"user_id": user_id(&t, "registrar").await, "reason": "曾在被反映学校任职"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let given = v[0]["id"].as_i64().unwrap();
    let (status, v) = t
        .post_json(
            &format!("/api/v1/recusals/{given}/lift"),
            Some(&leader),
            &json!({"reason": "任职已满五年，经研究解除"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");

    let (status, v) = t.get("/api/v1/recusals", Some(&leader)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        reasons(&v),
        ["曾在被反映学校任职", "信访人系本人亲属"],
        "{v}"
    );
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"][0]["case_number"], cases[1].1.as_str());
    assert_eq!(v["items"][0]["lifted"], true);
    assert_eq!(v["items"][0]["self_declared"], false);
    assert_eq!(v["items"][1]["self_declared"], true);
    assert!(
        !v["items"][1]["unit_name"].as_str().unwrap().is_empty(),
        "{v}"
    );
    let (_, v) = t
        .get("/api/v1/recusals?status=standing", Some(&leader))
        .await;
    assert_eq!(reasons(&v), ["信访人系本人亲属"], "{v}");
    let (_, v) = t.get("/api/v1/recusals?status=lifted", Some(&leader)).await;
    assert_eq!(reasons(&v), ["曾在被反映学校任职"], "{v}");
    // The city above reads them; a sibling county none; the recused handler not the one on
    // the case they may no longer open.
    let (_, v) = t
        .get("/api/v1/recusals", Some(&t.token("city").await))
        .await;
    assert_eq!(v["total"], 2, "{v}");
    let (_, v) = t
        .get("/api/v1/recusals", Some(&t.token("sibling").await))
        .await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = t
        .get("/api/v1/recusals", Some(&t.token("handler").await))
        .await;
    assert_eq!(reasons(&v), ["曾在被反映学校任职"], "{v}");

    // Bad filters: named; a unit outside the scope refused.
    let (status, e) = t
        .get("/api/v1/recusals?status=open&unit_id=x", Some(&leader))
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["status"].is_string(), "{e}");
    assert!(e["fields"]["unit_id"].is_string(), "{e}");
    let (status, _) = t
        .get(
            &format!("/api/v1/recusals?unit_id={}", t.units.sibling_county),
            Some(&leader),
        )
        .await;
    assert_eq!(status, 403);

    // The page (in the leader's navigation) and the workbook.
    let cookie = sign_in(&t, "leader").await;
    let (status, html) = get(&t, &cookie, "/recusals?status=standing").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("信访人系本人亲属"), "{html}");
    assert!(!html.contains("曾在被反映学校任职"), "{html}");
    assert!(
        html.contains("aria-current=\"page\">回避登记"),
        "nav: {html}"
    );
    let (status, html) = get(&t, &cookie, "/recusals?status=open").await;
    assert_eq!(status, 422, "{html}");
    for path in ["/recusals.xlsx", "/api/v1/recusals?format=xlsx"] {
        let res = huiyin_testkit::pages::client()
            .get(t.url(path))
            .header("cookie", &cookie)
            .bearer_auth(&leader)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let bytes = res.bytes().await.unwrap();
        assert!(
            zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).is_ok(),
            "{path}"
        );
    }
}
