//! The 矛盾纠纷排查 register (migration 0035): entries, the petitions linked to them and the
//! steps taken on them.

use huiyin_core::Date;
use huiyin_core::org::UnitId;
use huiyin_core::risk::{NewRisk, RiskAction, RiskStatus, RiskStep};
use huiyin_core::warning::WarningLevel;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, opt_i64, opt_text, text};
use crate::search::id_list;

/// A stored entry with its linked cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskRecord {
    pub id: i64,
    pub title: String,
    pub unit_id: UnitId,
    pub level: WarningLevel,
    pub owner_user_id: i64,
    pub owner_name: String,
    pub due_on: Date,
    pub description: String,
    pub source: String,
    pub status: RiskStatus,
    pub resolved_on: Option<Date>,
    pub recorded_by: i64,
    pub created_at: i64,
    pub campaign_id: Option<i64>,
    pub case_ids: Vec<i64>,
}

/// A step on an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskStepRecord {
    pub action: String,
    pub note: String,
    pub level: Option<WarningLevel>,
    pub due_on: Option<Date>,
    pub by_user_id: i64,
    pub by_name: String,
    pub at: i64,
    /// The incident a `raise_incident` step recorded.
    pub incident_id: Option<i64>,
}

const COLUMNS: &str = "r.id, r.title, r.unit_id, r.level, r.owner_user_id, \
     u.display_name AS owner_name, r.due_on, r.description, r.source, r.status, r.resolved_on, \
     r.recorded_by, r.created_at, r.campaign_id";

fn vocabulary<T>(r: &sqlx::any::AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let v = text(r, col)?;
    parse(&v).ok_or_else(|| StoreError::Corrupt(format!("risks.{col}: {v}")))
}

fn record(r: &sqlx::any::AnyRow) -> Result<RiskRecord> {
    Ok(RiskRecord {
        id: i64_col(r, "id")?,
        title: text(r, "title")?,
        unit_id: i64_col(r, "unit_id")?,
        level: vocabulary(r, "level", WarningLevel::parse)?,
        owner_user_id: i64_col(r, "owner_user_id")?,
        owner_name: text(r, "owner_name")?,
        due_on: date(r, "due_on")?,
        description: text(r, "description")?,
        source: text(r, "source")?,
        status: vocabulary(r, "status", RiskStatus::parse)?,
        resolved_on: opt_text(r, "resolved_on")?
            .map(|d| {
                Date::parse(&d).map_err(|_| StoreError::Corrupt(format!("risks.resolved_on: {d}")))
            })
            .transpose()?,
        recorded_by: i64_col(r, "recorded_by")?,
        created_at: i64_col(r, "created_at")?,
        campaign_id: opt_i64(r, "campaign_id")?,
        case_ids: Vec::new(),
    })
}

/// Which entries a list reads.
#[derive(Clone, Debug, Default)]
pub struct RiskFilter {
    pub status: Option<RiskStatus>,
    /// Open and past their deadline on this day.
    pub overdue_on: Option<Date>,
    pub level: Option<WarningLevel>,
    pub campaign_id: Option<i64>,
}

