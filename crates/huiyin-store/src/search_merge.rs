//! Pages of dense matches merged from several ranges of an index, each range already in the
//! page's order, so no order needs a sort of every match and no new index:
//!
//! - by status ([`CaseSort::StatusAsc`], [`CaseSort::StatusDesc`]): one range of
//!   `case_scope_status_due` (unit, status, due key, case) per status, ranked by the status's
//!   place in the workflow — a page reads at most `page × size` rows of each status's range;
//! - the latest deadline first ([`CaseSort::DueDesc`]): the cases with a deadline walked
//!   backwards, then the ones without (due key '9999-12-31') newest first — two ranges of
//!   `case_scope_due`, or of each status's range when statuses are filtered on (SQLite);
//! - a worklist of several statuses soonest deadline first ([`CaseSort::DueAsc`]; on
//!   PostgreSQL when nothing else filters): each status's range of `case_scope_status_due`.
//!
//! Each range's first rows up to the page are taken (`LIMIT`) and merged. The narrow-category
//! lists do not come here: their matches are few enough to sort. Full-text lists in these
//! orders come on SQLite once their matches are staged in a table (`search_staged.rs`), and
//! only when they are many. On PostgreSQL, lists in these orders with full text or a filter
//! beside the statuses read the same ranges one statement at a time, each walk bounded
//! (`search_range_walks.rs`).

use huiyin_core::case::Status;

use crate::Dialect;
use crate::search::CaseSort;
use crate::search_sql::ListSql;

/// The due key of a case without a staff deadline (`case_scope.due_key`): it sorts last.
pub(crate) const NO_DUE: &str = "9999-12-31";

/// A status's place in the workflow (the order of `Status::ALL`, 已登记 … 已办结) as SQL.
pub(crate) fn status_rank(col: &str) -> String {
    let arms: String = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.as_str()))
        .collect();
    format!("(CASE {col}{arms} ELSE {} END)", Status::ALL.len())
}

fn rank_of(status: &str) -> usize {
    Status::ALL
        .iter()
        .position(|s| s.as_str() == status)
        .unwrap_or(Status::ALL.len())
}

/// One range of a merged page: the status it keeps (replacing the list's status condition),
/// the deadline condition it adds, and its rank in the merge.
pub(crate) struct Range {
    pub status: Option<&'static str>,
    pub due: Option<String>,
    pub rank: usize,
}

/// The two ranges of the latest-deadline-first order: with a deadline, then without.
fn due_desc_ranges(status: Option<&'static str>) -> [Range; 2] {
    [
        Range {
            status,
            due: Some(format!("s.due_key < '{NO_DUE}'")),
            rank: 0,
        },
        Range {
            status,
            due: Some(format!("s.due_key = '{NO_DUE}'")),
            rank: 1,
        },
    ]
}

impl ListSql {
    /// The page merged from ranges in its order, when the sort (and on SQLite the filters)
    /// call for one; `None` otherwise. Only for lists without full text or a narrow category.
    pub(crate) fn merged_page(&self, per_page: u32, offset: i64) -> Option<String> {
        self.merged_ranges(per_page, offset, None)
    }

    /// The same merge over the full-text matches already kept in `staged` (a table of case
    /// ids, `search_staged.rs`): each range keeps the cases found in it.
    pub(crate) fn merged_staged_page(
        &self,
        per_page: u32,
        offset: i64,
        staged: &str,
    ) -> Option<String> {
        self.merged_ranges(per_page, offset, Some(staged))
    }

