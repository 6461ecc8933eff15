//! Administering the organisation: units and users.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::{Unit, check_new_unit};
use huiyin_core::permission::Permission;
use huiyin_core::role::Role;
use huiyin_store::NewUser;

use crate::auth::{CurrentUser, hash_password};
use crate::context::App;
use crate::error::Result;

pub use huiyin_core::org_input::{NewUnitInput, NewUserInput};

/// What a username may be, in Chinese and English.
pub(crate) const USERNAME_RULE: (&str, &str) = (
    "用户名应为1至64位字母、数字或._-",
    "1–64 letters, digits or ._-",
);

/// Whether a username follows [`USERNAME_RULE`].
pub(crate) fn username_ok(username: &str) -> bool {
    !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

pub(crate) fn require_admin(user: Option<&CurrentUser>) -> Result<()> {
    match user {
        Some(u) if u.may(Permission::Configure) => Ok(()),
        Some(_) => Err(ErrorCode::Forbidden.into()),
        None => Ok(()), // command-line administration
    }
}

impl App {
    /// Units the user may see: their unit, everything below it, and the chain above it.
    pub fn visible_units(&self, user: &CurrentUser) -> Vec<Unit> {
        let org = self.org();
        if user.may(Permission::Configure) {
            let mut all: Vec<Unit> = org.units().cloned().collect();
            all.sort_by_key(|u| u.id);
            return all;
        }
        let mut ids = org.subtree(huiyin_core::policy::visibility_root(&user.actor(), &org));
        ids.extend(org.ancestors_or_self(user.unit_id).iter().map(|u| u.id));
        ids.sort_unstable();
        ids.dedup();
        ids.iter().filter_map(|id| org.get(*id).cloned()).collect()
    }

    /// The display names of users (who asked, in the 待我审批 inbox; who acted, on the audit page).
    pub async fn user_names(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        Ok(self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| ids.contains(&u.id))
            .map(|u| (u.id, u.display_name))
            .collect())
    }

    /// Creates a unit (admin, or the command line when `by` is None).
    #[tracing::instrument(name = "app.create_unit", skip_all)]
    pub async fn create_unit(&self, by: Option<&CurrentUser>, input: NewUnitInput) -> Result<Unit> {
        require_admin(by)?;
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(DomainError::invalid(
                "name",
                "单位名称应为1至100个字",
                "1 to 100 characters",
            )
            .into());
        }
        let region = input.region_code.trim();
        if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::invalid(
                "region_code",
                "行政区划代码应为6位数字（GB/T 2260）",
                "six digits (GB/T 2260)",
            )
            .into());
        }
        let org = self.org();
        let parent = match input.parent_id {
            Some(p) => Some(
                org.get(p)
                    .ok_or(DomainError::new(ErrorCode::UnitNotFound).field("parent_id"))?,
            ),
            None => None,
        };
        let level = check_new_unit(input.kind, parent)?;
        let unit = self
            .store
            .insert_unit(
                name,
                input.kind,
                level,
                input.parent_id,
                region,
                self.now_ms(),
            )
            .await?;
        self.reload_org().await?;
        self.audit(
            by,
            "command-line",
            "config.unit_create",
            &format!("unit:{}", unit.id),
            "ok",
            &unit.name,
        )
        .await?;
        Ok(unit)
    }

    /// Creates a user (admin, or the command line when `by` is None).
    #[tracing::instrument(name = "app.create_user", skip_all)]
    pub async fn create_user(
        &self,
        by: Option<&CurrentUser>,
        input: NewUserInput,
    ) -> Result<CurrentUser> {
        require_admin(by)?;
        let username = input.username.trim().to_owned();
        let mut err: Option<DomainError> = None;
        let mut bad = |f: &str, zh: &str, en: &str| {
            let e = err
                .take()
                .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
            err = Some(e.with(f, zh, en));
        };
        if !username_ok(&username) {
            bad("username", USERNAME_RULE.0, USERNAME_RULE.1);
        }
        // Demo accounts (password `demo`) are the one exception, and only when seeded in demo mode.
        let demo_seed = by.is_none() && self.config.demo;
        if !demo_seed && let Err(e) = crate::auth::check_password_policy(&username, &input.password)
        {
            for (f, m) in e.fields {
                bad(&f, &m.zh, &m.en);
            }
        }
        if input
            .roles
            .iter()
            .filter(|r| Role::PRIVILEGED.contains(r))
            .count()
            > 1
        {
            bad(
                "roles",
                "系统管理员、安全管理员、审计管理员三种角色必须由不同用户担任（三员分立）",
                "the system, security and audit administrator roles must be held by different users",
            );
        }
        if input.display_name.trim().is_empty() || input.display_name.chars().count() > 50 {
            bad("display_name", "姓名应为1至50个字", "1 to 50 characters");
        }
        if self.org().get(input.unit_id).is_none() {
            bad("unit_id", "单位不存在", "no such unit");
        }
        if input.roles.is_empty() {
            bad("roles", "至少选择一个角色", "at least one role");
        }
        if let Some(e) = err {
            return Err(e.into());
        }
        let password = input.password.clone();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|_| crate::error::AppError::code(ErrorCode::Internal))??;
        let rec = self
            .store
            .insert_user(
                &NewUser {
                    username: &username,
                    password_hash: &hash,
                    display_name: input.display_name.trim(),
                    unit_id: input.unit_id,
                    roles: &input.roles,
                },
                self.now_ms(),
            )
            .await?;
        let roles: Vec<&str> = rec.roles.iter().map(|r| r.as_str()).collect();
        self.audit(
            by,
            "command-line",
            "config.user_create",
            &rec.username,
            "ok",
            &roles.join(","),
        )
        .await?;
        Ok(CurrentUser::from(rec))
    }
}
