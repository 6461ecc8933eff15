//! Which index a SQLite list with both statuses and a received-date range reads for its count
//! and its gathered page (issue 18).
//!
//! SQLite plans without statistics and takes the date range over the statuses: a province's
//! five months of 已提异议 (objected) read 220,000 entries of `case_scope_received` to find
//! 55 cases that `case_scope_status_due` holds among its 540 (16 ms against 0.1). The two
//! sizes are known cheaply: the range's from the per-(unit, day) rollup `kpi_unit_daily`
//! (its `received` is the scope's cases received that day, one per `case_scope` row), the
//! statuses' from the statistics' tally by stage, read once for every status of the scope and
//! kept ten minutes. The smaller one leads. Without dates, a short enough range of statuses
//! leads too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::Result;
use crate::rows::{i64_col, text};
use crate::search::CaseFilter;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

/// The statuses' rows at most that are read and sorted for a list without dates rather than
/// its order's index walked (a few milliseconds).
const STATUSES_LEAD_AT_MOST: i64 = 60_000;

/// How long a scope's status sizes are kept before they are read again (a day's intake moves
/// them by a fraction of a percent; they only choose an index).
const STATUS_SIZES_KEPT: Duration = Duration::from_secs(600);

/// The number of `case_scope` rows per scope's root and status, with when they were read.
#[derive(Clone, Debug, Default)]
pub(crate) struct StatusSizes(Arc<Mutex<HashMap<i64, SizesRead>>>);

/// When a scope's sizes were read, and its rows per status (wire name).
type SizesRead = (Instant, HashMap<String, i64>);

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
            let mut with_status = 0;
            for status in &q.statuses {
                with_status += self.status_size(root, status).await?;
            }
            if with_status <= STATUSES_LEAD_AT_MOST {
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
        // Each status's size, kept ten minutes (an estimate is all the choice needs): counting
        // them for every list cost as much as reading the shorter range (the province's four
        // statuses: 198,576 entries, 15–25 ms, for a list whose own read stops at its
        // thousand and first match).
        let mut with_status = 0;
        for status in &q.statuses {
            with_status += self.status_size(root, status).await?;
        }
        let index = if with_status <= in_range {
            "case_scope_status_due"
        } else {
            "case_scope_received"
        };
        q.from = format!("case_scope s INDEXED BY {index}");
        Ok(())
    }

    /// The rows of `status` under `root`, from the counts of the last ten minutes or read
    /// now: every status of the scope at once, summed from the statistics' tally by stage
    /// (`breakdown_tally`, dimension 's'; the province's 14 statuses in 18 ms, where counting
    /// 已办结's 397,974 index entries alone took 35).
    async fn status_size(&self, root: i64, status: &'static str) -> Result<i64> {
        let kept = |sizes: &StatusSizes| {
            let map = sizes
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            map.get(&root)
                .filter(|(at, _)| at.elapsed() < STATUS_SIZES_KEPT)
                .map(|(_, by_status)| by_status.get(status).copied().unwrap_or(0))
        };
        if let Some(n) = kept(&self.status_sizes) {
            return Ok(n);
        }
        let rows = sqlx::query(
            "SELECT t.dim_key AS status, CAST(SUM(t.n) AS BIGINT) AS n FROM breakdown_tally t \
             WHERE t.unit_id = $1 AND t.dim = 's' AND t.grain = 'm' GROUP BY t.dim_key",
        )
        .bind(root)
        .fetch_all(self.reports())
        .await?;
        let mut by_status = HashMap::new();
        for row in &rows {
            by_status.insert(text(row, "status")?, i64_col(row, "n")?);
        }
        let n = by_status.get(status).copied().unwrap_or(0);
        self.status_sizes
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(root, (Instant::now(), by_status));
        Ok(n)
    }
}
