//! SQLite pages merged from ranges of different ranks, read one rank after another (issue 18).
//!
//! By status, each status's range comes whole before the next's (`search_merge.rs`), and the
//! latest deadline first the cases with a deadline come before those without. The merged
//! statement took each range's first `page × size` matches and sorted them all: with a filter
//! the index entries carry but do not lead on, a range's matches are sparse and each branch
//! read its range until it found its share or ended — the province's suggestions about
//! personnel (人事) by status, page 3, read every status's range, 82 ms, where the first two
//! statuses held the page (8 ms). Here the ranks are read in the page's order, each range
//! only up to what the page still needs, and the next rank only when it needs more. The
//! ranges of one rank (several statuses by the latest deadline) are merged as before. By
//! status, each status's range is itself read as two ranks, its cases with a deadline and
//! those without (in id order), so that the ids of a list's received dates
//! (`search_date_ids.rs`) are a seek into the second.

use crate::error::Result;
use crate::search::CaseSort;
use crate::search_merge::{NO_DUE, Range};
use crate::search_sql::ListSql;
use crate::search_walk::{Fallback, Walk};
use crate::{Dialect, Store};

/// A page read rank by rank: each rank's ranges as `(case id, due key)` queries without
/// their `LIMIT`, in the page's order.
pub(crate) struct RankedPage {
    ranks: Vec<Vec<String>>,
    dir: &'static str,
    per_page: u32,
    offset: i64,
}

impl ListSql {
    /// The page by rank ([`RankedPage`]): no full text, an order merged from ranges of at
    /// least two ranks; `None` otherwise (one rank is one merged statement).
    ///
    /// PostgreSQL reads its ranks the same way when a filter beside the statuses makes the
    /// ranges' matches sparse. Walked with a budget instead (`search_range_walks.rs`, which
    /// full text still takes), a status's range longer than the budget whose matches lay
    /// elsewhere fell back to sorting every match: the province by status within five
    /// months, page 3, 1,101 ms at a million cases. Split as below, the concluded cases of
    /// those months are one seek of `case_scope_status_due` with the ids of the dates; the
    /// planner chooses the index of each rank's statement. Without such a filter each range's
    /// first rows are its matches, and one merged statement (`search_merge.rs`) costs one
    /// round trip where a small scope's page read rank by rank could cost two per status.
    pub(crate) fn ranked_page(&self, per_page: u32, offset: i64) -> Option<RankedPage> {
        // A narrow category's matches are sorted (`search_walk.rs`), unless it is read as one
        // key (`search_leaf_category.rs`) and filters alone: by status its cases are then read
        // rank by rank too — the province's 24,000 of one category sorted for page 1 took
        // 14 ms. With dates or another filter beside it they are sparse in each rank.
        if self.text.is_some()
            || (self.narrow_category && !self.category_alone)
            || (self.dialect == Dialect::Postgres && !self.filtered_beside_statuses())
        {
            return None;
        }
        let m = self.merge_ranges(false)?;
        let dir = m.dir();
        let table = if m.status_index && self.dialect == Dialect::Sqlite {
            "case_scope s INDEXED BY case_scope_status_due"
        } else {
            "case_scope s"
        };
        let by_status = matches!(self.sort, CaseSort::StatusAsc | CaseSort::StatusDesc);
        let mut ranks: Vec<(usize, Vec<String>)> = Vec::new();
        for r in &m.ranges {
            if by_status && r.due.is_none() {
                // A status's range in two parts, each its own rank: the cases without a
                // deadline (every concluded case) are in id order within theirs, so a bound
                // on the ids (`search_date_ids.rs`) is a seek there, not a filter.
                let without = Range {
                    due: Some(format!("s.due_key = '{NO_DUE}'")),
                    ..*r
                };
                let with = Range {
                    due: Some(format!("s.due_key < '{NO_DUE}'")),
                    ..*r
                };
                let parts = if m.desc {
                    [without, with]
                } else {
                    [with, without]
                };
                for part in &parts {
                    ranks.push((usize::MAX, vec![self.range_sql(part, table, dir)]));
                }
                continue;
            }
            let sql = self.range_sql(r, table, dir);
            match ranks.last_mut() {
                Some((rank, list)) if *rank == r.rank => list.push(sql),
                _ => ranks.push((r.rank, vec![sql])),
            }
        }
        (ranks.len() > 1).then(|| RankedPage {
            ranks: ranks.into_iter().map(|(_, list)| list).collect(),
            dir,
            per_page,
            offset,
        })
    }

