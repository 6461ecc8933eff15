//! Setting up an office: the first unit and administrators on an empty database, an imported
//! organisation tree in one transaction, and password changes.

use huiyin_core::org::{Unit, UnitId, UnitKind};

use crate::Store;
use crate::audit::{AuditEntry, append_audit_in};
use crate::error::{Result, StoreError};
use crate::rows::i64_col;
use crate::users::{NewUser, UserRecord};

/// Where a unit to insert hangs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentRef {
    /// A root unit.
    Root,
    /// A unit already in the database.
    Existing(UnitId),
    /// An earlier unit of the same batch (its index).
    Batch(usize),
}

/// A unit to insert, already validated by the domain.
#[derive(Clone, Debug)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub level: u8,
    pub parent: ParentRef,
    pub region_code: String,
}

async fn insert_unit_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    u: &NewUnit,
    parent_id: Option<UnitId>,
    now_ms: i64,
) -> Result<Unit> {
    let row = sqlx::query(
        "INSERT INTO units (name, kind, level, parent_id, region_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&u.name)
    .bind(u.kind.as_str())
    .bind(i64::from(u.level))
    .bind(parent_id)
    .bind(&u.region_code)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Unit {
        id: i64_col(&row, "id")?,
        name: u.name.clone(),
        kind: u.kind,
        level: u.level,
        parent_id,
        region_code: u.region_code.clone(),
    })
}

impl Store {
    /// Appends `entries` to the audit chain within `tx`, commits, and moves the anchor.
    pub(crate) async fn commit_audited(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        entries: &[AuditEntry],
    ) -> Result<()> {
        if entries.is_empty() {
            tx.commit().await?;
            return Ok(());
        }
        let ring = self.audit_ring();
        let (id, hash) = append_audit_in(&mut tx, ring.as_deref(), entries).await?;
        tx.commit().await?;
        self.anchor_audit(id, &hash);
        Ok(())
    }

    /// Creates the root unit and the first users on a database without units, each user
    /// obliged to change the password at first sign-in, with the audit entries `audit` makes
    /// of them, all in one transaction. A database that already has units is refused
    /// (`StoreError::Refused`).
    pub async fn initialise(
        &self,
        root: &NewUnit,
        users: &[NewUser<'_>],
        now_ms: i64,
        audit: impl FnOnce(&Unit, &[UserRecord]) -> Vec<AuditEntry>,
    ) -> Result<(Unit, Vec<UserRecord>)> {
        let mut tx = self.write.begin().await?;
        let n = i64_col(
            &sqlx::query("SELECT COUNT(*) AS n FROM units")
                .fetch_one(&mut *tx)
                .await?,
            "n",
        )?;
        if n > 0 {
            return Err(StoreError::Refused(format!(
                "the database already has {n} units"
            )));
        }
        let unit = insert_unit_in(&mut tx, root, None, now_ms).await?;
        let mut made = Vec::with_capacity(users.len());
        for u in users {
            let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
            let row = sqlx::query(
                "INSERT INTO users (username, password_hash, display_name, unit_id, roles, active, created_at, must_change_password) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, 1) RETURNING id",
            )
            .bind(u.username)
            .bind(u.password_hash)
            .bind(u.display_name)
            .bind(unit.id)
            .bind(roles.join(","))
            .bind(now_ms)
            .fetch_one(&mut *tx)
            .await?;
            made.push(UserRecord {
                id: i64_col(&row, "id")?,
                username: u.username.to_owned(),
                password_hash: u.password_hash.to_owned(),
                display_name: u.display_name.to_owned(),
                unit_id: unit.id,
                roles: u.roles.to_vec(),
                active: true,
                must_change_password: true,
            });
        }
        let entries = audit(&unit, &made);
        self.commit_audited(tx, &entries).await?;
        Ok((unit, made))
    }

    /// Inserts a batch of units (parents before children) with the audit entries `audit`
    /// makes of them, in one transaction: all or nothing.
    pub async fn insert_units(
        &self,
        units: &[NewUnit],
        now_ms: i64,
        audit: impl FnOnce(&[Unit]) -> Vec<AuditEntry>,
    ) -> Result<Vec<Unit>> {
        let mut tx = self.write.begin().await?;
        let mut made: Vec<Unit> = Vec::with_capacity(units.len());
        for u in units {
            let parent_id =
                match u.parent {
                    ParentRef::Root => None,
                    ParentRef::Existing(id) => Some(id),
                    ParentRef::Batch(i) => Some(made.get(i).map(|p| p.id).ok_or_else(|| {
                        StoreError::Corrupt(format!("unit {i} not yet inserted"))
                    })?),
                };
            made.push(insert_unit_in(&mut tx, u, parent_id, now_ms).await?);
        }
        let entries = audit(&made);
        self.commit_audited(tx, &entries).await?;
        Ok(made)
    }

    /// Sets a user's password hash and whether it must be changed at the next sign-in; clears
    /// the failure count.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2, failed_attempts = 0, \
             locked_until = 0 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(i64::from(must_change))
        .bind(user_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Ends every session of a user except the one with digest `keep` (if given); returns
    /// how many ended.
    pub async fn delete_user_tokens(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(keep.unwrap_or(""))
                .execute(&self.write)
                .await?
                .rows_affected(),
        )
    }
}
