//! The server a benchmark measures: `huiyin serve` started as a child process on a free port
//! over the benchmark's database, killed when dropped.

use reqwest::Client;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::cli::Error;

fn free_port() -> Result<u16, Error> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The peak resident set of process `pid`, in KiB (0 when it cannot be read).
pub fn peak_rss_kb(pid: u32) -> i64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

pub struct Server(Child);

impl Server {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

async fn wait_ready(client: &Client, base: &str, child: &mut Child) -> Result<(), Error> {
    for _ in 0..600 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("server exited early: {status}").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err("server did not become ready within 120 s".into())
}

/// Starts `huiyin serve` over the database in `dir` (or at `database_url`), with the
/// early-warning signals judged at registration or not (`intake_signals`), and waits until it
/// answers; returns it with its base URL.
pub async fn start(
    client: &Client,
    dir: &Path,
    database_url: Option<&str>,
    intake_signals: bool,
) -> Result<(Server, String), Error> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("HUIYIN_DATA_DIR", dir)
        .env("HUIYIN_KEY_FILE", dir.join("huiyin.keys"))
        // `HUIYIN_BENCH_SERVER_LOG` (e.g. `warn,sqlx::query=debug`: every statement with its
        // time) traces what the measured servers do; they log warnings only otherwise.
        .env(
            "HUIYIN_LOG",
            std::env::var("HUIYIN_BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .env("HUIYIN_SCAN_INTERVAL_SECS", "0")
        .env("HUIYIN_INTAKE_SIGNALS", intake_signals.to_string())
        // The demo accounts have no second factor; outside demo mode administrators need one.
        .env("HUIYIN_TOTP_REQUIRED_ROLES", "none")
        .env_remove("HUIYIN_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    match database_url {
        Some(url) => cmd.env("HUIYIN_DATABASE_URL", url),
        None => cmd.env_remove("HUIYIN_DATABASE_URL"),
    };
    let mut child = cmd.spawn()?;
    wait_ready(client, &base, &mut child).await?;
    Ok((Server(child), base))
}
