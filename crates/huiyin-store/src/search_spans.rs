//! PostgreSQL full text newest first (or by id) when the matches are too sparse for a walk
//! of the newest rows (issue 18).
//!
//! Each full-text row carries the token of the span of case ids its case falls in
//! (`huiyin_text::span_token`, [`huiyin_text::SPAN_CASES`] ids a span). When a short walk of
//! the newest rows does not complete the page ([`ListSql::text_led_page`]), the index is
//! asked for "these words (and this unit) in the newest spans": it intersects the lists
//! itself, so only the matches in those spans are read from the table, each looked up in
//! the scope (the authority on visibility and the firewall) and sorted. The window grows —
//! [`SPAN_WINDOWS`] spans, each window holding the ones before it — until it holds the page;
//! the last resort gathers every match ([`ListSql::text_gathered_page`]). Since the spans
//! are ranges of ids and a window is every span from the newest (oldest) down (up) to its
//! edge, the page a window completes is the page of the whole list.
//!
//! Before span tokens a walk read up to 20,000 rows of the table (1.4 KB each, the words
//! tested in each) and, when they did not hold the page, gathered every match of the index:
//! a word in some 15,000 of a city's cases but few of the newest fetched and sorted them all.

use huiyin_core::case::CaseId;

use crate::Store;
use crate::error::Result;
use crate::rows::opt_i64;
use crate::search::CaseSort;
use crate::search_sql::ListSql;

/// The windows tried, in spans from the newest (oldest) one: with 10,000 ids a span, the
/// newest 20,000, 100,000 and 500,000 cases.
pub(crate) const SPAN_WINDOWS: [i64; 3] = [2, 10, 50];

impl ListSql {
    /// The page of the matches in the `spans` spans nearest the newest case (or the oldest,
    /// by id), in the list's order; `None` when that window holds every span from `lo` to
    /// `hi` (the oldest and newest case ids): then it is every match, the gathered page.
    pub(crate) fn span_window_page(
        &self,
        (lo, hi): (i64, i64),
        spans: i64,
        per_page: u32,
        offset: i64,
    ) -> Option<String> {
        let width = self.span_width?;
        let (low, high) = (lo.div_euclid(width), hi.div_euclid(width));
        let window: Vec<i64> = match self.sort {
            CaseSort::Newest if high - spans + 1 > low => (high - spans + 1..=high).rev().collect(),
            CaseSort::IdAsc if low + spans - 1 < high => (low..low + spans).collect(),
            _ => return None,
        };
        // The tokens are digits after a fixed prefix: safe to write into the statement.
        let tokens: Vec<String> = window
            .iter()
            .map(|s| huiyin_text::span_token(s * width, width))
            .collect();
        let in_spans = format!(
            "f.tsv @@ ({} && to_tsquery('simple', '{}'))",
            self.matches_query(),
            tokens.join(" | ")
        );
        Some(self.gathered_from(&in_spans, per_page, offset))
    }
}

impl Store {
    /// The page of a span walk whose first short walk did not complete it: window after
    /// window, then `fallback` (every match gathered).
    pub(crate) async fn span_page_ids(
        &self,
        q: &ListSql,
        per_page: u32,
        offset: i64,
        fallback: &str,
    ) -> Result<Vec<CaseId>> {
        let row = sqlx::query("SELECT MIN(case_id) AS lo, MAX(case_id) AS hi FROM case_fts")
            .fetch_one(self.reports())
            .await?;
        if let (Some(lo), Some(hi)) = (opt_i64(&row, "lo")?, opt_i64(&row, "hi")?) {
            for spans in SPAN_WINDOWS {
                let Some(sql) = q.span_window_page((lo, hi), spans, per_page, offset) else {
                    break;
                };
                let ids = self.page_ids(q, &sql).await?;
                if ids.len() == per_page as usize {
                    return Ok(ids);
                }
            }
        }
        self.page_ids(q, fallback).await
    }
}
