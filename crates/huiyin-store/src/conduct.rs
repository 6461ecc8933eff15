//! Prohibited conduct records (Art. 26; migration 0039): written once, read by person key (the
//! person file) or by the units where they happened (the register). Visibility is the caller's.

use huiyin_core::Date;
use huiyin_core::conduct::{ConductKind, NewConduct};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, opt_text, text};
use crate::search::id_list;

/// The most records one read returns (they are rare: a unit's register of years).
pub const MAX_CONDUCT_ROWS: i64 = 2000;

/// A stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConductRecord {
    pub id: i64,
    pub petitioner_id: i64,
    pub case_id: i64,
    pub unit_id: UnitId,
    pub on: Date,
    pub place: String,
    pub kinds: Vec<ConductKind>,
    pub description: String,
    pub measures: String,
    pub police_referred: bool,
    pub police_unit: Option<String>,
    pub recorded_by: i64,
    pub recorded_by_name: String,
    pub created_at: i64,
}

const SELECT: &str = "SELECT r.id, r.petitioner_id, r.case_id, r.unit_id, r.on_day, r.place, \
     r.kinds, r.description, r.measures, r.police_referred, r.police_unit, r.recorded_by, \
     u.display_name AS recorded_by_name, r.created_at FROM conduct_records r \
     LEFT JOIN users u ON u.id = r.recorded_by";

fn record(r: &sqlx::any::AnyRow) -> Result<ConductRecord> {
    let kinds = text(r, "kinds")?
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| {
            ConductKind::parse(k)
                .ok_or_else(|| StoreError::Corrupt(format!("conduct_records.kinds: {k}")))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ConductRecord {
        id: i64_col(r, "id")?,
        petitioner_id: i64_col(r, "petitioner_id")?,
        case_id: i64_col(r, "case_id")?,
        unit_id: i64_col(r, "unit_id")?,
        on: date(r, "on_day")?,
        place: text(r, "place")?,
        kinds,
        description: text(r, "description")?,
        measures: text(r, "measures")?,
        police_referred: i64_col(r, "police_referred")? != 0,
        police_unit: opt_text(r, "police_unit")?,
        recorded_by: i64_col(r, "recorded_by")?,
        recorded_by_name: opt_text(r, "recorded_by_name")?.unwrap_or_default(),
        created_at: i64_col(r, "created_at")?,
    })
}

impl Store {
    /// Records conduct about the petitioner record `c.petitioner_id` (of person `person_key`,
    /// on case `case_id`) at `unit_id`, audited in the same transaction; returns its id.
    pub async fn insert_conduct(
        &self,
        c: &NewConduct,
        (person_key, case_id, unit_id): (&str, i64, UnitId),
        (recorded_by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<i64> {
        let kinds = c
            .kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO conduct_records (petitioner_id, person_key, case_id, unit_id, on_day, place, \
             kinds, description, measures, police_referred, police_unit, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(c.petitioner_id)
        .bind(person_key.to_owned())
        .bind(case_id)
        .bind(unit_id)
        .bind(c.on.to_string())
        .bind(c.place.clone())
        .bind(kinds)
        .bind(c.description.clone())
        .bind(c.measures.clone())
        .bind(i64::from(c.police_referred))
        .bind(c.police_unit.clone())
        .bind(recorded_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("conduct:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// One record.
    pub async fn conduct(&self, id: i64) -> Result<Option<ConductRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| record(&r)).transpose()
    }

    /// The records about any of these person keys, newest first.
    pub async fn conduct_of_person_keys(&self, keys: &[String]) -> Result<Vec<ConductRecord>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let params = (1..=keys.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE r.person_key IN ({params}) ORDER BY r.on_day DESC, r.id DESC \
             LIMIT {MAX_CONDUCT_ROWS}"
        ));
        let mut q = sqlx::query(sql);
        for k in keys {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read).await?.iter().map(record).collect()
    }

    /// The records that happened at any of `units` in `[from, to]`, newest first.
    pub async fn conduct_at_units(
        &self,
        units: &[UnitId],
        (from, to): (Date, Date),
    ) -> Result<Vec<ConductRecord>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE r.unit_id IN ({}) AND r.on_day >= $1 AND r.on_day <= $2 \
             ORDER BY r.on_day DESC, r.id DESC LIMIT {MAX_CONDUCT_ROWS}",
            id_list(units)
        ));
        sqlx::query(sql)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }
}
