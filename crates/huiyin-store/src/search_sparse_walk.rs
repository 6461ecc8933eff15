//! A list filtered by channel or petition type alone walks its order rather than gathering
//! every match (issue 18).
//!
//! A list of at most a thousand matches is gathered whole and sorted (`search.rs`): cheap when
//! an index leads with a filter (statuses, a category, received dates), since the gathering
//! reads only the matches. No index of `case_scope` leads with the channel or the petition
//! type, so gathering the county's 847 faxed accusations read every one of its 55,068 cases
//! (13 ms, 45 ms under the benchmark's four clients at a million cases), where walking the
//! order's index, newest received first, finds page 3's sixty matches among its first 4,000
//! rows or so. The walk is taken when the rows it is expected to read, the page's last
//! position times the scope's cases per match, are well within the walk's budget (a walk
//! that runs out of budget sorts the matches after all: `search_walk.rs`). The scope's size
//! is the per-(unit, day) rollup's, one row per day (`kpi_unit_daily`).

use crate::error::Result;
use crate::rows::i64_col;
use crate::search::CaseFilter;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

impl Store {
    /// Whether a list of `counted` matches (exact, at most the gathered size) is better
    /// walked than gathered: SQLite, a subtree scope, filtered only by channel and/or
    /// petition type, and the page expected within half the walk's budget.
    pub(crate) async fn walk_beats_gather(
        &self,
        f: &CaseFilter,
        q: &ListSql,
        counted: i64,
        last_position: i64,
    ) -> Result<bool> {
        let only_channel_or_type = f.category.is_none()
            && !f.filtered_beyond_type_channel_category()
            && (f.channel.is_some() || f.petition_type.is_some());
        let Some(root) = q.root else {
            return Ok(false);
        };
        if self.dialect != Dialect::Sqlite || !only_channel_or_type || counted <= 0 {
            return Ok(false);
        }
        let scope_size = i64_col(
            &sqlx::query(
                "SELECT COALESCE(SUM(received), 0) AS n FROM kpi_unit_daily WHERE unit_id = $1",
            )
            .bind(root)
            .fetch_one(self.reports())
            .await?,
            "n",
        )?;
        let expected_rows = last_position.saturating_mul(scope_size) / counted;
        Ok(expected_rows.saturating_mul(2) <= i64::from(q.walk_budget))
    }
}

impl ListSql {
    /// The page read by walking the order's own index to it, without a budget (SQLite, the
    /// orders an index of `case_scope` holds), or `None` for the orders merged from ranges
    /// (status, latest deadline first), which stop at the page already. Unbounded, because
    /// the matches need not be spread evenly: the county's newest 10,000 cases held 37 of
    /// its 847 faxed accusations (a day's intake of one matter), not the 154 an even spread
    /// gives, and a walk cut at its budget then sorted them all. Its worst case reads the
    /// scope once, as gathering does.
    pub(crate) fn unbounded_walk(&self, per_page: u32, offset: i64) -> Option<String> {
        if !self.order_held_by_an_index() {
            return None;
        }
        let (from, w) = self.steered(self.where_sql());
        Some(format!(
            "SELECT s.case_id AS id FROM {from} {w} ORDER BY {} LIMIT {per_page} OFFSET {offset}",
            self.walk_order()
        ))
    }
}
