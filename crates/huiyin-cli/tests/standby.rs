//! Issue 17 item 2: a PostgreSQL streaming standby. Two clusters made by the test with the
//! machine's PostgreSQL server binaries (initdb, pg_basebackup, pg_ctl; run as the `postgres`
//! user), synchronous replication to the standby, two `huiyin serve` instances reaching the
//! primary through a movable address (a TCP forwarder started here stands for the virtual IP or
//! proxy a site moves on failover) and reading statistics and the case list from the standby
//! (`HUIYIN_DATABASE_READ_URL`). The primary is killed during a load of registrations, the
//! standby promoted and the address moved: the instances go on without a restart, and every
//! acknowledged case is there.
//!
//! Ignored by default: it needs root (to run PostgreSQL as `postgres`) and the PostgreSQL
//! server binaries; `.ci/run` runs it (`cargo test -p huiyin --test standby -- --ignored`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

#[path = "standby_parts/cluster.rs"]
mod cluster;
mod common;
#[path = "standby_parts/forwarder.rs"]
mod forwarder;

use std::sync::Arc;

use cluster::Cluster;
use common::{Server, beijing_today, huiyin};
use forwarder::Forwarder;
use serde_json::{Value, json};

fn letter(unit: i64, i: usize) -> Value {
    json!({"channel": "letter", "petition_type": "appeal", "category": "fees",
           "title": format!("备库登记{i}：反映学校违规收取借读费"),
           "content": "学校收取借读费3000元，要求说明依据。", "demands": "退还借读费",
           "concerned_unit_id": unit, "received_on": beijing_today(),
           "petitioners": [{"name": "张伟", "phone": "13800138000"}]})
}

/// The case list's total as the standby answers it.
async fn listed(server: &Server, token: &str) -> i64 {
    let (status, v) = server.get("/api/v1/cases?per_page=1", Some(token)).await;
    assert_eq!(status, 200, "{v}");
    v["total"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs root and the PostgreSQL server binaries (CI runs it)"]
async fn a_standby_answers_reads_and_takes_over_without_losing_an_acknowledged_case() {
    let primary = Cluster::primary();
    let standby = Cluster::standby_of(&primary);
    assert_eq!(standby.sql("SELECT pg_is_in_recovery()"), "t");
    // The standby catches up, then is the synchronous one.
    let mut state = String::new();
    for _ in 0..100 {
        state = primary
            .sql("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'");
        if state == "sync" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state, "sync");
    let address = Forwarder::to(primary.port).await;
    let data = tempfile::tempdir().unwrap();
    let env = |demo: bool| {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
        if demo {
            args.extend(["--demo", "--demo-cases", "0"]);
        }
        let mut c = huiyin(&args, &[("HUIYIN_TOTP_REQUIRED_ROLES", "none")]);
        // The servers' log would be a page of the expected errors while the database is away.
        c.stderr(std::process::Stdio::null())
            .env("HUIYIN_DATA_DIR", data.path())
            .env("HUIYIN_DATABASE_URL", address.url())
            .env("HUIYIN_DATABASE_READ_URL", standby.url());
        c
    };
    let a = Server::start(env(true)).await;
    let b = Server::start(env(false)).await;
    let (_, v) = a.sign_in("registrar", "demo", None).await;
    let token = v["token"].as_str().unwrap().to_owned();
    let (_, me) = a.get("/api/v1/me", Some(&token)).await;
    let unit = me["user"]["unit_id"].as_i64().unwrap();

    // The list is read from the standby: with its replay paused, a new case is on its own page
    // (the primary) but not yet in the list; resumed, the list has it.
    let before = listed(&b, &token).await;
    standby.sql("SELECT pg_wal_replay_pause()");
    let (status, v) = a
        .post("/api/v1/cases", Some(&token), &letter(unit, 0))
        .await;
    assert_eq!(status, 201, "{v}");
    let first = v["id"].as_i64().unwrap();
    assert_eq!(
        b.get(&format!("/api/v1/cases/{first}"), Some(&token))
            .await
            .0,
        200
    );
    assert_eq!(
        listed(&b, &token).await,
        before,
        "the list comes from the paused standby"
    );
    standby.sql("SELECT pg_wal_replay_resume()");
    let mut seen = false;
    for _ in 0..100 {
        if listed(&b, &token).await == before + 1 {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        seen,
        "the standby's list shows the case once replay resumes"
    );

    // A load of registrations on both instances; the primary dies in the middle of it.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for (c, server) in [&a, &b, &a, &b].into_iter().enumerate() {
        let (tx, url, token, stop) = (
            tx.clone(),
            server.url("/api/v1/cases"),
            token.clone(),
            stop.clone(),
        );
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                i += 1;
                let res = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&letter(unit, c * 100_000 + i))
                    .send()
                    .await;
                // Failures while the database is away are expected; only 201s are acknowledged.
                if let Ok(res) = res
                    && res.status() == 201
                    && let Ok(v) = res.json::<Value>().await
                {
                    let _ = tx.send(v["id"].as_i64().unwrap());
                } else {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }));
    }
    drop(tx);
    let mut acked = vec![first];
    while acked.len() < 30 {
        acked.push(rx.recv().await.unwrap());
    }
    primary.kill();
    standby.promote();
    // The new primary has no standby of its own yet: it must stop waiting for one, or every
    // commit waits for ever (docs/OPERATIONS.md, "A standby": failover).
    standby.sql("ALTER SYSTEM SET synchronous_standby_names = ''");
    standby.sql("SELECT pg_reload_conf()");
    address.move_to(standby.port);
    // The instances reconnect by themselves: thirty more acknowledgements after the move.
    let at_failover = acked.len();
    let more = async {
        while acked.len() < at_failover + 30 {
            acked.push(rx.recv().await.unwrap());
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(120), more)
        .await
        .expect("registrations go on within two minutes of the failover");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for c in clients {
        c.await.unwrap();
    }
    while let Some(id) = rx.recv().await {
        acked.push(id);
    }
    for id in &acked {
        let (status, v) = a.get(&format!("/api/v1/cases/{id}"), Some(&token)).await;
        assert_eq!(status, 200, "case {id} acknowledged but lost: {v}");
    }
    assert_eq!(standby.sql("SELECT pg_is_in_recovery()"), "f");
    let stored: i64 = standby.sql("SELECT count(*) FROM cases").parse().unwrap();
    assert!(stored >= acked.len() as i64, "{stored} < {}", acked.len());
}
