//! Issue 16 item 5: `huiyin backup` / `huiyin restore` at the app level, on SQLite. A backup
//! taken while cases are being registered holds every case acknowledged before it began, and
//! restores into a fresh directory with its audit chain intact; a truncated or edited backup,
//! a missing manifest, a forged chain and a database still in use are refused with nothing
//! changed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huiyin_app::{
    App, AppConfig, BackupError, CurrentUser, Database, KeyFile, NewUserInput, manifest_path,
};
use huiyin_core::Date;
use huiyin_core::clock::FixedClock;
use huiyin_core::intake::{PetitionerInput, RegistrationInput};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::role::Role;
use huiyin_crypto::{Algorithm, KeyRing};
use sm3::Digest;

fn clock() -> FixedClock {
    FixedClock::at_noon(Date::parse("2026-06-30").unwrap())
}

fn url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("huiyin.db").display())
}

/// The key file of `dir` (written there by [`fresh_office`], copied by the tests).
fn keys(dir: &Path) -> KeyFile {
    let path = dir.join("huiyin.keys");
    let ring = KeyRing::from_key_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
    KeyFile { ring, path }
}

async fn open(dir: &Path) -> App {
    Database::open(&url(dir), keys(dir))
        .await
        .unwrap()
        .into_app(Arc::new(clock()), AppConfig::default())
        .await
        .unwrap()
}

/// An office in `dir`: a key file, the demo organisation and a registrar of a county office
/// with the schools of that county.
async fn fresh_office(dir: &Path) -> (App, CurrentUser, Vec<i64>) {
    let ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    std::fs::write(dir.join("huiyin.keys"), ring.to_key_file()).unwrap();
    office_in(dir).await
}

/// [`fresh_office`] over the key file already in `dir`.
async fn office_in(dir: &Path) -> (App, CurrentUser, Vec<i64>) {
    let app = open(dir).await;
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    let (_, office, schools) = org
        .counties
        .iter()
        .find(|(_, _, s)| !s.is_empty())
        .cloned()
        .unwrap();
    let user = app
        .create_user(
            None,
            NewUserInput {
                username: "backup_registrar".into(),
                password: "backup-test-pass".into(),
                display_name: "备份测试登记员".into(),
                unit_id: office,
                roles: vec![Role::Registrar],
            },
        )
        .await
        .unwrap();
    (app, user, schools)
}

fn letter(n: usize, school: i64) -> RegistrationInput {
    RegistrationInput {
        channel: Channel::Letter,
        petition_type: PetitionType::Appeal,
        category: "fees".into(),
        title: format!("反映学校违规收费之{n}"),
        content: format!("第{n}封来信：学校收取借读费，要求说明依据。"),
        demands: "退还借读费".into(),
        concerned_unit_id: school,
        received_on: Date::parse("2026-06-29").unwrap(),
        petitioners: vec![PetitionerInput {
            name: "张伟".into(),
            id_number: Some("11010519491231002X".into()),
            phone: Some("13800138000".into()),
            address: Some("某区某街道1号".into()),
            representative: false,
        }],
        people_count: None,
        confidential: false,
        reception_id: None,
    }
}

