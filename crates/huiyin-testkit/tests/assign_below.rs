//! 交办 goes down the line (issue 12 item 11): a case is assigned only to a unit below the
//! handling body (the API refuses the rest, saying to forward), and the case page's 交办 form
//! offers only those.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn assign_offers_and_accepts_only_units_below() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    for to in [t.units.sibling_county, t.units.city] {
        let (status, e) = t
            .act(
                &registrar,
                id,
                json!({"action": "assign", "to_unit_id": to}),
            )
            .await;
        assert_eq!(status, 422, "{to}: {e}");
        assert!(
            e["fields"]["to_unit_id"].as_str().unwrap().contains("转送"),
            "{e}"
        );
    }

    let cookie = sign_in(&t, "registrar").await;
    let (status, page) = get(&t, &cookie, &format!("/cases/{id}")).await;
    assert_eq!(status, 200);
    let form = |action: &str| -> String {
        let start = page
            .find(&format!("data-action=\"{action}\""))
            .unwrap_or_else(|| panic!("no {action} form"));
        let end = page[start..].find("</details>").unwrap() + start;
        page[start..end].to_owned()
    };
    let option = |unit: i64| format!("<option value=\"{unit}\"");
    let assign = form("assign");
    assert!(assign.contains(&option(t.units.school)), "the school below");
    assert!(
        !assign.contains(&option(t.units.sibling_county)),
        "no sibling"
    );
    assert!(!assign.contains(&option(t.units.city)), "nothing above");
    assert!(form("forward").contains(&option(t.units.school)));

    t.act_ok(
        &registrar,
        id,
        json!({"action": "assign", "to_unit_id": t.units.school}),
    )
    .await;
}
