//! Three `huiyin serve` instances on one database behind a real load balancer (issue 17 item
//! 1): Debian's nginx, started by the test, round-robin in front of them, with the instances
//! trusting it for `X-Forwarded-For`. Sessions work whichever instance answers, the portal's
//! rate limit holds across the three and is counted per real client address, the audit trail
//! names the client rather than the balancer, killing one instance with SIGKILL during a
//! load of registrations loses no acknowledged case, and the daily deadline scan of two
//! instances started together runs once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{Db, Server, beijing_today};
use serde_json::{Value, json};

/// nginx in the foreground with its own prefix directory, killed when dropped.
struct Nginx {
    child: Child,
    base: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn nginx_in_front_of(servers: &[&Server], dir: &std::path::Path) -> Nginx {
    let port = free_port();
    let upstreams: String = servers
        .iter()
        .map(|s| format!("    server {};\n", s.base.trim_start_matches("http://")))
        .collect();
    let d = dir.display();
    let conf = format!(
        "user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           upstream huiyin {{\n{upstreams}  }}\n\
           server {{\n    listen 127.0.0.1:{port};\n    client_max_body_size 32m;\n\
             location / {{\n      proxy_pass http://huiyin;\n      proxy_set_header Host $host;\n\
               proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }}\n  }}\n}}\n"
    );
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("nginx (Debian nginx-light) must be installed for this test");
    let nginx = Nginx {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{}/healthz", nginx.base)).send().await
            && r.status() == 200
        {
            return nginx;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nginx never answered on {}", nginx.base);
}

fn petition(school: i64) -> Value {
    json!({
        "petition_type": "appeal", "category": "fees", "concerned_unit_id": school,
        "title": "反映学校违规收取资料费",
        "content": "孩子所在班级每学期收取资料费500元，未公示收费依据。",
        "demands": "请核查并退还不合理收费",
        "petitioners": [{"name": "李秀英"}],
        "contact_phone": "13912345678", "consent_privacy": true
    })
}

#[tokio::test]
#[ignore = "needs nginx (Debian nginx-light): cargo test -p huiyin --test load_balancer -- --ignored"]
async fn three_instances_behind_nginx_share_sessions_limits_and_lose_nothing() {
    let db = Db::fresh().await;
    let env = [
        ("HUIYIN_PORTAL_SUBMIT_LIMIT", "2/3600"),
        ("HUIYIN_TOTP_REQUIRED_ROLES", "none"),
        ("HUIYIN_TRUSTED_PROXIES", "127.0.0.1"),
    ];
    // A seeds the demo office with its job runner off; B and C come up together, and each
    // runs the job runner at once: today's deadline scan must run on one of them only.
    let quiet: Vec<(&str, &str)> = env
        .iter()
        .copied()
        .chain([("HUIYIN_SCAN_INTERVAL_SECS", "0")])
        .collect();
    let a = db.serve(&["--demo", "--demo-cases", "200"], &quiet).await;
    let mut together = db.serve_together(2, &env).await;
    let c = together.pop().unwrap();
    let mut b = together.pop().unwrap();
    let nginx = nginx_in_front_of(&[&a, &b, &c], &db.data_dir().join("nginx")).await;
    let lb = |path: &str| format!("{}{path}", nginx.base);
    let http = reqwest::Client::new();

    let (_, v) = a.sign_in("auditor", "demo", None).await;
    let auditor = v["token"].as_str().unwrap().to_owned();
    // Sign in through the balancer as a client at 203.0.113.5; every following request lands
    // on the next instance and the session holds on each.
    let res = http
        .post(lb("/api/v1/auth/token"))
        .header("x-forwarded-for", "203.0.113.5")
        .json(&json!({"username": "admin", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..6 {
        let res = http
            .get(lb("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    // The audit trail names the client, not the balancer.
    let (_, audit) = a
        .get("/api/v1/audit?action=sign_in&per_page=1", Some(&auditor))
        .await;
    assert_eq!(audit["items"][0]["detail"], "203.0.113.5", "{audit}");

    // The portal's limit (2 an hour) holds across the three, per real client.
    let (_, units) = c.get("/api/v1/units", Some(&token)).await;
    let school = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "school")
        .and_then(|u| u["id"].as_i64())
        .unwrap();
    let submit = |from: &'static str| {
        let (http, url) = (http.clone(), lb("/api/v1/public/petitions"));
        async move {
            http.post(url)
                .header("x-forwarded-for", from)
                .json(&petition(school))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let seen: Vec<u16> = vec![
        submit("198.51.100.1").await,
        submit("198.51.100.1").await,
        submit("198.51.100.1").await,
        submit("198.51.100.1").await,
        submit("198.51.100.2").await,
    ];
    assert_eq!(seen, [201, 201, 429, 429, 201]);

    // Four clients register through the balancer; after twenty acknowledgements instance B
    // is killed; the load goes on until sixty. Every acknowledged case is then there.
    let (_, v) = a.sign_in("registrar", "demo", None).await;
    let registrar = v["token"].as_str().unwrap().to_owned();
    let (_, me) = a.get("/api/v1/me", Some(&registrar)).await;
    let unit = me["user"]["unit_id"].as_i64().unwrap();
    let today = beijing_today();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, String)>();
    let mut clients = Vec::new();
    for k in 0..4 {
        let (tx, url, token, today) = (
            tx.clone(),
            lb("/api/v1/cases"),
            registrar.clone(),
            today.clone(),
        );
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            for i in 0..500 {
                let body = json!({"channel": "letter", "petition_type": "appeal", "category": "fees",
                    "title": format!("负载登记{k}-{i}：反映学校违规收取借读费"),
                    "content": "学校收取借读费3000元，要求说明依据。", "demands": "退还借读费",
                    "concerned_unit_id": unit, "received_on": today,
                    "petitioners": [{"name": "张伟", "phone": "13800138000"}]});
                let Ok(res) = http.post(&url).bearer_auth(&token).json(&body).send().await else {
                    continue;
                };
                if res.status() != 201 {
                    continue;
                }
                let Ok(v) = res.json::<Value>().await else {
                    continue;
                };
                let ack = (v["id"].as_i64().unwrap(), v["number"].as_str().unwrap().to_owned());
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
    b.kill();
    while acked.len() < 60 {
        acked.push(rx.recv().await.expect("registrations go on after the kill"));
    }
    drop(rx);
    for h in clients {
        h.await.unwrap();
    }
    for (id, number) in &acked {
        let res = http
            .get(lb(&format!("/api/v1/cases/{id}")))
            .bearer_auth(&registrar)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "case {id} ({number}) acknowledged but lost"
        );
        let v = res.json::<Value>().await.unwrap();
        assert_eq!(v["number"].as_str(), Some(number.as_str()));
    }

    // Both job runners have made their first pass long since (the load took its time): the
    // day's scan ran once, on B or C (A's runner is off).
    let store = huiyin_store::Store::connect(&db.database_url())
        .await
        .unwrap();
    let runs = store.scan_runs("deadline_scan").await.unwrap();
    let slots: Vec<&str> = runs.iter().map(|r| r.slot.as_str()).collect();
    assert_eq!(
        slots,
        [today.as_str()],
        "one deadline scan today: {slots:?}"
    );
    store.close().await;
}