/// Copies the key file of `from` into `to` (what an operator does before restoring).
fn bring_keys(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(from.join("huiyin.keys"), to.join("huiyin.keys")).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_registrations_restores_every_acknowledged_case() {
    let src = tempfile::tempdir().unwrap();
    let (app, user, schools) = fresh_office(src.path()).await;

    // A registrar keeps registering; each acknowledged case number comes down the channel.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let writer = {
        let (app, user, schools) = (app.clone(), user.clone(), schools.clone());
        tokio::spawn(async move {
            let mut n = 0usize;
            while !*stop_rx.borrow_and_update() {
                let school = schools[n % schools.len()];
                let done = app.register(&user, letter(n, school)).await.unwrap();
                tx.send(done.case.number.clone()).unwrap();
                n += 1;
            }
        })
    };
    let mut before: Vec<String> = Vec::new();
    while before.len() < 15 {
        before.push(rx.recv().await.unwrap());
    }
    while let Ok(more) = rx.try_recv() {
        before.push(more);
    }

    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("huiyin-backup.db");
    let done = huiyin_app::backup(&url(src.path()), &out, &clock())
        .await
        .unwrap();
    stop_tx.send(true).unwrap();
    writer.await.unwrap();
    let mut all = before.clone();
    while let Ok(more) = rx.try_recv() {
        all.push(more);
    }
    app.close().await;

    let m = &done.manifest;
    eprintln!(
        "{} cases acknowledged before the backup began, {} in the backup, {} in all",
        before.len(),
        m.cases,
        all.len()
    );
    assert!(out.is_file() && manifest_path(&out).is_file());
    assert_eq!(m.size_bytes, std::fs::metadata(&out).unwrap().len());
    let sm3 = hex::encode(sm3::Sm3::digest(std::fs::read(&out).unwrap()));
    assert_eq!(m.sm3, sm3);
    assert!(
        (before.len() as i64..=all.len() as i64).contains(&m.cases),
        "{} cases in the backup, {} acknowledged before it began, {} in all",
        m.cases,
        before.len(),
        all.len()
    );
    assert!(m.audit_entries > 0 && m.audit_head.id > 0);
    assert!(m.created_at.ends_with('Z'), "{}", m.created_at);

    // Restore into a fresh directory, its key file brought along.
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("office");
    bring_keys(src.path(), &target);
    let restored = huiyin_app::restore(&out, &url(&target), keys(&target), &clock())
        .await
        .unwrap();
    assert!(!restored.replaced);
    assert!(restored.audit.is_intact(), "{:?}", restored.audit.problems);
    assert!(
        restored.audit.anchored.is_some(),
        "the head is anchored anew"
    );

    let db = Database::open(&url(&target), keys(&target)).await.unwrap();
    let report = db.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    let app = db
        .into_app(Arc::new(clock()), AppConfig::default())
        .await
        .unwrap();
    let store = app.store_for_tests();
    assert_eq!(store.count_cases().await.unwrap(), m.cases);
    for number in &before {
        assert!(
            store.case_id_by_number(number).await.unwrap().is_some(),
            "case {number}, acknowledged before the backup began, is missing from the restored copy"
        );
    }
    // The personal data opens with the key file brought along.
    let first = store.case_id_by_number(&before[0]).await.unwrap().unwrap();
    let rec = store.case(first).await.unwrap().unwrap();
    assert!(format!("{rec:?}").contains("11010519491231002X"));
    app.close().await;
}

/// A source office with three cases and its backup; a target office with one case.
struct Scene {
    src: tempfile::TempDir,
    target: tempfile::TempDir,
    backup: PathBuf,
}

async fn scene() -> Scene {
    let src = tempfile::tempdir().unwrap();
    let (app, user, schools) = fresh_office(src.path()).await;
    for n in 0..3 {
        app.register(&user, letter(n, schools[0])).await.unwrap();
    }
    let backup = src.path().join("b.db");
    huiyin_app::backup(&url(src.path()), &backup, &clock())
        .await
        .unwrap();
    app.close().await;
    let target = tempfile::tempdir().unwrap();
    bring_keys(src.path(), target.path());
    let (app, user, schools) = office_in(target.path()).await;
    app.register(&user, letter(9, schools[0])).await.unwrap();
    app.close().await;
    Scene {
        src,
        target,
        backup,
    }
}

/// Every file of a directory with its bytes (the database, its key file, its anchor).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// A copy of the scene's backup (and its manifest) to damage.
fn copy_backup(s: &Scene, name: &str) -> PathBuf {
    let to = s.src.path().join(name);
    std::fs::copy(&s.backup, &to).unwrap();
    std::fs::copy(manifest_path(&s.backup), manifest_path(&to)).unwrap();
    to
}

async fn refused(s: &Scene, from: &Path) -> BackupError {
    let before = snapshot(s.target.path());
    let err = huiyin_app::restore(from, &url(s.target.path()), keys(s.target.path()), &clock())
        .await
        .expect_err("restore must refuse");
    assert_eq!(
        snapshot(s.target.path()),
        before,
        "the target directory changed though restore refused ({err})"
    );
    assert!(err.to_string().contains("拒绝恢复"), "{err}");
    err
}

