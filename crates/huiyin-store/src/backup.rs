//! Backing up and restoring an embedded SQLite database (`huiyin backup` / `huiyin restore`):
//! an online, consistent copy with `VACUUM INTO`, the facts a backup's manifest records, the
//! checks a copy passes before it is installed, and whether a server still holds a database.
//! PostgreSQL is backed up with its own tools (`pg_dump -Fc`, docs/OPERATIONS.md).

use std::path::Path;

use sqlx::{Connection, Executor};

use crate::error::{Result, StoreError};
use crate::rows::{i64_col, opt_i64, text};
use crate::{Dialect, Store};

/// What a database holds, as a backup's manifest records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseFacts {
    /// The newest migration applied (`0` before any).
    pub migration: i64,
    pub cases: i64,
    pub audit_entries: i64,
    /// The id and hash of the audit chain's newest entry (`0` and the genesis hash when empty).
    pub audit_head_id: i64,
    pub audit_head_hash: String,
}

/// Whether a SQLite file could be taken over for replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// No other connection has it open; its WAL, if any, is checkpointed into it and removed.
    Claimed,
    /// Another connection (a running server, a command) has it open.
    InUse,
    /// It could not be opened or switched (a damaged file, say); the reason.
    Unreadable(String),
}

/// `sqlite://` URL of a file, in `mode` (`rw`: the file must exist).
fn file_url(path: &Path, mode: &str) -> Result<String> {
    let p = path
        .to_str()
        .ok_or_else(|| StoreError::Refused(format!("not a UTF-8 path: {}", path.display())))?;
    Ok(format!("sqlite://{p}?mode={mode}"))
}

impl Store {
    /// Writes a consistent copy of the whole database into `path`, a file that must not exist
    /// yet, while others go on reading and writing (SQLite's `VACUUM INTO`: one read
    /// transaction, so the copy holds every transaction committed before it began). SQLite
    /// does not sync the copy; the caller does.
    pub async fn vacuum_into(&self, path: &Path) -> Result<()> {
        if self.dialect != Dialect::Sqlite {
            return Err(StoreError::Refused(
                "VACUUM INTO is SQLite's: back PostgreSQL up with pg_dump -Fc".into(),
            ));
        }
        let p = path
            .to_str()
            .ok_or_else(|| StoreError::Refused(format!("not a UTF-8 path: {}", path.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(p.to_owned())
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// Opens a SQLite file nobody else uses (a backup, or a copy of one) with a rollback
    /// journal, so that once closed it is one self-contained file again. Does not migrate.
    pub async fn open_sqlite_copy(path: &Path) -> Result<Store> {
        sqlx::any::install_default_drivers();
        Store::connect_sqlite(
            &file_url(path, "rw")?,
            "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;",
            8_192,
        )
        .await
    }

    /// SQLite's `PRAGMA integrity_check`: the problems it reports, empty when it answers `ok`.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        if self.dialect != Dialect::Sqlite {
            return Ok(Vec::new());
        }
        let rows = sqlx::query("PRAGMA integrity_check")
            .fetch_all(&self.write)
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let line = text(r, "integrity_check")?;
            if line != "ok" {
                out.push(line);
            }
        }
        Ok(out)
    }

    /// The newest migration applied to this database (`0` when none is).
    pub async fn migration_version(&self) -> Result<i64> {
        let row = sqlx::query("SELECT MAX(version) AS v FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.read)
            .await?;
        Ok(opt_i64(&row, "v")?.unwrap_or(0))
    }

    /// The newest migration this build carries for the database's backend.
    pub fn newest_migration(&self) -> i64 {
        let migrator = match self.dialect {
            Dialect::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Dialect::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.iter().map(|m| m.version).max().unwrap_or_default()
    }

    /// What the database holds, for a backup's manifest and for checking a copy against it.
    pub async fn database_facts(&self) -> Result<DatabaseFacts> {
        let counts = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM cases) AS cases, \
             (SELECT COUNT(*) FROM audit_log) AS audit_entries",
        )
        .fetch_one(&self.read)
        .await?;
        let head = sqlx::query("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.read)
            .await?;
        Ok(DatabaseFacts {
            migration: self.migration_version().await?,
            cases: i64_col(&counts, "cases")?,
            audit_entries: i64_col(&counts, "audit_entries")?,
            audit_head_id: i64_col(&head, "last_id")?,
            audit_head_hash: text(&head, "last_hash")?,
        })
    }
}

/// Takes over the SQLite file at `path` before it is replaced: switching it to a rollback
/// journal needs every other connection closed (in WAL mode each open connection holds a
/// shared lock), so a running server answers [`Claim::InUse`] at once; on success SQLite has
/// checkpointed the WAL into the file and removed it.
pub async fn claim_sqlite_file(path: &Path) -> Result<Claim> {
    sqlx::any::install_default_drivers();
    let mut conn = match sqlx::AnyConnection::connect(&file_url(path, "rw")?).await {
        Ok(c) => c,
        Err(e) => return Ok(Claim::Unreadable(e.to_string())),
    };
    let answer: std::result::Result<String, sqlx::Error> = async {
        conn.execute("PRAGMA busy_timeout=0").await?;
        let row = sqlx::query("PRAGMA journal_mode=DELETE")
            .fetch_one(&mut conn)
            .await?;
        sqlx::Row::try_get::<String, _>(&row, 0)
    }
    .await;
    let _ = conn.close().await;
    Ok(match answer {
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => Claim::Claimed,
        Ok(mode) => Claim::Unreadable(format!("the journal stays in mode {mode}")),
        Err(e) if e.to_string().contains("locked") => Claim::InUse,
        Err(e) => Claim::Unreadable(e.to_string()),
    })
}
