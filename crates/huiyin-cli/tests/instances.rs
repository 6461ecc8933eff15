//! Several `huiyin serve` instances on one database (issue 17 item 1), through the real
//! binary: a session signed in on one answers on the other, and the portal's per-address rate
//! limit holds across both (the hits are counted in the database, not per process).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{Db, Server};
use serde_json::json;

async fn submit(server: &Server, school: i64) -> u16 {
    let (status, _) = server
        .post(
            "/api/v1/public/petitions",
            None,
            &json!({
                "petition_type": "appeal", "category": "fees", "concerned_unit_id": school,
                "title": "反映学校违规收取资料费",
                "content": "孩子所在班级每学期收取资料费500元，未公示收费依据。",
                "demands": "请核查并退还不合理收费",
                "petitioners": [{"name": "李秀英"}],
                "contact_phone": "13912345678", "consent_privacy": true
            }),
        )
        .await;
    status
}

#[tokio::test]
async fn two_instances_share_sessions_and_the_portals_rate_limit() {
    let db = Db::fresh().await;
    let env = [
        ("HUIYIN_PORTAL_SUBMIT_LIMIT", "2/3600"),
        ("HUIYIN_TOTP_REQUIRED_ROLES", "none"),
    ];
    let a = db.serve(&["--demo", "--demo-cases", "0"], &env).await;
    let b = db.serve(&[], &env).await;

    // A token issued by one instance is a session on the other.
    let (status, v) = a.sign_in("admin", "demo", None).await;
    assert_eq!(status, 200, "{v}");
    let token = v["token"].as_str().unwrap().to_owned();
    let (status, me) = b.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    let (_, units) = b.get("/api/v1/units", Some(&token)).await;
    let school = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "school")
        .and_then(|u| u["id"].as_i64())
        .unwrap();

    // Two submissions an hour from one address, whichever instance takes them.
    assert_eq!(submit(&a, school).await, 201);
    assert_eq!(submit(&b, school).await, 201);
    assert_eq!(submit(&a, school).await, 429);
    assert_eq!(submit(&b, school).await, 429);
}
