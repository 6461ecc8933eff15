//! Delivery of the outbox (migrations 0047, 0055): the messages due, a worker's claim on one
//! before it sends it, and the outcome, which ends the claim. A claim keeps every other worker
//! off the message until it expires, so two workers never send it at once; a worker that dies
//! holding one leaves the message to be sent again after the expiry, under the same id.

use crate::Store;
use crate::error::Result;
use crate::outbox::{COLUMNS, OutboxOutcome, OutboxRecord, record};

impl Store {
    /// Messages due for delivery now: pending, or failed with a retry time passed, and not
    /// claimed by a worker (or claimed by one whose claim has expired).
    pub async fn due_outbox(&self, now_ms: i64, limit: i64) -> Result<Vec<OutboxRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox o WHERE o.status IN ('pending', 'failed') \
             AND o.next_attempt_at IS NOT NULL AND o.next_attempt_at <= $1 \
             AND (o.claimed_until IS NULL OR o.claimed_until < $1) \
             ORDER BY o.next_attempt_at, o.id LIMIT {limit}"
        )))
        .bind(now_ms)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(record).collect()
    }

    /// Claims a due message for `holder` until `until_ms`; false when it is no longer due or
    /// another worker holds an unexpired claim (one conditional update: one winner).
    pub async fn claim_outbox(
        &self,
        id: i64,
        holder: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE id = $3 \
             AND status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL \
             AND next_attempt_at <= $4 AND (claimed_until IS NULL OR claimed_until < $4)",
        )
        .bind(holder)
        .bind(until_ms)
        .bind(id)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the outcome of a delivery attempt and ends the claim. With `claim`, only while
    /// that holder still holds the message (false otherwise: its claim expired and another
    /// worker took it over, whose outcome counts).
    pub async fn mark_outbox(
        &self,
        id: i64,
        claim: Option<&str>,
        outcome: &OutboxOutcome,
    ) -> Result<bool> {
        // $1 and $2 are the outcome's, $3 the message, $4 the holder.
        let set = match outcome {
            OutboxOutcome::Sent { .. } => {
                "status = 'sent', attempts = attempts + 1, sent_at = $1, last_error = $2, \
                 next_attempt_at = NULL"
            }
            OutboxOutcome::Failed { .. } => {
                "status = 'failed', attempts = attempts + 1, last_error = $1, next_attempt_at = $2"
            }
            OutboxOutcome::Waiting { .. } => {
                "status = 'pending', last_error = $1, next_attempt_at = $2"
            }
        };
        let held = if claim.is_some() {
            " AND claimed_by = $4"
        } else {
            ""
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET {set}, claimed_by = NULL, claimed_until = NULL WHERE id = $3{held}"
        ));
        let q = sqlx::query(sql);
        let q = match outcome {
            OutboxOutcome::Sent { at } => q.bind(*at).bind(None::<String>),
            OutboxOutcome::Failed { error, retry_at } => q.bind(error.clone()).bind(*retry_at),
            OutboxOutcome::Waiting { reason, retry_at } => q.bind(reason.clone()).bind(*retry_at),
        };
        let q = q.bind(id);
        let q = match claim {
            Some(h) => q.bind(h.to_owned()),
            None => q,
        };
        Ok(q.execute(&self.write).await?.rows_affected() == 1)
    }
}
