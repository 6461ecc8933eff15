//! The `cluster` signal judged after the registration's commit, from the durable queue (issue
//! 13 items 1 and 6; migration 0072). Judged in the registration's transaction, the signal was
//! the whole of the signals' cost to intake: every registration read its matter's candidates
//! and every join rewrote its warning (docs/PERFORMANCE.md, "What the signals' cost is made
//! of"). Now a registration writes its case's queue row with the case, and after the commit
//! the queued cases are judged together, in the order of registration:
//!
//! - the candidates of one matter are read once for the cases of the batch about it, each case
//!   judged against those registered before it, the joins made earlier in the batch included;
//! - the joins of one warning are written as one, with the queue rows' deletion, in one
//!   transaction ([`huiyin_store::Store::write_cluster_judgements`]).
//!
//! The registration that finds no judge at work on this server judges the queue itself before
//! it answers, so a petitioner's third registration answers with its cluster raised; one that
//! finds a judge at work leaves its case to it (the judge looks at the queue once more before it
//! stops). Rows another server queued, or a crash left, are judged at the next registration and
//! at every scan of the scheduler (`scanner.rs`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_store::{ClusterLink, HistoryCase, MatterCase, NewWarning};
use huiyin_text::Shingles;

use crate::error::Result;
use crate::warning_cluster::{CLUSTER_CANDIDATES, Joining};

/// How often a server judges what is left in the queue (queued by another server, or left by
/// a crash).
pub const CLUSTER_QUEUE_SWEEP_SECS: u64 = 5;

/// Queued cases judged per read of the queue.
const BATCH: i64 = 256;

/// Batches in a row another server judged first, after which this judge leaves the queue to it.
const LOST_BATCHES: usize = 3;

/// Batches a request judges before it hands the rest to a task of its own: under a steady
/// stream of registrations the queue is never empty, and one request must not wait for all.
const BATCHES_IN_REQUEST: usize = 4;

/// Who judges the queue on this server: one judge at a time.
#[derive(Default)]
pub(crate) struct ClusterJudge {
    lock: tokio::sync::Mutex<()>,
    /// A registration queued a case since the judge last read the queue.
    queued: AtomicBool,
}

/// The joins made earlier in a batch, as the candidates read before the batch do not show them.
#[derive(Default)]
struct Joined {
    /// Each warning's level and owner after its latest join.
    warnings: HashMap<i64, ClusterLink>,
    /// The warnings each case was linked to.
    links: HashMap<CaseId, Vec<i64>>,
}

impl Joined {
    fn record(&mut self, case_id: CaseId, w: &NewWarning) {
        let Some(id) = w.join_warning_id else { return };
        self.warnings.insert(
            id,
            ClusterLink {
                warning_id: id,
                level: w.level,
                unit_id: w.unit_id,
            },
        );
        for c in std::iter::once(&case_id).chain(&w.other_case_ids) {
            let links = self.links.entry(*c).or_default();
            if !links.contains(&id) {
                links.push(id);
            }
        }
    }

    /// A candidate as it stands after the batch's joins so far.
    fn apply(&self, mut c: MatterCase) -> MatterCase {
        for link in &mut c.clusters {
            if let Some(now) = self.warnings.get(&link.warning_id) {
                *link = now.clone();
            }
        }
        for id in self.links.get(&c.id).into_iter().flatten() {
            if !c.clusters.iter().any(|l| l.warning_id == *id)
                && let Some(now) = self.warnings.get(id)
            {
                c.clusters.push(now.clone());
            }
        }
        c
    }
}

/// The candidates read for the batch's cases about one matter on one day: those registered
/// before the batch's last case, newest first.
struct MatterRead {
    candidates: Vec<MatterCase>,
    /// The read returned as many as it asked for: older candidates may exist.
    full: bool,
}

