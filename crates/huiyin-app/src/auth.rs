//! Signing in: Argon2id passwords on blocking threads, lockout after repeated failures, an
//! optional TOTP second factor, sign-in history, tokens with absolute and idle expiry.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::role::{Actor, Role};
use huiyin_store::SignIn;

use crate::context::App;
use crate::error::{AppError, Result};
use crate::keys::token_digest;

/// Failures before an account locks, and for how long.
pub const MAX_FAILURES: i64 = 5;
pub const LOCK_MS: i64 = 15 * 60_000;

/// The signed-in user.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
}

/// A stored account acting: what the session, a new account and a named leader become.
impl From<huiyin_store::UserRecord> for CurrentUser {
    fn from(u: huiyin_store::UserRecord) -> CurrentUser {
        CurrentUser {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            roles: u.roles,
        }
    }
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
    /// Whether the user holds `permission` ([`huiyin_core::permission`]).
    pub fn may(&self, permission: huiyin_core::permission::Permission) -> bool {
        huiyin_core::permission::may(&self.roles, permission)
    }
}

/// A signed-in session: the user, and whether they must change the password before anything
/// else (first sign-in).
#[derive(Clone, Debug)]
pub struct Session {
    pub user: CurrentUser,
    pub must_change_password: bool,
}

/// A successful sign-in.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub token: String,
    /// Every call but the password change, `me` and sign-out answers
    /// `auth.password_change_required` until the password is changed.
    pub must_change_password: bool,
}

/// A sign-in attempt.
#[derive(Clone, Debug, Default)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    pub otp: Option<String>,
    /// The client's address, for the sign-in history.
    pub address: String,
}

/// Argon2id with the crate's defaults (m = 19 MiB, t = 2, p = 1).
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| AppError::code(ErrorCode::Internal))
}

/// The password policy: at least 8 characters of at least two kinds (lower case, upper case,
/// digits, symbols), not containing the username.
pub fn check_password_policy(
    username: &str,
    password: &str,
) -> std::result::Result<(), DomainError> {
    let kinds = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|k| **k)
    .count();
    let contains_name =
        !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase());
    if password.chars().count() < 8 || password.len() > 256 || kinds < 2 || contains_name {
        return Err(DomainError::invalid(
            "password",
            "密码至少8位，须包含大写字母、小写字母、数字、符号中的至少两类，且不能包含用户名",
            "at least 8 characters of two kinds (upper, lower, digit, symbol), not containing the username",
        ));
    }
    Ok(())
}

/// A new TOTP secret (base32) and its `otpauth://` URI for authenticator apps.
pub(crate) fn new_totp(username: &str) -> Result<(String, String)> {
    let secret = huiyin_crypto::totp::base32(
        &huiyin_crypto::random_bytes::<20>().map_err(|_| AppError::code(ErrorCode::Internal))?,
    );
    let uri = format!("otpauth://totp/Huiyin:{username}?secret={secret}&issuer=Huiyin");
    Ok((secret, uri))
}

fn random_token() -> Result<String> {
    huiyin_crypto::random_bytes::<32>()
        .map(hex::encode)
        .map_err(|_| AppError::code(ErrorCode::Internal))
}

impl App {
    /// Checks a password and issues a token (no second factor, no address).
    pub async fn login(&self, username: &str, password: &str) -> Result<String> {
        self.login_with(LoginRequest {
            username: username.into(),
            password: password.into(),
            ..LoginRequest::default()
        })
        .await
    }

    /// The full sign-in; the token only (see [`App::sign_in`]).
    pub async fn login_with(&self, req: LoginRequest) -> Result<String> {
        self.sign_in(req).await.map(|s| s.token)
    }

    /// Whether a user with these roles must sign in with a second factor.
    pub fn second_factor_required(&self, roles: &[Role]) -> bool {
        roles
            .iter()
            .any(|r| self.config.totp_required_roles.contains(r))
    }

