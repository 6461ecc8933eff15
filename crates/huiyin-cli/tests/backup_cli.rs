//! `huiyin backup` and `huiyin restore` through the real binary (SQLite only: PostgreSQL is
//! backed up with pg_dump), next to a running `huiyin serve`, whose `/readyz` answers 200.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::path::Path;

use common::Db;

/// A SQLite data directory, whatever `HUIYIN_TEST_DATABASE_URL` says.
fn sqlite_dir() -> Db {
    Db {
        dir: tempfile::tempdir().unwrap(),
        url: None,
    }
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[tokio::test]
async fn backup_beside_a_running_server_then_restore() {
    let db = sqlite_dir();
    let made = db.run(&["demo", "--cases", "30"], &[]);
    assert!(made.ok, "demo: {}", made.stderr);

    let server = db.serve(&[], &[]).await;
    let res = server
        .client
        .get(server.url("/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let ready: serde_json::Value = res.json().await.unwrap();
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["migration"], ready["expected_migration"], "{ready}");

    // Backed up while the server runs.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("nightly.db");
    let run = db.run(&["backup", "--out", arg(&out)], &[]);
    assert!(run.ok, "backup: {}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("不在备份中"), "{}", run.stdout);
    assert!(run.stdout.contains("NOT in the backup"), "{}", run.stdout);
    assert!(run.stdout.contains("huiyin.keys"), "{}", run.stdout);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("nightly.db.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["cases"], 30, "{manifest}");
    assert_eq!(
        manifest["size_bytes"],
        std::fs::metadata(&out).unwrap().len()
    );

    // Never over an existing file.
    let before = std::fs::read(&out).unwrap();
    let again = db.run(&["backup", "--out", arg(&out)], &[]);
    assert!(!again.ok);
    assert!(again.stderr.contains("不予覆盖"), "{}", again.stderr);
    assert!(again.stderr.contains("not overwritten"), "{}", again.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before);

    // Not over the database of a running server.
    let busy = db.run(&["restore", "--from", arg(&out)], &[]);
    assert!(!busy.ok, "{}", busy.stdout);
    assert!(
        busy.stderr.contains("stop huiyin serve first"),
        "{}",
        busy.stderr
    );
    drop(server);

    // Into a fresh directory: refused until the key file is there, then complete.
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("restored");
    let no_keys = db.run(
        &["restore", "--from", arg(&out), "--data-dir", arg(&target)],
        &[],
    );
    assert!(!no_keys.ok);
    assert!(
        no_keys.stderr.contains("the key file"),
        "{}",
        no_keys.stderr
    );
    assert!(!target.join("huiyin.db").exists());
    std::fs::create_dir_all(&target).unwrap();
    std::fs::copy(
        db.data_dir().join("huiyin.keys"),
        target.join("huiyin.keys"),
    )
    .unwrap();
    let restored = db.run(
        &["restore", "--from", arg(&out), "--data-dir", arg(&target)],
        &[],
    );
    assert!(
        restored.ok,
        "restore: {}{}",
        restored.stdout, restored.stderr
    );
    assert!(
        restored.stdout.contains("audit trail intact"),
        "{}",
        restored.stdout
    );
    let verify = db.run(&["audit", "verify", "--data-dir", arg(&target)], &[]);
    assert!(
        verify.ok,
        "audit verify: {}{}",
        verify.stdout, verify.stderr
    );

    // A truncated copy is refused and the restored database stays as it is.
    let cut = out_dir.path().join("cut.db");
    std::fs::copy(&out, &cut).unwrap();
    std::fs::copy(
        out_dir.path().join("nightly.db.manifest.json"),
        out_dir.path().join("cut.db.manifest.json"),
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&cut)
        .unwrap()
        .set_len(4096)
        .unwrap();
    let kept = std::fs::read(target.join("huiyin.db")).unwrap();
    let refused = db.run(
        &["restore", "--from", arg(&cut), "--data-dir", arg(&target)],
        &[],
    );
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains("被截断或改动"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("truncated or altered"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read(target.join("huiyin.db")).unwrap(), kept);

    // The killed server left its database as it was: restoring over it works once it is gone.
    let back = db.run(&["restore", "--from", arg(&out)], &[]);
    assert!(
        back.ok,
        "restore over the old database: {}{}",
        back.stdout, back.stderr
    );
}

#[test]
fn postgresql_is_pointed_to_pg_dump() {
    let db = sqlite_dir();
    let out = db.data_dir().join("pg.db");
    let env = [("HUIYIN_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")];
    let run = db.run(&["backup", "--out", arg(&out)], &env);
    assert!(!run.ok);
    assert!(run.stderr.contains("pg_dump -Fc"), "{}", run.stderr);
    assert!(run.stderr.contains("pg_restore"), "{}", run.stderr);
    let run = db.run(&["restore", "--from", arg(&out)], &env);
    assert!(!run.ok);
    assert!(run.stderr.contains("pg_dump -Fc"), "{}", run.stderr);
    assert!(!out.exists());
}
