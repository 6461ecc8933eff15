//! The operators' backlog figures behind `/metrics` (docs/OPERATIONS.md "Metrics"): the job
//! queue's depth, the outbox's backlog and the warnings not yet resolved. Counts by kind,
//! channel, status and level only — never a case, unit or person — read fresh at each scrape,
//! so every server on one database reports the same figures.

use crate::context::App;
use crate::error::Result;

/// One labelled count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gauge {
    /// The label values, in the order the metric names them.
    pub labels: Vec<String>,
    pub value: i64,
}

/// The backlog figures at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationsGauges {
    /// Jobs not done, labelled by kind.
    pub jobs_queued: Vec<Gauge>,
    /// Jobs whose time has come and that no worker has finished.
    pub jobs_due: i64,
    /// Seconds since the oldest due job should have run (0 when none is due).
    pub oldest_due_job_seconds: f64,
    /// Messages pending or failed, labelled by channel and status.
    pub outbox_backlog: Vec<Gauge>,
    /// Seconds since the oldest pending message was written (0 when none is pending).
    pub oldest_pending_message_seconds: f64,
    /// Warnings not resolved, labelled by status and level.
    pub warnings_unresolved: Vec<Gauge>,
}

impl App {
    /// The backlog figures now.
    pub async fn operations_gauges(&self) -> Result<OperationsGauges> {
        let now = self.now_ms();
        let c = self.store.operations_counts(now).await?;
        let age = |at: Option<i64>| at.map_or(0.0, |t| (now - t).max(0) as f64 / 1000.0);
        Ok(OperationsGauges {
            jobs_queued: gauges(c.jobs_queued),
            jobs_due: c.jobs_due,
            oldest_due_job_seconds: age(c.oldest_due_job_at),
            outbox_backlog: gauges(c.outbox_backlog),
            oldest_pending_message_seconds: age(c.oldest_pending_message_at),
            warnings_unresolved: gauges(c.warnings_unresolved),
        })
    }
}

/// Splits the store's `"a:b"` labels into label values.
fn gauges(counts: Vec<huiyin_store::LabelCount>) -> Vec<Gauge> {
    counts
        .into_iter()
        .map(|c| Gauge {
            labels: c.label.split(':').map(str::to_owned).collect(),
            value: c.count,
        })
        .collect()
}