#[tokio::test]
async fn damaged_backups_are_refused_and_nothing_changes() {
    let s = scene().await;

    let truncated = copy_backup(&s, "truncated.db");
    let len = std::fs::metadata(&truncated).unwrap().len();
    std::fs::File::options()
        .write(true)
        .open(&truncated)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let err = refused(&s, &truncated).await;
    assert!(matches!(err, BackupError::SizeMismatch { .. }), "{err}");
    assert!(err.to_string().contains("truncated or altered"), "{err}");

    let edited = copy_backup(&s, "edited.db");
    let mut bytes = std::fs::read(&edited).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x5a;
    std::fs::write(&edited, &bytes).unwrap();
    let err = refused(&s, &edited).await;
    assert!(matches!(err, BackupError::DigestMismatch), "{err}");
    assert!(err.to_string().contains("SM3"), "{err}");

    let bare = s.src.path().join("bare.db");
    std::fs::copy(&s.backup, &bare).unwrap();
    let err = refused(&s, &bare).await;
    assert!(matches!(err, BackupError::NoManifest(_)), "{err}");

    // An audit entry edited and the manifest forged to match: the chain gives it away.
    let forged = copy_backup(&s, "forged.db");
    let copy = huiyin_store::Store::open_sqlite_copy(&forged)
        .await
        .unwrap();
    copy.execute_for_tests("UPDATE audit_log SET detail = 'nothing happened' WHERE id = 2")
        .await
        .unwrap();
    copy.close().await;
    let mut m = huiyin_app::read_manifest(&s.backup).unwrap();
    let bytes = std::fs::read(&forged).unwrap();
    m.sm3 = hex::encode(sm3::Sm3::digest(&bytes));
    m.size_bytes = bytes.len() as u64;
    std::fs::write(
        manifest_path(&forged),
        serde_json::to_string_pretty(&m).unwrap(),
    )
    .unwrap();
    let err = refused(&s, &forged).await;
    assert!(matches!(err, BackupError::AuditTampered(_)), "{err}");

    // The intact backup, with the target's database still open (a running server): refused.
    let server = open(s.target.path()).await;
    assert!(server.database_answers().await);
    let err = huiyin_app::restore(
        &s.backup,
        &url(s.target.path()),
        keys(s.target.path()),
        &clock(),
    )
    .await
    .expect_err("in use");
    assert!(matches!(err, BackupError::InUse(_)), "{err}");
    assert_eq!(server.store_for_tests().count_cases().await.unwrap(), 1);
    server.close().await;

    // Stopped, it is replaced: the three cases of the backup, the chain intact.
    let done = huiyin_app::restore(
        &s.backup,
        &url(s.target.path()),
        keys(s.target.path()),
        &clock(),
    )
    .await
    .unwrap();
    assert!(done.replaced);
    assert!(done.audit.is_intact(), "{:?}", done.audit.problems);
    let app = open(s.target.path()).await;
    assert_eq!(app.store_for_tests().count_cases().await.unwrap(), 3);
    app.close().await;
    let names: Vec<String> = snapshot(s.target.path()).into_iter().map(|f| f.0).collect();
    assert!(
        names.iter().all(|n| !n.contains("restoring")),
        "no staged copy left behind: {names:?}"
    );
}

#[tokio::test]
async fn backup_refuses_an_existing_file() {
    let s = scene().await;
    let before = std::fs::read(&s.backup).unwrap();
    let err = huiyin_app::backup(&url(s.src.path()), &s.backup, &clock())
        .await
        .expect_err("must not overwrite");
    assert!(matches!(err, BackupError::OutExists(_)), "{err}");
    assert!(err.to_string().contains("不予覆盖"), "{err}");
    assert_eq!(std::fs::read(&s.backup).unwrap(), before);
    let err = huiyin_app::backup(
        "postgres://u:p@127.0.0.1/x",
        &s.src.path().join("pg.db"),
        &clock(),
    )
    .await
    .expect_err("PostgreSQL");
    assert!(err.to_string().contains("pg_dump -Fc"), "{err}");
}
