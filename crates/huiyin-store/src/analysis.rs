//! The figures of the 研判 (analysis) page (issue 13 item 4): petitions of a reader's scope
//! counted per concerned unit, category and day, and the cases behind any figure. Both go
//! through `case_scope` (what the scope's unit sees) and the reader's firewall: a reader of an
//! accused unit never counts an accusation against it (DOMAIN.md §12 #20).

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::i64_col;
use crate::search::id_list;
use crate::spike_counts::{MatterDayCount, matter_day_count};

/// Which cases a drill-down lists.
#[derive(Clone, Debug, Default)]
pub struct MatterFilter {
    /// About one of these units (any when empty).
    pub concerned_units: Vec<UnitId>,
    /// In this category or below it.
    pub category: Option<String>,
}

impl Store {
    /// The petitions `root`'s staff may see received in `[from, to]`, per concerned unit,
    /// category and day, less those `firewall` hides.
    pub async fn scope_matter_day_counts(
        &self,
        root: UnitId,
        firewall: &Firewall,
        from: Date,
        to: Date,
    ) -> Result<Vec<MatterDayCount>> {
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT c.concerned_unit_id, c.category, s.received_on, COUNT(*) AS n \
             FROM case_scope s JOIN cases c ON c.id = s.case_id \
             WHERE s.unit_id = $1 AND s.received_on >= $2 AND s.received_on <= $3{walled} \
             GROUP BY c.concerned_unit_id, c.category, s.received_on"
        )))
        .bind(root)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.reports())
        .await?;
        rows.iter().map(matter_day_count).collect()
    }

    /// The cases behind a figure: `root`'s, received in `[from, to]`, matching `filter`,
    /// through `firewall`, newest first; a page of them and how many in all.
    pub async fn scope_matter_case_ids(
        &self,
        root: UnitId,
        firewall: &Firewall,
        filter: &MatterFilter,
        (from, to): (Date, Date),
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CaseId>, i64)> {
        let mut conds = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        if !filter.concerned_units.is_empty() {
            conds.push_str(&format!(
                " AND c.concerned_unit_id IN ({})",
                id_list(&filter.concerned_units)
            ));
        }
        let category = filter.category.clone().unwrap_or_default();
        let from_sql = format!(
            "FROM case_scope s JOIN cases c ON c.id = s.case_id WHERE s.unit_id = $1 \
             AND s.received_on >= $2 AND s.received_on <= $3 \
             AND ($4 = '' OR c.category = $4 OR substr(c.category, 1, length($4) + 1) = $4 || '.'){conds}"
        );
        let q = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(root)
                .bind(from.to_string())
                .bind(to.to_string())
                .bind(category.clone())
        };
        let count = q(format!("SELECT COUNT(*) AS n {from_sql}"))
            .fetch_one(self.reports())
            .await?;
        let rows = q(format!(
            "SELECT s.case_id {from_sql} ORDER BY s.received_on DESC, s.case_id DESC \
             LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(self.reports())
        .await?;
        let ids = rows
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect::<Result<Vec<_>>>()?;
        Ok((ids, i64_col(&count, "n")?))
    }
}
