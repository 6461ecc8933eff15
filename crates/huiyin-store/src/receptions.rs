//! Leaders' reception days (migration 0022) and the cases registered at them.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::reception::NewReception;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{date, i64_col, text};
use crate::search::id_list;

/// A stored reception day with the cases registered at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionRecord {
    pub id: i64,
    pub leader_user_id: i64,
    pub leader_name: String,
    pub unit_id: UnitId,
    pub on: Date,
    pub place: String,
    pub hours: String,
    pub topics: String,
    pub case_ids: Vec<CaseId>,
}

const COLUMNS: &str = "r.id, r.leader_user_id, u.display_name AS leader_name, r.unit_id, r.on_day, \
     r.place, r.hours, r.topics";

fn record(r: &sqlx::any::AnyRow) -> Result<ReceptionRecord> {
    Ok(ReceptionRecord {
        id: i64_col(r, "id")?,
        leader_user_id: i64_col(r, "leader_user_id")?,
        leader_name: text(r, "leader_name")?,
        unit_id: i64_col(r, "unit_id")?,
        on: date(r, "on_day")?,
        place: text(r, "place")?,
        hours: text(r, "hours")?,
        topics: text(r, "topics")?,
        case_ids: Vec::new(),
    })
}

impl Store {
    /// Schedules a reception day, audited in the same transaction; returns its id.
    pub async fn insert_reception(
        &self,
        r: &NewReception,
        created_by: i64,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO receptions (leader_user_id, unit_id, on_day, place, hours, topics, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(r.leader_user_id)
        .bind(r.unit_id)
        .bind(r.on.to_string())
        .bind(&r.place)
        .bind(&r.hours)
        .bind(&r.topics)
        .bind(created_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("reception:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    async fn with_reception_cases(
        &self,
        mut items: Vec<ReceptionRecord>,
    ) -> Result<Vec<ReceptionRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids = id_list(&items.iter().map(|i| i.id).collect::<Vec<_>>());
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT reception_id, case_id FROM reception_cases WHERE reception_id IN ({ids}) ORDER BY case_id"
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let (rid, c) = (i64_col(r, "reception_id")?, i64_col(r, "case_id")?);
            if let Some(item) = items.iter_mut().find(|x| x.id == rid) {
                item.case_ids.push(c);
            }
        }
        Ok(items)
    }

    /// One reception day.
    pub async fn reception(&self, id: i64) -> Result<Option<ReceptionRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM receptions r JOIN users u ON u.id = r.leader_user_id WHERE r.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_reception_cases(vec![record(&row)?]).await?.pop())
    }

    /// Reception days at `units` (every unit when `None`) from `from` on (every day when
    /// `None`), soonest first, and how many.
    pub async fn list_receptions(
        &self,
        units: Option<&[UnitId]>,
        from: Option<Date>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ReceptionRecord>, i64)> {
        let mut filter = String::from(" WHERE 1 = 1");
        match units {
            None => {}
            Some([]) => return Ok((Vec::new(), 0)),
            Some(u) => filter.push_str(&format!(" AND r.unit_id IN ({})", id_list(u))),
        }
        if from.is_some() {
            filter.push_str(" AND r.on_day >= $1");
        }
        let bind = |sql: String| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql));
            match from {
                Some(d) => q.bind(d.to_string()),
                None => q,
            }
        };
        let count = bind(format!("SELECT COUNT(*) AS n FROM receptions r{filter}"))
            .fetch_one(&self.read)
            .await?;
        let rows = bind(format!(
            "SELECT {COLUMNS} FROM receptions r JOIN users u ON u.id = r.leader_user_id{filter} \
             ORDER BY r.on_day, r.id LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((
            self.with_reception_cases(items).await?,
            i64_col(&count, "n")?,
        ))
    }
}
