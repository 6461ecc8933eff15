//! How many cases each scope holds in each status, as lately read: what a SQLite list chooses
//! its index by (`search_plan.rs`; issue 18).
//!
//! Summed from the statistics' tally by stage (`breakdown_tally`, dimension 's'), every status
//! of a scope in one read: the province's 14 statuses in 18 ms, where counting 已办结's 397,974
//! index entries alone took 35. The read is never on a request's path: a scope not read yet,
//! or read more than ten minutes ago, is read in the background (once at a time), and until
//! then the request decides without it. A day's intake moves the sizes by a fraction of a
//! percent, and they only choose an index, never what a list shows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};

/// How long a scope's sizes are used before they are read again.
const KEPT: Duration = Duration::from_secs(600);

/// The sizes per scope's root.
#[derive(Clone, Debug, Default)]
pub(crate) struct StatusSizes(Arc<Mutex<HashMap<i64, Sizes>>>);

#[derive(Debug, Default)]
struct Sizes {
    /// When they were read; `None` before the first read completes.
    read_at: Option<Instant>,
    /// A read is under way.
    reading: bool,
    /// Rows per status (wire name).
    by_status: HashMap<String, i64>,
}

impl Store {
    /// The rows of `statuses` under `root` as lately read, or `None` until they are; starts
    /// a read in the background when none is fresh.
    pub(crate) fn statuses_size(&self, root: i64, statuses: &[&'static str]) -> Option<i64> {
        let mut map = self
            .status_sizes
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let sizes = map.entry(root).or_default();
        let fresh = sizes.read_at.is_some_and(|at| at.elapsed() < KEPT);
        if !fresh && !sizes.reading {
            sizes.reading = true;
            let store = self.clone();
            tokio::spawn(async move {
                let read = store.read_status_sizes(root).await;
                let mut map = store
                    .status_sizes
                    .0
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let sizes = map.entry(root).or_default();
                sizes.reading = false;
                match read {
                    Ok(by_status) => {
                        sizes.by_status = by_status;
                        sizes.read_at = Some(Instant::now());
                    }
                    Err(e) => tracing::warn!(root, error = %e, "status sizes not read"),
                }
            });
        }
        sizes.read_at?;
        Some(
            statuses
                .iter()
                .map(|s| sizes.by_status.get(*s).copied().unwrap_or(0))
                .sum(),
        )
    }

    async fn read_status_sizes(&self, root: i64) -> Result<HashMap<String, i64>> {
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
        Ok(by_status)
    }
}
