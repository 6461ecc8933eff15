//! Group commit: registrations and audit entries arriving together are written in one
//! transaction, so concurrent requests share one fsync instead of queueing for one each
//! (issue 6; ARCHITECTURE.md "group commit"). Each caller still waits for its own commit
//! before it is answered, so an acknowledged write is durable.
//!
//! The audit entries of reads (`audit_soon`: nobody waits for them) are gathered for up to
//! [`SOON_WINDOW`] and committed together. Every commit makes each SQLite reader drop its
//! page cache at its next read (WAL mode cannot say which pages changed), and a list or a
//! case opened writes such an entry: committed one by one, every read found the readers'
//! caches empty (issue 18; docs/PERFORMANCE.md). An awaited entry, a flush and the end of the
//! committer commit whatever is waiting first, in the order it was sent.

use std::time::Duration;

use huiyin_core::case::CaseId;
use huiyin_store::{AuditEntry, Dialect, NewCaseRecord, Store, StoreError};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// Most items written in one transaction.
const MAX_BATCH: usize = 256;

/// How long the audit entries of reads wait to be committed together.
pub const SOON_WINDOW: Duration = Duration::from_millis(500);

type CaseReply = oneshot::Sender<Result<(CaseId, String), StoreError>>;
/// A registration, its audit entry (target filled with the new number) and when it was made.
type CaseItem = (NewCaseRecord, Option<AuditEntry>, i64, CaseReply);
type AuditReply = Option<oneshot::Sender<Result<(), StoreError>>>;

/// What the audit committer is sent.
enum AuditMsg {
    /// An entry, with where to say it is durable (`None`: nobody waits, [`SOON_WINDOW`]).
    Entry(AuditEntry, AuditReply),
    /// Commit whatever waits, then answer.
    Flush(oneshot::Sender<()>),
}

/// Handles to the two committer tasks; cheap to clone.
#[derive(Clone)]
pub struct Committer {
    cases: mpsc::UnboundedSender<CaseItem>,
    audit: mpsc::UnboundedSender<AuditMsg>,
}

impl Committer {
    /// Starts the committer tasks; they stop when every handle is gone. On SQLite they run
    /// on a thread of their own ([`on_own_thread`]), on PostgreSQL on the current runtime.
    pub fn start(store: Store) -> Committer {
        let (cases, case_rx) = mpsc::unbounded_channel();
        let (audit, audit_rx) = mpsc::unbounded_channel();
        let work = {
            let store = store.clone();
            async move {
                tokio::join!(
                    commit_cases(store.clone(), case_rx),
                    commit_audit(store, audit_rx)
                );
            }
        };
        match store.dialect() {
            Dialect::Sqlite => on_own_thread(work),
            Dialect::Postgres => {
                tokio::spawn(work);
            }
        }
        Committer { cases, audit }
    }

