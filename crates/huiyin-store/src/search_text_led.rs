//! PostgreSQL full text over a subtree with no other filter: the full-text index leads
//! (issue 18).
//!
//! Each case's full-text row carries a token for every unit the case is visible to
//! (`search_scope.rs`), so below the province the index's matches of "these words AND this
//! unit" are almost exactly the scope's matches (and the province's are the index's, as it
//! sees every case). The planner does not know that below the province: it takes the
//! scope's share of the whole table as the share of the matches in scope, expects twenty
//! times fewer, and builds a hash of every match to join with the scope — a county's count of
//! 依法 (7,815 matches) read 7,594 pages of `case_fts` in 96 ms to find the 1,001 it needed.
//! Here the matches are read in the index's row order and each is checked against the scope
//! with a correlated probe of `case_scope` (the authority on visibility and the firewall),
//! which the planner cannot turn into a hash: the count stops at its cap, and newest first
//! (or by id) the page walks `case_fts` by case id and stops at the page
//! ([`ListSql::text_led_page`]).
//!
//! When a walk in any order does not complete its page, the matches are sparse: every match
//! of the index is gathered and each looked up in the scope ([`ListSql::text_gathered_page`]).
//! With other filters (status, dates, category…) the matches in scope that pass them may be
//! few among the index's matches, and the scope's own indexes lead as before.

use huiyin_core::case::CaseId;

use crate::error::Result;
use crate::search::{CaseFilter, CaseSort, GATHER_AT_MOST, Page};
use crate::search_sql::ListSql;
use crate::search_walk::{Fallback, Walk};
use crate::{Dialect, Store};

/// Rows of the full-text table a newest-first walk reads at most (in case-id order, about
/// 1–2 µs a row): enough for twenty matches of a word in 0.1 % of all cases, the least a list
/// walked here holds (more than the capped count of 1,000 in scope, of a million).
const TEXT_LED_WALK: u32 = 20_000;

/// The same walk when the rows carry span tokens, which find sparser matches
/// (`search_spans.rs`): enough for twenty matches of a word in 1 % of the cases.
const SPAN_LED_WALK: u32 = 2_000;

impl ListSql {
    /// Whether the full-text index leads: PostgreSQL, full text over a subtree whose matches
    /// the index gives (with the subtree's scope token, or the whole tree), no filter beside
    /// the scope and the firewall.
    pub(crate) fn text_led(&self) -> bool {
        self.dialect == Dialect::Postgres
            && self.text_scoped
            && self.root.is_some()
            && self.conds.len() == self.scope_conds
    }

    /// The matches in scope, at most `cap + 1` of them, in no order
    /// ([`ListSql::text_led`]): the count and, when they are few, the list itself.
    pub(crate) fn text_led_ids(&self, cap: i64) -> String {
        format!(
            "SELECT f.case_id AS id FROM case_fts f WHERE {} AND {} LIMIT {}",
            self.matches(),
            self.in_scope(),
            cap + 1
        )
    }

    /// The page in any order from every match of the index, gathered first (a bitmap of the
    /// index, one row each), then each looked up in the scope by its key and sorted: for
    /// matches too sparse for a walk. The lookup is lateral, so the planner cannot choose to
    /// read the whole scope for a hash join instead (a province's million rows).
    pub(crate) fn text_gathered_page(&self, per_page: u32, offset: i64) -> String {
        self.gathered_from(&self.matches(), per_page, offset)
    }

    /// [`ListSql::text_gathered_page`] of the full-text rows that pass `matches`.
    pub(crate) fn gathered_from(&self, matches: &str, per_page: u32, offset: i64) -> String {
        format!(
            "WITH m AS MATERIALIZED (SELECT f.case_id FROM case_fts f WHERE {matches}) \
             SELECT s.case_id AS id FROM m CROSS JOIN LATERAL (SELECT {} FROM case_scope s \
             WHERE s.case_id = m.case_id AND {}) s ORDER BY {} LIMIT {per_page} OFFSET {offset}",
            self.walked_columns_and_status(),
            self.conds.join(" AND "),
            self.scoped_order()
        )
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
        format!("f.tsv @@ {}", self.matches_query())
    }

