//! The portal actor: the petitioner acting through the public portal. Steps it takes are
//! recorded on the timeline and in the audit trail as "网上信访平台（信访人）", with no user id
//! of a real account (id 0 is never assigned by the database).

use huiyin_core::org::UnitId;
use huiyin_core::role::Role;

use crate::auth::CurrentUser;

/// The username the portal's entries carry in the audit trail.
pub const PORTAL_USERNAME: &str = "portal";
/// The name the portal's steps carry on the timeline.
pub const PORTAL_DISPLAY_NAME: &str = "网上信访平台（信访人）";

/// The petitioner acting through the portal at `unit_id` (the unit where the case stands). The
/// [`Role::Petitioner`] holds one permission, to submit online, and may take the petitioner's
/// own steps (evaluation, requests for review); it reads no case through a staff path, so the
/// portal reaches a case only by its query code and PIN (`App::portal_case`).
pub fn portal_actor(unit_id: UnitId) -> CurrentUser {
    CurrentUser {
        id: 0,
        username: PORTAL_USERNAME.to_owned(),
        display_name: PORTAL_DISPLAY_NAME.to_owned(),
        unit_id,
        roles: vec![Role::Petitioner],
    }
}
