//! The cluster warnings a live system would have raised over a history written in bulk (issue
//! 13 item 6). The demo generator writes its cases without judging any signal, so its chance
//! clusters (three people writing alike about one school within the window) stood unraised,
//! and every later registration about one of them raised a new warning — not what an office's
//! database holds, where each cluster was raised when its third petition came in. The recent
//! part of such a history is judged here, case by case in the order of registration, as each
//! registration would have judged it.

use std::sync::Arc;

use huiyin_core::Date;
use huiyin_text::Shingles;

use crate::warning_cluster::Joining;

/// Cases judged per read of their texts and petitioners.
const CHUNK: usize = 500;

impl crate::context::App {
    /// Judges the `cluster` signal for each case received from `since` on, in the order of
    /// registration (ids follow it), against the cases registered before it, and writes the
    /// warnings raised or joined, without staff messages (this is history, not news). Returns
    /// how many cases raised or joined a warning.
    pub async fn judge_history_clusters(&self, since: Date) -> crate::error::Result<u64> {
        let cases = self.store.cases_received_since(since).await?;
        let mut judged = 0u64;
        for chunk in cases.chunks(CHUNK) {
            let ids: Vec<_> = chunk.iter().map(|c| c.id).collect();
            let texts = self.store.case_texts(&ids).await?;
            let mut keys = self.store.petitioner_keys_of(&ids).await?;
            for c in chunk {
                let text =
                    texts
                        .get(&c.id)
                        .map_or_else(String::new, |[title, content, demands]| {
                            crate::register::petition_text(title, content, demands)
                        });
                let shingles = Arc::new(Shingles::of(&text));
                let sketch = shingles.sketch();
                let label = self
                    .categories()
                    .get(&c.category)
                    .map_or_else(|| c.category.clone(), |x| x.name_zh.clone());
                let raised = self
                    .cluster_warning(
                        &Joining {
                            concerned_unit_id: c.concerned_unit_id,
                            category: &c.category,
                            received_on: c.received_on,
                            new_shingles: &shingles,
                            new_sketch: sketch.as_ref(),
                            new_keys: keys.remove(&c.id).unwrap_or_default(),
                            category_label: &label,
                            accused_unit_id: c.walled_unit_id,
                            registered_before: Some(c.id),
                        },
                        c.receiving_unit_id,
                    )
                    .await?;
                // Later cases compare with this one from memory.
                self.shingles.insert(c.id, shingles);
                if let Some(raised) = raised {
                    self.store
                        .insert_warning(&raised.warning, &[c.id], self.now_ms())
                        .await?;
                    judged += 1;
                }
            }
        }
        Ok(judged)
    }
}
