//! The rewrite of the full-text rows of a database written before scope tokens (issue 18) or
//! with older text-token rules (`huiyin_text::INDEX_TOKENS_VERSION`, issue 12): every case's
//! row is rewritten with the current text tokens and the tokens of the units it is visible to
//! (`huiyin_store`'s `search_scope.rs`). The app does it: a row's text tokens are computed in
//! Rust from the case's texts and names (`case_search_tokens`; FTS5 keeps no content).
//! Searches work throughout: without scope tokens until the last row is written if they were
//! missing, and with the older text tokens on the rows not yet rewritten.

use huiyin_store::CaseRecord;
use huiyin_text::INDEX_TOKENS_VERSION;

use crate::context::App;
use crate::error::Result;
use crate::register::case_search_tokens;

/// Cases rewritten per transaction.
const BATCH: i64 = 500;

impl App {
    /// Rewrites every full-text row unless each carries its scope tokens and the current
    /// text tokens already; returns how many rows were rewritten. Each batch records its last
    /// case, so a stopped server resumes there. Logs progress every 50,000 cases.
    pub async fn upgrade_search_index(&self) -> Result<u64> {
        let scope_ready = self.store.search_scope_ready().await?;
        let version = self.store.search_tokens_version().await?;
        if scope_ready && version == INDEX_TOKENS_VERSION {
            return Ok(0);
        }
        // Resumed after the last batch an earlier run wrote.
        let mut after = self.store.search_scope_progress().await?;
        tracing::info!(
            after_case = after,
            scope_tokens = scope_ready,
            from_version = version,
            to_version = INDEX_TOKENS_VERSION,
            "rewriting the full-text index"
        );
        let ring = self.store.keys().map(|k| k.ring());
        let mut done: u64 = 0;
        loop {
            let ids = self.store.case_ids_after(after, BATCH).await?;
            let Some(&last) = ids.last() else { break };
            let mut rows = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(CaseRecord {
                    case, petitioners, ..
                }) = self.store.case(id).await?
                {
                    rows.push((id, case_search_tokens(ring.as_deref(), &case, &petitioners)));
                }
            }
            self.store
                .reindex_search_rows(&rows, last, self.now_ms())
                .await?;
            done += rows.len() as u64;
            if done % 50_000 < BATCH as u64 {
                tracing::info!(cases = done, "full-text rows rewritten");
            }
            after = last;
        }
        self.store
            .mark_search_index_current(INDEX_TOKENS_VERSION, self.now_ms())
            .await?;
        tracing::info!(cases = done, "full-text index is current");
        Ok(done)
    }
}
