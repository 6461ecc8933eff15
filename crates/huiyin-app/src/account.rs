//! A user's own account: changing the password (and, where the role requires a second factor
//! and none is enrolled yet, receiving one with the change).

use argon2::Argon2;
use argon2::password_hash::PasswordVerifier;
use huiyin_core::error::{DomainError, ErrorCode};

use crate::auth::{LOCK_MS, MAX_FAILURES, Session, check_password_policy, hash_password, new_totp};
use crate::context::App;
use crate::error::{AppError, Result};
use crate::keys::token_digest;

/// What a password change did besides changing the password.
#[derive(Clone, Debug, Default)]
pub struct PasswordChanged {
    /// A second factor enrolled with the change (the user's role requires one and none was
    /// enrolled): its base32 secret and `otpauth://` URI, shown this once. Every session of
    /// the user has then ended: the next sign-in needs the new password and a code.
    pub second_factor: Option<(String, String)>,
}

impl App {
    /// Changes the password of the session's user: the current password must be right (a
    /// wrong one counts towards the lockout like a failed sign-in), the new one must follow
    /// the policy and differ. Clears the first-sign-in obligation and ends the user's other
    /// sessions.
    #[tracing::instrument(name = "app.change_password", skip_all)]
    pub async fn change_password(
        &self,
        session: &Session,
        token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<PasswordChanged> {
        let user = &session.user;
        let now = self.now_ms();
        let record = self
            .store
            .user_by_id(user.id)
            .await?
            .ok_or(AppError::code(ErrorCode::Unauthenticated))?;
        let security = self.store.user_security(user.id).await?;
        if security.locked_until > now {
            return Err(ErrorCode::AccountLocked.into());
        }
        let (hash, old) = (record.password_hash.clone(), old_password.to_owned());
        let ok = tokio::task::spawn_blocking(move || {
            Argon2::default()
                .verify_password(old.as_bytes(), hash.as_str())
                .is_ok()
        })
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))?;
        if !ok {
            let failures = security.failed_attempts + 1;
            if failures >= MAX_FAILURES {
                self.store.set_lockout(user.id, 0, now + LOCK_MS).await?;
                self.store.delete_user_tokens(user.id, None).await?;
            } else {
                self.store.set_lockout(user.id, failures, 0).await?;
            }
            self.audit(
                Some(user),
                "",
                "security.password_change",
                &user.username,
                "bad_password",
                "",
            )
            .await?;
            return Err(DomainError::invalid(
                "old_password",
                "当前密码不正确",
                "The current password is wrong",
            )
            .into());
        }
        if old_password == new_password {
            return Err(DomainError::invalid(
                "new_password",
                "新密码不能与当前密码相同",
                "The new password must differ from the current one",
            )
            .into());
        }
        if let Err(e) = check_password_policy(&user.username, new_password) {
            let mut out = DomainError::new(ErrorCode::Validation);
            for (_, m) in e.fields {
                out = out.with("new_password", m.zh, m.en);
            }
            return Err(out.into());
        }
        let new = new_password.to_owned();
        let hash = tokio::task::spawn_blocking(move || hash_password(&new))
            .await
            .map_err(|_| AppError::code(ErrorCode::Internal))??;
        self.store.set_password(user.id, &hash, false).await?;
        let mut changed = PasswordChanged::default();
        if self.second_factor_required(&user.roles) && security.totp_secret.is_none() {
            let (secret, uri) = new_totp(&user.username)?;
            self.store.set_totp_secret(user.id, Some(&secret)).await?;
            self.store.delete_user_tokens(user.id, None).await?;
            self.audit(
                Some(user),
                "",
                "security.totp_enrol",
                &user.username,
                "ok",
                "with the password change",
            )
            .await?;
            changed.second_factor = Some((secret, uri));
        } else {
            let keep = token_digest(token.trim());
            self.store.delete_user_tokens(user.id, Some(&keep)).await?;
        }
        let detail = if session.must_change_password {
            "first sign-in"
        } else {
            ""
        };
        self.audit(
            Some(user),
            "",
            "security.password_change",
            &user.username,
            "ok",
            detail,
        )
        .await?;
        Ok(changed)
    }
}
