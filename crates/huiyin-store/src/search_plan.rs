//! Which index a SQLite list with both statuses and a received-date range reads for its count
//! and its gathered page (issue 18).
//!
//! SQLite plans without statistics and takes the date range over the statuses: a province's
//! five months of 已提异议 (objected) read 220,000 entries of `case_scope_received` to find
//! 55 cases that `case_scope_status_due` holds among its 540 (16 ms against 0.1). The two
//! sizes are known cheaply: the range's from the per-(unit, day) rollup `kpi_unit_daily`
//! (its `received` is the scope's cases received that day, one per `case_scope` row), the
//! statuses' by counting their entries, never more than the range holds. The smaller one
//! leads.

use crate::error::Result;
use crate::rows::i64_col;
use crate::search::CaseFilter;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

impl Store {
    /// Names the index of the smaller of the two ranges in `q.from`, when the list filters on
    /// statuses and received dates only among the indexed columns that lead (no full text,
    /// no category, whose index is named already).
    pub(crate) async fn steer_statuses_or_dates(
        &self,
        f: &CaseFilter,
        q: &mut ListSql,
    ) -> Result<()> {
        let Some(root) = q.root else {
            return Ok(());
        };
        if self.dialect != Dialect::Sqlite
            || q.text.is_some()
            || f.category.is_some()
            || q.statuses.is_empty()
            || (f.received_from.is_none() && f.received_to.is_none())
        {
            return Ok(());
        }
        let from = f.received_from.map_or_else(String::new, |d| d.to_string());
        let to = f
            .received_to
            .map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        let in_range = i64_col(
            &sqlx::query(
                "SELECT COALESCE(SUM(received), 0) AS n FROM kpi_unit_daily \
                 WHERE unit_id = $1 AND received_on >= $2 AND received_on <= $3",
            )
            .bind(root)
            .bind(from)
            .bind(to)
            .fetch_one(self.reports())
            .await?,
            "n",
        )?;
        let statuses: Vec<String> = q.statuses.iter().map(|s| format!("'{s}'")).collect();
        let with_status = i64_col(
            &sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM case_scope INDEXED BY case_scope_status_due \
                 WHERE unit_id = {root} AND status IN ({}) LIMIT {}) capped",
                statuses.join(","),
                in_range + 1
            )))
            .fetch_one(self.reports())
            .await?,
            "n",
        )?;
        let index = if with_status <= in_range {
            "case_scope_status_due"
        } else {
            "case_scope_received"
        };
        q.from = format!("case_scope s INDEXED BY {index}");
        Ok(())
    }
}
