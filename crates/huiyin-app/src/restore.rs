//! `huiyin restore`: installs a backup as the data directory's database, only after it has
//! been verified (manifest, size, SM3, SQLite's integrity check, the audit hash chain), and
//! only when no server holds the database (docs/OPERATIONS.md "Backup and restore").

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huiyin_core::clock::Clock;
use huiyin_crypto::KeyRing;
use huiyin_store::{AuditEntry, AuditReport, Claim, KeySource, Store, claim_sqlite_file};

use crate::backup::{remove_if_present, sqlite_database};
use crate::backup_file::{
    BackupError, BackupManifest, beside, copy_with_digest, digest_file, io, parent_dir,
    read_manifest, sidecar, sync_dir,
};
use crate::database::{Database, KeyFile};

/// The audit action recording a restore in the restored trail.
pub const RESTORE_ACTION: &str = "database.restore";

/// A backup installed.
#[derive(Clone, Debug)]
pub struct Restored {
    pub database: PathBuf,
    pub manifest: BackupManifest,
    /// Whether a database was replaced (false: the directory had none).
    pub replaced: bool,
    /// The installed database's audit trail, checked with the anchor outside it.
    pub audit: AuditReport,
    /// What the operator should know (an old database that could not be opened, say).
    pub notes: Vec<String>,
}

/// Verifies the backup `from` and installs it as the SQLite database of `database_url`,
/// creating its directory if need be. Nothing is changed unless every check passes.
pub async fn restore(
    from: &Path,
    database_url: &str,
    keys: KeyFile,
    clock: &dyn Clock,
) -> Result<Restored, BackupError> {
    let target = sqlite_database(database_url)?;
    let manifest = read_manifest(from)?;
    let (sm3, size) = digest_file(from)?;
    check_digest(&manifest, &sm3, size)?;

    let dir = parent_dir(&target);
    std::fs::create_dir_all(&dir).map_err(io("cannot create data directory", &dir))?;
    let staged = beside(&target, "restoring");
    remove_staged(&staged)?;
    let checked = async {
        let (sm3, size) = copy_with_digest(from, &staged)?;
        // The file may have changed since it was checked.
        check_digest(&manifest, &sm3, size)?;
        check_copy(&staged, &manifest, &keys.ring).await
    }
    .await;
    if let Err(e) = checked {
        let _ = remove_staged(&staged);
        return Err(e);
    }

    // The copy is sound: take the old database over, then replace it.
    let replaced = target.exists();
    let mut notes = Vec::new();
    if replaced {
        match claim_sqlite_file(&target).await? {
            Claim::Claimed => {}
            Claim::InUse => {
                let _ = remove_staged(&staged);
                return Err(BackupError::InUse(target));
            }
            Claim::Unreadable(why) => notes.push(format!(
                "旧数据库无法打开，已直接替换 the old database could not be opened and was replaced as it was: {why}"
            )),
        }
    }
    // Journals of the old database must never be applied to the new one.
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_present(&sidecar(&target, suffix))?;
    }
    std::fs::rename(&staged, &target).map_err(io("cannot rename into", &target))?;
    sync_dir(&dir)?;

    let audit = record_restore(database_url, keys, &manifest, clock).await?;
    Ok(Restored {
        database: target,
        manifest,
        replaced,
        audit,
        notes,
    })
}

fn check_digest(manifest: &BackupManifest, sm3: &str, size: u64) -> Result<(), BackupError> {
    if size != manifest.size_bytes {
        return Err(BackupError::SizeMismatch {
            expected: manifest.size_bytes,
            actual: size,
        });
    }
    if !sm3.eq_ignore_ascii_case(&manifest.sm3) {
        return Err(BackupError::DigestMismatch);
    }
    Ok(())
}

/// Removes a staged copy and any journal SQLite left beside it.
fn remove_staged(staged: &Path) -> Result<(), BackupError> {
    remove_if_present(staged)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_present(&sidecar(staged, suffix))?;
    }
    Ok(())
}

/// SQLite's integrity check, the manifest's facts, and the audit hash chain (with the key
/// file's key; the anchor outside the database belongs to the database being replaced) on
/// the staged copy, which is then migrated to this build's schema.
async fn check_copy(
    staged: &Path,
    manifest: &BackupManifest,
    ring: &KeyRing,
) -> Result<(), BackupError> {
    let copy = Store::open_sqlite_copy(staged)
        .await?
        .with_keys(Arc::new(KeySource::new(ring.clone(), None)));
    let result = check_open_copy(&copy, manifest).await;
    copy.close().await;
    result?;
    if sidecar(staged, "-wal").exists() {
        return Err(BackupError::Io(format!(
            "a write-ahead log remained beside {}",
            staged.display()
        )));
    }
    std::fs::File::open(staged)
        .and_then(|f| f.sync_all())
        .map_err(io("cannot sync", staged))
}

async fn check_open_copy(copy: &Store, manifest: &BackupManifest) -> Result<(), BackupError> {
    let problems = copy.integrity_problems().await?;
    if !problems.is_empty() {
        return Err(BackupError::Integrity(problems));
    }
    let facts = copy.database_facts().await?;
    let expected = (
        manifest.schema_migration,
        manifest.cases,
        manifest.audit_entries,
        manifest.audit_head.id,
        manifest.audit_head.hash.as_str(),
    );
    let found = (
        facts.migration,
        facts.cases,
        facts.audit_entries,
        facts.audit_head_id,
        facts.audit_head_hash.as_str(),
    );
    if expected != found {
        return Err(BackupError::FactsMismatch(format!(
            "(migration, cases, audit entries, head id, head hash) {expected:?} in the manifest, {found:?} in the file"
        )));
    }
    let this = copy.newest_migration();
    if facts.migration > this {
        return Err(BackupError::NewerSchema {
            backup: facts.migration,
            this,
        });
    }
    copy.migrate().await?;
    let report = copy.verify_audit().await?;
    if !report.is_intact() {
        return Err(BackupError::AuditTampered(report.problems));
    }
    Ok(())
}

/// Records the restore in the installed database's audit trail, which anchors its head
/// outside the database anew (the old anchor pointed into the replaced database), and checks
/// the trail as `huiyin audit verify` does.
async fn record_restore(
    database_url: &str,
    keys: KeyFile,
    manifest: &BackupManifest,
    clock: &dyn Clock,
) -> Result<AuditReport, BackupError> {
    let store_err = |e: crate::AppError| BackupError::Store(e.to_string());
    let db = Database::open(database_url, keys)
        .await
        .map_err(store_err)?;
    let entry = AuditEntry {
        at: clock.now_millis(),
        user_id: None,
        username: "command-line".into(),
        unit_id: None,
        action: RESTORE_ACTION.into(),
        target: manifest.file.clone(),
        result: "ok".into(),
        detail: format!(
            "backup of {} (sm3 {}, {} cases, audit head {})",
            manifest.created_at, manifest.sm3, manifest.cases, manifest.audit_head.id
        ),
    };
    let written = db.store.append_audit(&entry).await;
    let report = match written {
        Ok(_) => db.verify_audit().await.map_err(store_err),
        Err(e) => Err(e.into()),
    };
    db.close().await;
    report
}
