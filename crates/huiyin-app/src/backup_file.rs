//! The files of a backup: the manifest beside the database copy, the SM3 digest of a file,
//! copying and writing durably (fsync, then rename), and the errors `huiyin backup` and
//! `huiyin restore` report, Chinese first, then English (docs/OPERATIONS.md).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sm3::{Digest, Sm3};

/// The manifest's `format`.
pub const BACKUP_FORMAT: &str = "huiyin-sqlite-backup";
/// The manifest layout written by this build; restore refuses others.
pub const BACKUP_FORMAT_VERSION: u32 = 1;

/// What `FILE.manifest.json` records about the backup `FILE`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub format: String,
    pub format_version: u32,
    /// When the copy was taken, UTC (RFC 3339, `2026-06-30T06:05:09Z`).
    pub created_at: String,
    pub created_at_ms: i64,
    pub huiyin_version: String,
    /// The newest schema migration the copy carries.
    pub schema_migration: i64,
    pub cases: i64,
    pub audit_entries: i64,
    pub audit_head: AuditHead,
    /// The backup file's name (the manifest sits beside it).
    pub file: String,
    pub size_bytes: u64,
    /// SM3 of the backup file, lower-case hex.
    pub sm3: String,
}

/// The audit chain's newest entry in the copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub id: i64,
    pub hash: String,
}

/// Why a backup or a restore was refused or failed. The messages are the ones documented in
/// docs/OPERATIONS.md.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "PostgreSQL 数据库不由 huiyin 备份或恢复：请用 pg_dump -Fc 备份、pg_restore 恢复（见 docs/OPERATIONS.md「Backup and restore」）。\
         PostgreSQL is not backed up or restored by huiyin: use pg_dump -Fc to back it up and pg_restore to restore it (docs/OPERATIONS.md, \"Backup and restore\")"
    )]
    Postgres,
    #[error("没有数据库可备份 no database to back up: {0}")]
    NoDatabase(PathBuf),
    #[error("备份文件已存在，不予覆盖 the backup file already exists and is not overwritten: {0}")]
    OutExists(PathBuf),
    #[error(
        "缺少备份清单，拒绝恢复，未作任何更改 the backup's manifest is missing: restore refused, nothing changed: {0}"
    )]
    NoManifest(PathBuf),
    #[error(
        "备份清单无法读取，拒绝恢复，未作任何更改 the backup's manifest cannot be read: restore refused, nothing changed: {0}"
    )]
    BadManifest(String),
    #[error(
        "备份文件大小与清单不符（清单 {expected} 字节，实际 {actual} 字节），文件被截断或改动，拒绝恢复，未作任何更改。\
         the backup file's size does not match its manifest ({expected} bytes expected, {actual} found): the file was truncated or altered; restore refused, nothing changed"
    )]
    SizeMismatch { expected: u64, actual: u64 },
    #[error(
        "备份文件的 SM3 摘要与清单不符，文件被改动，拒绝恢复，未作任何更改。\
         the backup file's SM3 digest does not match its manifest: the file was altered; restore refused, nothing changed"
    )]
    DigestMismatch,
    #[error(
        "备份来自更新的版本（结构版本 {backup}，本程序 {this}），请用更新的 huiyin 恢复。\
         the backup comes from a newer version (schema {backup}, this build {this}): restore it with a newer huiyin"
    )]
    NewerSchema { backup: i64, this: i64 },
    #[error("备份文件未通过完整性检查，拒绝恢复，未作任何更改 the backup file fails SQLite's integrity check: restore refused, nothing changed: {}", .0.join("; "))]
    Integrity(Vec<String>),
    #[error(
        "备份内容与清单不符，拒绝恢复，未作任何更改 the backup does not hold what its manifest says: restore refused, nothing changed: {0}"
    )]
    FactsMismatch(String),
    #[error("备份中的审计日志哈希链校验失败，拒绝恢复，未作任何更改 the backup's audit hash chain does not verify: restore refused, nothing changed: {}", .0.join("; "))]
    AuditTampered(Vec<String>),
    #[error(
        "数据库正被使用（服务仍在运行？请先停止 huiyin serve），拒绝恢复，未作任何更改。\
         the database is in use (is the server still running? stop huiyin serve first): restore refused, nothing changed: {0}"
    )]
    InUse(PathBuf),
    #[error("{0}")]
    Io(String),
    #[error("数据库错误 database error: {0}")]
    Store(String),
}

