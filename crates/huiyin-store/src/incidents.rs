//! Incidents (migration 0021): the record, its cases, and the reports owed and made. Reporting
//! fills the earliest report still owed to that unit, or adds a follow-up (续报).

use huiyin_core::case::CaseId;
use huiyin_core::incident::{DueReport, IncidentLevel, NewIncident, ReportKind};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, opt_text, parse_wire, text};
use crate::search::id_list;

/// A stored incident with its cases and reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRecord {
    pub id: i64,
    pub title: String,
    pub level: IncidentLevel,
    pub unit_id: UnitId,
    pub occurred_at: i64,
    pub people_count: i64,
    pub description: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub case_ids: Vec<CaseId>,
    pub reports: Vec<IncidentReportRecord>,
}

/// A report being made.
#[derive(Clone, Copy, Debug)]
pub struct NewIncidentReport<'a> {
    pub incident_id: i64,
    pub to_unit_id: UnitId,
    pub content: &'a str,
    pub by: i64,
    pub reporter_name: &'a str,
    pub at_ms: i64,
}

/// A report owed or made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentReportRecord {
    pub id: i64,
    pub to_unit_id: UnitId,
    pub kind: ReportKind,
    pub due_at: Option<i64>,
    pub reported_at: Option<i64>,
    pub reported_by: Option<i64>,
    pub reporter_name: Option<String>,
    pub content: Option<String>,
}

const COLUMNS: &str =
    "id, title, level, unit_id, occurred_at, people_count, description, created_by, created_at";

fn record(r: &sqlx::any::AnyRow) -> Result<IncidentRecord> {
    Ok(IncidentRecord {
        id: i64_col(r, "id")?,
        title: text(r, "title")?,
        level: parse_wire("level", &text(r, "level")?, IncidentLevel::parse)?,
        unit_id: i64_col(r, "unit_id")?,
        occurred_at: i64_col(r, "occurred_at")?,
        people_count: i64_col(r, "people_count")?,
        description: text(r, "description")?,
        created_by: opt_i64(r, "created_by")?,
        created_at: i64_col(r, "created_at")?,
        case_ids: Vec::new(),
        reports: Vec::new(),
    })
}

/// The `WHERE` clause of incidents at `units` that occurred in `[from_ms, to_ms)` (numbers
/// only, written into the text); `None` when no unit is allowed.
fn incident_filter(
    units: Option<&[UnitId]>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
) -> Option<String> {
    let mut parts = Vec::new();
    match units {
        None => {}
        Some([]) => return None,
        Some(u) => parts.push(format!("unit_id IN ({})", id_list(u))),
    }
    if let Some(from) = from_ms {
        parts.push(format!("occurred_at >= {from}"));
    }
    if let Some(to) = to_ms {
        parts.push(format!("occurred_at < {to}"));
    }
    Some(if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    })
}

