//! Units of the organisation tree.

use huiyin_core::org::{Unit, UnitId, UnitKind};
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, parse_wire, text};

fn unit_from_row(row: &AnyRow) -> Result<Unit> {
    let kind = text(row, "kind")?;
    Ok(Unit {
        id: i64_col(row, "id")?,
        name: text(row, "name")?,
        kind: parse_wire("kind", &kind, UnitKind::parse)?,
        level: u8::try_from(i64_col(row, "level")?).unwrap_or(u8::MAX),
        parent_id: opt_i64(row, "parent_id")?,
        region_code: text(row, "region_code")?,
    })
}

impl Store {
    /// Every unit (the tree is small; the app keeps it in memory).
    pub async fn units(&self) -> Result<Vec<Unit>> {
        let rows = sqlx::query(
            "SELECT id, name, kind, level, parent_id, region_code FROM units ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Inserts a unit already validated by the domain; returns it with its id.
    pub async fn insert_unit(
        &self,
        name: &str,
        kind: UnitKind,
        level: u8,
        parent_id: Option<UnitId>,
        region_code: &str,
        now_ms: i64,
    ) -> Result<Unit> {
        let row = sqlx::query(
            "INSERT INTO units (name, kind, level, parent_id, region_code, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(name)
        .bind(kind.as_str())
        .bind(i64::from(level))
        .bind(parent_id)
        .bind(region_code)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await?;
        Ok(Unit {
            id: i64_col(&row, "id")?,
            name: name.to_owned(),
            kind,
            level,
            parent_id,
            region_code: region_code.to_owned(),
        })
    }

    pub async fn count_units(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM units")
            .fetch_one(&self.read)
            .await?;
        i64_col(&row, "n")
    }
}
