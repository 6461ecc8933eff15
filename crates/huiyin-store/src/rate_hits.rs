//! The portal's rate-limit hits (migration 0053), shared by every server on the database.

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64};

/// Hits older than this are deleted as new ones are written (no limit's window is longer).
const KEEP_MS: i64 = 24 * 3600 * 1000;

impl Store {
    /// How many hits `address_key` has in `bucket` after `since_ms`, and the oldest of them.
    pub async fn rate_hits_since(
        &self,
        bucket: &str,
        address_key: &str,
        since_ms: i64,
    ) -> Result<(i64, Option<i64>)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_hits \
             WHERE bucket = $1 AND address_key = $2 AND at > $3",
        )
        .bind(bucket.to_owned())
        .bind(address_key.to_owned())
        .bind(since_ms)
        .fetch_one(&self.write)
        .await?;
        Ok((i64_col(&row, "n")?, opt_i64(&row, "oldest")?))
    }

    /// Records a hit, deleting hits older than a day in the same transaction.
    pub async fn insert_rate_hit(&self, bucket: &str, address_key: &str, at_ms: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM rate_hits WHERE at < $1")
            .bind(at_ms - KEEP_MS)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO rate_hits (bucket, address_key, at) VALUES ($1, $2, $3)")
            .bind(bucket.to_owned())
            .bind(address_key.to_owned())
            .bind(at_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
