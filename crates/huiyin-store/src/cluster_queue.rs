//! The queue of the `cluster` signal (migration 0072; issue 13 item 6): a registration writes
//! its case's row in its own transaction, and the judge (the app's `cluster_queue.rs`) reads
//! the queued cases in the order of registration and deletes their rows in the transaction
//! that writes the warnings they raised or joined. A crash between the two leaves the rows,
//! and they are judged again: nothing is judged twice, nothing is lost.

use huiyin_core::case::CaseId;

use crate::Store;
use crate::cluster_reads::HistoryCase;
use crate::error::Result;
use crate::rows::{date, i64_col, opt_i64, text};
use crate::search::id_list;
use crate::warnings::NewWarning;

impl Store {
    /// The first `limit` cases waiting for the cluster signal, in the order of registration.
    pub async fn queued_cluster_cases(&self, limit: i64) -> Result<Vec<CaseId>> {
        sqlx::query("SELECT case_id FROM cluster_queue ORDER BY case_id LIMIT $1")
            .bind(limit)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect()
    }

    /// How many cases wait for the cluster signal (the operators' gauge; the benchmark waits
    /// for none).
    pub async fn cluster_queue_depth(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM cluster_queue")
            .fetch_one(&self.read)
            .await?;
        i64_col(&row, "n")
    }

    /// What the cluster signal reads of each of `case_ids`, in the order of registration.
    pub async fn cluster_cases(&self, case_ids: &[CaseId]) -> Result<Vec<HistoryCase>> {
        if case_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, concerned_unit_id, receiving_unit_id, category, received_on, walled_unit_id \
             FROM cases WHERE id IN ({}) ORDER BY id",
            id_list(case_ids)
        )))
        .persistent(false)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryCase {
                    id: i64_col(r, "id")?,
                    concerned_unit_id: i64_col(r, "concerned_unit_id")?,
                    receiving_unit_id: i64_col(r, "receiving_unit_id")?,
                    category: text(r, "category")?,
                    received_on: date(r, "received_on")?,
                    walled_unit_id: opt_i64(r, "walled_unit_id")?,
                })
            })
            .collect()
    }

    /// Writes the warnings the judged cases raised or joined (`(case, warning)`, in the order
    /// judged: joins of one warning are written as one, with the highest level's explanation)
    /// and deletes the queue rows of `judged`, in one transaction. False, with nothing
    /// written, when another judge (another server on the database) took one of those rows
    /// first: the caller reads the queue again.
    pub async fn write_cluster_judgements(
        &self,
        raised: &[(CaseId, NewWarning)],
        judged: &[CaseId],
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        if !judged.is_empty() {
            let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM cluster_queue WHERE case_id IN ({})",
                id_list(judged)
            )))
            .persistent(false)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != judged.len() as u64 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        let items: Vec<(CaseId, &NewWarning)> = raised.iter().map(|(c, w)| (*c, w)).collect();
        crate::warning_joins::write_registration_warnings(&mut tx, &items, now_ms).await?;
        tx.commit().await?;
        Ok(true)
    }
}
