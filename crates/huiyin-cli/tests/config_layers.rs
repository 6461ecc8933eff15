//! Issue 10 item 13 through the real binary: the second-factor roles, the idle timeout and the
//! audit retention are settable in the file, in `HUIYIN_*` variables and with flags (each
//! layer over the one before), listed by `default-config`, checked by `check-config`, and in
//! effect in `serve` and `audit purge`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{Db, huiyin};

const NEW_KEYS: [&str; 3] = [
    "token_idle_minutes",
    "totp_required_roles",
    "audit_retention_days",
];

#[tokio::test]
async fn default_config_lists_every_key_and_checks_as_valid() {
    let out = huiyin(&["default-config"], &[]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for key in [
        "data_dir",
        "listen",
        "database_url",
        "token_hours",
        "scan_interval_secs",
        "log",
        "key_file",
        "pii_algorithm",
    ]
    .into_iter()
    .chain(NEW_KEYS)
    {
        assert!(text.contains(&format!("{key} =")), "{key} missing:\n{text}");
    }
    assert!(text.contains("token_idle_minutes = 30"));
    assert!(text.contains("audit_retention_days = 180"));
    assert!(
        text.contains(
            "totp_required_roles = [\"admin\", \"security_admin\", \"auditor\", \"leader\"]"
        ),
        "{text}"
    );
    let db = Db::fresh().await;
    // The printed file is a valid configuration, also with the commented example switched on.
    for file in [
        text.clone(),
        text.replace("# totp_required_roles", "totp_required_roles"),
    ] {
        let path = db.file("huiyin.toml", &file);
        let run = db.run(&["check-config", "--config", path.to_str().unwrap()], &[]);
        assert!(run.ok, "{}", run.stderr);
        assert!(
            run.stdout.contains("token_idle_minutes = 30")
                && run.stdout.contains("audit_retention_days = 180")
        );
    }
    let run = db.run(&["check-config"], &[]);
    assert!(
        run.stdout.contains(
            "second factor required for: admin, security_admin, auditor, leader (serve --demo: none)"
        ),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn check_config_names_the_bad_value_of_each_layer() {
    let db = Db::fresh().await;
    let bad_files = [
        (
            "totp_required_roles = [\"registrar\", \"dean\"]",
            "unknown role \"dean\"",
        ),
        ("token_idle_minutes = 0", "token_idle_minutes"),
        ("token_idle_minutes = 2000", "token_idle_minutes"),
        ("audit_retention_days = 30", "audit_retention_days"),
        ("totp_required_roles = \"admin\"", "totp_required_roles"),
        ("metrics_token = \"short\"", "metrics_token"),
        (
            "database_read_url = \"sqlite://standby.db\"",
            "database_read_url",
        ),
    ];
    for (line, expected) in bad_files {
        let path = db.file("bad.toml", line);
        let run = db.run(&["check-config", "--config", path.to_str().unwrap()], &[]);
        assert!(!run.ok, "{line} accepted");
        assert!(run.stderr.contains(expected), "{line}: {}", run.stderr);
    }
    let bad_env = [
        ("HUIYIN_TOKEN_IDLE_MINUTES", "0", "token_idle_minutes"),
        (
            "HUIYIN_TOKEN_IDLE_MINUTES",
            "half",
            "HUIYIN_TOKEN_IDLE_MINUTES",
        ),
        (
            "HUIYIN_TOTP_REQUIRED_ROLES",
            "admin,dean",
            "unknown role \"dean\"",
        ),
        ("HUIYIN_AUDIT_RETENTION_DAYS", "179", "audit_retention_days"),
    ];
    for (var, value, expected) in bad_env {
        let run = db.run(&["check-config"], &[(var, value)]);
        assert!(!run.ok, "{var}={value} accepted");
        assert!(run.stderr.contains(expected), "{var}: {}", run.stderr);
    }
    // A variable overrides the file.
    let path = db.file(
        "layers.toml",
        "token_idle_minutes = 0\ntotp_required_roles = [\"dean\"]\n",
    );
    let run = db.run(
        &["check-config", "--config", path.to_str().unwrap()],
        &[
            ("HUIYIN_TOKEN_IDLE_MINUTES", "45"),
            ("HUIYIN_TOTP_REQUIRED_ROLES", "none"),
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("token_idle_minutes = 45"));
    assert!(
        run.stdout
            .contains("second factor required for: none (serve --demo: none)")
    );
    // Flags of serve are checked before anything starts.
    for flags in [
        ["--token-idle-minutes", "0"],
        ["--totp-required-roles", "dean"],
        ["--audit-retention-days", "7"],
    ] {
        let run = db.run(
            &["serve", "--listen", "127.0.0.1:0", flags[0], flags[1]],
            &[],
        );
        assert!(!run.ok, "{flags:?} accepted");
        assert!(
            run.stderr.contains(&flags[0][2..].replace('-', "_")),
            "{flags:?}: {}",
            run.stderr
        );
    }
}

#[tokio::test]
async fn demo_accounts_sign_in_without_a_second_factor_unless_configured() {
    let db = Db::fresh().await;
    let demo = ["--demo", "--demo-cases", "0"];
    {
        let server = db.serve(&demo, &[]).await;
        for user in ["admin", "auditor", "leader", "registrar"] {
            let (s, v) = server.sign_in(user, "demo", None).await;
            assert_eq!(s, 200, "{user}: {v}");
            assert_eq!(v["idle_expires_in"], 30 * 60);
        }
    }
    // The file asks a second factor of registrars only, and a longer idle timeout.
    let config = db.file(
        "huiyin.toml",
        "totp_required_roles = [\"registrar\"]\ntoken_idle_minutes = 45\n",
    );
    let config = config.to_str().unwrap();
    {
        let server = db
            .serve(&[&["--config", config][..], &demo].concat(), &[])
            .await;
        let (s, v) = server.sign_in("registrar", "demo", None).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (403, Some("auth.otp_setup_required")),
            "{v}"
        );
        let (s, v) = server.sign_in("leader", "demo", None).await;
        assert_eq!(s, 200, "the configured list replaces the default: {v}");
        assert_eq!(v["idle_expires_in"], 45 * 60);
    }
    // A variable overrides the file…
    {
        let env = [("HUIYIN_TOTP_REQUIRED_ROLES", "leader")];
        let server = db
            .serve(&[&["--config", config][..], &demo].concat(), &env)
            .await;
        assert_eq!(server.sign_in("registrar", "demo", None).await.0, 200);
        let (s, v) = server.sign_in("leader", "demo", None).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (403, Some("auth.otp_setup_required"))
        );
    }
    // …and a flag overrides both.
    {
        let env = [("HUIYIN_TOTP_REQUIRED_ROLES", "leader")];
        let flags = [
            "--config",
            config,
            "--totp-required-roles",
            "none",
            "--token-idle-minutes",
            "5",
        ];
        let server = db.serve(&[&flags[..], &demo].concat(), &env).await;
        let (s, v) = server.sign_in("leader", "demo", None).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["idle_expires_in"], 5 * 60);
    }
}

#[tokio::test]
async fn outside_demo_mode_administrators_and_leaders_need_a_second_factor() {
    let db = Db::fresh().await;
    let run = db.run(
        &[
            "admin",
            "init",
            "--unit-name",
            "浙江省教育厅",
            "--unit-kind",
            "provincial_department",
            "--region-code",
            "330000",
            "--admin",
            "sys",
            "--security-admin",
            "sec",
            "--auditor",
            "aud",
        ],
        &[],
    );
    assert!(run.ok, "{}", run.stderr);
    let password = [("HUIYIN_NEW_PASSWORD", "Office-2026")];
    for (user, role) in [
        ("boss", "leader"),
        ("clerk", "registrar"),
        ("checker", "supervisor"),
    ] {
        let run = db.run(
            &[
                "admin",
                "add-user",
                "--username",
                user,
                "--display-name",
                "张三",
                "--unit-id",
                "1",
                "--roles",
                role,
            ],
            &password,
        );
        assert!(run.ok, "{user}: {}", run.stderr);
    }
    let server = db.serve(&[], &[]).await;
    let (s, v) = server.sign_in("boss", "Office-2026", None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("auth.otp_setup_required")),
        "{v}"
    );
    for user in ["clerk", "checker"] {
        let (s, v) = server.sign_in(user, "Office-2026", None).await;
        assert_eq!(s, 200, "{user}: {v}");
    }
}

