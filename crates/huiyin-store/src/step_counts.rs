//! How many steps of some kinds the units of a subtree took in a period (the annual report's
//! 转送 and 交办 counts, Art. 41), over the cases the subtree's root sees and through the
//! reader's firewall.

use huiyin_core::Date;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, text};
use crate::search::id_list;

impl Store {
    /// `(action, count)` of the steps named in `actions` (wire names) taken in `[from, to]` by
    /// a unit of `units`, on cases `root` sees that `firewall` does not hide.
    pub async fn step_counts(
        &self,
        root: UnitId,
        units: &[UnitId],
        firewall: &Firewall,
        actions: &[&str],
        (from, to): (Date, Date),
    ) -> Result<Vec<(String, i64)>> {
        if units.is_empty() || actions.is_empty() {
            return Ok(Vec::new());
        }
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        // The action names are the workflow's own wire names (ASCII words), never user text.
        let names = actions
            .iter()
            .filter(|a| a.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(",");
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT t.action, COUNT(*) AS n FROM case_scope s JOIN timeline t ON t.case_id = s.case_id \
             WHERE s.unit_id = $1 AND t.action IN ({names}) AND t.on_day >= $2 AND t.on_day <= $3 \
             AND t.actor_unit_id IN ({}){walled} GROUP BY t.action",
            id_list(units)
        )))
        .bind(root)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.reports())
        .await?;
        rows.iter()
            .map(|r| Ok((text(r, "action")?, i64_col(r, "n")?)))
            .collect()
    }
}
