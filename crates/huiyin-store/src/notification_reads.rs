//! Which notifications a user has read (migration 0028): keys only; the notifications are
//! derived from the work itself by the app.

use std::collections::HashSet;

use crate::Store;
use crate::error::Result;
use crate::rows::text;

/// How long a read mark is kept (a key not seen again by then is long gone from the lists).
const KEEP_MS: i64 = 90 * 24 * 3_600_000;

impl Store {
    /// The keys among `keys` that `user_id` has read.
    pub async fn notification_keys_read(
        &self,
        user_id: i64,
        keys: &[String],
    ) -> Result<HashSet<String>> {
        let mut read = HashSet::new();
        for chunk in keys.chunks(200) {
            let placeholders = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT item_key FROM notification_reads WHERE user_id = $1 AND item_key IN ({placeholders})"
            );
            // Only numbered placeholders are formatted in; the keys are bound.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user_id);
            for k in chunk {
                q = q.bind(k);
            }
            for row in q.fetch_all(&self.read).await? {
                read.insert(text(&row, "item_key")?);
            }
        }
        Ok(read)
    }

    /// Marks `keys` read by `user_id`, and forgets the user's marks older than 90 days, in one
    /// transaction.
    pub async fn mark_notifications_read(
        &self,
        user_id: i64,
        keys: &[String],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM notification_reads WHERE user_id = $1 AND read_at < $2")
            .bind(user_id)
            .bind(now_ms - KEEP_MS)
            .execute(&mut *tx)
            .await?;
        for k in keys {
            sqlx::query(
                "INSERT INTO notification_reads (user_id, item_key, read_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, item_key) DO UPDATE SET read_at = excluded.read_at",
            )
            .bind(user_id)
            .bind(k)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