impl crate::context::App {
    /// After a registration queued for the cluster signal has committed: judges the queue,
    /// unless a judge of this server is at work (it takes this case too). A failure is logged,
    /// not returned: the case is registered, and its row waits for the next judge.
    pub(crate) async fn judge_cluster_queue_after_commit(&self) {
        self.cluster_judge.queued.store(true, Ordering::SeqCst);
        let mut budget = BATCHES_IN_REQUEST;
        loop {
            let Ok(guard) = self.cluster_judge.lock.try_lock() else {
                return;
            };
            self.cluster_judge.queued.store(false, Ordering::SeqCst);
            match self.judge_cluster_queue_locked(&mut budget).await {
                Ok((_, true)) => {}
                // Registrations keep coming: a task of its own goes on with them.
                Ok((_, false)) => {
                    drop(guard);
                    let app = self.clone();
                    tokio::spawn(async move {
                        if let Err(e) = app.judge_cluster_queue_until_empty().await {
                            tracing::warn!(error = %e, "cluster queue: judging failed; the cases stay queued");
                        }
                    });
                    return;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cluster queue: judging failed; the cases stay queued");
                    return;
                }
            }
            drop(guard);
            // Queued while this judge held the lock: judged now, unless another took over.
            if !self.cluster_judge.queued.load(Ordering::SeqCst) {
                return;
            }
        }
    }

    /// Judges the queue until it is empty, waiting for a judge at work on this server (the
    /// scheduler, a task handed the rest, tests). Returns how many cases were judged.
    pub async fn judge_cluster_queue_until_empty(&self) -> Result<usize> {
        let mut judged = 0;
        loop {
            let guard = self.cluster_judge.lock.lock().await;
            self.cluster_judge.queued.store(false, Ordering::SeqCst);
            let mut budget = usize::MAX;
            judged += self.judge_cluster_queue_locked(&mut budget).await?.0;
            drop(guard);
            if !self.cluster_judge.queued.load(Ordering::SeqCst) {
                return Ok(judged);
            }
        }
    }

    /// How many cases wait for the cluster signal.
    pub async fn cluster_queue_depth(&self) -> Result<i64> {
        Ok(self.store.cluster_queue_depth().await?)
    }

    /// Judges the queued cases, a batch at a time, until none is left or `budget` batches
    /// are spent; the caller holds the judge's lock. Returns how many cases it judged and
    /// whether it found the queue empty.
    async fn judge_cluster_queue_locked(&self, budget: &mut usize) -> Result<(usize, bool)> {
        let (mut judged, mut lost) = (0, 0);
        loop {
            let ids = self.store.queued_cluster_cases(BATCH).await?;
            if ids.is_empty() {
                return Ok((judged, true));
            }
            if *budget == 0 {
                return Ok((judged, false));
            }
            *budget -= 1;
            if self.judge_batch(&ids).await? {
                judged += ids.len();
                lost = 0;
            } else {
                // Another server judged some of them first; that one goes on with the rest.
                lost += 1;
                if lost >= LOST_BATCHES {
                    return Ok((judged, true));
                }
            }
        }
    }

