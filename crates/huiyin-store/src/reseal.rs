//! Key rotation for stored personal data: petitioner fields and users' sealed columns
//! (notification phone and e-mail, TOTP secret) sealed with an older key (or written before
//! encryption) are sealed again with the active key, in batches. Attachments are in
//! `attachments.rs`.

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_text};

impl Store {
    /// Re-encrypts up to `limit` petitioner rows after id `after` that are not sealed with the
    /// active key (key rotation, or rows written before encryption). Returns the last id seen
    /// and how many rows changed; `None` when no rows are left.
    pub async fn reseal_petitioners(&self, after: i64, limit: i64) -> Result<Option<(i64, u64)>> {
        let Some(keys) = self.keys.clone() else {
            return Ok(None);
        };
        let rows = sqlx::query("SELECT id, id_number, phone, address FROM petitioners WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.write)
            .await?;
        let Some(last) = rows.last().map(|r| i64_col(r, "id")).transpose()? else {
            return Ok(None);
        };
        let ring = keys.ring();
        let mut tx = self.write.begin().await?;
        let mut changed = 0;
        for r in &rows {
            let cols = [
                opt_text(r, "id_number")?,
                opt_text(r, "phone")?,
                opt_text(r, "address")?,
            ];
            if cols.iter().flatten().all(|v| ring.is_current(v)) {
                continue;
            }
            let mut sealed = Vec::new();
            for c in cols {
                let clear = self.open(c)?;
                sealed.push(self.seal(clear.as_deref())?);
            }
            sqlx::query(
                "UPDATE petitioners SET id_number = $1, phone = $2, address = $3 WHERE id = $4",
            )
            .bind(sealed[0].clone())
            .bind(sealed[1].clone())
            .bind(sealed[2].clone())
            .bind(i64_col(r, "id")?)
            .execute(&mut *tx)
            .await?;
            changed += 1;
        }
        tx.commit().await?;
        Ok(Some((last, changed)))
    }
}

impl Store {
    /// A few sealed petitioner values — the oldest and the newest phone and ID number — for a
    /// starting server to check that its key file opens this database's personal data.
    pub async fn sealed_samples(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for column in ["phone", "id_number"] {
            for order in ["ASC", "DESC"] {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT {column} AS v FROM petitioners WHERE {column} IS NOT NULL \
                     ORDER BY id {order} LIMIT 1"
                ));
                if let Some(r) = sqlx::query(sql).fetch_optional(&self.read).await? {
                    out.extend(opt_text(&r, "v")?);
                }
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Re-encrypts up to `limit` users after id `after` whose sealed values — phone and e-mail
    /// for notifications, the TOTP secret — are not all sealed with the active key. Returns
    /// the last id seen and how many users changed; `None` when none are left or there are no
    /// keys. A value that does not open stops the rotation with an error, nothing of that
    /// batch written.
    pub async fn reseal_users(&self, after: i64, limit: i64) -> Result<Option<(i64, u64)>> {
        let Some(keys) = self.keys.clone() else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT id, phone, email, totp_secret FROM users WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        let Some(last) = rows.last().map(|r| i64_col(r, "id")).transpose()? else {
            return Ok(None);
        };
        let ring = keys.ring();
        let mut tx = self.write.begin().await?;
        let mut changed = 0;
        for r in &rows {
            let cols = [
                opt_text(r, "phone")?,
                opt_text(r, "email")?,
                opt_text(r, "totp_secret")?,
            ];
            if cols.iter().flatten().all(|v| ring.is_current(v)) {
                continue;
            }
            let mut sealed = Vec::new();
            for c in cols {
                let clear = self.open(c)?;
                sealed.push(self.seal(clear.as_deref())?);
            }
            sqlx::query("UPDATE users SET phone = $1, email = $2, totp_secret = $3 WHERE id = $4")
                .bind(sealed[0].clone())
                .bind(sealed[1].clone())
                .bind(sealed[2].clone())
                .bind(i64_col(r, "id")?)
                .execute(&mut *tx)
                .await?;
            changed += 1;
        }
        tx.commit().await?;
        Ok(Some((last, changed)))
    }
}