    /// Registers a case, with its audit entry in the same transaction (the entry's target
    /// becomes the case number); resolves once the transaction has committed.
    pub async fn insert_case(
        &self,
        rec: NewCaseRecord,
        audit: Option<AuditEntry>,
        now_ms: i64,
    ) -> Result<(CaseId, String), StoreError> {
        let (tx, rx) = oneshot::channel();
        self.cases
            .send((rec, audit, now_ms, tx))
            .map_err(|_| StoreError::Database("committer stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Database("committer stopped".into()))?
    }

    /// Appends an audit entry; resolves once it is durable.
    pub async fn audit(&self, e: AuditEntry) -> Result<(), StoreError> {
        let (tx, rx) = oneshot::channel();
        self.audit
            .send(AuditMsg::Entry(e, Some(tx)))
            .map_err(|_| StoreError::Database("committer stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Database("committer stopped".into()))?
    }

    /// Appends an audit entry without waiting: it is committed within [`SOON_WINDOW`], or
    /// sooner with an awaited entry or a flush.
    pub fn audit_soon(&self, e: AuditEntry) {
        let _ = self.audit.send(AuditMsg::Entry(e, None));
    }

    /// Resolves once every audit entry sent before it is committed (or could not be).
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.audit.send(AuditMsg::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

/// Runs the committer on a thread with a runtime of its own. A batch is a chain of
/// statements, each a round trip to SQLite's worker thread, and on the server's runtime every
/// step of the chain waited its turn behind the requests' tasks: at 16 registrations at once
/// and a million cases, the committer was busy all the time while the machine stood a third
/// idle (issue 17 item 7; docs/PERFORMANCE.md). SQLite's driver keeps its connection on a
/// thread of its own and answers through channels, so its pool serves any runtime; a
/// PostgreSQL connection belongs to the runtime that opened it, which is why PostgreSQL keeps
/// the server's runtime. Should the thread not start, the committer runs on the current runtime.
fn on_own_thread(work: impl std::future::Future<Output = ()> + Send + 'static) {
    let server = tokio::runtime::Handle::current();
    // The work is handed over once the thread runs, so that it is never lost with a thread
    // that did not start or a runtime that could not be built.
    let (give, take) = std::sync::mpsc::channel::<Work>();
    let started = std::thread::Builder::new()
        .name("huiyin-committer".into())
        .spawn(move || {
            let Ok(work) = take.recv() else { return };
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(work),
                Err(e) => {
                    tracing::warn!(error = %e, "the committer runs on the server's runtime");
                    server.spawn(work);
                }
            }
        });
    let work: Work = Box::pin(work);
    let unstarted = match started {
        Ok(_) => give.send(work).err().map(|e| e.0),
        Err(e) => {
            tracing::warn!(error = %e, "the committer runs on the server's runtime");
            Some(work)
        }
    };
    if let Some(work) = unstarted {
        tokio::spawn(work);
    }
}

/// The committer's tasks, handed to its thread.
type Work = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

async fn commit_cases(store: Store, mut rx: mpsc::UnboundedReceiver<CaseItem>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(item) => batch.push(item),
                Err(_) => break,
            }
        }
        let now = batch.iter().map(|(_, _, t, _)| *t).max().unwrap_or(0);
        let (records, audit): (Vec<NewCaseRecord>, Vec<Option<AuditEntry>>) = batch
            .iter()
            .map(|(r, a, _, _)| (r.clone(), a.clone()))
            .unzip();
        match store.insert_cases_audited(&records, &audit, now).await {
            Ok(ids) => {
                for ((_, _, _, reply), id) in batch.into_iter().zip(ids) {
                    let _ = reply.send(Ok(id));
                }
            }
            // One bad record must not fail its neighbours: retry each on its own.
            Err(_) => {
                for (rec, audit, t, reply) in batch {
                    let one = store
                        .insert_cases_audited(std::slice::from_ref(&rec), &[audit], t)
                        .await;
                    let _ = reply.send(one.and_then(|mut v| v.pop().ok_or(StoreError::NotFound)));
                }
            }
        }
    }
}

/// Commits audit entries: at once when someone waits for one of them (with every entry sent
/// before it), else within [`SOON_WINDOW`] of the first that waits unawaited.
async fn commit_audit(store: Store, mut rx: mpsc::UnboundedReceiver<AuditMsg>) {
    let mut pending: Vec<(AuditEntry, AuditReply)> = Vec::new();
    let mut flushed: Vec<oneshot::Sender<()>> = Vec::new();
    let mut due: Option<Instant> = None;
    loop {
        let msg = match due {
            Some(at) => match tokio::time::timeout_at(at, rx.recv()).await {
                Ok(msg) => msg,
                Err(_) => {
                    write_audit(&store, std::mem::take(&mut pending)).await;
                    due = None;
                    continue;
                }
            },
            None => rx.recv().await,
        };
        let Some(msg) = msg else {
            write_audit(&store, pending).await;
            return;
        };
        let mut now = matches!(msg, AuditMsg::Flush(_) | AuditMsg::Entry(_, Some(_)));
        take(msg, &mut pending, &mut flushed);
        // Whatever else has arrived rides along.
        while pending.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(msg) => {
                    now |= matches!(msg, AuditMsg::Flush(_) | AuditMsg::Entry(_, Some(_)));
                    take(msg, &mut pending, &mut flushed);
                }
                Err(_) => break,
            }
        }
        if now || pending.len() >= MAX_BATCH {
            write_audit(&store, std::mem::take(&mut pending)).await;
            due = None;
            for f in flushed.drain(..) {
                let _ = f.send(());
            }
        } else if due.is_none() && !pending.is_empty() {
            due = Some(Instant::now() + SOON_WINDOW);
        }
    }
}

fn take(
    msg: AuditMsg,
    pending: &mut Vec<(AuditEntry, AuditReply)>,
    flushed: &mut Vec<oneshot::Sender<()>>,
) {
    match msg {
        AuditMsg::Entry(e, reply) => pending.push((e, reply)),
        AuditMsg::Flush(f) => flushed.push(f),
    }
}

/// Writes `batch` in one transaction and tells those who wait how it went.
async fn write_audit(store: &Store, batch: Vec<(AuditEntry, AuditReply)>) {
    if batch.is_empty() {
        return;
    }
    let entries: Vec<AuditEntry> = batch.iter().map(|(e, _)| e.clone()).collect();
    let result = store.append_audit_batch(&entries).await;
    if let Err(e) = &result {
        tracing::error!(error = %e, entries = entries.len(), "audit entries could not be written");
    }
    for (_, reply) in batch {
        if let Some(reply) = reply {
            let _ = reply.send(
                result
                    .as_ref()
                    .map(|_| ())
                    .map_err(|e| StoreError::Database(e.to_string())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failures should panic

    use super::*;

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: 1,
            user_id: None,
            username: "tester".into(),
            unit_id: None,
            action: action.into(),
            target: String::new(),
            result: "ok".into(),
            detail: String::new(),
        }
    }

    /// The trail's actions, oldest first.
    async fn actions(store: &Store) -> Vec<String> {
        let mut v: Vec<String> = store
            .audit_entries(Some("tester"), None, 100, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.entry.action)
            .collect();
        v.reverse();
        v
    }

    #[tokio::test]
    async fn entries_of_reads_are_committed_with_the_next_awaited_entry_or_flush_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = huiyin_store::testdb::fresh_store(dir.path()).await.unwrap();
        let committer = Committer::start(store.clone());
        committer.audit_soon(entry("read.a"));
        committer.audit_soon(entry("read.b"));
        // An awaited entry is durable once answered, and so is every entry sent before it.
        committer.audit(entry("write.c")).await.unwrap();
        assert_eq!(actions(&store).await, ["read.a", "read.b", "write.c"]);
        committer.audit_soon(entry("read.d"));
        committer.flush().await;
        assert_eq!(
            actions(&store).await,
            ["read.a", "read.b", "write.c", "read.d"]
        );
        // A flush with nothing waiting answers too, and the chain holds.
        committer.flush().await;
        let report = store.verify_audit().await.unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.checked, 4);
    }
}
