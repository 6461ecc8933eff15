//! Bulk loading a new SQLite database (the demo generator): while loading there is no
//! rollback journal and no fsync per transaction; at the end the file is switched to WAL and
//! synced once. Only for a file nobody else uses and whose loss on a crash costs nothing but a
//! rerun: the caller loads under a temporary name and renames the file after
//! [`Store::finish_bulk_load`] returns.

use std::path::Path;

use crate::error::{Result, StoreError};
use crate::rows::text;
use crate::{Dialect, Store};

impl Store {
    /// Opens (creating) the SQLite file at `path` in bulk-load mode, with a 256 MiB writer cache.
    pub async fn connect_bulk_load(path: &Path) -> Result<Store> {
        sqlx::any::install_default_drivers();
        Store::connect_sqlite(
            &format!("sqlite://{}", path.display()),
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;",
            262_144,
        )
        .await
    }

    /// Drops the non-unique indexes of the tables a bulk load fills, and the trigger that
    /// fills `case_scope` row by row, and returns their definitions for
    /// [`Store::restore_indexes`]: building an index once over sorted rows, and the scope table
    /// in one statement, is much cheaper than millions of random insertions.
    pub async fn suspend_indexes(&self) -> Result<Vec<String>> {
        if self.dialect != Dialect::Sqlite {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
             AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN \
             ('cases', 'case_units', 'case_scope', 'petitioners', 'timeline', 'deadlines', 'case_kpi')",
        )
        .fetch_all(&self.write)
        .await?;
        let mut definitions = Vec::with_capacity(rows.len());
        for row in rows {
            let name = text(&row, "name")?;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\"")))
                .execute(&self.write)
                .await?;
            definitions.push(text(&row, "sql")?);
        }
        let trigger = sqlx::query(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_units_scope'",
        )
        .fetch_optional(&self.write)
        .await?;
        if let Some(row) = trigger {
            sqlx::query("DROP TRIGGER case_units_scope")
                .execute(&self.write)
                .await?;
            definitions.push(text(&row, "sql")?);
        }
        Ok(definitions)
    }

    /// Fills `case_scope` when its trigger was suspended, then recreates what
    /// [`Store::suspend_indexes`] dropped.
    pub async fn restore_indexes(&self, definitions: &[String]) -> Result<()> {
        if definitions
            .iter()
            .any(|d| d.contains("TRIGGER case_units_scope"))
        {
            sqlx::query(
                "INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, walled_unit_id, registered_by, \
                 handling_unit_id, petition_type, category, channel) \
                 SELECT DISTINCT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'), \
                 c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel \
                 FROM case_units cu JOIN unit_ancestors a ON a.unit_id = cu.unit_id JOIN cases c ON c.id = cu.case_id \
                 ORDER BY 1, 2",
            )
            .execute(&self.write)
            .await?;
        }
        for sql in definitions {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// Switches the loaded file to WAL, closes it and makes it durable.
    pub async fn finish_bulk_load(&self, path: &Path) -> Result<()> {
        if self.dialect != Dialect::Sqlite {
            return Ok(());
        }
        self.read.close().await;
        sqlx::query("PRAGMA journal_mode=WAL")
            .execute(&self.write)
            .await?;
        self.write.close().await;
        std::fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::Database(format!("sync {}: {e}", path.display())))
    }
}

impl Store {
    /// After loading many rows into PostgreSQL: `VACUUM ANALYZE`, so the planner has
    /// statistics (without them it chose a full-text plan 20× slower at a million cases) and
    /// index-only scans need not visit the heap. Autovacuum would get there eventually, or never
    /// where it is switched off, as on this project's CI server. Nothing to do on SQLite, whose
    /// queries are planned without statistics.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.dialect == Dialect::Postgres {
            sqlx::query("VACUUM ANALYZE").execute(&self.write).await?;
        }
        Ok(())
    }
}
