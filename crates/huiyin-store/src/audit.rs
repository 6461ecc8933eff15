//! The audit trail: append-only, hash-chained with SM3, verifiable, purgeable only past the
//! retention period (DOMAIN.md §10, §12 requirement 42).

use huiyin_crypto::{KeyRing, sm3_hex};
use serde::Serialize;

use sqlx::{Any, Transaction};

use crate::Store;
use crate::audit_anchor::{KEYED, entry_hash};
use crate::error::{Result, StoreError};
use crate::rows::{i64_col, opt_i64, text};

/// One audit entry as written.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub at: i64,
    pub user_id: Option<i64>,
    pub username: String,
    pub unit_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub result: String,
    pub detail: String,
}

/// A stored entry with its place in the chain.
#[derive(Clone, Debug, Serialize)]
pub struct AuditRecord {
    pub id: i64,
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// What verification found.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AuditReport {
    pub checked: u64,
    /// Human-readable problems: `entry 17: hash mismatch (edited)`, `entries 5..7 missing`.
    pub problems: Vec<String>,
    /// The first entry chained with the key outside the database (HMAC-SM3).
    pub keyed_from: Option<i64>,
    /// The entry anchored outside the database that was checked, if there is an anchor.
    pub anchored: Option<i64>,
}

/// Conditions of an audit search; `None` (or empty) matches everything.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub action: Option<String>,
    /// A part of the target (case number, user name, …).
    pub target: Option<String>,
    /// Entries at or after this time (Unix ms).
    pub from_ms: Option<i64>,
    /// Entries before this time (Unix ms).
    pub until_ms: Option<i64>,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The chained hash of an entry: SM3 over the previous hash and every field, length-prefixed.
pub fn chain_hash(id: i64, prev: &str, e: &AuditEntry) -> String {
    let fields = [
        id.to_string(),
        prev.to_owned(),
        e.at.to_string(),
        e.user_id.map(|v| v.to_string()).unwrap_or_default(),
        e.username.clone(),
        e.unit_id.map(|v| v.to_string()).unwrap_or_default(),
        e.action.clone(),
        e.target.clone(),
        e.result.clone(),
        e.detail.clone(),
    ];
    let mut buf = Vec::new();
    for f in &fields {
        buf.extend_from_slice(&(f.len() as u64).to_be_bytes());
        buf.extend_from_slice(f.as_bytes());
    }
    sm3_hex(&buf)
}

const COLS: &str =
    "id, at, user_id, username, unit_id, action, target, result, detail, prev_hash, hash";

fn record(r: &sqlx::any::AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        id: i64_col(r, "id")?,
        entry: AuditEntry {
            at: i64_col(r, "at")?,
            user_id: opt_i64(r, "user_id")?,
            username: text(r, "username")?,
            unit_id: opt_i64(r, "unit_id")?,
            action: text(r, "action")?,
            target: text(r, "target")?,
            result: text(r, "result")?,
            detail: text(r, "detail")?,
        },
        prev_hash: text(r, "prev_hash")?,
        hash: text(r, "hash")?,
    })
}

impl Store {
    /// Appends an entry to the chain (the head row's lock orders concurrent appends).
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<i64> {
        self.append_audit_batch(std::slice::from_ref(e)).await
    }

    /// Appends several entries in one transaction (one fsync); returns the last id.
    pub async fn append_audit_batch(&self, entries: &[AuditEntry]) -> Result<i64> {
        let ring = self.audit_ring();
        let mut tx = self.write.begin().await?;
        let (id, hash) = append_audit_in(&mut tx, ring.as_deref(), entries).await?;
        tx.commit().await?;
        self.anchor_audit(id, &hash);
        Ok(id)
    }

