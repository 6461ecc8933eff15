//! Frozen monthly scorecards (migration 0032): stored once, as JSON, and read back unchanged.

use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};

/// Which scorecard a snapshot is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotKey<'a> {
    pub root_unit_id: UnitId,
    /// 0: the bodies directly under the root.
    pub level: i64,
    /// `YYYY-MM`.
    pub month: &'a str,
    pub wall_key: &'a str,
}

impl Store {
    /// The snapshot's body and when it was frozen (milliseconds), if frozen.
    pub async fn scorecard_snapshot(&self, k: &SnapshotKey<'_>) -> Result<Option<(String, i64)>> {
        let row = sqlx::query(
            "SELECT body, frozen_at FROM scorecard_snapshots WHERE root_unit_id = $1 AND level = $2 \
             AND month = $3 AND wall_key = $4",
        )
        .bind(k.root_unit_id)
        .bind(k.level)
        .bind(k.month)
        .bind(k.wall_key)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((text(&r, "body")?, i64_col(&r, "frozen_at")?)))
            .transpose()
    }

    /// Freezes a snapshot unless one is frozen already (the first one stays). Returns whether
    /// this one was stored.
    pub async fn freeze_scorecard(
        &self,
        k: &SnapshotKey<'_>,
        body: &str,
        frozen_by: i64,
        at_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO scorecard_snapshots (root_unit_id, level, month, wall_key, body, frozen_by, frozen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (root_unit_id, level, month, wall_key) DO NOTHING",
        )
        .bind(k.root_unit_id)
        .bind(k.level)
        .bind(k.month)
        .bind(k.wall_key)
        .bind(body)
        .bind(frozen_by)
        .bind(at_ms)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
