//! Published typical cases (典型案例): drafts with personal information masked, published
//! only after a person confirms them (migration 0010).

use huiyin_core::case::CaseId;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, text};

/// A typical case as stored: its anonymised text and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicationRecord {
    pub case_id: CaseId,
    /// The case's category code.
    pub category: String,
    /// `YYYY-MM-DD`: the day of the opinion the case concluded with.
    pub concluded_on: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    /// `draft` | `published` | `withdrawn`.
    pub status: String,
    pub drafted_by: i64,
    pub drafted_at: i64,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<i64>,
}

const COLS: &str = "case_id, category, concluded_on, title, summary, outcome, status, \
                    drafted_by, drafted_at, confirmed_by, confirmed_at";

fn record(r: &sqlx::any::AnyRow) -> Result<PublicationRecord> {
    Ok(PublicationRecord {
        case_id: i64_col(r, "case_id")?,
        category: text(r, "category")?,
        concluded_on: text(r, "concluded_on")?,
        title: text(r, "title")?,
        summary: text(r, "summary")?,
        outcome: text(r, "outcome")?,
        status: text(r, "status")?,
        drafted_by: i64_col(r, "drafted_by")?,
        drafted_at: i64_col(r, "drafted_at")?,
        confirmed_by: opt_i64(r, "confirmed_by")?,
        confirmed_at: opt_i64(r, "confirmed_at")?,
    })
}

impl Store {
    /// Writes a fresh draft for a case (replacing any earlier text; a published case goes
    /// back to draft and off the public page until confirmed again).
    pub async fn save_publication_draft(&self, p: &PublicationRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO publications (case_id, category, concluded_on, title, summary, outcome, status, drafted_by, drafted_at, confirmed_by, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, NULL, NULL) \
             ON CONFLICT (case_id) DO UPDATE SET category = excluded.category, \
             concluded_on = excluded.concluded_on, title = excluded.title, summary = excluded.summary, \
             outcome = excluded.outcome, status = 'draft', drafted_by = excluded.drafted_by, \
             drafted_at = excluded.drafted_at, confirmed_by = NULL, confirmed_at = NULL",
        )
        .bind(p.case_id)
        .bind(&p.category)
        .bind(&p.concluded_on)
        .bind(&p.title)
        .bind(&p.summary)
        .bind(&p.outcome)
        .bind(p.drafted_by)
        .bind(p.drafted_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The publication of a case, if one was drafted.
    pub async fn publication_of(&self, case_id: CaseId) -> Result<Option<PublicationRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} FROM publications WHERE case_id = $1"
        ));
        let row = sqlx::query(sql)
            .bind(case_id)
            .fetch_optional(&self.write)
            .await?;
        row.as_ref().map(record).transpose()
    }

    /// Publishes a case with the confirmed text. False when no draft exists.
    pub async fn confirm_publication(
        &self,
        case_id: CaseId,
        title: &str,
        summary: &str,
        outcome: &str,
        by: i64,
        at: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE publications SET title = $1, summary = $2, outcome = $3, status = 'published', \
             confirmed_by = $4, confirmed_at = $5 WHERE case_id = $6",
        )
        .bind(title)
        .bind(summary)
        .bind(outcome)
        .bind(by)
        .bind(at)
        .bind(case_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Takes a published case off the public page. False when it was not published.
    pub async fn withdraw_publication(&self, case_id: CaseId) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE publications SET status = 'withdrawn' WHERE case_id = $1 AND status = 'published'",
        )
        .bind(case_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Published typical cases, most recently confirmed first.
    pub async fn published_cases(&self, limit: i64) -> Result<Vec<PublicationRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} FROM publications WHERE status = 'published' \
             ORDER BY confirmed_at DESC, case_id DESC LIMIT $1"
        ));
        sqlx::query(sql)
            .bind(limit)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }
}
