//! Full-text pages on SQLite in the orders no index walk can give against the full-text
//! index directly: by status and the latest deadline first (issue 12 item 4, issue 18).
//!
//! Sorting every match in scope cost 0.6–0.8 s at a million cases for a common word (学校 in
//! a city: 145,000 matches, each looked up in `case_scope` for its status and deadline, then
//! sorted). Walking each status's range of `case_scope_status_due` against the matches, the
//! way `search_merge.rs` merges the plain lists, needs the matches as a set the walk can
//! probe — and SQLite builds the set of an `IN (SELECT … MATCH …)` once per range (14
//! times: 257 ms), while probing the full-text index row by row costs ~50 µs a row.
//!
//! So the matches are staged once in a temporary table of the connection (`page_matches`,
//! its rowid the case id: an `IN` probes it directly, no set is built), which takes about
//! as long as the index takes to return them (41 ms for those 145,000), and the page is
//! then either merged from the ranges, each stopping at the page (under 2 ms), or, when the
//! matches are few, sorted from the staged ids.

use crate::Store;
use crate::error::Result;
use crate::rows::i64_col;
use crate::search_sql::ListSql;

/// How a staged page is read.
pub(crate) struct Staged {
    /// Fills `page_matches` from the full-text index (one argument: the `MATCH` text).
    pub fill: String,
    pub text: String,
    /// The page merged from the order's ranges over `page_matches`.
    pub merged: String,
    /// The page sorted from every staged match.
    pub sorted: String,
    /// Staged matches above which the page is merged rather than sorted: the list's walk
    /// budget (10,000 by default: sorting that many staged matches costs about what the
    /// ranges of a province cost to walk at that density, 20 cases a range among 1 % of its
    /// rows).
    pub merge_above: u64,
}

impl ListSql {
    /// The staged reading of this full-text page (SQLite, a subtree scope), when the order
    /// is one the merge gives.
    pub(crate) fn staged_page(&self, per_page: u32, offset: i64) -> Option<Staged> {
        // On SQLite the full-text argument is the last one (`ListSql::build`).
        let text = self.args.last()?.clone();
        self.text.as_ref()?;
        let merged = self.merged_staged_page(per_page, offset, "page_matches")?;
        let sorted = format!(
            "SELECT s.case_id AS id FROM page_matches m CROSS JOIN case_scope s \
             ON s.unit_id = {} AND s.case_id = m.id {} ORDER BY {} LIMIT {per_page} OFFSET {offset}",
            self.root?,
            self.where_of(None),
            self.scoped_order()
        );
        Some(Staged {
            fill:
                "INSERT INTO page_matches (id) SELECT rowid FROM case_fts WHERE case_fts MATCH $1"
                    .to_owned(),
            text,
            merged,
            sorted,
            merge_above: u64::from(self.walk_budget),
        })
    }
}

impl Store {
    /// The ids of a staged page, read on one connection (the temporary table is the
    /// connection's own, emptied again before the connection goes back to the pool).
    pub(crate) async fn staged_page_ids(&self, q: &ListSql, st: &Staged) -> Result<Vec<i64>> {
        let mut conn = self.reports().acquire().await?;
        sqlx::query("CREATE TEMP TABLE IF NOT EXISTS page_matches (id INTEGER PRIMARY KEY)")
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM page_matches")
            .execute(&mut *conn)
            .await?;
        let staged = sqlx::query(sqlx::AssertSqlSafe(st.fill.clone()))
            .bind(st.text.clone())
            .execute(&mut *conn)
            .await?
            .rows_affected();
        let sql = if staged > st.merge_above {
            &st.merged
        } else {
            &st.sorted
        };
        let rows = q.bind(sql).fetch_all(&mut *conn).await;
        sqlx::query("DELETE FROM page_matches")
            .execute(&mut *conn)
            .await?;
        rows?.iter().map(|r| i64_col(r, "id")).collect()
    }
}
