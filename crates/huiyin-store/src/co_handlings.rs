//! 协办 (issue 15 item 4; migration 0045): co-handling units on a case, each with its task and
//! deadline; adding one makes the case visible to the unit in the same transaction (its
//! `case_units` row and its full-text row's scope tokens, as a step that moves a case writes
//! them), audited.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::co_handling::{CoHandlingAction, CoHandlingStatus, CoHandlingStep, NewCoHandling};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, opt_i64, opt_text, text};

/// A co-handling unit's part of a case, with its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoHandlingRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub unit_id: UnitId,
    pub task: String,
    pub due_on: Date,
    pub status: CoHandlingStatus,
    pub contribution: Option<String>,
    pub added_by_name: String,
    pub added_at: i64,
    pub done_at: Option<i64>,
    pub steps: Vec<CoHandlingStepRecord>,
}

/// A step on a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoHandlingStepRecord {
    pub action: CoHandlingAction,
    pub note: String,
    pub by_name: String,
    pub at: i64,
}

impl Store {
    /// Adds a co-handling unit to a case (`None`: it co-handles it already, nothing written)
    /// and makes the case visible to it; `search_tokens` are the case's text tokens, for its
    /// full-text row rewritten with the new unit's scope.
    pub async fn insert_co_handling(
        &self,
        case_id: CaseId,
        c: &NewCoHandling,
        search_tokens: &str,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let existing = sqlx::query(
            "SELECT id FROM co_handlings WHERE case_id = $1 AND unit_id = $2 AND status = 'open'",
        )
        .bind(case_id)
        .bind(c.unit_id)
        .fetch_optional(&mut *tx)
        .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO co_handlings (case_id, unit_id, task, due_on, status, added_by, added_at) \
             VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
        )
        .bind(case_id)
        .bind(c.unit_id)
        .bind(c.task.clone())
        .bind(c.due_on.to_string())
        .bind(by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        sqlx::query(
            "INSERT INTO case_units (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(case_id)
        .bind(c.unit_id)
        .execute(&mut *tx)
        .await?;
        crate::search_scope::write_search_row(
            &mut tx,
            (self.dialect, self.search_span),
            case_id,
            search_tokens,
            true,
        )
        .await?;
        let entry = AuditEntry {
            target: format!("co_handling:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(Some(id))
    }

    /// The co-handling parts of a case, oldest first, each with its steps.
    pub async fn co_handlings_of(&self, case_id: CaseId) -> Result<Vec<CoHandlingRecord>> {
        let rows = sqlx::query(
            "SELECT h.id, h.case_id, h.unit_id, h.task, h.due_on, h.status, h.contribution, \
             u.display_name AS added_by_name, h.added_at, h.done_at FROM co_handlings h \
             LEFT JOIN users u ON u.id = h.added_by WHERE h.case_id = $1 ORDER BY h.id",
        )
        .bind(case_id)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let status = text(r, "status")?;
            let id = i64_col(r, "id")?;
            out.push(CoHandlingRecord {
                id,
                case_id: i64_col(r, "case_id")?,
                unit_id: i64_col(r, "unit_id")?,
                task: text(r, "task")?,
                due_on: date(r, "due_on")?,
                status: CoHandlingStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("co_handlings.status: {status}")))?,
                contribution: opt_text(r, "contribution")?,
                added_by_name: opt_text(r, "added_by_name")?.unwrap_or_default(),
                added_at: i64_col(r, "added_at")?,
                done_at: opt_i64(r, "done_at")?,
                steps: self.co_handling_steps(id).await?,
            });
        }
        Ok(out)
    }

    async fn co_handling_steps(&self, id: i64) -> Result<Vec<CoHandlingStepRecord>> {
        sqlx::query(
            "SELECT s.action, s.note, u.display_name AS by_name, s.at FROM co_handling_steps s \
             LEFT JOIN users u ON u.id = s.by_user_id WHERE s.co_handling_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let action = text(r, "action")?;
            Ok(CoHandlingStepRecord {
                action: CoHandlingAction::parse(&action).ok_or_else(|| {
                    StoreError::Corrupt(format!("co_handling_steps.action: {action}"))
                })?,
                note: text(r, "note")?,
                by_name: opt_text(r, "by_name")?.unwrap_or_default(),
                at: i64_col(r, "at")?,
            })
        })
        .collect()
    }

    /// The case of a co-handling part.
    pub async fn co_handling_case(&self, id: i64) -> Result<Option<CaseId>> {
        let row = sqlx::query("SELECT case_id FROM co_handlings WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| i64_col(&r, "case_id")).transpose()
    }

    /// Takes a step on an open part (`false`: it was done meanwhile), audited; `done` keeps the
    /// note as the unit's contribution.
    pub async fn apply_co_handling_step(
        &self,
        id: i64,
        step: &CoHandlingStep,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = step.action == CoHandlingAction::Done;
        let moved = sqlx::query(
            "UPDATE co_handlings SET status = $1, contribution = COALESCE($2, contribution), \
             done_at = $3 WHERE id = $4 AND status = 'open'",
        )
        .bind(if done { "done" } else { "open" })
        .bind(done.then(|| step.note.clone()))
        .bind(done.then_some(now_ms))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO co_handling_steps (co_handling_id, action, note, by_user_id, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(step.action.as_str())
        .bind(step.note.clone())
        .bind(by)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            target: format!("co_handling:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }
}
