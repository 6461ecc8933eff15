//! Supervision orders (督办, 催办): the scanner's automatic ones, those a supervisor issues, and
//! the supervised unit's written answers (migrations 0001 and 0019).

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::supervision::SupervisionStatus;

use crate::Store;
use crate::error::Result;
use crate::rows::{date, i64_col, opt_i64, opt_text, text};
use crate::search::{Firewall, Scope};

/// A 催办 reminder or 督办 supervision order addressed to a unit.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Supervision {
    pub id: i64,
    pub case_id: CaseId,
    /// The supervised unit (the unit handling the case when the order was made).
    pub unit_id: UnitId,
    /// `supervise` | `urge` (huiyin-core `SupervisionKind`).
    pub kind: String,
    /// The deadline an automatic order is about; `order` for one a person issued.
    pub deadline_kind: String,
    pub due_on: Date,
    pub created_on: Date,
    pub reason: Option<String>,
    /// Who issued it, from which unit; none for the scanner's.
    pub issued_by: Option<i64>,
    pub issuing_unit_id: Option<UnitId>,
    pub response: Option<String>,
    pub adopted: Option<bool>,
    pub responded_at: Option<i64>,
    pub responded_by: Option<i64>,
    /// The ground's code (`huiyin_core::supervision_grounds`), when one was named.
    pub grounds: Option<String>,
    /// Left unanswered past its due day: when, and to which unit above, it was raised.
    pub escalated_on: Option<Date>,
    pub escalated_to_unit_id: Option<UnitId>,
}

/// An order a person issues.
#[derive(Clone, Debug)]
pub struct NewSupervisionOrder<'a> {
    pub case_id: CaseId,
    pub unit_id: UnitId,
    pub kind: &'a str,
    pub due_on: Date,
    pub created_on: Date,
    pub reason: &'a str,
    pub issued_by: i64,
    pub issuing_unit_id: UnitId,
    pub grounds: Option<&'a str>,
    /// Unique per order (the store refuses a second order with the same key).
    pub unique_key: &'a str,
}

const COLUMNS: &str = "s.id, s.case_id, s.unit_id, s.kind, s.deadline_kind, s.due_on, s.created_on, \
     s.reason, s.issued_by, s.issuing_unit_id, s.response, s.adopted, s.responded_at, s.responded_by, \
     s.grounds, s.escalated_on, s.escalated_to_unit_id";

fn supervision(r: &sqlx::any::AnyRow) -> Result<Supervision> {
    Ok(Supervision {
        id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        unit_id: i64_col(r, "unit_id")?,
        kind: text(r, "kind")?,
        deadline_kind: text(r, "deadline_kind")?,
        due_on: date(r, "due_on")?,
        created_on: date(r, "created_on")?,
        reason: opt_text(r, "reason")?,
        issued_by: opt_i64(r, "issued_by")?,
        issuing_unit_id: opt_i64(r, "issuing_unit_id")?,
        response: opt_text(r, "response")?,
        adopted: opt_i64(r, "adopted")?.map(|a| a != 0),
        responded_at: opt_i64(r, "responded_at")?,
        responded_by: opt_i64(r, "responded_by")?,
        grounds: opt_text(r, "grounds")?,
        escalated_on: opt_text(r, "escalated_on")?
            .map(|d| Date::parse(&d))
            .transpose()
            .map_err(|_| crate::error::StoreError::Corrupt("escalated_on".into()))?,
        escalated_to_unit_id: opt_i64(r, "escalated_to_unit_id")?,
    })
}