    /// The full-text query of the index's matches.
    pub(crate) fn matches_query(&self) -> String {
        format!("to_tsquery('simple', ${})", self.args.len())
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

    /// The page of every match sorted, for a walk that did not complete it: gathered from the
    /// index when it leads, else through the scope's indexes ([`ListSql::sorted_page`]).
    pub(crate) fn sparse_page(&self, per_page: u32, offset: i64) -> String {
        if self.text_led() {
            self.text_gathered_page(per_page, offset)
        } else {
            self.sorted_page(per_page, offset)
        }
    }

    /// The page newest first or by id, the index leading; `None` for another order.
    ///
    /// The full-text table is walked in case-id order, at most [`TEXT_LED_WALK`] rows, each
    /// row's words tested and each match checked against the scope; when the page is not
    /// complete within them, every match of the index is gathered and sorted instead. The
    /// walk is not left to the planner: it judges the words of a query independent, and
    /// words that go together (核定 and 教龄, 15,508 matches in a city) it took for 1,115 and
    /// gathered and sorted them all (231 ms), or, misjudging the other way, walked the whole
    /// table.
    pub(crate) fn text_led_page(&self, per_page: u32, offset: i64) -> Option<Walk> {
        let dir = match self.sort {
            CaseSort::Newest => "DESC",
            CaseSort::IdAsc => "ASC",
            _ => return None,
        };
        let tail = format!("ORDER BY f.case_id {dir} LIMIT {per_page} OFFSET {offset}");
        let (matches, in_scope) = (self.matches(), self.in_scope());
        // With span tokens a short walk serves the dense matches and the index the sparse
        // ones (`search_spans.rs`). A list's smaller walk budget (tests) shortens it too.
        let most = if self.span_width.is_some() {
            SPAN_LED_WALK
        } else {
            TEXT_LED_WALK
        };
        let budget = most.min(self.walk_budget.saturating_mul(2));
        let walk = format!(
            "SELECT f.case_id AS id FROM (SELECT f.case_id, f.tsv FROM case_fts f \
             ORDER BY f.case_id {dir} LIMIT {budget}) f WHERE {matches} AND {in_scope} {tail}"
        );
        let fallback = self.text_gathered_page(per_page, offset);
        let fallback = if self.span_width.is_some() {
            Fallback::Spans(fallback)
        } else {
            Fallback::Sorted(fallback)
        };
        Some(Walk::Bounded { walk, fallback })
    }
}

impl Store {
    /// Full text newest first or by id, the index leading: the matches in scope are read
    /// once, up to the cap; their number is the count and, when it is exact and small, their
    /// ids are the list the page is cut from (reading the same rows again for the page, each
    /// a page of the full-text table, cost as much as counting them: a city's search for a
    /// name, some hundreds of matches, 60–130 ms twice at 1M). `None` for another list.
    pub(crate) async fn text_led_list(&self, f: &CaseFilter, q: &ListSql) -> Result<Option<Page>> {
        if !(q.text_led()
            && f.count_cap > 0
            && matches!(q.sort, CaseSort::Newest | CaseSort::IdAsc))
        {
            return Ok(None);
        }
        let mut ids = self.page_ids(q, &q.text_led_ids(f.count_cap)).await?;
        let counted = ids.len() as i64;
        if counted == 0 {
            return Ok(Some(Page::empty()));
        }
        if counted > f.count_cap || counted > GATHER_AT_MOST {
            return self.walked_list(f, q, counted).await.map(Some);
        }
        ids.sort_unstable();
        if q.sort == CaseSort::Newest {
            ids.reverse();
        }
        let per_page = f.per_page.clamp(1, 500) as usize;
        let skip = (f.page.max(1) as usize - 1) * per_page;
        let page: Vec<CaseId> = ids.into_iter().skip(skip).take(per_page).collect();
        Ok(Some(Page {
            items: self.records_in_order(&page).await?,
            total: counted,
            total_exact: true,
        }))
    }
}
