//! Pages of dense matches (more than the capped count): the requested order is walked and
//! the walk stops at the page.
//!
//! On SQLite, which plans without statistics, the order's index is named. A walk is cheap
//! when the matches are spread along the order, and slow when they gather at its far end —
//! the cases without a deadline (every concluded case) sort last by due date, old cases last
//! newest first — so a walk of a scope reads at most [`CaseFilter::walk_budget`] rows of the
//! order's index; when the page is not complete within them, the page is taken by sorting
//! the matches found through the filters' own index instead ([`ListSql::sorted_page`]).

use crate::Dialect;
#[cfg(doc)]
use crate::search::CaseFilter;
use crate::search::CaseSort;
use crate::search_merge::{NO_DUE, status_rank};
use crate::search_sql::ListSql;

/// The columns a walked page on SQLite keeps out of index choice (`+s.col`) when it must read
/// the scope in id order.
const FILTER_COLUMNS: [&str; 7] = [
    "status",
    "received_on",
    "due_key",
    "category",
    "channel",
    "petition_type",
    "handling_unit_id",
];

/// Rows of the order's index a bounded walk reads at most by default (a few milliseconds when
/// the index holds the filter columns).
pub(crate) const WALK_BUDGET: u32 = 10_000;

/// Rows a PostgreSQL full-text walk probes at most before it collects and sorts the matches
/// instead (about 10 ms of probes at 1M cases): enough for a word in 1% of the scope's
/// cases, little lost when the word is rarer.
const POSTGRES_TEXT_WALK: u32 = 2_000;

/// How a walked page is read.
pub(crate) enum Walk {
    /// One query gives the page.
    Page(String),
    /// A bounded walk: its page is right when it is complete, otherwise `fallback` gives it.
    Bounded { walk: String, fallback: Fallback },
    /// Full-text matches staged in a temporary table first (`search_staged.rs`).
    Staged(crate::search_staged::Staged),
    /// PostgreSQL's sparse matches read range by range (`search_range_walks.rs`).
    Ranges(crate::search_range_walks::RangeWalks),
    /// SQLite's ranges of different ranks read one rank after another (`search_ranked.rs`).
    Ranked(crate::search_ranked::RankedPage),
}

/// What gives the page of a bounded walk that did not complete it.
pub(crate) enum Fallback {
    /// One query: every match sorted.
    Sorted(String),
    /// PostgreSQL full text newest first or by id: the index asked for the matches in growing
    /// windows of span tokens, then the query (`search_spans.rs`).
    Spans(String),
    /// Ranges read rank by rank (`search_ranked.rs`).
    Ranked(crate::search_ranked::RankedPage),
}

impl ListSql {
    /// The order of the whole list over `case_scope`.
    pub(crate) fn scoped_order(&self) -> String {
        match self.sort {
            CaseSort::DueDesc => format!(
                "CASE WHEN s.due_key = '{NO_DUE}' THEN 1 ELSE 0 END, s.due_key DESC, s.case_id DESC"
            ),
            CaseSort::StatusAsc => format!(
                "{} ASC, s.due_key ASC, s.case_id ASC",
                status_rank("s.status")
            ),
            CaseSort::StatusDesc => format!(
                "{} DESC, s.due_key DESC, s.case_id DESC",
                status_rank("s.status")
            ),
            _ => self.walk_order().to_owned(),
        }
    }

    /// Whether one index of `case_scope` holds the list's order (newest, by id, by received
    /// date, soonest deadline first); the others are merged from ranges (`search_merge.rs`).
    pub(crate) fn order_held_by_an_index(&self) -> bool {
        matches!(
            self.sort,
            CaseSort::Newest
                | CaseSort::IdAsc
                | CaseSort::ReceivedDesc
                | CaseSort::ReceivedAsc
                | CaseSort::DueAsc
        )
    }