impl Store {
    /// Creates an automatic reminder or supervision order once per unique key. Returns whether
    /// new.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_supervision(
        &self,
        case_id: CaseId,
        unit_id: UnitId,
        kind: &str,
        deadline_kind: &str,
        due_on: Date,
        created_on: Date,
        unique_key: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO supervisions (case_id, unit_id, kind, deadline_kind, due_on, created_on, unique_key, grounds) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (unique_key) DO NOTHING",
        )
        .bind(case_id)
        .bind(unit_id)
        .bind(kind)
        .bind(deadline_kind)
        .bind(due_on.to_string())
        .bind(created_on.to_string())
        .bind(unique_key)
        // A 督办 the scanner makes is about a deadline missed (2005 list, item 1).
        .bind((kind == "supervise").then_some("overdue"))
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records an order a person issued; returns its id.
    pub async fn insert_supervision_order(&self, o: &NewSupervisionOrder<'_>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO supervisions (case_id, unit_id, kind, deadline_kind, due_on, created_on, unique_key, \
             reason, issued_by, issuing_unit_id, grounds) VALUES ($1, $2, $3, 'order', $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(o.case_id)
        .bind(o.unit_id)
        .bind(o.kind)
        .bind(o.due_on.to_string())
        .bind(o.created_on.to_string())
        .bind(o.unique_key)
        .bind(o.reason)
        .bind(o.issued_by)
        .bind(o.issuing_unit_id)
        .bind(o.grounds)
        .fetch_one(&self.write)
        .await?;
        i64_col(&row, "id")
    }

    /// One order.
    pub async fn supervision(&self, id: i64) -> Result<Option<Supervision>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM supervisions s WHERE s.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(supervision).transpose()
    }

    /// The orders about a case, oldest first.
    pub async fn supervisions_of_case(&self, case_id: CaseId) -> Result<Vec<Supervision>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM supervisions s WHERE s.case_id = $1 ORDER BY s.id"
        )))
        .bind(case_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(supervision)
        .collect()
    }

    /// Records the written answer to an order not answered yet. Returns whether it was
    /// recorded (false: answered already, by someone else a moment ago).
    pub async fn respond_supervision(
        &self,
        id: i64,
        response: &str,
        adopted: bool,
        by: i64,
        at_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE supervisions SET response = $1, adopted = $2, responded_by = $3, responded_at = $4 \
             WHERE id = $5 AND responded_at IS NULL",
        )
        .bind(response)
        .bind(i64::from(adopted))
        .bind(by)
        .bind(at_ms)
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The orders on cases within `scope` that `firewall` lets through, newest first, with
    /// their number; `status` judged with `overdue_before` (deadlines due before it are overdue).
    pub async fn list_supervisions(
        &self,
        scope: &Scope,
        firewall: &Firewall,
        status: Option<SupervisionStatus>,
        overdue_before: Date,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Supervision>, i64)> {
        let Some(scope_sql) = crate::firewall::scope_condition(scope, "c") else {
            return Ok((Vec::new(), 0));
        };
        let status_sql = match status {
            None => "",
            Some(SupervisionStatus::Answered) => " AND s.responded_at IS NOT NULL",
            Some(SupervisionStatus::Overdue) => " AND s.responded_at IS NULL AND s.due_on < $1",
            Some(SupervisionStatus::Open) => " AND s.responded_at IS NULL AND s.due_on >= $1",
        };
        let walled = firewall
            .condition("c")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        // One row per order: a case is in `case_scope` once per unit it is visible to.
        let from = format!(
            "supervisions s WHERE EXISTS (SELECT 1 FROM case_scope c WHERE c.case_id = s.case_id\
             {scope_sql}{walled}){status_sql}"
        );
        let judged = matches!(
            status,
            Some(SupervisionStatus::Open | SupervisionStatus::Overdue)
        );
        let query = |sql: String| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql));
            if judged {
                q.bind(overdue_before.to_string())
            } else {
                q
            }
        };
        let count = query(format!("SELECT COUNT(*) AS n FROM {from}"))
            .fetch_one(&self.read)
            .await?;
        let rows = query(format!(
            "SELECT {COLUMNS} FROM {from} ORDER BY s.id DESC LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(supervision).collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }

    /// Orders whose written answer is overdue and that are not yet escalated, oldest first, a
    /// batch at a time: a person's order due before `overdue_before`; the scanner's 督办 made
    /// before `automatic_made_before` (its answer is due a fixed time after it is made,
    /// `huiyin_core::supervision::answer_due`); never the scanner's 催办 reminders.
    pub async fn unescalated_overdue_orders(
        &self,
        overdue_before: Date,
        automatic_made_before: Date,
        limit: i64,
    ) -> Result<Vec<Supervision>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM supervisions s WHERE s.responded_at IS NULL AND s.escalated_on IS NULL \
             AND ((s.issued_by IS NOT NULL AND s.due_on < $1) \
               OR (s.issued_by IS NULL AND s.kind = 'supervise' AND s.created_on < $2)) \
             ORDER BY s.id LIMIT {limit}"
        )))
        .bind(overdue_before.to_string())
        .bind(automatic_made_before.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(supervision)
        .collect()
    }

    /// Marks an order escalated to `to_unit` on `on` (once). Returns whether it was marked.
    pub async fn escalate_supervision(&self, id: i64, on: Date, to_unit: UnitId) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE supervisions SET escalated_on = $1, escalated_to_unit_id = $2 \
             WHERE id = $3 AND escalated_on IS NULL AND responded_at IS NULL",
        )
        .bind(on.to_string())
        .bind(to_unit)
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The orders made within `[from, to]` on cases within `scope` that `firewall` lets
    /// through (the statistics of orders, answers, on-time answers and adoption per unit).
    pub async fn supervisions_made_between(
        &self,
        scope: &Scope,
        firewall: &Firewall,
        from: Date,
        to: Date,
    ) -> Result<Vec<Supervision>> {
        let Some(scope_sql) = crate::firewall::scope_condition(scope, "c") else {
            return Ok(Vec::new());
        };
        let walled = firewall
            .condition("c")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM supervisions s WHERE s.created_on >= $1 AND s.created_on <= $2 \
             AND EXISTS (SELECT 1 FROM case_scope c WHERE c.case_id = s.case_id{scope_sql}{walled})"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(supervision)
        .collect()
    }
}
