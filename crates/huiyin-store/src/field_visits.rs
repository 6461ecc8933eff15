//! 带案下访 records (migration 0033) and the cases taken down.

use huiyin_core::Date;
use huiyin_core::field_visit::NewFieldVisit;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{date, i64_col, text};
use crate::search::id_list;

/// A stored visit with its cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldVisitRecord {
    pub id: i64,
    pub leader_user_id: i64,
    pub leader_name: String,
    pub unit_id: UnitId,
    pub on: Date,
    pub place: String,
    pub outcome: String,
    pub case_ids: Vec<i64>,
}

const COLUMNS: &str = "v.id, v.leader_user_id, u.display_name AS leader_name, v.unit_id, v.on_day, \
     v.place, v.outcome";

fn record(r: &sqlx::any::AnyRow) -> Result<FieldVisitRecord> {
    Ok(FieldVisitRecord {
        id: i64_col(r, "id")?,
        leader_user_id: i64_col(r, "leader_user_id")?,
        leader_name: text(r, "leader_name")?,
        unit_id: i64_col(r, "unit_id")?,
        on: date(r, "on_day")?,
        place: text(r, "place")?,
        outcome: text(r, "outcome")?,
        case_ids: Vec::new(),
    })
}

impl Store {
    /// Records a visit with its cases, audited in the same transaction; returns its id.
    pub async fn insert_field_visit(
        &self,
        v: &NewFieldVisit,
        recorded_by: i64,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO field_visits (leader_user_id, unit_id, on_day, place, outcome, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(v.leader_user_id)
        .bind(v.unit_id)
        .bind(v.on.to_string())
        .bind(&v.place)
        .bind(&v.outcome)
        .bind(recorded_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for c in &v.case_ids {
            sqlx::query("INSERT INTO field_visit_cases (visit_id, case_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*c)
                .execute(&mut *tx)
                .await?;
        }
        let entry = AuditEntry {
            target: format!("field_visit:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// One visit.
    pub async fn field_visit(&self, id: i64) -> Result<Option<FieldVisitRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM field_visits v JOIN users u ON u.id = v.leader_user_id WHERE v.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_visit_cases(vec![record(&row)?]).await?.pop())
    }

    async fn with_visit_cases(
        &self,
        mut items: Vec<FieldVisitRecord>,
    ) -> Result<Vec<FieldVisitRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids = id_list(&items.iter().map(|i| i.id).collect::<Vec<_>>());
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT visit_id, case_id FROM field_visit_cases WHERE visit_id IN ({ids}) ORDER BY case_id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let (vid, c) = (i64_col(r, "visit_id")?, i64_col(r, "case_id")?);
            if let Some(item) = items.iter_mut().find(|x| x.id == vid) {
                item.case_ids.push(c);
            }
        }
        Ok(items)
    }

    /// Visits to `units` within `[from, to]`, newest first, and how many.
    pub async fn list_field_visits(
        &self,
        units: &[UnitId],
        from: Date,
        to: Date,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<FieldVisitRecord>, i64)> {
        if units.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let filter = format!(
            " WHERE v.unit_id IN ({}) AND v.on_day >= $1 AND v.on_day <= $2",
            id_list(units)
        );
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM field_visits v{filter}"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM field_visits v JOIN users u ON u.id = v.leader_user_id{filter} \
             ORDER BY v.on_day DESC, v.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((self.with_visit_cases(items).await?, i64_col(&count, "n")?))
    }
}
