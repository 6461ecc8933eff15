//! Headless Chromium for page tests, driven over WebDriver (fantoccini + chromedriver).
//!
//! Browser tests need Chromium and ChromeDriver (Debian packages `chromium`, `chromium-driver`,
//! fonts `fonts-noto-cjk`). They are `#[ignore]`d, so a plain `cargo test` reports them as
//! ignored, never as passed; `cargo test -p huiyin-testkit --test 'browser_*' -- --ignored`
//! runs them (`.ci/run` does, after installing the packages), and there a missing browser
//! fails the test.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Map, json};

/// A browser session with its chromedriver; the whole process group is killed on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts Chromium at `width`×`height`; panics when it is not installed (a browser test that
/// was asked to run and cannot is a failure, not a pass).
pub async fn launch(width: u32, height: u32) -> Browser {
    let (Some(chromium), Some(driver_bin)) = (which("chromium"), which("chromedriver")) else {
        panic!(
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver fonts-noto-cjk)"
        );
    };
    let port = free_port();
    let driver = Command::new(driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().expect("profile dir");
    let mut prefs = Map::new();
    prefs.insert("intl.accept_languages".into(), json!("zh-CN,zh"));
    let mut caps = Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--hide-scrollbars",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": prefs,
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last_err = String::new();
    // chromedriver needs a moment to listen: retry the connection until it accepts (bounded).
    for _ in 0..100 {
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        match builder.capabilities(caps.clone()).connect(&url).await {
            Ok(client) => {
                return Browser {
                    client,
                    driver,
                    _profile: profile,
                };
            }
            Err(e) => last_err = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("could not start a browser session: {last_err}");
}

impl Browser {
    /// Saves a PNG screenshot to `path` (creating its directory).
    pub async fn screenshot(&self, path: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    /// Ends the session and the browser.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let pgid = self.driver.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .status();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // If a test panicked before close(), take chromedriver and Chromium down with it.
        let pgid = self.driver.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
    }
}
