//! 责任追究 records (migration 0031) and the cases and supervision orders linked to them.

use huiyin_core::Date;
use huiyin_core::accountability::NewAccountability;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{date, i64_col, opt_i64, opt_text, text};
use crate::search::id_list;

/// A stored record with what is linked to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountabilityRecord {
    pub id: i64,
    pub unit_id: UnitId,
    pub person: Option<String>,
    pub grounds: Vec<String>,
    pub measure: String,
    pub on: Date,
    pub description: String,
    pub recorded_by: i64,
    pub recording_unit_id: UnitId,
    pub case_ids: Vec<i64>,
    pub supervision_ids: Vec<i64>,
}

const COLUMNS: &str = "a.id, a.unit_id, a.person, a.grounds, a.measure, a.decided_on, a.description, \
     a.recorded_by, a.recording_unit_id";

fn record(r: &sqlx::any::AnyRow) -> Result<AccountabilityRecord> {
    Ok(AccountabilityRecord {
        id: i64_col(r, "id")?,
        unit_id: i64_col(r, "unit_id")?,
        person: opt_text(r, "person")?,
        grounds: text(r, "grounds")?
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        measure: text(r, "measure")?,
        on: date(r, "decided_on")?,
        description: text(r, "description")?,
        recorded_by: i64_col(r, "recorded_by")?,
        recording_unit_id: i64_col(r, "recording_unit_id")?,
        case_ids: Vec::new(),
        supervision_ids: Vec::new(),
    })
}

impl Store {
    /// Records one, with its links, audited in the same transaction; returns its id.
    pub async fn insert_accountability(
        &self,
        r: &NewAccountability,
        recorded_by: i64,
        recording_unit_id: UnitId,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO accountability_records (unit_id, person, grounds, measure, decided_on, description, \
             recorded_by, recording_unit_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(r.unit_id)
        .bind(r.person.as_deref())
        .bind(r.grounds.join(" "))
        .bind(r.measure.as_str())
        .bind(r.on.to_string())
        .bind(&r.description)
        .bind(recorded_by)
        .bind(recording_unit_id)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for c in &r.case_ids {
            sqlx::query("INSERT INTO accountability_links (record_id, case_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*c)
                .execute(&mut *tx)
                .await?;
        }
        for s in &r.supervision_ids {
            sqlx::query(
                "INSERT INTO accountability_links (record_id, supervision_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(*s)
            .execute(&mut *tx)
            .await?;
        }
        let entry = AuditEntry {
            target: format!("accountability:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    async fn with_accountability_links(
        &self,
        mut items: Vec<AccountabilityRecord>,
    ) -> Result<Vec<AccountabilityRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids = id_list(&items.iter().map(|i| i.id).collect::<Vec<_>>());
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT record_id, case_id, supervision_id FROM accountability_links \
             WHERE record_id IN ({ids}) ORDER BY case_id, supervision_id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let rid = i64_col(r, "record_id")?;
            if let Some(item) = items.iter_mut().find(|x| x.id == rid) {
                item.case_ids.extend(opt_i64(r, "case_id")?);
                item.supervision_ids.extend(opt_i64(r, "supervision_id")?);
            }
        }
        Ok(items)
    }

    /// One record.
    pub async fn accountability(&self, id: i64) -> Result<Option<AccountabilityRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM accountability_records a WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self
            .with_accountability_links(vec![record(&row)?])
            .await?
            .pop())
    }

    /// Records about `units` decided within `[from, to]`, newest first, and how many.
    pub async fn list_accountability(
        &self,
        units: &[UnitId],
        from: Date,
        to: Date,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AccountabilityRecord>, i64)> {
        if units.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let filter = format!(
            " WHERE a.unit_id IN ({}) AND a.decided_on >= $1 AND a.decided_on <= $2",
            id_list(units)
        );
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM accountability_records a{filter}"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM accountability_records a{filter} \
             ORDER BY a.decided_on DESC, a.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((
            self.with_accountability_links(items).await?,
            i64_col(&count, "n")?,
        ))
    }
}
