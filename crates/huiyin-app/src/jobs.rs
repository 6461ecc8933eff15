//! The job runner over the durable queue in the database. Periodic work is enqueued under a
//! unique key (one scan per day), so however many instances enqueue it, one row exists and
//! one claim wins; failures are retried with exponential backoff.

use crate::context::App;
use crate::error::Result;

/// Kinds of jobs the runner knows.
pub const DEADLINE_SCAN: &str = "deadline_scan";
pub const RETIME: &str = "retime_deadlines";

const LOCK_MS: i64 = 15 * 60_000;
const MAX_ATTEMPTS: i64 = 8;

impl App {
    /// Enqueues today's deadline scan and last week's spike scan (each a no-op if it is
    /// already queued or done); true when the deadline scan was new.
    pub async fn enqueue_daily_scan(&self) -> Result<bool> {
        let key = format!("{DEADLINE_SCAN}:{}", self.today());
        let new = self
            .store
            .enqueue_job(DEADLINE_SCAN, &key, "{}", self.now_ms())
            .await?;
        self.enqueue_spike_scan().await?;
        Ok(new)
    }

    /// Enqueues a re-timing of every open deadline (after a rules or calendar change).
    pub async fn enqueue_retime(&self, reason: &str) -> Result<bool> {
        let key = format!("{RETIME}:{}", self.now_ms());
        let payload = serde_json::json!({ "reason": reason }).to_string();
        Ok(self
            .store
            .enqueue_job(RETIME, &key, &payload, self.now_ms())
            .await?)
    }

    /// Claims and runs ready jobs until none is left; returns how many ran successfully.
    pub async fn run_ready_jobs(&self, holder: &str) -> Result<u32> {
        let mut done = 0;
        while let Some(job) = self.store.claim_job(holder, self.now_ms(), LOCK_MS).await? {
            let outcome = match job.kind.as_str() {
                DEADLINE_SCAN => self.scan_deadlines(holder).await.map(|r| format!("{r:?}")),
                crate::warning_spike::SPIKE_SCAN => self
                    .scan_last_week_for_spikes()
                    .await
                    .map(|r| format!("{r:?}")),
                RETIME => self
                    .retime_open_cases()
                    .await
                    .map(|n| format!("{} cases re-timed, {} written", n.read, n.written)),
                crate::outbox_worker::OUTBOX_DELIVERY => {
                    self.deliver_outbox().await.map(|r| format!("{r:?}"))
                }
                crate::incident_late_scan::INCIDENT_LATE_SCAN => self
                    .scan_late_incident_reports()
                    .await
                    .map(|r| format!("{r:?}")),
                other => Ok(format!("unknown job kind {other:?} ignored")),
            };
            match outcome {
                Ok(summary) => {
                    tracing::info!(job = %job.unique_key, %summary, "job done");
                    if !self
                        .store
                        .complete_job(job.id, holder, self.now_ms())
                        .await?
                    {
                        tracing::warn!(job = %job.unique_key, "job finished after its lock expired; another runner holds it now");
                    }
                    done += 1;
                }
                Err(e) => {
                    let attempts = job.attempts.clamp(1, MAX_ATTEMPTS);
                    // 30 s, 1 min, 2 min … up to about an hour; after the last attempt the job
                    // waits a day so an operator can look at `last_error`.
                    let delay = if attempts >= MAX_ATTEMPTS {
                        huiyin_core::date::DAY_MS
                    } else {
                        30_000 << (attempts - 1)
                    };
                    tracing::warn!(job = %job.unique_key, error = %e, attempts, "job failed; will retry");
                    self.store
                        .fail_job(job.id, holder, &e.to_string(), self.now_ms() + delay)
                        .await?;
                }
            }
        }
        Ok(done)
    }
}