    /// The ranges of this list's order, in the page's order (the first range's cases come
    /// first), each read backwards (`desc`) or forwards; `status_index`: each range is a
    /// status's range of `case_scope_status_due` (named on SQLite). `None` when the order is
    /// not merged (for `staged`: over staged full-text matches).
    pub(crate) fn merge_ranges(&self, staged: bool) -> Option<MergeRanges> {
        let sqlite = self.dialect == Dialect::Sqlite;
        let filtered = self.status_cond.is_some();
        // On PostgreSQL a deadline order over several statuses and nothing else merges each
        // status's range too: left to the planner, the province's 已复核 and 已出具意见 soonest
        // deadline first walked the due index of every case and kept one row in a thousand
        // (155,000 read for page 5: 587 ms at 1M). With other filters the ranges are walked
        // one at a time (`search_range_walks.rs`) or the planner chooses.
        let only_statuses = filtered && self.statuses.len() > 1 && !self.filtered_beside_statuses();
        let by_status = |rank: fn(&str) -> usize| -> Vec<Range> {
            let statuses: Vec<&'static str> = if filtered {
                self.statuses.clone()
            } else {
                Status::ALL.iter().map(|s| s.as_str()).collect()
            };
            statuses
                .into_iter()
                .map(|s| Range {
                    status: Some(s),
                    due: None,
                    rank: rank(s),
                })
                .collect()
        };
        let (mut ranges, desc, status_index) = match self.sort {
            CaseSort::StatusAsc => (by_status(rank_of), false, true),
            CaseSort::StatusDesc => (by_status(rank_of), true, true),
            CaseSort::DueAsc if (sqlite && filtered) || only_statuses => {
                (by_status(|_| 0), false, true)
            }
            CaseSort::DueDesc if (sqlite && filtered) || (only_statuses && !staged) => (
                self.statuses
                    .iter()
                    .flat_map(|s| due_desc_ranges(Some(s)))
                    .collect(),
                true,
                true,
            ),
            // SQLite walks the due index with a budget instead (`search_walk.rs`), except
            // through staged full-text matches, where each range stops at the page.
            CaseSort::DueDesc if !sqlite || staged => (due_desc_ranges(None).into(), true, false),
            _ => return None,
        };
        // The ranks of the deadline order run forwards whichever way the deadlines do.
        let rank_desc = self.sort == CaseSort::StatusDesc;
        ranges.sort_by_key(|r| r.rank);
        if rank_desc {
            ranges.reverse();
        }
        Some(MergeRanges {
            ranges,
            desc,
            rank_desc,
            status_index,
        })
    }

    /// Whether a condition other than the scope's and the statuses' filters the list.
    pub(crate) fn filtered_beside_statuses(&self) -> bool {
        (self.scope_conds..self.conds.len()).any(|i| Some(i) != self.status_cond)
    }

    /// The conditions of one range: the list's, its status replacing the list's statuses,
    /// its deadline condition added.
    pub(crate) fn range_conds(&self, r: &Range) -> Vec<String> {
        let mut conds = self.conds.clone();
        if let Some(st) = r.status {
            let cond = format!("s.status = '{st}'");
            match self.status_cond {
                Some(at) => conds[at] = cond,
                None => conds.push(cond),
            }
        }
        conds.extend(r.due.clone());
        conds
    }

    fn merged_ranges(&self, per_page: u32, offset: i64, staged: Option<&str>) -> Option<String> {
        let sqlite = self.dialect == Dialect::Sqlite;
        let m = self.merge_ranges(staged.is_some())?;
        let dir = m.dir();
        let rank_dir = if m.rank_desc { "DESC" } else { "ASC" };
        let upto = offset + i64::from(per_page);
        let table = match (sqlite, m.status_index, staged) {
            (true, true, _) => "case_scope s INDEXED BY case_scope_status_due",
            (true, false, Some(_)) => "case_scope s INDEXED BY case_scope_due",
            _ => "case_scope s",
        };
        let branches: Vec<String> = m
            .ranges
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut conds = self.range_conds(r);
                conds.extend(staged.map(|t| format!("s.case_id IN {t}")));
                format!(
                    "SELECT * FROM (SELECT s.case_id AS id, {} AS r, s.due_key AS k FROM {table} \
                     WHERE {} ORDER BY s.due_key {dir}, s.case_id {dir} LIMIT {upto}) b{i}",
                    r.rank,
                    conds.join(" AND ")
                )
            })
            .collect();
        Some(format!(
            "SELECT id FROM ({}) merged ORDER BY r {rank_dir}, k {dir}, id {dir} \
             LIMIT {per_page} OFFSET {offset}",
            branches.join(" UNION ALL ")
        ))
    }
}

impl ListSql {
    /// A list over `cases` (no subtree scope) of a few handling units and statuses, soonest
    /// deadline first, on PostgreSQL: each (unit, status) range of `cases_handling_status_due`
    /// read in deadline order up to the page and merged. The planner gathered every open case
    /// of the units and sorted them — a county leader's 工作台 queue, 19,037 cases of two
    /// units, 191 ms under load at 1M. `None` for another list.
    pub(crate) fn handling_due_page(&self, per_page: u32, offset: i64) -> Option<String> {
        let (at_units, units) = self.handling_cond.as_ref()?;
        let at_status = self.status_cond?;
        if self.dialect != Dialect::Postgres
            || self.scoped
            || self.text.is_some()
            || self.sort != CaseSort::DueAsc
            || units.len() * self.statuses.len() > 40
        {
            return None;
        }
        let upto = offset + i64::from(per_page);
        let mut branches = Vec::new();
        for unit in units {
            for status in &self.statuses {
                let mut conds = self.conds.clone();
                conds[*at_units] = format!("c.handling_unit_id = {unit}");
                conds[at_status] = format!("c.status = '{status}'");
                branches.push(format!(
                    "SELECT * FROM (SELECT c.id AS id, c.next_due_on AS k FROM cases c WHERE {} \
                     ORDER BY c.next_due_on ASC, c.id ASC LIMIT {upto}) b{}",
                    conds.join(" AND "),
                    branches.len()
                ));
            }
        }
        // Ascending puts the cases without a deadline (NULL) last, as the list's order does.
        Some(format!(
            "SELECT id FROM ({}) merged ORDER BY k ASC NULLS LAST, id ASC \
             LIMIT {per_page} OFFSET {offset}",
            branches.join(" UNION ALL ")
        ))
    }
}

/// The ranges a merged order is read from.
pub(crate) struct MergeRanges {
    /// In the page's order.
    pub ranges: Vec<Range>,
    /// Each range is read backwards (latest deadline, highest case id first).
    pub desc: bool,
    /// The ranks run backwards (by status, the reverse of the workflow).
    pub rank_desc: bool,
    pub status_index: bool,
}

impl MergeRanges {
    /// The direction each range is read in, as SQL.
    pub(crate) fn dir(&self) -> &'static str {
        if self.desc { "DESC" } else { "ASC" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rank_follows_the_workflow_and_an_unknown_status_sorts_last() {
        assert_eq!(rank_of("registered"), 0);
        assert!(rank_of("accepted") < rank_of("closed"));
        assert_eq!(rank_of("no_such"), Status::ALL.len());
        let sql = status_rank("s.status");
        assert!(sql.starts_with("(CASE s.status WHEN 'registered' THEN 0"));
        assert!(sql.ends_with(&format!("ELSE {} END)", Status::ALL.len())));
    }
}
