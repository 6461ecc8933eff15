//! 回避 (issue 15 item 7; migration 0040): who is recused from a case, declared by themselves or
//! given by a leader, and the lifting of a recusal; each written with its audit entry in one
//! transaction. Case reads carry the recused users (`CaseRecord::recused_users`).

use huiyin_core::case::CaseId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, opt_text, text};

/// A recusal, lifted or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecusalRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub user_id: i64,
    pub user_name: String,
    pub reason: String,
    pub declared_by: i64,
    pub declared_by_name: String,
    pub declared_at: i64,
    pub lifted_by_name: Option<String>,
    pub lifted_at: Option<i64>,
    pub lift_reason: Option<String>,
}

pub(crate) const SELECT: &str = "SELECT r.id, r.case_id, r.user_id, u.display_name AS user_name, r.reason, \
     r.declared_by, d.display_name AS declared_by_name, r.declared_at, \
     l.display_name AS lifted_by_name, r.lifted_at, r.lift_reason FROM case_recusals r \
     LEFT JOIN users u ON u.id = r.user_id LEFT JOIN users d ON d.id = r.declared_by \
     LEFT JOIN users l ON l.id = r.lifted_by";

pub(crate) fn record(r: &sqlx::any::AnyRow) -> Result<RecusalRecord> {
    Ok(RecusalRecord {
        id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        user_id: i64_col(r, "user_id")?,
        user_name: opt_text(r, "user_name")?.unwrap_or_default(),
        reason: text(r, "reason")?,
        declared_by: i64_col(r, "declared_by")?,
        declared_by_name: opt_text(r, "declared_by_name")?.unwrap_or_default(),
        declared_at: i64_col(r, "declared_at")?,
        lifted_by_name: opt_text(r, "lifted_by_name")?,
        lifted_at: opt_i64(r, "lifted_at")?,
        lift_reason: opt_text(r, "lift_reason")?,
    })
}

impl Store {
    /// Records that `user_id` is recused from `case_id`, unless they already are (`None`),
    /// audited in the same transaction.
    pub async fn insert_recusal(
        &self,
        (case_id, user_id): (CaseId, i64),
        reason: &str,
        (declared_by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let existing = sqlx::query(
            "SELECT id FROM case_recusals WHERE case_id = $1 AND user_id = $2 AND lifted_at IS NULL",
        )
        .bind(case_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO case_recusals (case_id, user_id, reason, declared_by, declared_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(user_id)
        .bind(reason.to_owned())
        .bind(declared_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("recusal:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(Some(id))
    }

    /// Lifts a recusal not lifted yet (`false`: it was, meanwhile), audited in the same
    /// transaction; the row stays.
    pub async fn lift_recusal(
        &self,
        id: i64,
        reason: &str,
        (lifted_by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE case_recusals SET lifted_by = $1, lifted_at = $2, lift_reason = $3 \
             WHERE id = $4 AND lifted_at IS NULL",
        )
        .bind(lifted_by)
        .bind(now_ms)
        .bind(reason.to_owned())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let entry = AuditEntry {
            target: format!("recusal:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }

    /// Which of `ids` the user is recused from (not lifted): a list of orders or warnings
    /// leaves those out for them.
    pub async fn recused_among(&self, user_id: i64, ids: &[CaseId]) -> Result<Vec<CaseId>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT case_id FROM case_recusals \
             WHERE user_id = $1 AND lifted_at IS NULL AND case_id IN ({list})"
        ));
        sqlx::query(sql)
            .bind(user_id)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect()
    }

    /// One recusal.
    pub async fn recusal(&self, id: i64) -> Result<Option<RecusalRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| record(&r)).transpose()
    }

    /// Every recusal on a case (lifted ones too), oldest first.
    pub async fn recusals_of(&self, case_id: CaseId) -> Result<Vec<RecusalRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.case_id = $1 ORDER BY r.id"));
        sqlx::query(sql)
            .bind(case_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }
}