    /// The full sign-in: lockout, password, second factor, history and audit.
    #[tracing::instrument(name = "app.sign_in", skip_all)]
    pub async fn sign_in(&self, req: LoginRequest) -> Result<SignedIn> {
        let username = req.username.trim().to_owned();
        let now = self.now_ms();
        let user = self.store.user_by_username(&username).await?;
        let security = match &user {
            Some(u) => self.store.user_security(u.id).await?,
            None => Default::default(),
        };
        let user_id = user.as_ref().map(|u| u.id);
        let address = req.address.clone();
        let fail = |reason: &'static str, code: ErrorCode| {
            self.failed_sign_in(
                username.clone(),
                user_id,
                address.clone(),
                now,
                reason,
                code,
            )
        };
        if security.locked_until > now {
            return fail("locked", ErrorCode::AccountLocked).await;
        }
        let hash = user.as_ref().map(|u| u.password_hash.clone());
        let password = req.password.clone();
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
        let Some(user) = user.clone().filter(|u| u.active) else {
            return fail("unknown_user", ErrorCode::BadCredentials).await;
        };
        let otp_ok = match self.store.totp_secret(user.id).await? {
            _ if !ok => true,
            Some(secret) => {
                let code = req.otp.as_deref().unwrap_or("");
                if code.is_empty() {
                    return fail("otp_missing", ErrorCode::SecondFactorRequired).await;
                }
                huiyin_crypto::totp::verify(&secret, code, now / 1000)
            }
            // At first sign-in the password alone opens a session that can only change the
            // password, and that change enrols the second factor (`App::change_password`).
            None if self.second_factor_required(&user.roles) && !user.must_change_password => {
                return fail("otp_not_enrolled", ErrorCode::SecondFactorSetupRequired).await;
            }
            _ => true,
        };
        if !ok || !otp_ok {
            let failures = security.failed_attempts + 1;
            let locked_until = if failures >= MAX_FAILURES {
                now + LOCK_MS
            } else {
                0
            };
            self.store
                .set_lockout(
                    user.id,
                    if locked_until > 0 { 0 } else { failures },
                    locked_until,
                )
                .await?;
            let reason = if ok { "bad_otp" } else { "bad_password" };
            return fail(reason, ErrorCode::BadCredentials).await;
        }
        if security.failed_attempts != 0 || security.locked_until != 0 {
            self.store.set_lockout(user.id, 0, 0).await?;
        }
        let token = random_token()?;
        let expires = now + self.config.token_hours * 3_600_000;
        self.store
            .insert_token(&token_digest(&token), user.id, now, expires)
            .await?;
        let attempt = SignIn {
            username: username.clone(),
            at: now,
            address: req.address.clone(),
            success: true,
            reason: "ok".into(),
        };
        self.store.record_sign_in(&attempt, Some(user.id)).await?;
        let must_change_password = user.must_change_password;
        let current = CurrentUser::from(user);
        self.audit(Some(&current), "", "sign_in", &username, "ok", &req.address)
            .await?;
        Ok(SignedIn {
            token,
            must_change_password,
        })
    }

    async fn failed_sign_in(
        &self,
        username: String,
        user_id: Option<i64>,
        address: String,
        now: i64,
        reason: &'static str,
        code: ErrorCode,
    ) -> Result<SignedIn> {
        let attempt = SignIn {
            username: username.clone(),
            at: now,
            address: address.clone(),
            success: false,
            reason: reason.into(),
        };
        self.store.record_sign_in(&attempt, user_id).await?;
        self.audit(None, &username, "sign_in", &username, reason, &address)
            .await?;
        Err(code.into())
    }

    /// The user owning a valid token; tokens idle longer than the limit are signed out, and a
    /// user who must change the password is refused (`auth.password_change_required`).
    pub async fn authenticate(&self, token: &str) -> Result<CurrentUser> {
        let session = self.authenticate_session(token).await?;
        if session.must_change_password {
            return Err(ErrorCode::PasswordChangeRequired.into());
        }
        Ok(session.user)
    }

    /// The session of a valid token, also when the password must be changed first (for the
    /// password change itself, `me` and sign-out).
    pub async fn authenticate_session(&self, token: &str) -> Result<Session> {
        self.session_of(token, true).await
    }

    /// The session of a valid token without counting this as a use: a page's background
    /// refresh (the notifications badge) must not keep an idle session alive.
    pub async fn authenticate_session_quietly(&self, token: &str) -> Result<Session> {
        self.session_of(token, false).await
    }

    async fn session_of(&self, token: &str, used: bool) -> Result<Session> {
        let digest = token_digest(token.trim());
        let now = self.now_ms();
        let user = self
            .store
            .user_by_token(&digest, now)
            .await?
            .ok_or(AppError::code(ErrorCode::Unauthenticated))?;
        let idle_ms = self.config.token_idle_minutes * 60_000;
        let cached = self
            .token_seen
            .lock()
            .map(|m| m.get(&digest).copied())
            .unwrap_or(None);
        let mut written = cached.map(|(_, w)| w).unwrap_or(0);
        if cached.is_none_or(|(seen, _)| now - seen > idle_ms) {
            // Not seen here recently: the database knows about uses on other instances.
            let last = self.store.token_last_used(&digest).await?.unwrap_or(0);
            if now - last > idle_ms {
                self.store.delete_token(&digest).await?;
                if let Ok(mut m) = self.token_seen.lock() {
                    m.remove(&digest);
                }
                return Err(ErrorCode::SessionExpired.into());
            }
            written = last;
        }
        if !used {
            // Not a use: the idle clock keeps running. `written` is the last recorded use
            // (from the cache, or the database when the cache had nothing recent).
            let last = match cached {
                Some((seen, _)) if now - seen <= idle_ms => seen,
                _ => written,
            };
            if now - last > idle_ms {
                return Err(ErrorCode::SessionExpired.into());
            }
            return Ok(Session {
                must_change_password: user.must_change_password,
                user: CurrentUser::from(user),
            });
        }
        if now - written > 60_000 {
            self.store.touch_token(&digest, now).await?;
            written = now;
        }
        if let Ok(mut m) = self.token_seen.lock() {
            if m.len() > 100_000 {
                m.clear();
            }
            m.insert(digest.clone(), (now, written));
        }
        Ok(Session {
            must_change_password: user.must_change_password,
            user: CurrentUser::from(user),
        })
    }

    /// Ends a token's session.
    #[tracing::instrument(name = "app.logout", skip_all)]
    pub async fn logout(&self, token: &str) -> Result<()> {
        Ok(self.store.delete_token(&token_digest(token.trim())).await?)
    }

    /// Enrols a user in TOTP (security administrators, or the user themself); returns the
    /// base32 secret and an `otpauth://` URI for the authenticator app.
    #[tracing::instrument(name = "app.enrol_totp", skip_all, fields(user_id = by.id))]
    pub async fn enrol_totp(&self, by: &CurrentUser, user_id: i64) -> Result<(String, String)> {
        if by.id != user_id && !by.may(Permission::ManageSecondFactors) {
            return Err(ErrorCode::Forbidden.into());
        }
        let target = self
            .store
            .user_by_id(user_id)
            .await?
            .ok_or(AppError::code(ErrorCode::NotFound))?;
        let (secret, uri) = new_totp(&target.username)?;
        self.store.set_totp_secret(user_id, Some(&secret)).await?;
        self.audit(
            Some(by),
            "",
            "security.totp_enrol",
            &target.username,
            "ok",
            "",
        )
        .await?;
        Ok((secret, uri))
    }
}
