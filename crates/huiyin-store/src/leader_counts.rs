//! How the cases each leader took (包案) stand: counts by owning leader and status, over the
//! cases within a scope that a firewall lets through; and the latest step of each of a few
//! cases (the owning leader's notifications).

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

impl Store {
    /// The latest timeline entry of each case (its id and its actor), one query: what changed
    /// last on a case, for a notification that must change with every step and only then.
    pub async fn latest_steps(&self, case_ids: &[i64]) -> Result<Vec<LatestStep>> {
        if case_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = crate::search::id_list(case_ids);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT t.case_id, t.id, t.actor_user_id FROM timeline t WHERE t.id IN \
             (SELECT MAX(x.id) FROM timeline x WHERE x.case_id IN ({ids}) GROUP BY x.case_id)"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LatestStep {
                    case_id: i64_col(r, "case_id")?,
                    entry_id: i64_col(r, "id")?,
                    actor_user_id: crate::rows::opt_i64(r, "actor_user_id")?,
                })
            })
            .collect()
    }
}

/// The latest step on a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestStep {
    pub case_id: i64,
    pub entry_id: i64,
    pub actor_user_id: Option<i64>,
}

impl Store {
    /// The cases in one of `statuses` a leader's 包案 (`Owner`) or 待阅批 (`Reader`) list
    /// names (the caller judges sight), at most `limit`: a leader's concluded 包案 cases stay
    /// named and are left out here, before their records are read.
    pub async fn leader_case_ids(
        &self,
        leader: crate::search::LeaderFilter,
        statuses: &[huiyin_core::case::Status],
        limit: i64,
    ) -> Result<Vec<i64>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let (col, id) = match leader {
            crate::search::LeaderFilter::Owner(id) => ("owner_leader_id", id),
            crate::search::LeaderFilter::Reader(id) => ("reading_leader_id", id),
        };
        let list: Vec<String> = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM cases WHERE {col} = $1 AND status IN ({}) ORDER BY id LIMIT {limit}",
            list.join(",")
        )))
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| i64_col(r, "id")).collect()
    }
}
