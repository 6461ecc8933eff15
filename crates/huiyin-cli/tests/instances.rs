//! Several `huiyin serve` instances on one database (issue 17 item 1), through the real
//! binary: a session signed in on one answers on the other, the portal's per-address rate
//! limit holds across both (the hits are counted in the database, not per process), and
//! killing one with SIGKILL in the middle of a load of registrations loses no case it
//! acknowledged.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{Db, Server, beijing_today};
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

#[tokio::test]
async fn killing_one_instance_during_registrations_loses_no_acknowledged_case() {
    let db = Db::fresh().await;
    let env = [("HUIYIN_TOTP_REQUIRED_ROLES", "none")];
    let mut a = db.serve(&["--demo", "--demo-cases", "0"], &env).await;
    let b = db.serve(&[], &env).await;
    let (_, v) = a.sign_in("registrar", "demo", None).await;
    let token = v["token"].as_str().unwrap().to_owned();
    let (_, me) = b.get("/api/v1/me", Some(&token)).await;
    let unit = me["user"]["unit_id"].as_i64().unwrap();
    let today = beijing_today();
    let letter = move |i: usize| {
        json!({"channel": "letter", "petition_type": "appeal", "category": "fees",
               "title": format!("负载登记{i}：反映学校违规收取借读费"),
               "content": "学校收取借读费3000元，要求说明依据。", "demands": "退还借读费",
               "concerned_unit_id": unit, "received_on": today,
               "petitioners": [{"name": "张伟", "phone": "13800138000"}]})
    };

    // Four clients register on instance A as fast as it answers; each acknowledgement (201
    // with the case's id) is reported. After twenty, A is killed mid-load.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, String)>();
    let mut clients = Vec::new();
    for c in 0..4 {
        let (tx, url, token, letter) = (
            tx.clone(),
            a.url("/api/v1/cases"),
            token.clone(),
            letter.clone(),
        );
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            for i in 0.. {
                let Ok(res) = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&letter(c * 10_000 + i))
                    .send()
                    .await
                else {
                    return;
                };
                if res.status() != 201 {
                    return;
                }
                let Ok(v) = res.json::<serde_json::Value>().await else {
                    return;
                };
                let ack = (
                    v["id"].as_i64().unwrap(),
                    v["number"].as_str().unwrap().to_owned(),
                );
                if tx.send(ack).is_err() {
                    return;
                }
            }
        }));
    }
    drop(tx);
    let mut acked = Vec::new();
    while acked.len() < 20 {
        acked.push(rx.recv().await.unwrap());
    }
    a.kill();
    while let Some(ack) = rx.recv().await {
        acked.push(ack);
    }
    for c in clients {
        c.await.unwrap();
    }
    // The load goes on at B.
    for i in 0..10 {
        let (status, v) = b
            .post("/api/v1/cases", Some(&token), &letter(90_000 + i))
            .await;
        assert_eq!(status, 201, "{v}");
        acked.push((
            v["id"].as_i64().unwrap(),
            v["number"].as_str().unwrap().to_owned(),
        ));
    }
    // Every acknowledged case is there, as acknowledged.
    for (id, number) in &acked {
        let (status, v) = b.get(&format!("/api/v1/cases/{id}"), Some(&token)).await;
        assert_eq!(
            status, 200,
            "case {id} ({number}) acknowledged but lost: {v}"
        );
        assert_eq!(v["number"].as_str(), Some(number.as_str()));
    }
    assert!(acked.len() >= 30, "{}", acked.len());
}

/// Asks `ask` until it answers true, for at most twenty seconds (the instances re-read the
/// shared configuration every five).
async fn within_twenty_seconds<F, Fut>(mut ask: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if ask().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_unit_and_a_calendar_day_changed_on_one_instance_are_in_force_on_the_other() {
    let db = Db::fresh().await;
    let env = [("HUIYIN_TOTP_REQUIRED_ROLES", "none")];
    let a = db.serve(&["--demo", "--demo-cases", "0"], &env).await;
    let b = db.serve(&[], &env).await;
    let (_, v) = a.sign_in("admin", "demo", None).await;
    let admin = v["token"].as_str().unwrap().to_owned();
    let (_, units) = b.get("/api/v1/units", Some(&admin)).await;
    let county = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "county_bureau")
        .unwrap()
        .clone();

    // A school added through A is known to B.
    let (status, v) = a
        .post(
            "/api/v1/units",
            Some(&admin),
            &json!({"name": "新建实验学校", "kind": "school", "parent_id": county["id"],
                    "region_code": county["region_code"]}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let known_on_b = within_twenty_seconds(|| async {
        let (_, units) = b.get("/api/v1/units", Some(&admin)).await;
        units
            .as_array()
            .is_some_and(|u| u.iter().any(|u| u["name"] == "新建实验学校"))
    })
    .await;
    assert!(known_on_b, "the new unit never reached instance B");

    // A day off set through A moves B's deadlines.
    let due_on_b = || async {
        let (_, v) = b
            .get(
                "/api/v1/calendar/deadline?start=2026-12-15&days=1&unit=working",
                None,
            )
            .await;
        v["due_on"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(due_on_b().await, "2026-12-16");
    let (status, v) = a
        .post(
            "/api/v1/calendar/days",
            Some(&admin),
            &json!({"op": "set", "date": "2026-12-16", "kind": "off", "name": "测试假日"}),
        )
        .await;
    assert!(status == 200 || status == 201, "{status} {v}");
    let moved = within_twenty_seconds(|| async { due_on_b().await == "2026-12-17" }).await;
    assert!(moved, "instance B still counts 2026-12-16 as a working day");
}