    /// The order an index is walked in: the list's order, or for the latest deadline first
    /// the part of it with a deadline (a walk keeps to `due_key < NO_DUE`).
    pub(crate) fn walk_order(&self) -> &'static str {
        match self.sort {
            CaseSort::Newest => "s.case_id DESC",
            CaseSort::ReceivedDesc => "s.received_on DESC, s.case_id DESC",
            CaseSort::ReceivedAsc => "s.received_on ASC, s.case_id ASC",
            CaseSort::DueAsc => "s.due_key ASC, s.case_id ASC",
            CaseSort::IdAsc => "s.case_id ASC",
            CaseSort::DueDesc => "s.due_key DESC, s.case_id DESC",
            // Never walked: merged from each status's range (`search_merge.rs`).
            CaseSort::StatusAsc => "s.status ASC, s.due_key ASC, s.case_id ASC",
            CaseSort::StatusDesc => "s.status DESC, s.due_key DESC, s.case_id DESC",
        }
    }

    /// The page read by walking the requested order and stopping at it (for dense matches).
    pub(crate) fn walked_page(&self, per_page: u32, offset: i64) -> Walk {
        let sqlite_text = self.dialect == Dialect::Sqlite && self.text.is_some();
        let tail = format!("LIMIT {per_page} OFFSET {offset}");
        if let Some(sql) = self.handling_due_page(per_page, offset) {
            return Walk::Page(sql);
        }
        if !self.scoped {
            let order = match self.sort {
                CaseSort::Newest if sqlite_text => "f.rowid DESC",
                CaseSort::Newest => "c.id DESC",
                CaseSort::ReceivedDesc => "c.received_on DESC, c.id DESC",
                CaseSort::ReceivedAsc => "c.received_on ASC, c.id ASC",
                CaseSort::DueAsc => {
                    "CASE WHEN c.next_due_on IS NULL THEN 1 ELSE 0 END, c.next_due_on ASC, c.id ASC"
                }
                CaseSort::IdAsc => "c.id ASC",
                CaseSort::DueDesc => {
                    "CASE WHEN c.next_due_on IS NULL THEN 1 ELSE 0 END, c.next_due_on DESC, c.id DESC"
                }
                CaseSort::StatusAsc | CaseSort::StatusDesc => {
                    let rank = status_rank("c.status");
                    let dir = if self.sort == CaseSort::StatusDesc {
                        "DESC"
                    } else {
                        "ASC"
                    };
                    return Walk::Page(format!(
                        "SELECT c.id AS id FROM {} {} ORDER BY {rank} {dir}, \
                         COALESCE(c.next_due_on, '{NO_DUE}') {dir}, c.id {dir} {tail}",
                        self.from,
                        self.where_sql()
                    ));
                }
            };
            return Walk::Page(format!(
                "SELECT c.id AS id FROM {} {} ORDER BY {order} {tail}",
                self.from,
                self.where_sql()
            ));
        }
        if let Some(walk) = self.postgres_deadline_walk(per_page, offset) {
            return walk;
        }
        if let Some(ranked) = self.ranked_page(per_page, offset) {
            return Walk::Ranked(ranked);
        }
        if let Some(ranges) = self.range_walks(per_page, offset) {
            return Walk::Ranges(ranges);
        }
        // The orders merged from ranges already in the page's order (`search_merge.rs`) in
        // one statement: ranges of one rank, and on PostgreSQL those of a list nothing but
        // its statuses filters (other ranks are read rank by rank above, full text on
        // PostgreSQL range by range).
        if self.text.is_none()
            && !self.narrow_category
            && let Some(sql) = self.merged_page(per_page, offset)
        {
            return Walk::Page(sql);
        }
        // Full text in an order an index holds (not newest): the matches in scope are taken
        // from the index as a set (SQLite keeps it as a temporary index) and the order's own
        // index is walked against it — a common word in a city, received date first: 128 →
        // 48 ms; a county: 26 → 13 ms; the province: 310 → 87 ms. The orders no index holds
        // (latest deadline, status) merge ranges over the matches staged in a table.
        let walk_text = sqlite_text
            && matches!(
                self.sort,
                CaseSort::ReceivedDesc | CaseSort::ReceivedAsc | CaseSort::DueAsc | CaseSort::IdAsc
            );
        if sqlite_text
            && !self.narrow_category
            && matches!(
                self.sort,
                CaseSort::StatusAsc | CaseSort::StatusDesc | CaseSort::DueDesc
            )
            && let Some(staged) = self.staged_page(per_page, offset)
        {
            return Walk::Staged(staged);
        }
        if self.text_led()
            && let Some(walk) = self.text_led_page(per_page, offset)
        {
            return walk;
        }
        if let Some(walk) = self.postgres_text_walk(per_page, offset) {
            return walk;
        }
        // A category read as one key (`search_leaf_category.rs`), alone, with more matches
        // than the capped count: newest first, by id or soonest deadline first the order's
        // index is walked (the province's 23,825 学历学位证书, newest first: 840 rows for
        // page 1 instead of sorting them all, 7.4 ms); by received date its own index is in
        // order. With another filter beside it the matches can be too sparse for the walk's
        // budget (a category's joint letters of appeal: one case in 560), and are sorted.
        let walk_beside_category = self.category_alone
            && matches!(
                self.sort,
                CaseSort::Newest | CaseSort::IdAsc | CaseSort::DueAsc
            );
        if (sqlite_text && !walk_text)
            || self.dialect != Dialect::Sqlite
            || (self.narrow_category && !walk_text && !walk_beside_category)
        {
            // Newest first, the full-text index drives the query; PostgreSQL plans from
            // statistics; a category below the top level is read from its index and sorted
            // (a few thousand rows even for the province, where walking the order would skip
            // most of them).
            let order = if sqlite_text && self.sort == CaseSort::Newest {
                "f.rowid DESC".to_owned()
            } else {
                self.scoped_order()
            };
            return Walk::Page(format!(
                "SELECT s.case_id AS id FROM {} {} ORDER BY {order} {tail}",
                self.from,
                self.where_sql()
            ));
        }
        let order = self.walk_order();
        let text_set = self
            .text
            .as_ref()
            .map(|t| format!("s.case_id IN (SELECT rowid FROM case_fts WHERE {t})"));
        if walk_text {
            let (from, w) = self.steered(self.where_of(text_set.as_deref()));
            return Walk::Page(format!(
                "SELECT s.case_id AS id FROM {from} {w} ORDER BY {order} {tail}"
            ));
        }
        // The scope's first rows in the order (within the order's own range conditions),
        // then the other filters on them. A subquery with a LIMIT under an outer WHERE is
        // never flattened, so the budget holds.
        let (from, _) = self.steered(String::new());
        let cols = self.walked_columns();
        let leading = match self.sort {
            CaseSort::ReceivedDesc | CaseSort::ReceivedAsc => Some("s.received_on"),
            CaseSort::DueAsc | CaseSort::DueDesc => Some("s.due_key"),
            // The ids of the received dates (`search_date_ids.rs`): a range of the table.
            CaseSort::Newest | CaseSort::IdAsc => Some("s.case_id BETWEEN"),
            CaseSort::StatusAsc | CaseSort::StatusDesc => None,
        };
        let mut inner = vec![format!("s.unit_id = {}", self.root.unwrap_or_default())];
        if self.sort == CaseSort::DueDesc {
            // Walked backwards, the cases without a deadline would come first.
            inner.push(format!("s.due_key < '{NO_DUE}'"));
        }
        inner.extend(
            self.conds
                .iter()
                .filter(|c| leading.is_some_and(|col| c.contains(col)))
                .cloned(),
        );
        let budget = self.walk_budget;
        let walk = format!(
            "SELECT s.case_id AS id FROM (SELECT {cols} FROM {from} WHERE {} \
             ORDER BY {order} LIMIT {budget}) s {} ORDER BY {order} {tail}",
            inner.join(" AND "),
            self.where_sql()
        );
        let fallback = match self.open_first_page(per_page, offset) {
            Some(ranked) => Fallback::Ranked(ranked),
            None => Fallback::Sorted(self.sorted_page(per_page, offset)),
        };
        Walk::Bounded { walk, fallback }
    }

    /// Full text on PostgreSQL in an order an index holds (newest, by id, by received date,
    /// soonest deadline first), over a subtree with more matches than the capped count: the
    /// scope's first [`POSTGRES_TEXT_WALK`] rows in that order (fewer with a smaller
    /// [`CaseFilter::walk_budget`]), each case's full-text row
    /// probed (a correlated subquery, so the planner cannot turn it into collecting every
    /// match first), the walk stopping at the page; when the page is not complete within the
    /// budget, the matches are collected and sorted as before. Collecting first is what the
    /// planner chose on its own, and what a common word made slow: 7,641 matches of two words
    /// in a city took 154 ms to collect, fetch and sort where walking the city's newest 2,000
    /// cases and probing each takes 10 ms (1M cases, `docs/PERFORMANCE.md`).
    fn postgres_text_walk(&self, per_page: u32, offset: i64) -> Option<Walk> {
        if self.dialect != Dialect::Postgres
            || self.text.is_none()
            || self.narrow_category
            || !self.order_held_by_an_index()
        {
            return None;
        }
        let root = self.root?;
        let probe = self.text_probe();
        let order = self.walk_order();
        let leading = match self.sort {
            CaseSort::ReceivedDesc | CaseSort::ReceivedAsc => Some("s.received_on"),
            CaseSort::DueAsc => Some("s.due_key"),
            _ => None,
        };
        let mut inner = vec![format!("s.unit_id = {root}")];
        inner.extend(
            self.conds
                .iter()
                .filter(|c| leading.is_some_and(|col| c.contains(col)))
                .cloned(),
        );
        let walk = format!(
            "SELECT s.case_id AS id FROM (SELECT {} FROM case_scope s WHERE {} \
             ORDER BY {order} LIMIT {}) s {} ORDER BY {order} LIMIT {per_page} OFFSET {offset}",
            self.walked_columns(),
            inner.join(" AND "),
            self.walk_budget.min(POSTGRES_TEXT_WALK),
            self.where_of(Some(&probe)),
        );
        Some(Walk::Bounded {
            walk,
            fallback: Fallback::Sorted(self.sparse_page(per_page, offset)),
        })
    }

    /// The page of every match sorted, the matches found through whichever index SQLite
    /// picks for the filters (a category's, a date range's, a status's).
    pub(crate) fn sorted_page(&self, per_page: u32, offset: i64) -> String {
        format!(
            "SELECT s.case_id AS id FROM {} {} ORDER BY {} LIMIT {per_page} OFFSET {offset}",
            self.from,
            self.where_sql(),
            self.scoped_order()
        )
    }

    /// The scope table with the order's index named, and `where_sql` adjusted for it.
    pub(crate) fn steered(&self, where_sql: String) -> (String, String) {
        let named = |index: &str| format!("case_scope s INDEXED BY {index}");
        match self.sort {
            CaseSort::Newest | CaseSort::IdAsc => {
                // The table itself is in id order; `+` keeps every filter column from
                // choosing an index instead (INDEXED BY cannot name a primary key).
                let mut w = where_sql;
                for col in FILTER_COLUMNS {
                    w = w.replace(&format!("s.{col}"), &format!("+s.{col}"));
                }
                ("case_scope s".to_owned(), w)
            }
            CaseSort::ReceivedDesc | CaseSort::ReceivedAsc => {
                (named("case_scope_received"), where_sql)
            }
            CaseSort::DueAsc | CaseSort::DueDesc => (named("case_scope_due"), where_sql),
            CaseSort::StatusAsc | CaseSort::StatusDesc => {
                (named("case_scope_status_due"), where_sql)
            }
        }
    }

    /// The full-text condition on PostgreSQL as a probe of the case `s.case_id`'s own row (a
    /// correlated subquery, which the planner cannot turn into collecting every match first).
    /// On PostgreSQL the full-text argument is the last one (`ListSql::build`).
    pub(crate) fn text_probe(&self) -> String {
        format!(
            "(SELECT f.tsv @@ to_tsquery('simple', ${}) FROM case_fts f WHERE f.case_id = s.case_id)",
            self.args.len()
        )
    }

    /// [`ListSql::walked_columns`] and the status, which the ranges of a merged order name
    /// and the status orders sort on.
    pub(crate) fn walked_columns_and_status(&self) -> String {
        let mut cols = self.walked_columns();
        if !cols.contains("s.status") {
            cols.push_str(", s.status");
        }
        cols
    }

    /// The columns a bounded walk's subquery hands to the filters: the id, the sort keys and
    /// each column a condition names (only those, so the order's index covers them: every
    /// index of `case_scope` holds every filtered column, migration 0057).
    pub(crate) fn walked_columns(&self) -> String {
        let w = self.where_sql();
        let mut cols = vec!["s.case_id".to_owned()];
        for col in FILTER_COLUMNS
            .iter()
            .chain(&["unit_id", "walled_unit_id", "registered_by"])
        {
            let name = format!("s.{col}");
            let sort_key = matches!(*col, "received_on" | "due_key");
            if sort_key || w.contains(&name) {
                cols.push(name);
            }
        }
        cols.join(", ")
    }
}
