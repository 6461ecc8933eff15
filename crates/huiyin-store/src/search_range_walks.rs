//! Pages on PostgreSQL in the orders merged from ranges — by status, the latest deadline
//! first (issues 12 item 4, 18) — when full text makes the matches of a range sparse: the
//! ranges are read one after another in the page's order, each walked with a budget. (Lists
//! with filters but no full text were walked here too; they are read rank by rank now,
//! `search_ranked.rs`.)
//!
//! Collecting every match in scope and sorting it took seconds at a million cases for a
//! common word (教师 in the province by status: 3.2 s, each of some 220,000 matches fetched from
//! the full-text table and looked up in `case_scope`). One statement merging every range with
//! the full-text condition in each let the planner, misjudging a name's matches, walk every
//! range of the province probing each case (5–7 s); with a filter the index does not lead on
//! (six weeks of accusations in a city by status) the merged statement read every row of each
//! status's range (282 ms, 108 of them in the 已登记 range). Here each range is its own
//! statement, bounded the way [`ListSql::walked_page`]'s PostgreSQL walk is:
//!
//! 1. the range's first rows in its order, at most [`POSTGRES_RANGE_WALK`] (each case's
//!    full-text row probed by a correlated subquery), stopping at the page;
//! 2. when that finds fewer than the page still needs, a count tells whether the walk read the
//!    whole range (its matches are then all known and the next range follows);
//! 3. otherwise the matches are sparse: the whole page is taken by sorting every match
//!    instead, as before (the walks cost at most a few milliseconds each).
//!
//! Ranges follow each other (status ranks, or cases with a deadline before those without),
//! so the page is the first `offset + per_page` matches of the ranges in turn.

use crate::error::Result;
use crate::rows::i64_col;
use crate::search::CaseSort;
use crate::search_merge::MergeRanges;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

/// Rows of a range a full-text walk probes at most (as [`crate::search_walk`]'s PostgreSQL
/// walk).
pub(crate) const POSTGRES_RANGE_WALK: u32 = 2_000;

/// The statements of one range.
pub(crate) struct RangeWalk {
    /// The range's first matches, up to the page, within the walk's budget.
    walk: String,
    /// How many rows of the range the walk could read (capped at the budget).
    size: String,
}

/// A page read range by range.
pub(crate) struct RangeWalks {
    ranges: Vec<RangeWalk>,
    budget: i64,
    /// The page sorted from every match, when a range's matches are sparse.
    fallback: String,
}

impl ListSql {
    /// The range-by-range reading of this page (PostgreSQL, a subtree, by status or the
    /// latest deadline first, with full text), or `None`.
    pub(crate) fn range_walks(&self, per_page: u32, offset: i64) -> Option<RangeWalks> {
        if self.dialect != Dialect::Postgres
            || self.text.is_none()
            || self.narrow_category
            || !matches!(
                self.sort,
                CaseSort::StatusAsc | CaseSort::StatusDesc | CaseSort::DueDesc
            )
        {
            return None;
        }
        let root = self.root?;
        let m: MergeRanges = self.merge_ranges(false)?;
        let dir = m.dir();
        let order = format!("s.due_key {dir}, s.case_id {dir}");
        let probe = self.text_probe();
        let budget = self.walk_budget.min(POSTGRES_RANGE_WALK);
        let upto = offset + i64::from(per_page);
        // The walked rows carry what the range's own conditions name too (its status).
        let cols = self.walked_columns_and_status();
        let ranges = m
            .ranges
            .iter()
            .map(|r| {
                let mut inner = vec![format!("s.unit_id = {root}")];
                inner.extend(r.status.map(|st| format!("s.status = '{st}'")));
                inner.extend(r.due.clone());
                let inner = inner.join(" AND ");
                let mut conds = self.range_conds(r);
                conds.push(probe.clone());
                RangeWalk {
                    walk: format!(
                        "SELECT s.case_id AS id FROM (SELECT {cols} FROM case_scope s WHERE {inner} \
                         ORDER BY {order} LIMIT {budget}) s WHERE {} ORDER BY {order} LIMIT {upto}",
                        conds.join(" AND ")
                    ),
                    size: format!(
                        "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM case_scope s WHERE {inner} \
                         LIMIT {budget}) walked"
                    ),
                }
            })
            .collect();
        Some(RangeWalks {
            ranges,
            budget: i64::from(budget),
            fallback: self.sparse_page(per_page, offset),
        })
    }
}

impl Store {
    /// The ids of a page read range by range ([`ListSql::range_walks`]).
    pub(crate) async fn range_walk_page_ids(
        &self,
        q: &ListSql,
        t: &RangeWalks,
        per_page: u32,
        offset: i64,
    ) -> Result<Vec<i64>> {
        let upto = usize::try_from(offset + i64::from(per_page)).unwrap_or(usize::MAX);
        let mut found: Vec<i64> = Vec::new();
        for range in &t.ranges {
            let need = upto - found.len();
            let hits: Vec<i64> = q
                .bind(&range.walk)
                .fetch_all(self.reports())
                .await?
                .iter()
                .map(|r| i64_col(r, "id"))
                .collect::<Result<_>>()?;
            let complete = hits.len() >= need;
            if !complete {
                let size = i64_col(
                    &sqlx::query(sqlx::AssertSqlSafe(range.size.clone()))
                        .persistent(false)
                        .fetch_one(self.reports())
                        .await?,
                    "n",
                )?;
                if size >= t.budget {
                    // Sparse matches in a range longer than the walk: sort them all.
                    return self.page_ids(q, &t.fallback).await;
                }
            }
            // Each range is its own statement: a case whose status changed between two of
            // them could come back from both; it is listed once.
            for id in hits.into_iter().take(need) {
                if !found.contains(&id) {
                    found.push(id);
                }
            }
            if found.len() >= upto {
                break;
            }
        }
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        Ok(found.into_iter().skip(start).collect())
    }
}
