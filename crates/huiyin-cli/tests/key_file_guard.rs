//! Issue 17 item 1 through the real binary: a server whose key file does not open the
//! database's sealed personal data refuses to start, naming the key file and the key the data
//! needs — and with no key file at all it creates none for a database that has data. With the
//! right key file it starts and reads the data as before.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::time::Duration;

use common::{Db, Run};

/// Runs `huiyin serve` to its end, failing the test if it is still running after a minute
/// (a server that started when it should have refused).
fn serve_expecting_refusal(db: &Db, env: &[(&str, &str)]) -> Run {
    let child = db
        .command(&["serve", "--listen", "127.0.0.1:0"], env)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => Run::of(out.unwrap()),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
            panic!("the server started although its key file cannot open the database");
        }
    }
}

#[tokio::test]
async fn a_server_refuses_keys_that_do_not_open_the_databases_personal_data() {
    let db = Db::fresh().await;
    let keys = db.data_dir().join("huiyin.keys");
    {
        // The demo seeds petitioners whose phone and ID number are sealed.
        let server = db.serve(&["--demo", "--demo-cases", "3"], &[]).await;
        drop(server);
    }
    let key_text = std::fs::read_to_string(&keys).unwrap();
    let active = key_text
        .lines()
        .find_map(|l| l.strip_prefix("active = "))
        .map(|v| format!("key {}", v.trim()))
        .unwrap_or_default();

    // No key file: refused, and no key file was made.
    std::fs::rename(&keys, db.data_dir().join("kept.keys")).unwrap();
    let run = serve_expecting_refusal(&db, &[]);
    assert!(!run.ok);
    assert!(run.stderr.contains("huiyin.keys"), "{}", run.stderr);
    assert!(run.stderr.contains("no key was created"), "{}", run.stderr);
    assert!(run.stderr.contains("未创建新密钥"), "{}", run.stderr);
    assert!(
        !active.is_empty() && run.stderr.contains(&active),
        "names the key the data needs ({active}): {}",
        run.stderr
    );
    assert!(
        !keys.exists(),
        "a key file was created for a database with data"
    );

    // Another database's key file: refused, naming that file.
    let other = Db::fresh().await;
    let made = other.run(&["migrate"], &[]);
    let other_keys = other.data_dir().join("huiyin.keys");
    assert!(other_keys.exists(), "{}{}", made.stdout, made.stderr);
    let other_path = other_keys.to_str().unwrap();
    let run = serve_expecting_refusal(&db, &[("HUIYIN_KEY_FILE", other_path)]);
    assert!(!run.ok);
    assert!(run.stderr.contains(other_path), "{}", run.stderr);
    assert!(run.stderr.contains("does not open"), "{}", run.stderr);
    assert!(run.stderr.contains(&active), "{active}: {}", run.stderr);

    // The database's own key file: the server starts and a clerk reads the sealed data.
    std::fs::rename(db.data_dir().join("kept.keys"), &keys).unwrap();
    let server = db
        .serve(&[], &[("HUIYIN_TOTP_REQUIRED_ROLES", "none")])
        .await;
    let (status, _) = server.sign_in("registrar", "demo", None).await;
    assert_eq!(status, 200);
}