    /// Entries newest first, optionally filtered by user name and action.
    pub async fn audit_entries(
        &self,
        username: Option<&str>,
        action: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRecord>> {
        let filter = AuditFilter {
            username: username.map(str::to_owned),
            action: action.map(str::to_owned),
            ..AuditFilter::default()
        };
        self.audit_search(&filter, limit, offset).await
    }

    /// Entries newest first matching every given condition of `f` (the auditor's page).
    pub async fn audit_search(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRecord>> {
        let target = f
            .target
            .as_deref()
            .map(|t| {
                let esc = t
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{esc}%")
            })
            .unwrap_or_default();
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} FROM audit_log WHERE ($1 = '' OR username = $1) AND ($2 = '' OR action = $2) \
             AND ($3 = '' OR target LIKE $3 ESCAPE '\\') AND at >= $4 AND at < $5 \
             ORDER BY id DESC LIMIT $6 OFFSET $7"
        ));
        let rows = sqlx::query(sql)
            .bind(f.username.clone().unwrap_or_default())
            .bind(f.action.clone().unwrap_or_default())
            .bind(target)
            .bind(f.from_ms.unwrap_or(i64::MIN))
            .bind(f.until_ms.unwrap_or(i64::MAX))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(record).collect()
    }

    /// Walks the whole chain from its anchor and reports every edited, missing or reordered
    /// entry, and a head that does not match the last entry.
    pub async fn verify_audit(&self) -> Result<AuditReport> {
        let head = sqlx::query(
            "SELECT last_id, last_hash, anchor_id, anchor_hash FROM audit_head WHERE id = 1",
        )
        .fetch_one(&self.read)
        .await?;
        let (mut expect_id, mut prev) = (
            i64_col(&head, "anchor_id")? + 1,
            text(&head, "anchor_hash")?,
        );
        let (last_id, last_hash) = (i64_col(&head, "last_id")?, text(&head, "last_hash")?);
        let ring = self.audit_ring();
        let mut problems = Vec::new();
        let mut checked = 0u64;
        let mut keyed_from = None;
        let mut after = expect_id - 1;
        loop {
            let sql = sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000"
            ));
            let rows = sqlx::query(sql).bind(after).fetch_all(&self.read).await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let rec = record(r)?;
                after = rec.id;
                checked += 1;
                if rec.id != expect_id {
                    problems.push(format!(
                        "entries {expect_id}..{} missing (deleted)",
                        rec.id - 1
                    ));
                }
                if rec.prev_hash != prev {
                    problems.push(format!(
                        "entry {}: does not follow the previous entry (deleted or reordered)",
                        rec.id
                    ));
                }
                let expected = if rec.hash.starts_with(KEYED) {
                    keyed_from.get_or_insert(rec.id);
                    match ring.as_deref() {
                        Some(r) => Some(entry_hash(Some(r), rec.id, &rec.prev_hash, &rec.entry)),
                        None => {
                            problems.push(format!(
                                "entry {}: keyed, and no key file to check it with",
                                rec.id
                            ));
                            None
                        }
                    }
                } else {
                    if keyed_from.is_some() {
                        problems.push(format!(
                            "entry {}: not keyed after keyed entries (rewritten without the key)",
                            rec.id
                        ));
                    }
                    Some(chain_hash(rec.id, &rec.prev_hash, &rec.entry))
                };
                if expected.is_some_and(|h| h != rec.hash) {
                    problems.push(format!(
                        "entry {}: content does not match its hash (edited)",
                        rec.id
                    ));
                }
                prev = rec.hash.clone();
                expect_id = rec.id + 1;
            }
        }
        if expect_id - 1 != last_id || prev != last_hash {
            problems.push(format!("the chain ends at entry {} but the head records {last_id} (entries removed from the end)", expect_id - 1));
        }
        let anchored = self.check_anchor(&mut problems).await?;
        Ok(AuditReport {
            checked,
            problems,
            keyed_from,
            anchored,
        })
    }

    /// Deletes entries older than `before_ms`, only if `before_ms` is at least `retention_ms`
    /// in the past; the last purged entry becomes the chain's anchor. Returns how many went.
    pub async fn purge_audit(&self, before_ms: i64, now_ms: i64, retention_ms: i64) -> Result<u64> {
        if before_ms > now_ms - retention_ms {
            return Err(StoreError::Refused(format!(
                "audit entries younger than the retention period ({} days) cannot be purged",
                retention_ms / huiyin_core::date::DAY_MS
            )));
        }
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE audit_head SET last_id = last_id WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let last =
            sqlx::query("SELECT id, hash FROM audit_log WHERE at < $1 ORDER BY id DESC LIMIT 1")
                .bind(before_ms)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(last) = last else { return Ok(0) };
        let (anchor_id, anchor_hash) = (i64_col(&last, "id")?, text(&last, "hash")?);
        let done = sqlx::query("DELETE FROM audit_log WHERE id <= $1")
            .bind(anchor_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE audit_head SET anchor_id = $1, anchor_hash = $2 WHERE id = 1")
            .bind(anchor_id)
            .bind(&anchor_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Runs raw SQL against the database (tests only: tampering, or moving many cases in
    /// one statement).
    pub async fn execute_for_tests(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&self.write)
            .await?
            .rows_affected())
    }
}

/// Appends entries to the chain within `tx` (a batch of its own, or a registration's or a
/// step's transaction); returns the last id and hash (anchored by the caller after commit).
pub(crate) async fn append_audit_in(
    tx: &mut Transaction<'_, Any>,
    ring: Option<&KeyRing>,
    entries: &[AuditEntry],
) -> Result<(i64, String)> {
    // Taking the row lock first (UPDATE) serialises appenders on PostgreSQL.
    sqlx::query("UPDATE audit_head SET last_id = last_id WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    let head = sqlx::query("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    let mut id = i64_col(&head, "last_id")?;
    let mut prev = text(&head, "last_hash")?;
    for e in entries {
        id += 1;
        let hash = entry_hash(ring, id, &prev, e);
        sqlx::query(
            "INSERT INTO audit_log (id, at, user_id, username, unit_id, action, target, result, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(e.at)
        .bind(e.user_id)
        .bind(&e.username)
        .bind(e.unit_id)
        .bind(&e.action)
        .bind(&e.target)
        .bind(&e.result)
        .bind(&e.detail)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1")
        .bind(id)
        .bind(&prev)
        .execute(&mut **tx)
        .await?;
    Ok((id, prev))
}
