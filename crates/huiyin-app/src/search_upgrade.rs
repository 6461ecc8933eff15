//! The upgrade of a database written before scope tokens (issue 18): every case's full-text
//! row is rewritten with the tokens of the units it is visible to (`huiyin_store`'s
//! `search_scope.rs`). The app does it: a row's text tokens are
//! computed in Rust from the case's texts and names (`case_search_tokens`; FTS5 keeps no
//! content). Searches work throughout (without scope tokens until the last row is written).

use huiyin_store::CaseRecord;

use crate::context::App;
use crate::error::Result;
use crate::register::case_search_tokens;

/// Cases rewritten per transaction.
const BATCH: i64 = 500;

impl App {
    /// Rewrites every full-text row with its scope tokens unless that is done already;
    /// returns how many rows were rewritten. Each batch records its last case, so a stopped
    /// server resumes there. Logs progress every 50,000 cases.
    pub async fn upgrade_search_scope(&self) -> Result<u64> {
        if self.store.search_scope_ready().await? {
            return Ok(0);
        }
        // Resumed after the last batch an earlier run wrote.
        let mut after = self.store.search_scope_progress().await?;
        tracing::info!(
            after_case = after,
            "rewriting the full-text index with scope tokens (issue 18)"
        );
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
                    rows.push((id, case_search_tokens(&case, &petitioners)));
                }
            }
            self.store
                .reindex_search_rows(&rows, last, self.now_ms())
                .await?;
            done += rows.len() as u64;
            if done % 50_000 < BATCH as u64 {
                tracing::info!(cases = done, "full-text scope tokens written");
            }
            after = last;
        }
        self.store.mark_search_scope_ready(self.now_ms()).await?;
        tracing::info!(cases = done, "full-text index carries scope tokens");
        Ok(done)
    }
}
