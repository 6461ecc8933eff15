//! The counts the weekly `spike` scan judges (issue 13 item 1): petitions per concerned unit,
//! category and day of receipt, one grouped read over the history the methods need; the app
//! adds them up per region and per unit in memory.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::rows::{date, i64_col, opt_i64, text};

/// How many petitions about one unit and category were received on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterDayCount {
    pub concerned_unit_id: UnitId,
    pub category: String,
    pub received_on: Date,
    pub count: i64,
}

/// A row of `concerned_unit_id, category, received_on, n`.
pub(crate) fn matter_day_count(r: &sqlx::any::AnyRow) -> Result<MatterDayCount> {
    Ok(MatterDayCount {
        concerned_unit_id: i64_col(r, "concerned_unit_id")?,
        category: text(r, "category")?,
        received_on: date(r, "received_on")?,
        count: i64_col(r, "n")?,
    })
}

impl Store {
    /// The petitions received in `[from, to]`, counted per concerned unit, category and day.
    pub async fn matter_day_counts(&self, from: Date, to: Date) -> Result<Vec<MatterDayCount>> {
        // One pass over the matter index in its own order, never the cases' rows (migration
        // 0051); SQLite would rather take the received-date range and look up every row.
        let index = match self.dialect {
            crate::Dialect::Sqlite => " INDEXED BY cases_matter",
            crate::Dialect::Postgres => "",
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT concerned_unit_id, category, received_on, COUNT(*) AS n FROM cases{index} \
             WHERE received_on >= $1 AND received_on <= $2 \
             GROUP BY concerned_unit_id, category, received_on"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(matter_day_count).collect()
    }

    /// The cases behind a spike: received in `[from, to]` about one of `units` (in `category`
    /// when given), newest first, at most `limit`, with the walls of the accusations among them.
    pub async fn cases_of_matter_between(
        &self,
        units: &[UnitId],
        category: Option<&str>,
        from: Date,
        to: Date,
        limit: i64,
    ) -> Result<CasesBehind> {
        if units.is_empty() {
            return Ok(CasesBehind::default());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, walled_unit_id FROM cases WHERE concerned_unit_id IN ({}) AND received_on >= $1 \
             AND received_on <= $2 AND ($3 = '' OR category = $3) \
             ORDER BY received_on DESC, id DESC LIMIT {limit}",
            crate::search::id_list(units)
        )))
        .persistent(false)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(category.unwrap_or(""))
        .fetch_all(&self.read)
        .await?;
        let mut behind = CasesBehind::default();
        for r in &rows {
            behind.case_ids.push(i64_col(r, "id")?);
            if let Some(w) = opt_i64(r, "walled_unit_id")?
                && !behind.walls.contains(&w)
            {
                behind.walls.push(w);
            }
        }
        Ok(behind)
    }
}

/// The cases behind a spike, and the accused units of the accusations among them (the warning
/// is owned above those walls).
#[derive(Clone, Debug, Default)]
pub struct CasesBehind {
    pub case_ids: Vec<CaseId>,
    pub walls: Vec<UnitId>,
}
