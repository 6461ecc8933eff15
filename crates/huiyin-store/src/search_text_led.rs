//! PostgreSQL full text over a subtree with no other filter: the full-text index leads
//! (issue 18).
//!
//! Each case's full-text row carries a token for every unit the case is visible to
//! (`search_scope.rs`), so below the province the index's matches of "these words AND this
//! unit" are almost exactly the scope's matches. The planner does not know that: it takes the
//! scope's share of the whole table as the share of the matches in scope, expects twenty
//! times fewer, and builds a hash of every match to join with the scope — a county's count of
//! 依法 (7,815 matches) read 7,594 pages of `case_fts` in 96 ms to find the 1,001 it needed.
//! Here the matches are read in the index's row order and each is checked against the scope
//! with a correlated probe of `case_scope` (the authority on visibility and the firewall),
//! which the planner cannot turn into a hash: the count stops at its cap, and newest first
//! (or by id) the page walks `case_fts` by case id and stops at the page.
//!
//! With other filters (status, dates, category…) the matches in scope that pass them may be
//! few among the index's matches, and the scope's own indexes lead as before.

use crate::Dialect;
use crate::search::CaseSort;
use crate::search_sql::ListSql;

impl ListSql {
    /// Whether the full-text index leads: PostgreSQL, full text over a subtree below the
    /// top with its scope token, no filter beside the scope and the firewall. (The province
    /// sees every case: its matches are the index's without a token, and the planner judges
    /// them rightly.)
    pub(crate) fn text_led(&self) -> bool {
        self.dialect == Dialect::Postgres
            && self.text_scoped
            && self.root.is_some()
            && self.conds.len() == self.scope_conds
    }

    /// The matching case `f.case_id` is in scope and passes the firewall.
    fn in_scope(&self) -> String {
        format!(
            "(SELECT 1 FROM case_scope s WHERE s.case_id = f.case_id AND {} LIMIT 1) IS NOT NULL",
            self.conds.join(" AND ")
        )
    }

    /// The index's matches (on PostgreSQL the full-text argument is the last one).
    fn matches(&self) -> String {
        format!("f.tsv @@ to_tsquery('simple', ${})", self.args.len())
    }

    /// The capped count, the index leading ([`ListSql::text_led`]).
    pub(crate) fn text_led_count(&self, cap: i64) -> String {
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM case_fts f WHERE {} AND {} \
             LIMIT {}) capped",
            self.matches(),
            self.in_scope(),
            cap + 1
        )
    }

    /// The page newest first or by id, the index leading; `None` for another order.
    pub(crate) fn text_led_page(&self, per_page: u32, offset: i64) -> Option<String> {
        let dir = match self.sort {
            CaseSort::Newest => "DESC",
            CaseSort::IdAsc => "ASC",
            _ => return None,
        };
        Some(format!(
            "SELECT f.case_id AS id FROM case_fts f WHERE {} AND {} \
             ORDER BY f.case_id {dir} LIMIT {per_page} OFFSET {offset}",
            self.matches(),
            self.in_scope()
        ))
    }
}
