//! The 信访事项档案 of a scope (issue 15 item 3): each matter with the cases of it that a
//! reader's scope holds, counted through the reader's whistleblower firewall, so a case the
//! reader may not know of neither counts nor brings its matter into the list.

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{date, i64_col};

/// A matter as a scope sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterFileCount {
    pub matter_id: i64,
    /// Its cases in the scope.
    pub cases: i64,
    /// Of those, the ones not yet concluded.
    pub open_cases: i64,
    pub last_received_on: Date,
}

/// Which matters, in which order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatterFileFilter {
    /// Only matters with a case not yet concluded.
    pub open_only: bool,
    /// Most cases first (else the latest case first).
    pub most_cases: bool,
}

/// `s.status` names a concluded case (ids and wire names only, no user text).
fn concluded(alias: &str) -> String {
    let names: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_terminal())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("{alias}.status IN ({})", names.join(", "))
}

impl Store {
    /// The matters with a case visible under `root` through `firewall`, a page of them and how
    /// many there are.
    pub async fn matter_files_in_scope(
        &self,
        root: UnitId,
        firewall: &Firewall,
        filter: MatterFileFilter,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<MatterFileCount>, i64)> {
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let open = format!("COUNT(CASE WHEN NOT {} THEN 1 END)", concluded("s"));
        let having = if filter.open_only {
            format!(" HAVING {open} > 0")
        } else {
            String::new()
        };
        let grouped = format!(
            "FROM matter_cases m JOIN case_scope s ON s.case_id = m.case_id \
             WHERE s.unit_id = $1{walled} GROUP BY m.matter_id{having}"
        );
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM (SELECT m.matter_id {grouped}) t"
        )))
        .bind(root)
        .fetch_one(&self.read)
        .await?;
        let order = if filter.most_cases {
            "n DESC, last DESC, m.matter_id DESC"
        } else {
            "last DESC, m.matter_id DESC"
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT m.matter_id, COUNT(*) AS n, {open} AS open_n, MAX(s.received_on) AS last \
             {grouped} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        )))
        .bind(root)
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(MatterFileCount {
                    matter_id: i64_col(r, "matter_id")?,
                    cases: i64_col(r, "n")?,
                    open_cases: i64_col(r, "open_n")?,
                    last_received_on: date(r, "last")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }
}