    /// Judges one batch of queued cases and writes what they raised; false when another
    /// server judged some of them first (nothing written).
    async fn judge_batch(&self, ids: &[CaseId]) -> Result<bool> {
        let cases = self.store.cluster_cases(ids).await?;
        let mut keys = self.store.petitioner_keys_of(ids).await?;
        let case_ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
        let unseen: Vec<CaseId> = case_ids
            .iter()
            .zip(self.shingles.get_many(&case_ids))
            .filter_map(|(id, kept)| kept.is_none().then_some(*id))
            .collect();
        let texts = self.store.case_texts(&unseen).await?;
        let last = cases.iter().map(|c| c.id).max().unwrap_or_default();
        let mut reads: HashMap<(UnitId, String, huiyin_core::Date), MatterRead> = HashMap::new();
        let mut joined = Joined::default();
        let mut raised: Vec<(CaseId, NewWarning)> = Vec::new();
        // A queued case that cannot be read (none: cases are never deleted) is dropped from
        // the queue rather than read again for ever.
        let mut judged: Vec<CaseId> = ids
            .iter()
            .filter(|id| !case_ids.contains(id))
            .copied()
            .collect();
        for c in &cases {
            let shingles = match self.shingles.get_many(&[c.id]).pop().flatten() {
                Some(s) => s,
                None => {
                    let text = texts
                        .get(&c.id)
                        .map_or_else(String::new, |[t, content, d]| {
                            crate::register::petition_text(t, content, d)
                        });
                    let s = Arc::new(Shingles::of(&text));
                    self.shingles.insert(c.id, s.clone());
                    s
                }
            };
            let sketch = shingles.sketch();
            let label = self
                .categories()
                .get(&c.category)
                .map_or_else(|| c.category.clone(), |x| x.name_zh.clone());
            let joining = Joining {
                concerned_unit_id: c.concerned_unit_id,
                category: &c.category,
                received_on: c.received_on,
                new_shingles: &shingles,
                new_sketch: sketch.as_ref(),
                new_keys: keys.remove(&c.id).unwrap_or_default(),
                category_label: &label,
                accused_unit_id: c.walled_unit_id,
                registered_before: Some(c.id),
            };
            let candidates = self
                .batch_candidates(&joining, c, last, ids.len(), &mut reads, &joined)
                .await?;
            judged.push(c.id);
            let Some(found) = self
                .cluster_warning_among(&joining, &candidates, c.receiving_unit_id)
                .await?
            else {
                continue;
            };
            let warning = self.with_notices(found.warning, &found.accused);
            if warning.join_warning_id.is_some() {
                joined.record(c.id, &warning);
                raised.push((c.id, warning));
                continue;
            }
            // A cluster raised anew is written at once, so that the batch's later cases find
            // it (and its id) in their candidates, read again.
            raised.push((c.id, warning));
            let now = self.now_ms();
            let (raised, judged) = (std::mem::take(&mut raised), std::mem::take(&mut judged));
            if !self
                .store
                .write_cluster_judgements(&raised, &judged, now)
                .await?
            {
                return Ok(false);
            }
            reads.clear();
            joined = Joined::default();
        }
        let now = self.now_ms();
        Ok(self
            .store
            .write_cluster_judgements(&raised, &judged, now)
            .await?)
    }

    /// The candidates of queued case `c`: those of its matter registered before it, newest
    /// first, as a read at its registration would give them, from one read for the batch's
    /// cases of the matter and day (made again when older candidates may be missing).
    async fn batch_candidates(
        &self,
        joining: &Joining<'_>,
        c: &HistoryCase,
        last: CaseId,
        batch_len: usize,
        reads: &mut HashMap<(UnitId, String, huiyin_core::Date), MatterRead>,
        joined: &Joined,
    ) -> Result<Vec<MatterCase>> {
        // One matter is one concerned unit and one field (`Categories::field_codes`).
        let field = self.categories().field_codes(&c.category).join(",");
        let key = (c.concerned_unit_id, field, c.received_on);
        if !reads.contains_key(&key) {
            // Enough for the batch's cases after the first of the matter to leave the full
            // number for each.
            let limit = CLUSTER_CANDIDATES + batch_len as i64;
            let candidates = self
                .cluster_candidates(joining, Some(last + 1), limit)
                .await?;
            let full = candidates.len() as i64 >= limit;
            reads.insert(key.clone(), MatterRead { candidates, full });
        }
        let read = reads.get(&key).map_or(&[][..], |r| &r.candidates[..]);
        let full = reads.get(&key).is_some_and(|r| r.full);
        let mut mine: Vec<MatterCase> = read
            .iter()
            .filter(|m| m.id < c.id)
            .take(CLUSTER_CANDIDATES as usize)
            .cloned()
            .collect();
        if full && (mine.len() as i64) < CLUSTER_CANDIDATES {
            // The read stopped short of candidates this case would have had.
            mine = self
                .cluster_candidates(joining, Some(c.id), CLUSTER_CANDIDATES)
                .await?;
        }
        Ok(mine.into_iter().map(|m| joined.apply(m)).collect())
    }
}

impl crate::context::App {
    /// Holds this server's judge, as a judge at work would: registrations meanwhile leave
    /// their cases queued. For tests of the queue (what a crash before judging leaves, a batch).
    #[cfg(feature = "test-support")]
    pub async fn hold_cluster_judge(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.cluster_judge.lock.lock().await
    }
}
