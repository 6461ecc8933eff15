//! Bulk loading a new SQLite database (the demo generator): while loading there is no
//! rollback journal and no fsync per transaction; at the end the file is switched to WAL and
//! synced once. Only for a file nobody else uses and whose loss on a crash costs nothing but a
//! rerun: the caller loads under a temporary name and renames the file after
//! [`Store::finish_bulk_load`] returns.

use std::path::Path;

use crate::error::{Result, StoreError};
use crate::rows::text;
use crate::{Dialect, Store};

/// The triggers a bulk load suspends (migrations 0014, 0015, 0056 and 0059, SQLite).
const SUSPENDED_TRIGGERS: &[&str] = &[
    "case_units_scope",
    "case_scope_breakdown_tally",
    "cases_work_tally_insert",
    "case_kpi_unit_daily_insert",
    "case_kpi_unit_daily_update",
    "case_kpi_unit_daily_delete",
    "case_scope_kpi_unit_daily",
    "case_scope_warning_units",
];

/// `warning_units` from the links and `case_scope`, as its triggers would have filled it
/// (migration 0064).
const FILL_WARNING_UNITS: &str = "INSERT OR IGNORE INTO warning_units (unit_id, warning_id) \
     SELECT DISTINCT cs.unit_id, wc.warning_id FROM warning_cases wc JOIN case_scope cs ON cs.case_id = wc.case_id";

/// `case_scope` from `case_units`, as its trigger would have filled it (migrations 0014, 0049).
const FILL_CASE_SCOPE: &str = "INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, \
     walled_unit_id, registered_by, handling_unit_id, petition_type, category, channel, \
     repeat_flag, overdue_flag) \
     SELECT DISTINCT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'), \
     c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel, \
     CASE WHEN c.flags LIKE '% repeat %' THEN 1 ELSE 0 END, \
     CASE WHEN c.flags LIKE '% overdue %' THEN 1 ELSE 0 END \
     FROM case_units cu JOIN unit_ancestors a ON a.unit_id = cu.unit_id JOIN cases c ON c.id = cu.case_id \
     ORDER BY 1, 2 \
     ON CONFLICT DO NOTHING";

/// The 工作台's rollup from `cases`, as its triggers keep it (migration 0056).
const FILL_WORK_TALLY: &[&str] = &[
    "DELETE FROM work_tally",
    "INSERT INTO work_tally \
     SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END, \
     COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), COUNT(*) \
     FROM cases GROUP BY 1, 2, 3, 4, 5",
];

/// The per-unit KPI rollups recomputed from `case_kpi` and `case_scope`, as their triggers
/// keep them (migrations 0015 and 0018): sums of the results `KpiFacts` judged. The facts
/// are read in the order of their covering index and each case's units through
/// `case_scope_case`.
const FILL_KPI_UNIT: &[&str] = &[
    "DELETE FROM kpi_unit_daily",
    "DELETE FROM kpi_unit_pending",
    "INSERT INTO kpi_unit_daily \
     SELECT s.unit_id, k.received_on, COUNT(*), \
     SUM(k.acceptance_timely), SUM(k.decided), SUM(k.conclusion_timely), SUM(k.concluded), \
     SUM(k.has_opinion), SUM(k.evaluated), SUM(k.satisfied) \
     FROM case_kpi k CROSS JOIN case_scope s WHERE s.case_id = k.case_id \
     GROUP BY s.unit_id, k.received_on",
    "INSERT INTO kpi_unit_pending \
     SELECT unit_id, received_on, due_on, SUM(undecided), SUM(unconcluded) FROM ( \
     SELECT s.unit_id, k.received_on, k.undecided_due_on AS due_on, 1 AS undecided, 0 AS unconcluded \
     FROM case_kpi k CROSS JOIN case_scope s WHERE s.case_id = k.case_id \
     AND k.undecided_due_on IS NOT NULL \
     UNION ALL \
     SELECT s.unit_id, k.received_on, k.unconcluded_due_on, 0, 1 \
     FROM case_kpi k CROSS JOIN case_scope s WHERE s.case_id = k.case_id \
     AND k.unconcluded_due_on IS NOT NULL \
     ) GROUP BY unit_id, received_on, due_on",
];

