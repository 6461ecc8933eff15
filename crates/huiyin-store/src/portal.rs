//! Public-portal records: query codes, PINs, idempotency keys; counts for public disclosure.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, text};

/// One online submission as stored (digests only; see migration 0007).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalRecord {
    /// `None` while the submission is being registered.
    pub case_id: Option<CaseId>,
    pub code_key: String,
    pub pin_hash: String,
    pub idem_key: String,
    pub fingerprint: String,
    pub retry_seal: String,
    pub created_at: i64,
}

/// Cases received in one month, of one category, about a unit of one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicCount {
    /// `YYYY-MM`.
    pub month: String,
    pub category: String,
    pub region_code: String,
    pub count: i64,
}

const COLUMNS: &str = "case_id, code_key, pin_hash, idem_key, fingerprint, retry_seal, created_at";

fn record(row: &AnyRow) -> Result<PortalRecord> {
    Ok(PortalRecord {
        case_id: opt_i64(row, "case_id")?,
        code_key: text(row, "code_key")?,
        pin_hash: text(row, "pin_hash")?,
        idem_key: text(row, "idem_key")?,
        fingerprint: text(row, "fingerprint")?,
        retry_seal: text(row, "retry_seal")?,
        created_at: i64_col(row, "created_at")?,
    })
}

impl Store {
    /// Reserves an idempotency key and a query code before the case exists. A key or code
    /// already taken answers `StoreError::Conflict`.
    pub async fn reserve_portal(&self, r: &PortalRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO portal_petitions (case_id, code_key, pin_hash, idem_key, fingerprint, retry_seal, created_at) \
             VALUES (NULL, $1, $2, $3, $4, $5, $6)",
        )
        .bind(&r.code_key)
        .bind(&r.pin_hash)
        .bind(&r.idem_key)
        .bind(&r.fingerprint)
        .bind(&r.retry_seal)
        .bind(r.created_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Links a reservation to the case registered for it.
    pub async fn attach_portal_case(&self, idem_key: &str, case_id: CaseId) -> Result<()> {
        sqlx::query("UPDATE portal_petitions SET case_id = $1 WHERE idem_key = $2")
            .bind(case_id)
            .bind(idem_key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Drops a reservation whose registration failed (never one with a case).
    pub async fn drop_portal_reservation(&self, idem_key: &str) -> Result<()> {
        sqlx::query("DELETE FROM portal_petitions WHERE idem_key = $1 AND case_id IS NULL")
            .bind(idem_key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn portal_by_idem(&self, idem_key: &str) -> Result<Option<PortalRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portal_petitions WHERE idem_key = $1"
        ));
        let row = sqlx::query(sql)
            .bind(idem_key)
            .fetch_optional(&self.write)
            .await?;
        row.as_ref().map(record).transpose()
    }

    pub async fn portal_by_code(&self, code_key: &str) -> Result<Option<PortalRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portal_petitions WHERE code_key = $1 AND case_id IS NOT NULL"
        ));
        let row = sqlx::query(sql)
            .bind(code_key)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(record).transpose()
    }

    /// Whether a query code was already issued for the case.
    pub async fn portal_code_exists(&self, case_id: CaseId) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM portal_petitions WHERE case_id = $1 LIMIT 1")
            .bind(case_id)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.is_some())
    }

    /// Cases received in `[from, to]` by month, category and the concerned unit's region.
    pub async fn public_counts(&self, from: Date, to: Date) -> Result<Vec<PublicCount>> {
        let rows = sqlx::query(
            "SELECT SUBSTR(c.received_on, 1, 7) AS month, c.category AS category, \
             u.region_code AS region_code, CAST(COUNT(*) AS BIGINT) AS n \
             FROM cases c JOIN units u ON u.id = c.concerned_unit_id \
             WHERE c.received_on >= $1 AND c.received_on <= $2 \
             GROUP BY SUBSTR(c.received_on, 1, 7), c.category, u.region_code",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublicCount {
                    month: text(r, "month")?,
                    category: text(r, "category")?,
                    region_code: text(r, "region_code")?,
                    count: i64_col(r, "n")?,
                })
            })
            .collect()
    }
}
