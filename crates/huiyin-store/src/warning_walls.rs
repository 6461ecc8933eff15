//! Warnings and the whistleblower firewall's walls: the accused units of the accusations behind
//! a warning, which its owner must stand above (DOMAIN.md §4).

use std::collections::BTreeMap;

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::rows::i64_col;
use crate::search::id_list;

/// An open warning behind at least one accusation: its owner and the accused units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningBehindWalls {
    pub warning_id: i64,
    pub unit_id: UnitId,
    pub walls: Vec<UnitId>,
}

impl Store {
    /// The accused units of the accusations among `case_ids` (each once).
    pub async fn walls_of_cases(&self, case_ids: &[CaseId]) -> Result<Vec<UnitId>> {
        let mut walls = Vec::new();
        for chunk in case_ids.chunks(500) {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT DISTINCT walled_unit_id FROM cases WHERE id IN ({}) \
                 AND walled_unit_id IS NOT NULL",
                id_list(chunk)
            )))
            .persistent(false)
            .fetch_all(&self.read)
            .await?;
            for r in &rows {
                let w = i64_col(r, "walled_unit_id")?;
                if !walls.contains(&w) {
                    walls.push(w);
                }
            }
        }
        Ok(walls)
    }

    /// Every open (not resolved) warning that links an accusation, with its owner and the
    /// accused units behind it: read from the walled cases (few) through their links.
    pub async fn open_warnings_behind_walls(&self) -> Result<Vec<WarningBehindWalls>> {
        let rows = sqlx::query(
            "SELECT DISTINCT w.id, w.unit_id, c.walled_unit_id FROM cases c \
             JOIN warning_cases wc ON wc.case_id = c.id JOIN warnings w ON w.id = wc.warning_id \
             WHERE c.walled_unit_id IS NOT NULL AND w.status <> 'resolved'",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out: BTreeMap<i64, WarningBehindWalls> = BTreeMap::new();
        for r in &rows {
            let id = i64_col(r, "id")?;
            let e = out.entry(id).or_insert(WarningBehindWalls {
                warning_id: id,
                unit_id: i64_col(r, "unit_id")?,
                walls: Vec::new(),
            });
            e.walls.push(i64_col(r, "walled_unit_id")?);
        }
        Ok(out.into_values().collect())
    }
}