    /// The fallback of a walk by deadline within received dates that did not reach its page
    /// (`search_walk.rs`): the open cases of the dates first, from their own partial index
    /// (migration 0066; named on SQLite, chosen by PostgreSQL's planner), by deadline, then
    /// the cases without a deadline by id, as the order puts them (soonest first: oldest id
    /// first; latest first: newest first). `None` for another list (statuses are merged by
    /// status range, full text staged or walked with a probe).
    pub(crate) fn open_first_page(&self, per_page: u32, offset: i64) -> Option<RankedPage> {
        let dir = match self.sort {
            CaseSort::DueAsc => "ASC",
            CaseSort::DueDesc => "DESC",
            _ => return None,
        };
        let dated = self.conds.iter().any(|c| c.contains("s.received_on"));
        if !self.scoped || self.text.is_some() || self.status_cond.is_some() || !dated {
            return None;
        }
        let conds = self.conds.join(" AND ");
        let named = match self.dialect {
            Dialect::Sqlite => " INDEXED BY case_scope_open_received",
            Dialect::Postgres => "",
        };
        let open = format!(
            "SELECT s.case_id AS id, s.due_key AS k FROM case_scope s{named} \
             WHERE {conds} AND s.due_key < '{NO_DUE}' ORDER BY s.due_key {dir}, s.case_id {dir}"
        );
        let without = format!(
            "SELECT s.case_id AS id, s.due_key AS k FROM case_scope s WHERE {conds} \
             AND s.due_key = '{NO_DUE}' ORDER BY s.case_id {dir}"
        );
        Some(RankedPage {
            ranks: vec![vec![open], vec![without]],
            dir,
            per_page,
            offset,
        })
    }

    /// On PostgreSQL, a list by the latest deadline first within received dates (no status,
    /// no full text): the scope's cases with a deadline walked backwards with the list's
    /// budget, then, when they do not hold the page, [`ListSql::open_first_page`]. Read range
    /// by range with every match sorted when the first range fell short, five months of the
    /// province sorted all their 200,000 cases (104–170 ms with the tests running beside, 350
    /// ms cold). Soonest first the planner's own plan was as fast, and stays.
    pub(crate) fn postgres_deadline_walk(&self, per_page: u32, offset: i64) -> Option<Walk> {
        if self.dialect != Dialect::Postgres || self.sort != CaseSort::DueDesc {
            return None;
        }
        let fallback = self.open_first_page(per_page, offset)?;
        let order = "s.due_key DESC, s.case_id DESC";
        // Walked backwards, the cases without a deadline would come first.
        let inner = [
            format!("s.unit_id = {}", self.root?),
            format!("s.due_key < '{NO_DUE}'"),
        ];
        let walk = format!(
            "SELECT s.case_id AS id FROM (SELECT {} FROM case_scope s WHERE {} ORDER BY {order} \
             LIMIT {}) s {} ORDER BY {order} LIMIT {per_page} OFFSET {offset}",
            self.walked_columns(),
            inner.join(" AND "),
            self.walk_budget,
            self.where_sql()
        );
        Some(Walk::Bounded {
            walk,
            fallback: Fallback::Ranked(fallback),
        })
    }

    /// One range's matches in the page's order, without a limit.
    fn range_sql(&self, r: &Range, table: &str, dir: &str) -> String {
        format!(
            "SELECT s.case_id AS id, s.due_key AS k FROM {table} WHERE {} \
             ORDER BY s.due_key {dir}, s.case_id {dir}",
            self.range_conds(r).join(" AND ")
        )
    }
}

impl RankedPage {
    /// The first `need` matches of one rank, in the page's order.
    fn rank_sql(&self, ranges: &[String], need: i64) -> String {
        if let [only] = ranges {
            return format!("{only} LIMIT {need}");
        }
        let branches: Vec<String> = ranges
            .iter()
            .enumerate()
            .map(|(i, sql)| format!("SELECT * FROM ({sql} LIMIT {need}) b{i}"))
            .collect();
        format!(
            "SELECT id, k FROM ({}) merged ORDER BY k {dir}, id {dir} LIMIT {need}",
            branches.join(" UNION ALL "),
            dir = self.dir
        )
    }
}

impl Store {
    /// The ids of a page read rank by rank ([`ListSql::ranked_page`]).
    pub(crate) async fn ranked_page_ids(&self, q: &ListSql, p: &RankedPage) -> Result<Vec<i64>> {
        let upto = p.offset + i64::from(p.per_page);
        let mut found: Vec<i64> = Vec::new();
        for ranges in &p.ranks {
            let need = upto - i64::try_from(found.len()).unwrap_or(i64::MAX);
            if need <= 0 {
                break;
            }
            for id in self.page_ids(q, &p.rank_sql(ranges, need)).await? {
                // Each rank is its own statement: a case whose status changed between two
                // of them could come back from both; it is listed once.
                if !found.contains(&id) {
                    found.push(id);
                }
            }
        }
        let start = usize::try_from(p.offset).unwrap_or(usize::MAX);
        Ok(found.into_iter().skip(start).collect())
    }
}
