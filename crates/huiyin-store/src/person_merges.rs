//! A clerk's merges of person keys (信访人档案, issue 15 item 2; migrations 0038 and 0052): the
//! merge rows, kept when undone, and `person_key_roots`, the group each merged key belongs to,
//! rewritten in the transaction of every merge and undo.

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::persons::params;
use crate::rows::{i64_col, opt_i64, opt_text, text};

/// A clerk's merge of two person keys, undone or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMerge {
    pub id: i64,
    pub key_a: String,
    pub key_b: String,
    pub reason: String,
    pub merged_by: i64,
    pub merged_by_name: String,
    pub merged_at: i64,
    pub undone_by_name: Option<String>,
    pub undone_at: Option<i64>,
    pub undo_reason: Option<String>,
}

fn person_merge(r: &sqlx::any::AnyRow) -> Result<PersonMerge> {
    Ok(PersonMerge {
        id: i64_col(r, "id")?,
        key_a: text(r, "key_a")?,
        key_b: text(r, "key_b")?,
        reason: text(r, "reason")?,
        merged_by: i64_col(r, "merged_by")?,
        merged_by_name: opt_text(r, "merged_by_name")?.unwrap_or_default(),
        merged_at: i64_col(r, "merged_at")?,
        undone_by_name: opt_text(r, "undone_by_name")?,
        undone_at: opt_i64(r, "undone_at")?,
        undo_reason: opt_text(r, "undo_reason")?,
    })
}

const MERGE_SELECT: &str = "SELECT m.id, m.key_a, m.key_b, m.reason, m.merged_by, \
     a.display_name AS merged_by_name, m.merged_at, b.display_name AS undone_by_name, \
     m.undone_at, m.undo_reason FROM person_merges m \
     LEFT JOIN users a ON a.id = m.merged_by LEFT JOIN users b ON b.id = m.undone_by";

/// Rewrites `person_key_roots` for the groups `keys` belonged to and belong to now: every key
/// of those groups loses its row, and every key still joined to another by merges not undone
/// gets one naming the smallest key it reaches (migration 0052).
async fn rewrite_person_roots(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    keys: &[&str],
) -> Result<()> {
    let n = keys.len();
    let members_sql = sqlx::AssertSqlSafe(format!(
        "SELECT person_key FROM person_key_roots WHERE root_key IN \
         (SELECT root_key FROM person_key_roots WHERE person_key IN ({}))",
        params(1, n)
    ));
    let mut q = sqlx::query(members_sql);
    for k in keys {
        q = q.bind((*k).to_owned());
    }
    let mut members: Vec<String> = q
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| text(r, "person_key"))
        .collect::<Result<_>>()?;
    members.extend(keys.iter().map(|k| (*k).to_owned()));
    members.sort();
    members.dedup();
    let m = members.len();
    let delete = sqlx::AssertSqlSafe(format!(
        "DELETE FROM person_key_roots WHERE person_key IN ({})",
        params(1, m)
    ));
    let mut q = sqlx::query(delete);
    for k in &members {
        q = q.bind(k.clone());
    }
    q.execute(&mut **tx).await?;
    let insert = sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE edges(x, y) AS ( \
           SELECT key_a, key_b FROM person_merges WHERE undone_at IS NULL \
           UNION ALL SELECT key_b, key_a FROM person_merges WHERE undone_at IS NULL), \
         reach(k, r) AS ( \
           SELECT x, x FROM edges WHERE x IN ({}) \
           UNION SELECT reach.k, edges.y FROM reach JOIN edges ON edges.x = reach.r) \
         INSERT INTO person_key_roots (person_key, root_key) \
         SELECT k, MIN(r) FROM reach GROUP BY k",
        params(1, m)
    ));
    let mut q = sqlx::query(insert);
    for k in &members {
        q = q.bind(k.clone());
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

impl Store {
    /// The merges (undone ones too) with one of `keys` on either side, oldest first.
    pub async fn person_merges_touching(&self, keys: &[String]) -> Result<Vec<PersonMerge>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let n = keys.len();
        let sql = sqlx::AssertSqlSafe(format!(
            "{MERGE_SELECT} WHERE m.key_a IN ({}) OR m.key_b IN ({}) ORDER BY m.id",
            params(1, n),
            params(n + 1, n)
        ));
        let mut q = sqlx::query(sql);
        for k in keys.iter().chain(keys) {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(person_merge)
            .collect()
    }

    /// One merge.
    pub async fn person_merge(&self, id: i64) -> Result<Option<PersonMerge>> {
        let sql = sqlx::AssertSqlSafe(format!("{MERGE_SELECT} WHERE m.id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| person_merge(&r)).transpose()
    }

    /// Records a clerk's merge of two person keys, audited in the same transaction.
    pub async fn insert_person_merge(
        &self,
        (key_a, key_b): (&str, &str),
        reason: &str,
        (by_user_id, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO person_merges (key_a, key_b, reason, merged_by, merged_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(key_a.to_owned())
        .bind(key_b.to_owned())
        .bind(reason.to_owned())
        .bind(by_user_id)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        rewrite_person_roots(&mut tx, &[key_a, key_b]).await?;
        let entry = AuditEntry {
            target: format!("person_merge:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// Undoes a merge not undone yet (`false`: it was, meanwhile), audited in the same
    /// transaction; the row stays.
    pub async fn undo_person_merge(
        &self,
        id: i64,
        reason: &str,
        (by_user_id, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE person_merges SET undone_by = $1, undone_at = $2, undo_reason = $3 \
             WHERE id = $4 AND undone_at IS NULL",
        )
        .bind(by_user_id)
        .bind(now_ms)
        .bind(reason.to_owned())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let keys = sqlx::query("SELECT key_a, key_b FROM person_merges WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let (key_a, key_b) = (text(&keys, "key_a")?, text(&keys, "key_b")?);
        rewrite_person_roots(&mut tx, &[&key_a, &key_b]).await?;
        let entry = AuditEntry {
            target: format!("person_merge:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }
}
