//! 排查活动 (migration 0036): screening campaigns organised by a unit for its subtree.

use huiyin_core::Date;
use huiyin_core::org::UnitId;
use huiyin_core::risk_campaign::{CampaignKind, NewCampaign};

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, text};
use crate::search::id_list;

/// A stored campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRecord {
    pub id: i64,
    pub name: String,
    pub kind: CampaignKind,
    pub unit_id: UnitId,
    pub from: Date,
    pub to: Date,
    pub topics: String,
}

const COLUMNS: &str = "id, name, kind, unit_id, from_day, to_day, topics";

fn record(r: &sqlx::any::AnyRow) -> Result<CampaignRecord> {
    let kind = text(r, "kind")?;
    Ok(CampaignRecord {
        id: i64_col(r, "id")?,
        name: text(r, "name")?,
        kind: CampaignKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("risk_campaigns.kind: {kind}")))?,
        unit_id: i64_col(r, "unit_id")?,
        from: date(r, "from_day")?,
        to: date(r, "to_day")?,
        topics: text(r, "topics")?,
    })
}

impl Store {
    /// Records a campaign, audited in the same transaction; returns its id.
    pub async fn insert_campaign(
        &self,
        c: &NewCampaign,
        created_by: i64,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO risk_campaigns (name, kind, unit_id, from_day, to_day, topics, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&c.name)
        .bind(c.kind.as_str())
        .bind(c.unit_id)
        .bind(c.from.to_string())
        .bind(c.to.to_string())
        .bind(&c.topics)
        .bind(created_by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("risk_campaign:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// One campaign.
    pub async fn campaign(&self, id: i64) -> Result<Option<CampaignRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM risk_campaigns WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(record).transpose()
    }

    /// The campaigns organised by one of `units`, newest first, at most `limit`.
    pub async fn campaigns_of(&self, units: &[UnitId], limit: i64) -> Result<Vec<CampaignRecord>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM risk_campaigns WHERE unit_id IN ({}) \
             ORDER BY from_day DESC, id DESC LIMIT {limit}",
            id_list(units)
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(record).collect()
    }
}
