//! Attachments (scans, photos, PDF) of cases: stored in the database, sealed with the
//! personal-data key ring when keys are configured.

use huiyin_core::case::CaseId;
use sqlx::Row as _;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::{i64_col, text};

/// What is known about an attachment without reading its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: i64,
    pub case_id: CaseId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// SM3 of the file, hex.
    pub sm3: String,
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

/// A new attachment.
pub struct NewAttachment<'a> {
    pub case_id: CaseId,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

const META_COLS: &str = "id, case_id, filename, content_type, size, sm3, uploaded_by, uploaded_at";

fn meta(r: &sqlx::any::AnyRow) -> Result<AttachmentMeta> {
    Ok(AttachmentMeta {
        id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        filename: text(r, "filename")?,
        content_type: text(r, "content_type")?,
        size: i64_col(r, "size")?,
        sm3: text(r, "sm3")?,
        uploaded_by: i64_col(r, "uploaded_by")?,
        uploaded_at: i64_col(r, "uploaded_at")?,
    })
}

impl Store {
    /// Stores an attachment, sealed when keys are configured; returns its metadata.
    pub async fn insert_attachment(&self, a: &NewAttachment<'_>) -> Result<AttachmentMeta> {
        let data = match self.keys() {
            Some(k) => k
                .ring()
                .seal_bytes(a.bytes)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            None => a.bytes.to_vec(),
        };
        let sm3 = huiyin_crypto::sm3_hex(a.bytes);
        let size = i64::try_from(a.bytes.len()).unwrap_or(i64::MAX);
        let row = sqlx::query(
            "INSERT INTO attachments (case_id, filename, content_type, size, sm3, uploaded_by, uploaded_at, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(a.case_id)
        .bind(a.filename)
        .bind(a.content_type)
        .bind(size)
        .bind(&sm3)
        .bind(a.uploaded_by)
        .bind(a.uploaded_at)
        .bind(data)
        .fetch_one(&self.write)
        .await?;
        Ok(AttachmentMeta {
            id: i64_col(&row, "id")?,
            case_id: a.case_id,
            filename: a.filename.to_owned(),
            content_type: a.content_type.to_owned(),
            size,
            sm3,
            uploaded_by: a.uploaded_by,
            uploaded_at: a.uploaded_at,
        })
    }

    /// The attachments of a case, oldest first.
    pub async fn attachments_of(&self, case_id: CaseId) -> Result<Vec<AttachmentMeta>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {META_COLS} FROM attachments WHERE case_id = $1 ORDER BY id"
        ));
        sqlx::query(sql)
            .bind(case_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(meta)
            .collect()
    }

    /// One attachment of a case with its bytes (opened), if it belongs to that case.
    pub async fn attachment(
        &self,
        case_id: CaseId,
        id: i64,
    ) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {META_COLS}, data FROM attachments WHERE case_id = $1 AND id = $2"
        ));
        let Some(row) = sqlx::query(sql)
            .bind(case_id)
            .bind(id)
            .fetch_optional(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let m = meta(&row)?;
        let bytes = self.open_file(row.try_get("data")?)?;
        Ok(Some((m, bytes)))
    }

    /// The clear bytes of a stored file (files stored before keys were configured pass through).
    fn open_file(&self, stored: Vec<u8>) -> Result<Vec<u8>> {
        if !huiyin_crypto::KeyRing::is_sealed_bytes(&stored) {
            return Ok(stored);
        }
        let Some(k) = self.keys() else {
            return Err(StoreError::Corrupt(
                "attachment is encrypted but no keys are configured".into(),
            ));
        };
        match k.ring().open_bytes(&stored) {
            Err(huiyin_crypto::CryptoError::UnknownKey(_)) if k.reload() => {
                k.ring().open_bytes(&stored)
            }
            other => other,
        }
        .map_err(|e| StoreError::Corrupt(format!("attachment: {e}")))
    }

    /// Re-encrypts up to `limit` attachments after id `after` that are not sealed with the
    /// active key (after `rotate-keys`, or stored before keys were configured). Returns the
    /// last id seen and how many changed; `None` when none are left or there are no keys.
    pub async fn reseal_attachments(&self, after: i64, limit: i64) -> Result<Option<(i64, u64)>> {
        let Some(keys) = self.keys().cloned() else {
            return Ok(None);
        };
        let rows =
            sqlx::query("SELECT id, data FROM attachments WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(after)
                .bind(limit)
                .fetch_all(&self.write)
                .await?;
        let Some(last) = rows.last().map(|r| i64_col(r, "id")).transpose()? else {
            return Ok(None);
        };
        let ring = keys.ring();
        let mut changed = 0;
        for r in &rows {
            let stored: Vec<u8> = r.try_get("data")?;
            if ring.is_current_bytes(&stored) {
                continue;
            }
            let clear = self.open_file(stored)?;
            let sealed = ring
                .seal_bytes(&clear)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query("UPDATE attachments SET data = $1 WHERE id = $2")
                .bind(sealed)
                .bind(i64_col(r, "id")?)
                .execute(&self.write)
                .await?;
            changed += 1;
        }
        Ok(Some((last, changed)))
    }
}
