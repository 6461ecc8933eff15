//! Which index a SQLite list with both statuses and a received-date range reads for its count
//! and its gathered page (issue 18).
//!
//! SQLite plans without statistics and takes the date range over the statuses: a province's
//! five months of 已提异议 (objected) read 220,000 entries of `case_scope_received` to find
//! 55 cases that `case_scope_status_due` holds among its 540 (16 ms against 0.1). The two
//! sizes are known cheaply: the range's from the per-(unit, day) rollup `kpi_unit_daily`
//! (its `received` is the scope's cases received that day, one per `case_scope` row), the
//! statuses' from the statistics' tally by stage (`status_sizes.rs`). The smaller one leads.
//! Without dates, a short enough range of statuses leads too.

use crate::error::Result;
use crate::rows::i64_col;
use crate::search::CaseFilter;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

/// Index entries of the statuses counted at most while a scope's sizes are not yet read.
const STEER_COUNT_AT_MOST: i64 = 30_000;

/// The statuses' rows at most that are read and sorted for a list without dates rather than
/// its order's index walked (a few milliseconds).
const STATUSES_LEAD_AT_MOST: i64 = 60_000;

impl Store {
    /// Names the index of the smaller of the two ranges in `q.from`, when the list filters on
    /// statuses and received dates only among the indexed columns that lead (no full text,
    /// no category, whose index is named already); without dates, the statuses' index when
    /// their range is short.
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
        {
            return Ok(());
        }
        if f.received_from.is_none() && f.received_to.is_none() {
            // Without dates SQLite reads the order's own index, which for the province's
            // concluded letters (复核终结 by letter), newest first, meant the whole table from
            // the newest case (16–33 ms); the statuses' range is read and sorted instead
            // when it is short.
            if self
                .statuses_size(root, &q.statuses)
                .is_some_and(|n| n <= STATUSES_LEAD_AT_MOST)
            {
                q.from = "case_scope s INDEXED BY case_scope_status_due".to_owned();
            }
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
        // The statuses' size as lately read (`status_sizes.rs`; an estimate is all the choice
        // needs): counting them for every list cost as much as reading the shorter range (the
        // province's four statuses: 198,576 entries, 15–25 ms, for a list whose own read
        // stops at its thousand and first match). Until a scope's sizes are read, they are
        // counted as far as a few milliseconds allow; a longer range is taken for the dates'.
        let status_leads = match self.statuses_size(root, &q.statuses) {
            Some(n) => n <= in_range,
            None => {
                let cap = in_range.min(STEER_COUNT_AT_MOST);
                let statuses: Vec<String> = q.statuses.iter().map(|s| format!("'{s}'")).collect();
                let counted = i64_col(
                    &sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM case_scope INDEXED BY \
                         case_scope_status_due WHERE unit_id = {root} AND status IN ({}) \
                         LIMIT {}) capped",
                        statuses.join(","),
                        cap + 1
                    )))
                    .fetch_one(self.reports())
                    .await?,
                    "n",
                )?;
                counted <= cap
            }
        };
        let index = if status_leads {
            "case_scope_status_due"
        } else {
            "case_scope_received"
        };
        q.from = format!("case_scope s INDEXED BY {index}");
        Ok(())
    }
}
