//! 协办任务: the co-handling parts assigned to the units of a scope, across cases (issue 15
//! items 4 and 9) — through the reader's scope and firewall, like every list of many cases.

use huiyin_core::co_handling::CoHandlingStatus;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::co_handlings::CoHandlingRecord;
use crate::error::{Result, StoreError};
use crate::firewall::Firewall;
use crate::rows::{date, i64_col, opt_i64, opt_text, text};

/// A co-handling part in a scope's list, with its case's number and title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoHandlingTaskRecord {
    /// The part (its steps are read by the case's page, not here).
    pub part: CoHandlingRecord,
    pub case_number: String,
    pub case_title: String,
}

impl Store {
    /// The co-handling parts of the units in `root`'s subtree on cases `root`'s scope holds
    /// and `firewall` lets through — open ones first, the earliest deadline first — a page of
    /// them and how many in all; `status` keeps only open or done parts.
    pub async fn co_handling_tasks(
        &self,
        root: UnitId,
        firewall: &Firewall,
        status: Option<CoHandlingStatus>,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<CoHandlingTaskRecord>, i64)> {
        let mut conds = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        if let Some(status) = status {
            conds.push_str(&format!(" AND h.status = '{}'", status.as_str()));
        }
        let scoped = "FROM co_handlings h \
             JOIN unit_ancestors a ON a.unit_id = h.unit_id AND a.ancestor_id = $1 \
             JOIN case_scope s ON s.case_id = h.case_id AND s.unit_id = $1";
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n {scoped} WHERE 1 = 1{conds}"
        )))
        .bind(root)
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT h.id, h.case_id, h.unit_id, h.task, h.due_on, h.status, h.contribution, \
             u.display_name AS added_by_name, h.added_at, h.done_at, \
             c.number AS case_number, c.title AS case_title \
             {scoped} JOIN cases c ON c.id = h.case_id LEFT JOIN users u ON u.id = h.added_by \
             WHERE 1 = 1{conds} \
             ORDER BY CASE WHEN h.status = 'open' THEN 0 ELSE 1 END, h.due_on, h.id \
             LIMIT {limit} OFFSET {offset}"
        )))
        .bind(root)
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                let status = text(r, "status")?;
                Ok(CoHandlingTaskRecord {
                    part: CoHandlingRecord {
                        id: i64_col(r, "id")?,
                        case_id: i64_col(r, "case_id")?,
                        unit_id: i64_col(r, "unit_id")?,
                        task: text(r, "task")?,
                        due_on: date(r, "due_on")?,
                        status: CoHandlingStatus::parse(&status).ok_or_else(|| {
                            StoreError::Corrupt(format!("co_handlings.status: {status}"))
                        })?,
                        contribution: opt_text(r, "contribution")?,
                        added_by_name: opt_text(r, "added_by_name")?.unwrap_or_default(),
                        added_at: i64_col(r, "added_at")?,
                        done_at: opt_i64(r, "done_at")?,
                        steps: Vec::new(),
                    },
                    case_number: text(r, "case_number")?,
                    case_title: text(r, "case_title")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }
}
