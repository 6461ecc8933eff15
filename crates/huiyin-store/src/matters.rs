//! 信访事项档案 and 并单 (issue 15 item 3; migration 0044): matters grouping cases, and
//! duplicates merged into a main case of the same matter (undone in place). Each write carries
//! its audit entry in one transaction; visibility is the caller's.

use huiyin_core::case::CaseId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, opt_text, text};
use crate::search::id_list;

/// A 并单: `case_id` repeats `main_case_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateRecord {
    pub id: i64,
    pub matter_id: i64,
    pub case_id: CaseId,
    pub main_case_id: CaseId,
    pub reason: String,
    pub merged_by_name: String,
    pub merged_at: i64,
    pub undone_by_name: Option<String>,
    pub undone_at: Option<i64>,
    pub undo_reason: Option<String>,
}

const DUPLICATES: &str = "SELECT d.id, d.matter_id, d.case_id, d.main_case_id, d.reason, \
     a.display_name AS merged_by_name, d.merged_at, b.display_name AS undone_by_name, \
     d.undone_at, d.undo_reason FROM case_duplicates d LEFT JOIN users a ON a.id = d.merged_by \
     LEFT JOIN users b ON b.id = d.undone_by";

fn duplicate(r: &sqlx::any::AnyRow) -> Result<DuplicateRecord> {
    Ok(DuplicateRecord {
        id: i64_col(r, "id")?,
        matter_id: i64_col(r, "matter_id")?,
        case_id: i64_col(r, "case_id")?,
        main_case_id: i64_col(r, "main_case_id")?,
        reason: text(r, "reason")?,
        merged_by_name: opt_text(r, "merged_by_name")?.unwrap_or_default(),
        merged_at: i64_col(r, "merged_at")?,
        undone_by_name: opt_text(r, "undone_by_name")?,
        undone_at: opt_i64(r, "undone_at")?,
        undo_reason: opt_text(r, "undo_reason")?,
    })
}

impl Store {
    /// The matter each of `ids` belongs to, as `(case, matter)` pairs.
    pub async fn matters_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, matter_id FROM matter_cases WHERE case_id IN ({})",
            id_list(ids)
        ));
        sqlx::query(sql)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((i64_col(r, "case_id")?, i64_col(r, "matter_id")?)))
            .collect()
    }

    /// The cases of a matter, in the order they joined (empty: no such matter).
    pub async fn matter_case_ids(&self, matter_id: i64) -> Result<Vec<CaseId>> {
        sqlx::query(
            "SELECT case_id FROM matter_cases WHERE matter_id = $1 ORDER BY added_at, case_id",
        )
        .bind(matter_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| i64_col(r, "case_id"))
        .collect()
    }

    /// Adds `cases` to matter `into` (a new matter when `None`), audited in the same
    /// transaction; `None` when one of them belongs to a matter already (nothing written).
    pub async fn add_to_matter(
        &self,
        into: Option<i64>,
        cases: &[CaseId],
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let taken = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT case_id FROM matter_cases WHERE case_id IN ({})",
            id_list(cases)
        )))
        .fetch_all(&mut *tx)
        .await?;
        if !taken.is_empty() {
            return Ok(None);
        }
        let matter_id = match into {
            Some(m) => m,
            None => {
                let row = sqlx::query(
                    "INSERT INTO matters (created_by, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(by)
                .bind(now_ms)
                .fetch_one(&mut *tx)
                .await?;
                i64_col(&row, "id")?
            }
        };
        for c in cases {
            sqlx::query(
                "INSERT INTO matter_cases (case_id, matter_id, added_by, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(*c)
            .bind(matter_id)
            .bind(by)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        let entry = AuditEntry {
            target: format!("matter:{matter_id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(Some(matter_id))
    }

    /// The 并单 of a matter (undone ones too), oldest first.
    pub async fn duplicates_of(&self, matter_id: i64) -> Result<Vec<DuplicateRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{DUPLICATES} WHERE d.matter_id = $1 ORDER BY d.id"));
        sqlx::query(sql)
            .bind(matter_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(duplicate)
            .collect()
    }

    /// One 并单.
    pub async fn duplicate(&self, id: i64) -> Result<Option<DuplicateRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{DUPLICATES} WHERE d.id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| duplicate(&r)).transpose()
    }

    /// Records that `case_id` repeats `main_case_id` in `matter_id`, unless a 并单 of the
    /// case is in force already (`None`), audited in the same transaction.
    pub async fn insert_duplicate(
        &self,
        (matter_id, case_id, main_case_id): (i64, CaseId, CaseId),
        reason: &str,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let existing = sqlx::query(
            "SELECT id FROM case_duplicates WHERE (case_id = $1 OR main_case_id = $1) AND undone_at IS NULL",
        )
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO case_duplicates (matter_id, case_id, main_case_id, reason, merged_by, merged_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(matter_id)
        .bind(case_id)
        .bind(main_case_id)
        .bind(reason.to_owned())
        .bind(by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("duplicate:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(Some(id))
    }

    /// Undoes a 并单 in force (`false`: it was undone meanwhile), audited; the row stays.
    pub async fn undo_duplicate(
        &self,
        id: i64,
        reason: &str,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE case_duplicates SET undone_by = $1, undone_at = $2, undo_reason = $3 \
             WHERE id = $4 AND undone_at IS NULL",
        )
        .bind(by)
        .bind(now_ms)
        .bind(reason.to_owned())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let entry = AuditEntry {
            target: format!("duplicate:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }
}
