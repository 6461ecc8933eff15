//! The counts of the staff 工作台's worklists: the open cases a body handles, by status and
//! channel, with how many are overdue, due soon, and the reader's own or unallotted.
//!
//! They are summed from the rollup `work_tally`, less the cases the reader's firewall hides,
//! read in the same statement through the accusations' own index `cases_walled_work`. SQLite's triggers
//! keep the rollup in place (migration 0056); PostgreSQL's append each statement's changes
//! to `work_tally_delta`, which a reader adds in and [`Store::settle_work_tally`] moves
//! into the rollup now and then (its migration 0070 says why).

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::org::UnitId;
use sqlx::Row as _;

use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, parse_wire, text};
use crate::search::id_list;
use crate::{Dialect, Store};

/// Open cases at a set of units in one status and channel, with how many of them are
/// overdue, fall due within the next days, and are the reader's or nobody's (我的工作).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkCount {
    pub status: Status,
    pub online: bool,
    pub total: i64,
    pub overdue: i64,
    pub due_soon: i64,
    /// Handled by the reader, or not yet allotted to a handler.
    pub mine: i64,
}

impl Store {
    /// Counts of the open cases now handled by `units`, grouped by status and channel;
    /// `overdue` counts a staff deadline before `overdue_before`, `due_soon` one in the
    /// window `soon` (both from `huiyin_core::deadline`), `mine` the cases whose handler is
    /// `reader` or nobody. The firewall's hidden cases are left out of every figure.
    pub async fn work_counts(
        &self,
        units: &[UnitId],
        firewall: &Firewall,
        reader: i64,
        overdue_before: Date,
        soon: (Date, Date),
    ) -> Result<Vec<WorkCount>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let units = id_list(units);
        let terminal = crate::domain_sql::terminal_list();
        let days = [
            overdue_before.to_string(),
            soon.0.to_string(),
            soon.1.to_string(),
        ];
        let in_units = format!("handling_unit_id IN ({units}) AND status NOT IN {terminal}");
        // The cases the reader's firewall hides, as rows of -1 in the same statement (one
        // snapshot: a hidden case written meanwhile is on both sides or neither), read
        // through the partial index `cases_walled_work` (`walled_unit_id IS NOT NULL`).
        let hidden = firewall
            .hidden_condition("c")
            .map(|hidden| {
                format!(
                    " UNION ALL SELECT handling_unit_id, status, \
                     CASE WHEN channel = 'online' THEN 1 ELSE 0 END, COALESCE(next_due_on, ''), \
                     COALESCE(handler_user_id, 0), -1 FROM cases c \
                     WHERE c.walled_unit_id IS NOT NULL AND {hidden} AND {in_units}"
                )
            })
            .unwrap_or_default();
        let mut counts = self
            .work_count_rows(
                format!(
                    "SELECT status, online, CAST(SUM(cases) AS BIGINT) AS n, \
                     CAST(SUM(CASE WHEN due_on <> '' AND due_on < $1 THEN cases ELSE 0 END) AS BIGINT) AS overdue, \
                     CAST(SUM(CASE WHEN due_on >= $2 AND due_on <= $3 THEN cases ELSE 0 END) AS BIGINT) AS soon, \
                     CAST(SUM(CASE WHEN handler_user_id IN (0, {reader}) THEN cases ELSE 0 END) AS BIGINT) AS mine \
                     FROM ({}{hidden}) t GROUP BY status, online",
                    self.work_tally_rows(&in_units)
                ),
                &days,
            )
            .await?;
        // A key whose deltas cancel out (PostgreSQL, before they are settled) sums to 0. A
        // figure below 0 would be a rollup out of step with the cases (`work_tally_drift`
        // finds it); it is never shown as such.
        counts.retain(|c| c.total > 0);
        for c in &mut counts {
            c.overdue = c.overdue.max(0);
            c.due_soon = c.due_soon.max(0);
            c.mine = c.mine.max(0);
        }
        Ok(counts)
    }

    async fn work_count_rows(&self, sql: String, days: &[String; 3]) -> Result<Vec<WorkCount>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&days[0])
            .bind(&days[1])
            .bind(&days[2])
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                let status = text(r, "status")?;
                let sum = |col: &str| -> Result<i64> {
                    Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0))
                };
                Ok(WorkCount {
                    status: parse_wire("status", &status, Status::parse)?,
                    online: i64_col(r, "online")? == 1,
                    total: i64_col(r, "n")?,
                    overdue: sum("overdue")?,
                    due_soon: sum("soon")?,
                    mine: sum("mine")?,
                })
            })
            .collect()
    }

    /// The rows of the rollup where `condition` holds, as (unit, status, online, due day,
    /// handler, cases): on PostgreSQL its settled rows and its unsettled deltas, so a key may
    /// have several rows (sum them).
    fn work_tally_rows(&self, condition: &str) -> String {
        let columns = "handling_unit_id, status, online, due_on, handler_user_id, cases";
        match self.dialect {
            Dialect::Sqlite => format!("SELECT {columns} FROM work_tally WHERE {condition}"),
            Dialect::Postgres => format!(
                "SELECT {columns} FROM work_tally WHERE {condition} \
                 UNION ALL SELECT {columns} FROM work_tally_delta WHERE {condition}"
            ),
        }
    }

    /// Moves PostgreSQL's appended changes of the rollup into its settled rows (migration
    /// 0070's `work_tally_settle`) and returns how many it moved; 0 when another instance is
    /// settling, and always on SQLite, whose rollup is kept in place. The figures read the
    /// same before and after: settling only keeps the reads short.
    pub async fn settle_work_tally(&self) -> Result<i64> {
        if self.dialect != Dialect::Postgres {
            return Ok(0);
        }
        let row = sqlx::query("SELECT work_tally_settle() AS moved")
            .fetch_one(&self.write)
            .await?;
        i64_col(&row, "moved")
    }

    /// `work_tally` against the same counts made from `cases`: the rows where they differ,
    /// as (unit, status, online, due day, handler, rollup count, cases counted), described.
    /// Empty when the triggers kept it exact.
    pub async fn work_tally_drift(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "WITH truth AS (SELECT handling_unit_id AS u, status AS s, \
             CASE WHEN channel = 'online' THEN 1 ELSE 0 END AS o, COALESCE(next_due_on, '') AS d, \
             COALESCE(handler_user_id, 0) AS h, COUNT(*) AS n FROM cases GROUP BY 1, 2, 3, 4, 5), \
             tally AS (SELECT handling_unit_id AS u, status AS s, online AS o, due_on AS d, \
             handler_user_id AS h, CAST(SUM(cases) AS BIGINT) AS n FROM ({}) r \
             GROUP BY 1, 2, 3, 4, 5 HAVING SUM(cases) <> 0) \
             SELECT t.u, t.s, t.o, t.d, t.h, t.n AS tally, COALESCE(x.n, 0) AS truth FROM tally t \
             LEFT JOIN truth x ON x.u = t.u AND x.s = t.s AND x.o = t.o AND x.d = t.d AND x.h = t.h \
             WHERE x.n IS NULL OR x.n <> t.n \
             UNION ALL SELECT x.u, x.s, x.o, x.d, x.h, 0, x.n FROM truth x \
             WHERE NOT EXISTS (SELECT 1 FROM tally t WHERE t.u = x.u AND t.s = x.s AND t.o = x.o \
             AND t.d = x.d AND t.h = x.h)",
            self.work_tally_rows("1 = 1")
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(format!(
                    "unit {} {} online={} due '{}' handler {}: rollup {}, cases {}",
                    r.try_get::<i64, _>(0)?,
                    r.try_get::<String, _>(1)?,
                    r.try_get::<i64, _>(2)?,
                    r.try_get::<String, _>(3)?,
                    r.try_get::<i64, _>(4)?,
                    r.try_get::<i64, _>(5)?,
                    r.try_get::<i64, _>(6)?,
                ))
            })
            .collect()
    }

    /// The cases `work_tally` counts (every case), settled or not.
    pub async fn work_tally_total(&self) -> Result<i64> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(cases), 0) AS BIGINT) AS n FROM ({}) r",
            self.work_tally_rows("1 = 1")
        )))
        .fetch_one(&self.read)
        .await?;
        i64_col(&row, "n")
    }

    /// How many rows of changes wait to be settled into the rollup (PostgreSQL; 0 on SQLite).
    pub async fn work_tally_unsettled(&self) -> Result<i64> {
        if self.dialect != Dialect::Postgres {
            return Ok(0);
        }
        let row = sqlx::query("SELECT COUNT(*) AS n FROM work_tally_delta")
            .fetch_one(&self.read)
            .await?;
        i64_col(&row, "n")
    }
}
