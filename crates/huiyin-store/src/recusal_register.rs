//! 回避 register (issue 15 items 7 and 9): the recusals on the cases of a scope, across cases —
//! through the reader's scope and firewall, like every list of many cases.

use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::recusals::{RecusalRecord, SELECT, record};
use crate::rows::{i64_col, text};

/// A recusal in a scope's register, with its case's number and title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecusalRegisterRecord {
    pub recusal: RecusalRecord,
    pub case_number: String,
    pub case_title: String,
}

impl Store {
    /// The recusals on cases `root`'s scope holds and `firewall` lets through, the latest
    /// first — a page of them and how many in all; `lifted` keeps only lifted (`true`) or only
    /// standing (`false`) ones.
    pub async fn recusals_in_scope(
        &self,
        root: UnitId,
        firewall: &Firewall,
        lifted: Option<bool>,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<RecusalRegisterRecord>, i64)> {
        let mut conds = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        match lifted {
            Some(true) => conds.push_str(" AND r.lifted_at IS NOT NULL"),
            Some(false) => conds.push_str(" AND r.lifted_at IS NULL"),
            None => {}
        }
        let scoped = "JOIN case_scope s ON s.case_id = r.case_id AND s.unit_id = $1";
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM case_recusals r {scoped} WHERE 1 = 1{conds}"
        )))
        .bind(root)
        .fetch_one(&self.read)
        .await?;
        // The register's columns: a recusal's, and its case's number and title.
        let select = SELECT.replace(
            " FROM case_recusals r",
            ", c.number AS case_number, c.title AS case_title \
             FROM case_recusals r JOIN cases c ON c.id = r.case_id",
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{select} {scoped} WHERE 1 = 1{conds} ORDER BY r.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .bind(root)
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(RecusalRegisterRecord {
                    recusal: record(r)?,
                    case_number: text(r, "case_number")?,
                    case_title: text(r, "case_title")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }
}
