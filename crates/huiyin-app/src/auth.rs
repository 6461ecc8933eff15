//! Signing in with a password and holding an API token.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use huiyin_core::error::ErrorCode;
use huiyin_core::org::UnitId;
use huiyin_core::role::{Actor, Role};

use crate::context::App;
use crate::error::{AppError, Result};
use crate::keys::token_digest;

/// The signed-in user.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            unit_id: self.unit_id,
            roles: self.roles.clone(),
        }
    }
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Argon2id with the crate's defaults (m = 19 MiB, t = 2, p = 1).
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| AppError::code(ErrorCode::Internal))
}

fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AppError::code(ErrorCode::Internal))?;
    Ok(hex::encode(bytes))
}

impl App {
    /// Checks a password (on a blocking thread) and issues a token.
    pub async fn login(&self, username: &str, password: &str) -> Result<String> {
        let user = self.store.user_by_username(username.trim()).await?;
        let hash = user.as_ref().map(|u| u.password_hash.clone());
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || match hash {
            Some(h) => Argon2::default()
                .verify_password(password.as_bytes(), h.as_str())
                .is_ok(),
            None => {
                // Spend the same time on unknown users so they cannot be told apart.
                let _ = Argon2::default().hash_password(password.as_bytes());
                false
            }
        })
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))?;
        let Some(user) = user.filter(|u| ok && u.active) else {
            return Err(ErrorCode::BadCredentials.into());
        };
        let token = random_token()?;
        let now = self.now_ms();
        let expires = now + self.config.token_hours * 3_600_000;
        self.store
            .insert_token(&token_digest(&token), user.id, now, expires)
            .await?;
        Ok(token)
    }

    /// The user owning a valid token.
    pub async fn authenticate(&self, token: &str) -> Result<CurrentUser> {
        let user = self
            .store
            .user_by_token(&token_digest(token.trim()), self.now_ms())
            .await?
            .ok_or(AppError::code(ErrorCode::Unauthenticated))?;
        Ok(CurrentUser {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            unit_id: user.unit_id,
            roles: user.roles,
        })
    }
}
