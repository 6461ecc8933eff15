//! How many steps of some kinds the units of a subtree took in a period (the annual report's
//! 转送 and 交办 counts, Art. 41), over the cases the subtree's root sees and through the
//! reader's firewall.

use huiyin_core::Date;
use huiyin_core::org::UnitId;

use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, text};
use crate::search::id_list;
use crate::{Dialect, Store};

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
        // The steps lead (migration 0060), each probing the root's scope by its key: a
        // province's year had read the timeline of each of its million cases. `CROSS JOIN`
        // fixes that order in SQLite.
        let from_steps = match self.dialect {
            Dialect::Sqlite => {
                "timeline t INDEXED BY timeline_action_actor_day CROSS JOIN case_scope s \
                 ON s.unit_id = $1 AND s.case_id = t.case_id"
            }
            Dialect::Postgres => {
                "timeline t JOIN case_scope s ON s.unit_id = $1 AND s.case_id = t.case_id"
            }
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT t.action, COUNT(*) AS n FROM {from_steps} \
             WHERE t.action IN ({names}) AND t.on_day >= $2 AND t.on_day <= $3 \
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
