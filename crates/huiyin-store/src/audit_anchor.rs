//! What makes the audit chain hold against someone who can write to the database (issue 10
//! item 14): entries are chained with HMAC-SM3 under a key kept outside the database (the key
//! file's index key), and the chain's newest entry is anchored in a file outside the database,
//! so rewriting every hash after an edit, or deleting the newest entries and moving the head
//! back, is detected by `verify_audit`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use huiyin_crypto::KeyRing;

use crate::Store;
use crate::audit::{AuditEntry, chain_hash};

/// Prefix of a keyed entry hash.
pub(crate) const KEYED: &str = "k1:";

/// The hash an entry is chained with: `k1:` + HMAC-SM3 (domain `audit-chain`) of its SM3
/// chain hash under the index key when the store has keys; the plain SM3 chain hash without
/// (store tests, and entries written before keys existed).
pub(crate) fn entry_hash(ring: Option<&KeyRing>, id: i64, prev: &str, e: &AuditEntry) -> String {
    let plain = chain_hash(id, prev, e);
    match ring {
        Some(r) => format!("{KEYED}{}", r.blind_index("audit-chain", &plain)),
        None => plain,
    }
}

/// The file holding the id and hash of the newest committed entry.
#[derive(Clone, Debug)]
pub(crate) struct Anchor {
    path: PathBuf,
    /// The highest id written so far (concurrent commits never move the anchor back).
    written: Arc<Mutex<i64>>,
}

impl Anchor {
    /// Records `(id, hash)` if it is newer than the last anchor (write to a temporary file,
    /// then rename: a crash leaves the old anchor or the new one, never half of one).
    fn write(&self, id: i64, hash: &str) {
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        if id <= *written {
            return;
        }
        let tmp = self.path.with_extension("tmp");
        let result = std::fs::write(&tmp, format!("{id} {hash}\n"))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        match result {
            Ok(()) => *written = id,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "audit anchor not written")
            }
        }
    }

    /// The anchored `(id, hash)`, or `None` when there is no anchor file yet.
    pub(crate) fn read(&self) -> std::io::Result<Option<(i64, String)>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut parts = text.split_whitespace();
        let id = parts.next().and_then(|s| s.parse::<i64>().ok());
        match (id, parts.next()) {
            (Some(id), Some(hash)) => Ok(Some((id, hash.to_owned()))),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is not `<id> <hash>`", self.path.display()),
            )),
        }
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl Store {
    /// Anchors the audit chain's head in `path` (outside the database: beside the key file).
    pub fn with_audit_anchor(mut self, path: PathBuf) -> Store {
        self.anchor = Some(Anchor {
            path,
            written: Arc::new(Mutex::new(0)),
        });
        self
    }

    /// The key ring for chaining audit entries, if the store has keys.
    pub(crate) fn audit_ring(&self) -> Option<Arc<KeyRing>> {
        self.keys.as_ref().map(|k| k.ring())
    }

    /// After a commit that appended entries up to `(id, hash)`.
    pub(crate) fn anchor_audit(&self, id: i64, hash: &str) {
        if let Some(a) = &self.anchor {
            a.write(id, hash);
        }
    }
}

impl Store {
    /// Checks the database's chain against the anchor outside it; returns the anchored id.
    pub(crate) async fn check_anchor(
        &self,
        problems: &mut Vec<String>,
    ) -> crate::error::Result<Option<i64>> {
        let Some(anchor) = &self.anchor else {
            return Ok(None);
        };
        let (id, hash) = match anchor.read() {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err(e) => {
                problems.push(format!("the audit anchor cannot be read: {e}"));
                return Ok(None);
            }
        };
        let purged_to = crate::rows::i64_col(
            &sqlx::query("SELECT anchor_id FROM audit_head WHERE id = 1")
                .fetch_one(&self.read)
                .await?,
            "anchor_id",
        )?;
        if id <= purged_to {
            return Ok(Some(id));
        }
        let row = sqlx::query("SELECT hash FROM audit_log WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        match row {
            None => problems.push(format!(
                "entry {id}, anchored outside the database ({}), is missing: the newest entries were deleted and the head moved back",
                anchor.path().display()
            )),
            Some(r) if crate::rows::text(&r, "hash")? != hash => problems.push(format!(
                "entry {id} does not match the hash anchored outside the database ({}): the chain was rewritten",
                anchor.path().display()
            )),
            Some(_) => {}
        }
        Ok(Some(id))
    }
}
