//! `huiyin backup`: an online, consistent copy of the embedded SQLite database, written
//! atomically beside its manifest (docs/OPERATIONS.md "Backup and restore"). The server may
//! go on serving meanwhile. PostgreSQL is backed up with `pg_dump -Fc` instead.

use std::path::{Path, PathBuf};

use huiyin_core::clock::Clock;
use huiyin_store::Store;

use crate::backup_file::{
    AuditHead, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, BackupManifest, beside,
    digest_file, io, manifest_path, parent_dir, sidecar, sync_dir, utc_timestamp, write_atomically,
};

/// A backup written.
#[derive(Clone, Debug)]
pub struct BackupDone {
    pub file: PathBuf,
    pub manifest_path: PathBuf,
    pub manifest: BackupManifest,
}

/// The SQLite file a database URL names, or the documented refusal for PostgreSQL.
pub fn sqlite_database(url: &str) -> Result<PathBuf, BackupError> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Err(BackupError::Postgres);
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| BackupError::Io(format!("not a database URL: {url}")))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(BackupError::Io(format!("not a database file: {url}")));
    }
    Ok(PathBuf::from(path))
}

/// Backs up the SQLite database of `database_url` into `out`, a file that must not exist,
/// with its manifest `out.manifest.json`.
pub async fn backup(
    database_url: &str,
    out: &Path,
    clock: &dyn Clock,
) -> Result<BackupDone, BackupError> {
    let source = sqlite_database(database_url)?;
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source));
    }
    let manifest_at = manifest_path(out);
    for p in [out, manifest_at.as_path()] {
        if p.exists() {
            return Err(BackupError::OutExists(p.to_owned()));
        }
    }
    let dir = parent_dir(out);
    if !dir.is_dir() {
        return Err(BackupError::Io(format!(
            "备份目录不存在 no such directory: {}",
            dir.display()
        )));
    }
    let partial = beside(out, "partial");
    // A leftover of an interrupted backup is incomplete by construction.
    remove_if_present(&partial)?;
    remove_if_present(&sidecar(&partial, "-journal"))?;
    let result = write_copy(database_url, &partial, clock).await;
    let (created_at_ms, facts) = match result {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let (sm3, size_bytes) = digest_file(&partial)?;
    install_new(&partial, out)?;
    sync_dir(&dir)?;
    let manifest = BackupManifest {
        format: BACKUP_FORMAT.into(),
        format_version: BACKUP_FORMAT_VERSION,
        created_at: utc_timestamp(created_at_ms),
        created_at_ms,
        huiyin_version: env!("CARGO_PKG_VERSION").into(),
        schema_migration: facts.migration,
        cases: facts.cases,
        audit_entries: facts.audit_entries,
        audit_head: AuditHead {
            id: facts.audit_head_id,
            hash: facts.audit_head_hash,
        },
        file: out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        size_bytes,
        sm3,
    };
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| BackupError::Io(format!("manifest: {e}")))?;
    write_atomically(&manifest_at, &format!("{text}\n"))?;
    Ok(BackupDone {
        file: out.to_owned(),
        manifest_path: manifest_at,
        manifest,
    })
}

/// `VACUUM INTO` the new file `partial`, then reads from the copy what the manifest records
/// and checks the copy; returns when the copy was begun and those facts. The copy is synced.
async fn write_copy(
    database_url: &str,
    partial: &Path,
    clock: &dyn Clock,
) -> Result<(i64, huiyin_store::DatabaseFacts), BackupError> {
    let live = Store::connect(database_url).await?;
    let began = clock.now_millis();
    let copied = live.vacuum_into(partial).await;
    live.close().await;
    copied?;
    let copy = Store::open_sqlite_copy(partial).await?;
    let checked = async {
        let problems = copy.integrity_problems().await?;
        let facts = copy.database_facts().await?;
        Ok::<_, huiyin_store::StoreError>((problems, facts))
    }
    .await;
    copy.close().await;
    let (problems, facts) = checked?;
    if !problems.is_empty() {
        return Err(BackupError::Integrity(problems));
    }
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(io("cannot sync", partial))?;
    Ok((began, facts))
}

/// Gives the finished copy its name without ever replacing a file of that name: a hard
/// link fails when the name exists; where links are not supported, a checked rename.
fn install_new(partial: &Path, out: &Path) -> Result<(), BackupError> {
    match std::fs::hard_link(partial, out) {
        Ok(()) => std::fs::remove_file(partial).map_err(io("cannot remove", partial)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(partial);
            Err(BackupError::OutExists(out.to_owned()))
        }
        Err(_) if out.exists() => {
            let _ = std::fs::remove_file(partial);
            Err(BackupError::OutExists(out.to_owned()))
        }
        Err(_) => std::fs::rename(partial, out).map_err(io("cannot rename into", out)),
    }
}

pub(crate) fn remove_if_present(path: &Path) -> Result<(), BackupError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io("cannot remove", path)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls() {
        assert_eq!(
            sqlite_database("sqlite://./huiyin-data/huiyin.db").ok(),
            Some(PathBuf::from("./huiyin-data/huiyin.db"))
        );
        assert_eq!(
            sqlite_database("sqlite:///var/x.db?mode=rwc").ok(),
            Some(PathBuf::from("/var/x.db"))
        );
        assert!(matches!(
            sqlite_database("postgres://u:p@h/db"),
            Err(BackupError::Postgres)
        ));
        assert!(sqlite_database("sqlite::memory:").is_err());
    }
}
