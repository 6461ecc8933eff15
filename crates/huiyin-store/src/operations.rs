//! What operators watch (`/metrics`): the job queue's depth, the outbox's backlog and the
//! warnings not yet resolved. Counts only — no case, unit or person is named — each read
//! through an index (`jobs_ready`, `outbox_due`, `warnings_due`).

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, text};

/// How many rows share one label, e.g. `("pending", 3)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCount {
    pub label: String,
    pub count: i64,
}

/// The backlog figures read at one scrape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationsCounts {
    /// Jobs not done, by kind (due now or later).
    pub jobs_queued: Vec<LabelCount>,
    /// Jobs not done whose time has come, and the oldest such `run_after` (ms).
    pub jobs_due: i64,
    pub oldest_due_job_at: Option<i64>,
    /// Outbox messages pending or failed, as `"<channel>:<status>"`.
    pub outbox_backlog: Vec<LabelCount>,
    /// The oldest pending message's creation time (ms).
    pub oldest_pending_message_at: Option<i64>,
    /// Warnings not resolved, as `"<status>:<level>"`.
    pub warnings_unresolved: Vec<LabelCount>,
}

impl Store {
    /// The operators' backlog figures at `now_ms`.
    pub async fn operations_counts(&self, now_ms: i64) -> Result<OperationsCounts> {
        let mut out = OperationsCounts::default();
        let jobs = sqlx::query(
            "SELECT kind AS label, COUNT(*) AS n FROM jobs WHERE done_at IS NULL \
             GROUP BY kind ORDER BY kind",
        )
        .fetch_all(&self.read)
        .await?;
        out.jobs_queued = label_counts(&jobs)?;
        let due = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(run_after) AS oldest FROM jobs \
             WHERE done_at IS NULL AND run_after <= $1",
        )
        .bind(now_ms)
        .fetch_one(&self.read)
        .await?;
        out.jobs_due = i64_col(&due, "n")?;
        out.oldest_due_job_at = opt_i64(&due, "oldest")?;
        let outbox = sqlx::query(
            "SELECT channel || ':' || status AS label, COUNT(*) AS n FROM outbox \
             WHERE status IN ('pending', 'failed') GROUP BY channel, status \
             ORDER BY channel, status",
        )
        .fetch_all(&self.read)
        .await?;
        out.outbox_backlog = label_counts(&outbox)?;
        let oldest =
            sqlx::query("SELECT MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'")
                .fetch_one(&self.read)
                .await?;
        out.oldest_pending_message_at = opt_i64(&oldest, "oldest")?;
        let warnings = sqlx::query(
            "SELECT status || ':' || level AS label, COUNT(*) AS n FROM warnings \
             WHERE status <> 'resolved' GROUP BY status, level ORDER BY status, level",
        )
        .fetch_all(&self.read)
        .await?;
        out.warnings_unresolved = label_counts(&warnings)?;
        Ok(out)
    }
}

fn label_counts(rows: &[sqlx::any::AnyRow]) -> Result<Vec<LabelCount>> {
    rows.iter()
        .map(|r| {
            Ok(LabelCount {
                label: text(r, "label")?,
                count: i64_col(r, "n")?,
            })
        })
        .collect()
}
