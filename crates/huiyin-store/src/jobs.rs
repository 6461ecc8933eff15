//! The durable job queue and leases for single-instance periodic scans.

use huiyin_core::Date;
use huiyin_core::case::CaseId;

use crate::Store;
use crate::error::{Result, StoreError, Unique};
use crate::rows::{i64_col, text};

/// A claimed job.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub unique_key: String,
    pub payload: String,
    pub attempts: i64,
}

/// One run of a periodic scan.
#[derive(Clone, Debug)]
pub struct ScanRun {
    pub scan: String,
    pub slot: String,
    pub holder: String,
    pub cases_marked: i64,
}

impl Store {
    /// Enqueues a job unless one with the same key exists. Returns whether it was new.
    pub async fn enqueue_job(
        &self,
        kind: &str,
        unique_key: &str,
        payload: &str,
        run_after_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO jobs (kind, unique_key, payload, run_after, attempts) VALUES ($1, $2, $3, $4, 0) \
             ON CONFLICT (unique_key) DO NOTHING",
        )
        .bind(kind)
        .bind(unique_key)
        .bind(payload)
        .bind(run_after_ms)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims the oldest ready job for `holder` until `lock_ms` from now. The conditional
    /// update makes a claim exclusive on both backends.
    pub async fn claim_job(&self, holder: &str, now_ms: i64, lock_ms: i64) -> Result<Option<Job>> {
        for _ in 0..5 {
            let row = sqlx::query(
                "SELECT id FROM jobs WHERE done_at IS NULL AND run_after <= $1 \
                 AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_after, id LIMIT 1",
            )
            .bind(now_ms)
            .fetch_optional(&self.write)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let id = i64_col(&row, "id")?;
            let claimed = sqlx::query(
                "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
                 WHERE id = $3 AND done_at IS NULL AND (locked_until IS NULL OR locked_until < $4)",
            )
            .bind(holder)
            .bind(now_ms + lock_ms)
            .bind(id)
            .bind(now_ms)
            .execute(&self.write)
            .await?;
            if claimed.rows_affected() == 1 {
                let r = sqlx::query(
                    "SELECT id, kind, unique_key, payload, attempts FROM jobs WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&self.write)
                .await?;
                return Ok(Some(Job {
                    id,
                    kind: text(&r, "kind")?,
                    unique_key: text(&r, "unique_key")?,
                    payload: text(&r, "payload")?,
                    attempts: i64_col(&r, "attempts")?,
                }));
            }
        }
        Ok(None)
    }

    /// Marks a job done, if `holder` still holds it; false when its lock expired and another
    /// runner claimed it meanwhile (that runner's outcome counts).
    pub async fn complete_job(&self, id: i64, holder: &str, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET done_at = $1, locked_by = NULL, locked_until = NULL WHERE id = $2 AND locked_by = $3",
        )
        .bind(now_ms)
        .bind(id)
        .bind(holder)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Releases a failed job to run again after `retry_at_ms`, if `holder` still holds it.
    pub async fn fail_job(
        &self,
        id: i64,
        holder: &str,
        error: &str,
        retry_at_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET last_error = $1, run_after = $2, locked_by = NULL, locked_until = NULL \
             WHERE id = $3 AND locked_by = $4",
        )
        .bind(error)
        .bind(retry_at_ms)
        .bind(id)
        .bind(holder)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes or renews the lease `name` for `holder`; false if another holder has it.
    pub async fn try_lease(
        &self,
        name: &str,
        holder: &str,
        now_ms: i64,
        ttl_ms: i64,
    ) -> Result<bool> {
        sqlx::query("INSERT INTO leases (name, holder, expires_at) VALUES ($1, '', 0) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(&self.write)
            .await?;
        let done = sqlx::query(
            "UPDATE leases SET holder = $1, expires_at = $2 WHERE name = $3 AND (holder = $1 OR expires_at < $4)",
        )
        .bind(holder)
        .bind(now_ms + ttl_ms)
        .bind(name)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        sqlx::query("UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Records the start of a scan for a slot (e.g. a day); false if the slot already ran.
    pub async fn start_scan(
        &self,
        scan: &str,
        slot: &str,
        holder: &str,
        now_ms: i64,
    ) -> Result<bool> {
        match sqlx::query(
            "INSERT INTO scan_runs (scan, slot, holder, started_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(scan)
        .bind(slot)
        .bind(holder)
        .bind(now_ms)
        .execute(&self.write)
        .await
        {
            Ok(_) => Ok(true),
            Err(e) => match StoreError::from(e) {
                StoreError::Conflict(Unique::ScanSlot) => Ok(false),
                other => Err(other),
            },
        }
    }

    pub async fn finish_scan(
        &self,
        scan: &str,
        slot: &str,
        cases_marked: i64,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE scan_runs SET finished_at = $1, cases_marked = $2 WHERE scan = $3 AND slot = $4")
            .bind(now_ms)
            .bind(cases_marked)
            .bind(scan)
            .bind(slot)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn scan_runs(&self, scan: &str) -> Result<Vec<ScanRun>> {
        let rows = sqlx::query(
            "SELECT scan, slot, holder, cases_marked FROM scan_runs WHERE scan = $1 ORDER BY id",
        )
        .bind(scan)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ScanRun {
                    scan: text(r, "scan")?,
                    slot: text(r, "slot")?,
                    holder: text(r, "holder")?,
                    cases_marked: i64_col(r, "cases_marked")?,
                })
            })
            .collect()
    }

    /// Ids of open cases with a staff deadline before `due_before`
    /// (`huiyin_core::deadline::overdue_if_due_before`).
    pub async fn overdue_case_ids(
        &self,
        due_before: Date,
        after: CaseId,
        limit: i64,
    ) -> Result<Vec<CaseId>> {
        let rows = sqlx::query(
            "SELECT id FROM cases WHERE next_due_on < $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(due_before.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| i64_col(r, "id")).collect()
    }
}
