//! Driving the real `huiyin` binary: commands with a clean `HUIYIN_*` environment over a
//! fresh database (SQLite under a temporary data directory, or a fresh PostgreSQL database
//! when `HUIYIN_TEST_DATABASE_URL` is set), and `serve` on a free port until dropped.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

/// A fresh place for a database: its data directory (the key file lives there too) and, on
/// PostgreSQL, the database URL.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub url: Option<String>,
}

impl Db {
    pub async fn fresh() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = huiyin_store::testdb::fresh_database_url(dir.path())
            .await
            .unwrap();
        let url = url.starts_with("postgres").then_some(url);
        Db { dir, url }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file in the data directory and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `huiyin <args>` on this database, with `env` added to a clean environment.
    pub fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut c = huiyin(args, env);
        c.env("HUIYIN_DATA_DIR", self.data_dir());
        if let Some(url) = &self.url {
            c.env("HUIYIN_DATABASE_URL", url);
        }
        c
    }

    /// Runs `huiyin <args>` to the end.
    pub fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        Run::of(self.command(args, env).output().unwrap())
    }

    /// Starts `huiyin serve <args>` on a free port and waits until `/healthz` answers 200.
    pub async fn serve(&self, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        Server::start(self.command(&all, env)).await
    }

    /// `n` servers started at once (their processes spawned before any is waited for), as
    /// instances that come up together behind a load balancer.
    pub async fn serve_together(&self, n: usize, env: &[(&str, &str)]) -> Vec<Server> {
        let starting: Vec<Starting> = (0..n)
            .map(|_| Starting::spawn(self.command(&["serve", "--listen", "127.0.0.1:0"], env)))
            .collect();
        let mut servers = Vec::with_capacity(n);
        for s in starting {
            servers.push(s.ready().await);
        }
        servers
    }

    /// The database's own URL (PostgreSQL, or the SQLite file in the data directory).
    pub fn database_url(&self) -> String {
        self.url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir().join("huiyin.db").display()))
    }

    /// [`Db::serve`] with the server's standard error (its log) written to `log`.
    pub async fn serve_logged(&self, args: &[&str], env: &[(&str, &str)], log: &Path) -> Server {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let mut cmd = self.command(&all, env);
        cmd.stderr(std::fs::File::create(log).unwrap());
        Server::start(cmd).await
    }
}

/// The binary with every `HUIYIN_*` variable of the test's environment removed, then `env`.
pub fn huiyin(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_huiyin"));
    for (k, _) in std::env::vars() {
        if k.starts_with("HUIYIN_") {
            c.env_remove(k);
        }
    }
    c.env("HUIYIN_LOG", "warn").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// A finished command.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(o: Output) -> Run {
        Run {
            ok: o.status.success(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A running `huiyin serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub client: reqwest::Client,
}

/// A `huiyin serve` process started and not yet answering ([`Starting::ready`]).
pub struct Starting {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Starting {
    pub fn spawn(mut cmd: Command) -> Starting {
        let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Starting { child, lines: rx }
    }

    /// Waits until the server is bound and `/healthz` answers 200.
    pub async fn ready(self) -> Server {
        let Starting {
            mut child,
            lines: rx,
        } = self;
        // The server prints its address once it is bound ("listening on http://…").
        let mut base = None;
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) {
            if let Some(at) = line.find("http://") {
                let addr = line[at..].split_whitespace().next().unwrap().to_owned();
                base = Some(addr);
                break;
            }
        }
        let Some(base) = base else {
            let _ = child.kill();
            panic!("huiyin serve did not start: {:?}", child.wait());
        };
        let server = Server {
            child,
            base,
            client: reqwest::Client::new(),
        };
        for _ in 0..100 {
            if let Ok(r) = server.client.get(server.url("/healthz")).send().await
                && r.status() == 200
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("/healthz never answered 200 at {}", server.base);
    }
}

impl Server {
    pub async fn start(cmd: Command) -> Server {
        Starting::spawn(cmd).ready().await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut r = self.client.get(self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut r = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// `POST /api/v1/auth/token`.
    pub async fn sign_in(&self, username: &str, password: &str, otp: Option<&str>) -> (u16, Value) {
        let mut body = json!({"username": username, "password": password});
        if let Some(code) = otp {
            body["otp"] = json!(code);
        }
        self.post("/api/v1/auth/token", None, &body).await
    }
}

impl Server {
    /// Kills the server at once (SIGKILL: no shutdown, no flush) and waits for it to end.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The one-time code of a base32 TOTP secret now (the server runs on the real clock).
#[allow(clippy::disallowed_methods)] // the binary under test reads the real clock too
pub fn totp_now(secret: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let key = huiyin_crypto::totp::base32_decode(secret).unwrap();
    huiyin_crypto::totp::code_at(&key, i64::try_from(now).unwrap())
}

/// Today as the server counts it (UTC+8, Beijing).
pub fn beijing_today() -> String {
    #[allow(clippy::disallowed_methods)] // the binary under test reads the real clock too
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 8 * 3600;
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
