//! What the administration pages read: the user list (administrators only). Creating units and
//! users and changing the calendar go through `org.rs` and `calendar.rs`.

use huiyin_core::error::ErrorCode;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::role::Role;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A user as the administration list shows them (never the password hash).
#[derive(Clone, Debug)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
    pub active: bool,
}

impl App {
    /// Every user, in creation order; system administrators only.
    pub async fn list_users(&self, by: &CurrentUser) -> Result<Vec<UserSummary>> {
        if !by.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        Ok(self
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| UserSummary {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                unit_id: u.unit_id,
                roles: u.roles,
                active: u.active,
            })
            .collect())
    }
}