impl Store {
    /// Records an incident with the reports it owes, atomically; returns its id.
    pub async fn insert_incident(
        &self,
        i: &NewIncident,
        owed: &[DueReport],
        notify: &[crate::OutboxDraft],
        created_by: i64,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO incidents (title, level, unit_id, occurred_at, people_count, description, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&i.title)
        .bind(i.level.as_str())
        .bind(i.unit_id)
        .bind(i.occurred_at)
        .bind(i64::from(i.people_count))
        .bind(&i.description)
        .bind(created_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for c in &i.case_ids {
            sqlx::query("INSERT INTO incident_cases (incident_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
        }
        for d in owed {
            sqlx::query("INSERT INTO incident_reports (incident_id, to_unit_id, kind, due_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(d.to_unit_id)
                .bind(d.kind.as_str())
                .bind(d.due_at)
                .execute(&mut *tx)
                .await?;
        }
        // The reports owed are announced in the same transaction (issue 13 item 2).
        crate::outbox::insert_outbox_in(
            &mut tx,
            crate::OutboxSubject::Incident(id),
            notify,
            now_ms,
        )
        .await?;
        let entry = AuditEntry {
            target: format!("incident:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    async fn with_parts(&self, mut items: Vec<IncidentRecord>) -> Result<Vec<IncidentRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids = id_list(&items.iter().map(|i| i.id).collect::<Vec<_>>());
        let cases = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT incident_id, case_id FROM incident_cases WHERE incident_id IN ({ids}) ORDER BY case_id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &cases {
            let (i, c) = (i64_col(r, "incident_id")?, i64_col(r, "case_id")?);
            if let Some(item) = items.iter_mut().find(|x| x.id == i) {
                item.case_ids.push(c);
            }
        }
        let reports = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, incident_id, to_unit_id, kind, due_at, reported_at, reported_by, reporter_name, content \
             FROM incident_reports WHERE incident_id IN ({ids}) ORDER BY id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &reports {
            let i = i64_col(r, "incident_id")?;
            let report = IncidentReportRecord {
                id: i64_col(r, "id")?,
                to_unit_id: i64_col(r, "to_unit_id")?,
                kind: parse_wire("kind", &text(r, "kind")?, ReportKind::parse)?,
                due_at: opt_i64(r, "due_at")?,
                reported_at: opt_i64(r, "reported_at")?,
                reported_by: opt_i64(r, "reported_by")?,
                reporter_name: opt_text(r, "reporter_name")?,
                content: opt_text(r, "content")?,
            };
            if let Some(item) = items.iter_mut().find(|x| x.id == i) {
                item.reports.push(report);
            }
        }
        Ok(items)
    }

    /// One incident.
    pub async fn incident(&self, id: i64) -> Result<Option<IncidentRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_parts(vec![record(&row)?]).await?.pop())
    }

    /// The incidents at `units` (every unit when `None`) that occurred in `[from_ms, to_ms)`
    /// (an end not given is open), newest first, and how many.
    pub async fn list_incidents(
        &self,
        units: Option<&[UnitId]>,
        (from_ms, to_ms): (Option<i64>, Option<i64>),
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<IncidentRecord>, i64)> {
        let Some(filter) = incident_filter(units, from_ms, to_ms) else {
            return Ok((Vec::new(), 0));
        };
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM incidents{filter}"
        )))
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents{filter} ORDER BY occurred_at DESC, id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((self.with_parts(items).await?, i64_col(&count, "n")?))
    }

    /// Every incident at `units` (all units: `None`) that occurred in `[from_ms, to_ms)` (an
    /// end not given is open), oldest first, with its reports and cases (the statistics of
    /// late and missing reports, and the list filtered by them).
    pub async fn incidents_between(
        &self,
        units: Option<&[UnitId]>,
        (from_ms, to_ms): (Option<i64>, Option<i64>),
    ) -> Result<Vec<IncidentRecord>> {
        let Some(filter) = incident_filter(units, from_ms, to_ms) else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents{filter} ORDER BY occurred_at, id"
        )))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        self.with_parts(items).await
    }

    /// Records a report: it fills the earliest report still owed to that unit, or is a
    /// follow-up (续报). Returns the report's id.
    pub async fn record_incident_report(
        &self,
        r: &NewIncidentReport<'_>,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let NewIncidentReport {
            incident_id,
            to_unit_id,
            content,
            by,
            reporter_name,
            at_ms,
        } = *r;
        let mut tx = self.write.begin().await?;
        let owed = sqlx::query(
            "SELECT id FROM incident_reports WHERE incident_id = $1 AND to_unit_id = $2 \
             AND reported_at IS NULL AND due_at IS NOT NULL ORDER BY due_at, id LIMIT 1",
        )
        .bind(incident_id)
        .bind(to_unit_id)
        .fetch_optional(&mut *tx)
        .await?;
        // Filled only if still unreported: a report made at the same moment by someone else
        // leaves this one a follow-up.
        let mut filled = None;
        if let Some(row) = owed {
            let id = i64_col(&row, "id")?;
            let done = sqlx::query(
                "UPDATE incident_reports SET reported_at = $1, reported_by = $2, reporter_name = $3, content = $4 \
                 WHERE id = $5 AND reported_at IS NULL",
            )
            .bind(at_ms)
            .bind(by)
            .bind(reporter_name)
            .bind(content)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                filled = Some(id);
            }
        }
        let id = match filled {
            Some(id) => id,
            None => {
                let row = sqlx::query(
                    "INSERT INTO incident_reports (incident_id, to_unit_id, kind, reported_at, reported_by, reporter_name, content) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(incident_id)
                .bind(to_unit_id)
                .bind(ReportKind::FollowUp.as_str())
                .bind(at_ms)
                .bind(by)
                .bind(reporter_name)
                .bind(content)
                .fetch_one(&mut *tx)
                .await?;
                i64_col(&row, "id")?
            }
        };
        // The report's time is proved by the audit chain, written in the same transaction.
        let entry = AuditEntry {
            detail: format!("{} report={id}", audit.detail),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }
}
