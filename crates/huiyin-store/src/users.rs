//! Users, their roles and API tokens.

use huiyin_core::org::UnitId;
use huiyin_core::role::Role;
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};

/// A stored user.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Must change the password before doing anything else (first sign-in).
    pub must_change_password: bool,
}

/// A user to create (password already hashed).
#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub unit_id: UnitId,
    pub roles: &'a [Role],
}

fn user_from_row(row: &AnyRow) -> Result<UserRecord> {
    Ok(UserRecord {
        id: i64_col(row, "id")?,
        username: text(row, "username")?,
        password_hash: text(row, "password_hash")?,
        display_name: text(row, "display_name")?,
        unit_id: i64_col(row, "unit_id")?,
        roles: text(row, "roles")?
            .split(',')
            .filter_map(Role::parse)
            .collect(),
        active: i64_col(row, "active")? != 0,
        must_change_password: i64_col(row, "must_change_password")? != 0,
    })
}

const USER_COLS: &str =
    "id, username, password_hash, display_name, unit_id, roles, active, must_change_password";

impl Store {
    pub async fn insert_user(&self, u: &NewUser<'_>, now_ms: i64) -> Result<UserRecord> {
        let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
        let row = sqlx::query(
            "INSERT INTO users (username, password_hash, display_name, unit_id, roles, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(u.username)
        .bind(u.password_hash)
        .bind(u.display_name)
        .bind(u.unit_id)
        .bind(roles.join(","))
        .bind(now_ms)
        .fetch_one(&self.write)
        .await?;
        Ok(UserRecord {
            id: i64_col(&row, "id")?,
            username: u.username.to_owned(),
            password_hash: u.password_hash.to_owned(),
            display_name: u.display_name.to_owned(),
            unit_id: u.unit_id,
            roles: u.roles.to_vec(),
            active: true,
            must_change_password: false,
        })
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users WHERE username = $1"));
        let row = sqlx::query(sql)
            .bind(username)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users WHERE id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users ORDER BY id"));
        let rows = sqlx::query(sql).fetch_all(&self.read).await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn insert_token(
        &self,
        token_hash: &str,
        user_id: i64,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now_ms)
            .bind(expires_ms)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The active user owning an unexpired token.
    pub async fn user_by_token(&self, token_hash: &str, now_ms: i64) -> Result<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM users u JOIN api_tokens t ON t.user_id = u.id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND u.active = 1",
            USER_COLS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let row = sqlx::query(sql)
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }
}