impl Store {
    /// Records an entry with its cases and its first step, audited in the same transaction;
    /// returns its id.
    pub async fn insert_risk(
        &self,
        r: &NewRisk,
        recorded_by: i64,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO risks (title, unit_id, level, owner_user_id, due_on, description, source, \
             status, recorded_by, created_at, updated_at, campaign_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9, $10) RETURNING id",
        )
        .bind(&r.title)
        .bind(r.unit_id)
        .bind(r.level.as_str())
        .bind(r.owner_user_id)
        .bind(r.due_on.to_string())
        .bind(&r.description)
        .bind(&r.source)
        .bind(recorded_by)
        .bind(now_ms)
        .bind(r.campaign_id)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for c in &r.case_ids {
            sqlx::query("INSERT INTO risk_cases (risk_id, case_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*c)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO risk_steps (risk_id, action, note, level, due_on, by_user_id, at) \
             VALUES ($1, 'create', $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&r.description)
        .bind(r.level.as_str())
        .bind(r.due_on.to_string())
        .bind(recorded_by)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            target: format!("risk:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// Takes a step on an entry that is still in `expected` (`false`: it moved meanwhile),
    /// audited in the same transaction.
    pub async fn apply_risk_step(
        &self,
        id: i64,
        expected: RiskStatus,
        (step, incident_id): (&RiskStep, Option<i64>),
        (by_user_id, now_ms, today): (i64, i64, Date),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let (status, resolved_on) = match step.action {
            RiskAction::Resolve => (RiskStatus::Resolved, Some(today.to_string())),
            RiskAction::Update | RiskAction::Reopen | RiskAction::RaiseIncident => {
                (RiskStatus::Open, None)
            }
        };
        let moved = sqlx::query(
            "UPDATE risks SET status = $1, resolved_on = $2, level = COALESCE($3, level), \
             due_on = COALESCE($4, due_on), updated_at = $5 WHERE id = $6 AND status = $7",
        )
        .bind(status.as_str())
        .bind(resolved_on)
        .bind(step.level.map(|l| l.as_str().to_owned()))
        .bind(step.due_on.map(|d| d.to_string()))
        .bind(now_ms)
        .bind(id)
        .bind(expected.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        for c in &step.case_ids {
            sqlx::query(
                "INSERT INTO risk_cases (risk_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(*c)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO risk_steps (risk_id, action, note, level, due_on, by_user_id, at, incident_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(step.action.as_str())
        .bind(&step.note)
        .bind(step.level.map(|l| l.as_str().to_owned()))
        .bind(step.due_on.map(|d| d.to_string()))
        .bind(by_user_id)
        .bind(now_ms)
        .bind(incident_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            target: format!("risk:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }

    /// One entry.
    pub async fn risk(&self, id: i64) -> Result<Option<RiskRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM risks r JOIN users u ON u.id = r.owner_user_id WHERE r.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_risk_cases(vec![record(&row)?]).await?.pop())
    }

    async fn with_risk_cases(&self, mut items: Vec<RiskRecord>) -> Result<Vec<RiskRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids = id_list(&items.iter().map(|i| i.id).collect::<Vec<_>>());
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT risk_id, case_id FROM risk_cases WHERE risk_id IN ({ids}) ORDER BY case_id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let (rid, c) = (i64_col(r, "risk_id")?, i64_col(r, "case_id")?);
            if let Some(item) = items.iter_mut().find(|x| x.id == rid) {
                item.case_ids.push(c);
            }
        }
        Ok(items)
    }

    /// The steps on an entry, oldest first.
    pub async fn risk_steps(&self, id: i64) -> Result<Vec<RiskStepRecord>> {
        let rows = sqlx::query(
            "SELECT s.action, s.note, s.level, s.due_on, s.by_user_id, u.display_name AS by_name, s.at, s.incident_id \
             FROM risk_steps s JOIN users u ON u.id = s.by_user_id WHERE s.risk_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RiskStepRecord {
                    action: text(r, "action")?,
                    note: text(r, "note")?,
                    level: opt_text(r, "level")?.and_then(|l| WarningLevel::parse(&l)),
                    due_on: opt_text(r, "due_on")?.and_then(|d| Date::parse(&d).ok()),
                    by_user_id: i64_col(r, "by_user_id")?,
                    by_name: text(r, "by_name")?,
                    at: i64_col(r, "at")?,
                    incident_id: opt_i64(r, "incident_id")?,
                })
            })
            .collect()
    }

    /// Entries of `units` matching `filter`, the nearest deadline first, at most `limit`.
    pub async fn list_risks(
        &self,
        units: &[UnitId],
        filter: &RiskFilter,
        limit: i64,
    ) -> Result<Vec<RiskRecord>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let mut conds = format!(" WHERE r.unit_id IN ({})", id_list(units));
        if let Some(s) = filter.status {
            conds.push_str(&format!(" AND r.status = '{}'", s.as_str()));
        }
        if let Some(l) = filter.level {
            conds.push_str(&format!(" AND r.level = '{}'", l.as_str()));
        }
        if let Some(c) = filter.campaign_id {
            conds.push_str(&format!(" AND r.campaign_id = {c}"));
        }
        if let Some(d) = filter.overdue_on {
            conds.push_str(&format!(" AND r.status = 'open' AND r.due_on < '{d}'"));
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM risks r JOIN users u ON u.id = r.owner_user_id{conds} \
             ORDER BY r.status, r.due_on, r.id LIMIT {limit}"
        )))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        self.with_risk_cases(items).await
    }
}
