//! Issue 17 item 4: the Debian package, built by `cargo deb` from this test build's binary,
//! installed with `dpkg`, its systemd unit's `ExecStart` run as the package's user (no systemd
//! runs here); a reinstall (the upgrade path) keeps the administrator's changes to
//! /etc/huiyin/huiyin.toml and the data; removal and purge leave /var/lib/huiyin alone.
//!
//! Ignored by default: it needs root, dpkg and cargo-deb and installs a package on the machine
//! (`.ci/run` runs it: `cargo test -p huiyin --test debian_package -- --ignored`). It removes the
//! package, the user and the directories it made before it ends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, Server};

const CONFIG: &str = "/etc/huiyin/huiyin.toml";
const DATA: &str = "/var/lib/huiyin";

fn run(program: &str, args: &[&str]) -> Run {
    Run::of(
        Command::new(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}")),
    )
}

fn must(program: &str, args: &[&str]) -> Run {
    let r = run(program, args);
    assert!(r.ok, "{program} {args:?}:\n{}\n{}", r.stdout, r.stderr);
    r
}

/// Leaves the machine as it was: package, user, configuration and data gone.
fn clean_machine() {
    let _ = run("dpkg", &["--purge", "huiyin"]);
    let _ = run("userdel", &["huiyin"]);
    let _ = std::fs::remove_dir_all(DATA);
    let _ = std::fs::remove_dir_all("/etc/huiyin");
}

/// `cargo deb` over the debug binary this test run built.
fn build_package(out: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let r = Run::of(
        Command::new(cargo)
            .current_dir(&root)
            .args([
                "deb",
                "-p",
                "huiyin",
                "--no-build",
                "--profile",
                "dev",
                "--fast",
            ])
            .arg("--output")
            .arg(out)
            .output()
            .unwrap(),
    );
    assert!(
        r.ok,
        "cargo deb (is cargo-deb installed?):\n{}\n{}",
        r.stdout, r.stderr
    );
    out.to_path_buf()
}

/// The unit's `ExecStart` as words, read from the installed unit file.
fn exec_start() -> Vec<String> {
    let files = must("dpkg", &["-L", "huiyin"]).stdout;
    let unit = files
        .lines()
        .find(|l| l.ends_with("/huiyin.service"))
        .expect("the package installs huiyin.service");
    let text = std::fs::read_to_string(unit).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("ExecStart in the unit");
    line.split_whitespace().map(str::to_owned).collect()
}

/// `command` as the package's user `huiyin`, in a clean environment but for `env`.
fn as_huiyin(command: &[String], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new("setpriv");
    c.args(["--reuid=huiyin", "--regid=huiyin", "--init-groups", "--"])
        .args(command)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HUIYIN_LOG", "warn")
        .current_dir(DATA);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

fn owner_and_mode(path: &str) -> String {
    must("stat", &["-c", "%U:%G %a", path])
        .stdout
        .trim()
        .to_owned()
}

async fn start_unit() -> Server {
    // The unit listens on 127.0.0.1:8080; here any free port (the environment overrides the file).
    Server::start(as_huiyin(
        &exec_start(),
        &[("HUIYIN_LISTEN", "127.0.0.1:0")],
    ))
    .await
}

#[tokio::test]
#[ignore = "needs root, dpkg and cargo-deb; installs a package (CI runs it)"]
async fn the_package_installs_starts_upgrades_and_keeps_the_data() {
    assert_eq!(must("id", &["-u"]).stdout.trim(), "0", "run as root");
    clean_machine();
    let out = tempfile::tempdir().unwrap();
    let deb = build_package(&out.path().join("huiyin.deb"));

    // Installed: binary, unit, configuration readable by the server only, user and data dir.
    must("dpkg", &["-i", deb.to_str().unwrap()]);
    assert!(Path::new("/usr/bin/huiyin").exists());
    assert_eq!(owner_and_mode(CONFIG), "root:huiyin 640");
    assert_eq!(owner_and_mode(DATA), "huiyin:huiyin 750");
    let exec = exec_start();
    assert_eq!(exec[..3], ["/usr/bin/huiyin", "--config", CONFIG]);
    let check = as_huiyin(
        &[
            "/usr/bin/huiyin".into(),
            "--config".into(),
            CONFIG.into(),
            "check-config".into(),
        ],
        &[],
    )
    .output()
    .unwrap();
    let check = Run::of(check);
    assert!(check.ok, "{}", check.stderr);
    assert!(check.stdout.contains(DATA), "{}", check.stdout);

    // The office's first steps as the package's user: init, then the unit's command serves.
    let init: Vec<String> = [
        "/usr/bin/huiyin",
        "--config",
        CONFIG,
        "admin",
        "init",
        "--unit-name",
        "浙江省教育厅",
        "--unit-kind",
        "provincial_department",
        "--region-code",
        "330000",
        "--admin",
        "sysadmin",
        "--security-admin",
        "secadmin",
        "--auditor",
        "auditor1",
    ]
    .map(str::to_owned)
    .to_vec();
    let first = Run::of(as_huiyin(&init, &[]).output().unwrap());
    assert!(first.ok, "{}\n{}", first.stdout, first.stderr);
    {
        let server = start_unit().await;
        let (status, ready) = server.get("/readyz", None).await;
        assert_eq!(status, 200, "{ready}");
        assert_eq!(ready["status"], "ready");
    }
    let keys = format!("{DATA}/huiyin.keys");
    assert_eq!(owner_and_mode(&keys), "huiyin:huiyin 600", "the key file");

    // Upgrade path: the administrator's change to the configuration and the data survive.
    let changed = format!(
        "{}\ntoken_idle_minutes = 20\n",
        std::fs::read_to_string(CONFIG).unwrap()
    );
    std::fs::write(CONFIG, &changed).unwrap();
    must("dpkg", &["-i", deb.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(CONFIG).unwrap(), changed);
    let again = Run::of(as_huiyin(&init, &[]).output().unwrap());
    assert!(!again.ok, "a second init must find the units kept");
    assert!(
        again.stderr.contains("setup.not_empty") || again.stdout.contains("setup.not_empty"),
        "{}\n{}",
        again.stdout,
        again.stderr
    );
    {
        let server = start_unit().await;
        assert_eq!(server.get("/readyz", None).await.0, 200);
    }

    // Removal and purge take the program and its configuration, never the petitions.
    must("dpkg", &["--purge", "huiyin"]);
    assert!(!Path::new("/usr/bin/huiyin").exists());
    assert!(!Path::new(CONFIG).exists());
    assert!(Path::new(&keys).exists(), "purge kept the data directory");
    clean_machine();
}