/// The breakdown tally from `case_scope` and `cases`, as its triggers keep it (migration
/// 0059): the statements of that migration's fill, one per `;` at a line's end.
const FILL_BREAKDOWN_TALLY: &str = include_str!("breakdown_tally_fill.sql");

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

    /// Drops the non-unique indexes of the tables a bulk load fills, and the triggers that
    /// fill `case_scope` and the per-unit KPI rollups row by row, and returns their definitions
    /// for [`Store::restore_indexes`]: building an index once over sorted rows, and the scope
    /// and rollup tables in one statement each, is much cheaper than millions of random
    /// insertions.
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
        for name in SUSPENDED_TRIGGERS {
            let trigger =
                sqlx::query("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1")
                    .bind(*name)
                    .fetch_optional(&self.write)
                    .await?;
            if let Some(row) = trigger {
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER {name}")))
                    .execute(&self.write)
                    .await?;
                definitions.push(text(&row, "sql")?);
            }
        }
        Ok(definitions)
    }

    /// Fills `case_scope`, the per-unit KPI rollups, the breakdown tally, the 工作台's rollup
    /// and the units that see each warning when their triggers were suspended,
    /// then recreates what [`Store::suspend_indexes`] dropped: the indexes first (the rollups
    /// are read through them), the triggers last.
    pub async fn restore_indexes(&self, definitions: &[String]) -> Result<()> {
        let suspended = |name: &str| {
            definitions.iter().any(|d| {
                d.starts_with("CREATE TRIGGER") && d.split_whitespace().nth(2) == Some(name)
            })
        };
        if suspended("case_units_scope") {
            self.execute(FILL_CASE_SCOPE).await?;
        }
        let (triggers, indexes): (Vec<&String>, Vec<&String>) = definitions
            .iter()
            .partition(|d| d.starts_with("CREATE TRIGGER"));
        for sql in indexes {
            self.execute(sql).await?;
        }
        // Through `case_scope`'s index by case, recreated above.
        if suspended("case_scope_warning_units") {
            self.execute(FILL_WARNING_UNITS).await?;
        }
        if suspended("case_kpi_unit_daily_insert") {
            for sql in FILL_KPI_UNIT {
                self.execute(sql).await?;
            }
        }
        if suspended("case_scope_breakdown_tally") {
            let statements = FILL_BREAKDOWN_TALLY
                .split(";\n")
                .map(|s| {
                    s.lines()
                        .filter(|l| !l.starts_with("--"))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .filter(|s| !s.trim().is_empty());
            for sql in statements {
                self.execute(&sql).await?;
            }
        }
        if suspended("cases_work_tally_insert") {
            for sql in FILL_WORK_TALLY {
                self.execute(sql).await?;
            }
        }
        for sql in triggers {
            self.execute(sql).await?;
        }
        Ok(())
    }

    async fn execute(&self, sql: &str) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&self.write)
            .await?;
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
    /// Sets the SQLite writer's page cache (KiB; the writer is one connection, so it holds
    /// until set again): an import into a large database keeps the indexes it updates in
    /// memory instead of reading their pages back through the operating system.
    pub async fn set_writer_cache_kib(&self, kib: u32) -> Result<()> {
        if self.dialect == Dialect::Sqlite {
            sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size=-{kib}")))
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// After loading many rows into PostgreSQL: `VACUUM ANALYZE`, so the planner has
    /// statistics (without them it chose a full-text plan 20× slower at a million cases) and
    /// index-only scans need not visit the heap. Autovacuum would get there eventually, or never
    /// where it is switched off, as on this project's CI server. Nothing to do on SQLite,
    /// whose queries are planned without statistics: `ANALYZE` over a sample of each index
    /// (`analysis_limit`) gave estimates so wrong that plans did not improve, and a full one
    /// reads the whole database; lists name the index they need where it matters.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.dialect == Dialect::Postgres {
            sqlx::query("VACUUM ANALYZE").execute(&self.write).await?;
        }
        Ok(())
    }
}
