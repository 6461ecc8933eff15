//! How the cases each leader took (包案) stand: counts by owning leader and status, over the
//! cases within a scope that a firewall lets through.

use huiyin_core::Date;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};
use crate::search::{Firewall, Scope};

/// One leader's cases in one status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedCount {
    pub leader_user_id: i64,
    pub status: String,
    pub cases: i64,
    /// Of them, with a staff deadline before `overdue_before`.
    pub overdue: i64,
}

impl Store {
    /// The cases taken by a leader, by leader and status.
    pub async fn owned_case_counts(
        &self,
        scope: &Scope,
        firewall: &Firewall,
        overdue_before: Date,
    ) -> Result<Vec<OwnedCount>> {
        let Some(scope_sql) = crate::firewall::scope_condition(scope, "c") else {
            return Ok(Vec::new());
        };
        let walled = firewall
            .condition("c")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT x.owner_leader_id AS leader, x.status AS status, COUNT(*) AS n, \
             SUM(CASE WHEN x.next_due_on < $1 THEN 1 ELSE 0 END) AS overdue \
             FROM cases x WHERE x.owner_leader_id IS NOT NULL \
             AND EXISTS (SELECT 1 FROM case_scope c WHERE c.case_id = x.id{scope_sql}{walled}) \
             GROUP BY x.owner_leader_id, x.status"
        )))
        .bind(overdue_before.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OwnedCount {
                    leader_user_id: i64_col(r, "leader")?,
                    status: text(r, "status")?,
                    cases: i64_col(r, "n")?,
                    overdue: i64_col(r, "overdue")?,
                })
            })
            .collect()
    }
}