impl From<huiyin_store::StoreError> for BackupError {
    fn from(e: huiyin_store::StoreError) -> Self {
        BackupError::Store(e.to_string())
    }
}

/// An I/O error with what was being done to which path.
pub(crate) fn io(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let context = format!("{what} {}", path.display());
    move |e| BackupError::Io(format!("{context}: {e}"))
}

/// `FILE.manifest.json` beside `file`.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// A file SQLite keeps beside a database: `path` + `suffix` (`-wal`, `-shm`, `-journal`).
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A hidden working name beside `path` (`.NAME.suffix` in the same directory), so the final
/// rename never crosses a file system.
pub(crate) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// The directory holding `path` (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Flushes a directory's entries (a rename in it) to disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("cannot sync directory", dir))
}

/// SM3 (hex) and size of a file.
pub(crate) fn digest_file(path: &Path) -> Result<(String, u64), BackupError> {
    let mut f = File::open(path).map_err(io("cannot read", path))?;
    pump(&mut f, None, path)
}

/// Copies `from` to a new file `to` (synced), returning the SM3 (hex) and size of what was
/// copied.
pub(crate) fn copy_with_digest(from: &Path, to: &Path) -> Result<(String, u64), BackupError> {
    let mut src = File::open(from).map_err(io("cannot read", from))?;
    let mut dst = File::options()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(io("cannot create", to))?;
    let done = pump(&mut src, Some(&mut dst), from)?;
    dst.sync_all().map_err(io("cannot sync", to))?;
    Ok(done)
}

fn pump(
    src: &mut File,
    mut dst: Option<&mut File>,
    path: &Path,
) -> Result<(String, u64), BackupError> {
    let mut hasher = Sm3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = src.read(&mut buf).map_err(io("cannot read", path))?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        if let Some(d) = dst.as_mut() {
            d.write_all(chunk)
                .map_err(io("cannot write a copy of", path))?;
        }
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Writes `text` to `path` through a synced temporary file and a rename.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), BackupError> {
    let tmp = beside(path, "tmp");
    {
        let mut f = File::create(&tmp).map_err(io("cannot create", &tmp))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(io("cannot write", &tmp))?;
    }
    std::fs::rename(&tmp, path).map_err(io("cannot rename into", path))?;
    sync_dir(&parent_dir(path))
}

/// Reads and checks the manifest beside `file`.
pub fn read_manifest(file: &Path) -> Result<BackupManifest, BackupError> {
    let path = manifest_path(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BackupError::NoManifest(path));
        }
        Err(e) => return Err(BackupError::BadManifest(format!("{}: {e}", path.display()))),
    };
    let m: BackupManifest = serde_json::from_str(&text)
        .map_err(|e| BackupError::BadManifest(format!("{}: {e}", path.display())))?;
    if m.format != BACKUP_FORMAT || m.format_version != BACKUP_FORMAT_VERSION {
        return Err(BackupError::BadManifest(format!(
            "{}: format {} version {} (this build reads {BACKUP_FORMAT} version {BACKUP_FORMAT_VERSION})",
            path.display(),
            m.format,
            m.format_version
        )));
    }
    Ok(m)
}

/// A Unix timestamp (milliseconds) as RFC 3339 in UTC, `2026-06-30T06:05:09Z`.
pub fn utc_timestamp(ms: i64) -> String {
    const DAY_MS: i64 = 86_400_000;
    let day = huiyin_core::Date::from_days(i32::try_from(ms.div_euclid(DAY_MS)).unwrap_or(0));
    let secs = ms.rem_euclid(DAY_MS) / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        // 2026-06-30T14:05:09+08:00
        let ms = huiyin_core::date::parse_instant("2026-06-30T14:05:09+08:00").unwrap_or(0);
        assert_eq!(utc_timestamp(ms), "2026-06-30T06:05:09Z");
    }

    #[test]
    fn names_beside_the_file() {
        assert_eq!(
            manifest_path(Path::new("/b/x.db")),
            PathBuf::from("/b/x.db.manifest.json")
        );
        assert_eq!(
            beside(Path::new("/b/x.db"), "partial"),
            PathBuf::from("/b/.x.db.partial")
        );
        assert_eq!(parent_dir(Path::new("x.db")), PathBuf::from("."));
    }
}
