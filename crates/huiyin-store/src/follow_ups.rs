//! Follow-up tasks of decisions (issue 15 item 6; migration 0041): written by the decision's
//! step in its transaction (`StepRecord::decision`), stepped on by the deciding unit, listed
//! through `case_scope` and the reader's firewall.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::follow_up::{
    FollowUpAction, FollowUpKind, FollowUpStatus, FollowUpStep, Resolution,
};
use huiyin_core::org::UnitId;
use sqlx::{Any, Transaction};

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::firewall::Firewall;
use crate::rows::{date, i64_col, opt_text, text};

/// The task a decision creates (its kind, unit and dates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFollowUp {
    pub kind: FollowUpKind,
    pub unit_id: UnitId,
    pub decided_on: Date,
    pub due_on: Date,
}

/// What a decision step does to the case's tasks: the open one is superseded, and `task`
/// (if the outcome calls for one) is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionFollowUp {
    pub task: Option<NewFollowUp>,
}

/// A stored task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub kind: FollowUpKind,
    pub unit_id: UnitId,
    pub decided_on: Date,
    pub due_on: Date,
    pub status: FollowUpStatus,
    pub resolution: Option<Resolution>,
    pub agreement: Option<String>,
    pub done_on: Option<Date>,
}

/// A step on a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpStepRecord {
    pub action: FollowUpAction,
    pub note: String,
    pub due_on: Option<Date>,
    pub resolution: Option<Resolution>,
    pub by_name: String,
    pub at: i64,
}

/// Which tasks a list holds: `open`, `done`, `superseded` or `overdue` (open, past due).
#[derive(Clone, Debug, Default)]
pub struct FollowUpFilter {
    pub status: Option<String>,
    pub case_id: Option<CaseId>,
    pub today: Option<Date>,
}

const COLUMNS: &str = "f.id, f.case_id, f.kind, f.unit_id, f.decided_on, f.due_on, f.status, \
     f.resolution, f.agreement, f.done_on";

fn parsed<T>(r: &sqlx::any::AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let v = text(r, col)?;
    parse(&v).ok_or_else(|| StoreError::Corrupt(format!("follow_ups.{col}: {v}")))
}

fn record(r: &sqlx::any::AnyRow) -> Result<FollowUpRecord> {
    Ok(FollowUpRecord {
        id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        kind: parsed(r, "kind", FollowUpKind::parse)?,
        unit_id: i64_col(r, "unit_id")?,
        decided_on: date(r, "decided_on")?,
        due_on: date(r, "due_on")?,
        status: parsed(r, "status", FollowUpStatus::parse)?,
        resolution: opt_text(r, "resolution")?.and_then(|v| Resolution::parse(&v)),
        agreement: opt_text(r, "agreement")?,
        done_on: opt_text(r, "done_on")?.and_then(|d| Date::parse(&d).ok()),
    })
}

/// Supersedes the case's open task and creates the decision's one, in the step's transaction.
pub(crate) async fn write_decision(
    tx: &mut Transaction<'_, Any>,
    case_id: CaseId,
    d: &DecisionFollowUp,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE follow_ups SET status = 'superseded', updated_at = $1 WHERE case_id = $2 AND status = 'open'",
    )
    .bind(now_ms)
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    if let Some(t) = &d.task {
        sqlx::query(
            "INSERT INTO follow_ups (case_id, kind, unit_id, decided_on, due_on, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $6)",
        )
        .bind(case_id)
        .bind(t.kind.as_str())
        .bind(t.unit_id)
        .bind(t.decided_on.to_string())
        .bind(t.due_on.to_string())
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// One task.
    pub async fn follow_up(&self, id: i64) -> Result<Option<FollowUpRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM follow_ups f WHERE f.id = $1"
        ));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| record(&r)).transpose()
    }

    /// The steps on a task, oldest first.
    pub async fn follow_up_steps(&self, id: i64) -> Result<Vec<FollowUpStepRecord>> {
        sqlx::query(
            "SELECT s.action, s.note, s.due_on, s.resolution, u.display_name AS by_name, s.at \
             FROM follow_up_steps s LEFT JOIN users u ON u.id = s.by_user_id \
             WHERE s.follow_up_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(FollowUpStepRecord {
                action: parsed(r, "action", FollowUpAction::parse)?,
                note: text(r, "note")?,
                due_on: opt_text(r, "due_on")?.and_then(|d| Date::parse(&d).ok()),
                resolution: opt_text(r, "resolution")?.and_then(|v| Resolution::parse(&v)),
                by_name: opt_text(r, "by_name")?.unwrap_or_default(),
                at: i64_col(r, "at")?,
            })
        })
        .collect()
    }

    /// The tasks of `root`'s cases through `firewall`, open ones first and the nearest due
    /// date first; a page of them and how many in all.
    pub async fn list_follow_ups(
        &self,
        root: UnitId,
        firewall: &Firewall,
        filter: &FollowUpFilter,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<FollowUpRecord>, i64)> {
        let mut conds = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        // A day and a vocabulary word: no user text reaches the SQL.
        let today = filter.today.map(|d| d.to_string()).unwrap_or_default();
        match filter.status.as_deref() {
            Some("overdue") => {
                conds.push_str(&format!(" AND f.status = 'open' AND f.due_on < '{today}'"));
            }
            Some(s) => {
                if let Some(st) = FollowUpStatus::parse(s) {
                    conds.push_str(&format!(" AND f.status = '{}'", st.as_str()));
                }
            }
            None => {}
        }
        if let Some(c) = filter.case_id {
            conds.push_str(&format!(" AND f.case_id = {c}"));
        }
        let from = format!(
            "FROM follow_ups f JOIN case_scope s ON s.case_id = f.case_id WHERE s.unit_id = $1 \
{conds}"
        );
        let q = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql)).bind(root);
        let count = q(format!("SELECT COUNT(*) AS n {from}"))
            .fetch_one(&self.read)
            .await?;
        let rows = q(format!(
            "SELECT {COLUMNS} {from} ORDER BY CASE WHEN f.status = 'open' THEN 0 ELSE 1 END, \
             f.due_on, f.id LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }

    /// Takes a step on a task still open (`false`: it moved meanwhile), audited in the same
    /// transaction.
    pub async fn apply_follow_up_step(
        &self,
        id: i64,
        step: &FollowUpStep,
        (by_user_id, now_ms, today): (i64, i64, Date),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = step.action == FollowUpAction::Done;
        let moved = sqlx::query(
            "UPDATE follow_ups SET status = $1, due_on = COALESCE($2, due_on), resolution = $3, \
             agreement = $4, done_on = $5, updated_at = $6 WHERE id = $7 AND status = 'open'",
        )
        .bind(if done { "done" } else { "open" })
        .bind(step.due_on.map(|d| d.to_string()))
        .bind(step.resolution.map(|r| r.as_str().to_owned()))
        .bind(step.agreement.clone())
        .bind(done.then(|| today.to_string()))
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO follow_up_steps (follow_up_id, action, note, due_on, resolution, by_user_id, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(step.action.as_str())
        .bind(step.note.clone())
        .bind(step.due_on.map(|d| d.to_string()))
        .bind(step.resolution.map(|r| r.as_str().to_owned()))
        .bind(by_user_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            target: format!("follow_up:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }
}
