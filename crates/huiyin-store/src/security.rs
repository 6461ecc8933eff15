//! Sign-in history, lockout counters, second factors and token activity.

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_text, text};

/// One sign-in attempt.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SignIn {
    pub username: String,
    pub at: i64,
    pub address: String,
    pub success: bool,
    pub reason: String,
}

/// Lockout and second-factor state of a user.
#[derive(Clone, Debug, Default)]
pub struct UserSecurity {
    pub failed_attempts: i64,
    pub locked_until: i64,
    pub totp_secret: Option<String>,
}

impl Store {
    pub async fn record_sign_in(&self, s: &SignIn, user_id: Option<i64>) -> Result<()> {
        sqlx::query("INSERT INTO sign_ins (username, user_id, at, address, success, reason) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&s.username)
            .bind(user_id)
            .bind(s.at)
            .bind(&s.address)
            .bind(i64::from(s.success))
            .bind(&s.reason)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn sign_ins(&self, username: Option<&str>, limit: i64) -> Result<Vec<SignIn>> {
        let rows = sqlx::query(
            "SELECT username, at, address, success, reason FROM sign_ins WHERE ($1 = '' OR username = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(username.unwrap_or("").to_owned())
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SignIn {
                    username: text(r, "username")?,
                    at: i64_col(r, "at")?,
                    address: text(r, "address")?,
                    success: i64_col(r, "success")? != 0,
                    reason: text(r, "reason")?,
                })
            })
            .collect()
    }

    pub async fn user_security(&self, user_id: i64) -> Result<UserSecurity> {
        let r = sqlx::query(
            "SELECT failed_attempts, locked_until, totp_secret FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.read)
        .await?;
        match r {
            Some(r) => Ok(UserSecurity {
                failed_attempts: i64_col(&r, "failed_attempts")?,
                locked_until: i64_col(&r, "locked_until")?,
                totp_secret: opt_text(&r, "totp_secret")?,
            }),
            None => Ok(UserSecurity::default()),
        }
    }

    pub async fn set_lockout(
        &self,
        user_id: i64,
        failed_attempts: i64,
        locked_until: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET failed_attempts = $1, locked_until = $2 WHERE id = $3")
            .bind(failed_attempts)
            .bind(locked_until)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Stores (sealed, when keys are configured) or clears a user's TOTP secret.
    pub async fn set_totp_secret(&self, user_id: i64, secret: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
            .bind(self.seal(secret)?)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The clear TOTP secret of a user.
    pub async fn totp_secret(&self, user_id: i64) -> Result<Option<String>> {
        let sec = self.user_security(user_id).await?;
        self.open(sec.totp_secret)
    }

    /// Marks a token used now (at most once a minute), for idle timeouts.
    pub async fn touch_token(&self, token_hash: &str, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND last_used_at < $3",
        )
        .bind(now_ms)
        .bind(token_hash)
        .bind(now_ms - 60_000)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// When a token was last used (0 = never), if it exists.
    pub async fn token_last_used(&self, token_hash: &str) -> Result<Option<i64>> {
        let r =
            sqlx::query("SELECT last_used_at, created_at FROM api_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.read)
                .await?;
        r.map(|r| Ok(i64_col(&r, "last_used_at")?.max(i64_col(&r, "created_at")?)))
            .transpose()
    }

    pub async fn delete_token(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