#[tokio::test]
async fn audit_purge_keeps_the_configured_retention() {
    let db = Db::fresh().await;
    // Entries before 2000 are older than 180 days, but not than 36,500.
    let run = db.run(&["audit", "purge", "--before", "2000-01-01"], &[]);
    assert!(run.ok, "{}", run.stderr);
    let config = db.file("huiyin.toml", "audit_retention_days = 36500\n");
    let config = config.to_str().unwrap();
    let run = db.run(
        &[
            "--config",
            config,
            "audit",
            "purge",
            "--before",
            "2000-01-01",
        ],
        &[],
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("36500 days"), "{}", run.stderr);
    let run = db.run(
        &["audit", "purge", "--before", "2000-01-01"],
        &[("HUIYIN_AUDIT_RETENTION_DAYS", "20000")],
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("20000 days"), "{}", run.stderr);
    let run = db.run(
        &[
            "--config",
            config,
            "audit",
            "purge",
            "--before",
            "2000-01-01",
            "--audit-retention-days",
            "180",
        ],
        &[("HUIYIN_AUDIT_RETENTION_DAYS", "20000")],
    );
    assert!(run.ok, "the flag wins: {}", run.stderr);
    let run = db.run(
        &[
            "audit",
            "purge",
            "--before",
            "2000-01-01",
            "--audit-retention-days",
            "90",
        ],
        &[],
    );
    assert!(
        !run.ok && run.stderr.contains("audit_retention_days"),
        "{}",
        run.stderr
    );
}

/// Issue 13 item 8: an office lexicon that does not parse stops the command with its line
/// (running without the sensitive-word signal would hide warnings unnoticed), and nothing is
/// written: the same command with a good lexicon then succeeds from scratch.
#[tokio::test]
async fn a_lexicon_that_does_not_parse_stops_the_start_with_its_line() {
    let db = Db::fresh().await;
    let init = [
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
    ];
    let bad = db.file(
        "bad_lexicon.txt",
        "[self_harm red]\n自杀\n[gathering orange\n聚集\n",
    );
    let run = db.run(&init, &[("HUIYIN_LEXICON_FILE", bad.to_str().unwrap())]);
    assert!(!run.ok, "a bad lexicon was accepted: {}", run.stdout);
    assert!(
        run.stderr.contains("lexicon.invalid") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    let good = db.file(
        "lexicon.txt",
        "[self_harm red]\n自杀\n[gathering orange]\n聚集\n",
    );
    let run = db.run(&init, &[("HUIYIN_LEXICON_FILE", good.to_str().unwrap())]);
    assert!(run.ok, "{}", run.stderr);
}
