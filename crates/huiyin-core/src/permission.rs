//! What each role may do (PRODUCT.md "Who uses it"; 三员分立, DOMAIN.md §10): one rule per
//! permission, asked as `actor.may(Permission::…)`, so no use case or page copies a list of
//! roles. Which roles may take each workflow step is [`crate::workflow::ActionKind::roles`];
//! which cases a user sees is [`crate::policy`].

use crate::role::{Actor, Role};

/// A permission, independent of any one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read the cases of one's scope: lists, search, a case, its history (case work, not
    /// administration or audit).
    ReadCases,
    /// Register petitions and do the case work around the workflow: attachments, notices,
    /// links between cases, query codes, the worklists of one's body.
    HandleCases,
    /// The overdue cases of a whole scope (督查).
    SuperviseScope,
    /// Draft, confirm and withdraw typical cases (典型案例): a leader. The system administrator
    /// reads no case under 三员分立, so publishes none either.
    PublishCases,
    /// Units, users, the holiday calendar, the time-limit rules (系统管理员).
    Configure,
    /// Search and verify the audit trail (审计管理员).
    ReadAudit,
    /// The sign-in history (安全管理员 and 审计管理员).
    ReadSignIns,
    /// Enrol or reset another user's second factor (安全管理员).
    ManageSecondFactors,
    /// Submit one's own petition online (网上信访): the portal acting for a petitioner, who
    /// has no account and reads nothing through staff paths.
    SubmitOnline,
}

impl Permission {
    /// The roles that hold the permission.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ReadCases => &[Registrar, Handler, Leader, Supervisor],
            Permission::HandleCases => &[Registrar, Handler, Leader],
            Permission::SuperviseScope => &[Supervisor],
            Permission::PublishCases => &[Leader],
            Permission::Configure => &[Admin],
            Permission::ReadAudit => &[Auditor],
            Permission::ReadSignIns => &[SecurityAdmin, Auditor],
            Permission::ManageSecondFactors => &[SecurityAdmin],
            Permission::SubmitOnline => &[Petitioner],
        }
    }
}

/// Whether any of `roles` holds `permission`.
pub fn may(roles: &[Role], permission: Permission) -> bool {
    permission.roles().iter().any(|r| roles.contains(r))
}

impl Actor {
    pub fn may(&self, permission: Permission) -> bool {
        may(&self.roles, permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_petitioner_submits_online_and_holds_no_staff_permission() {
        let all = [
            Permission::ReadCases,
            Permission::HandleCases,
            Permission::SuperviseScope,
            Permission::PublishCases,
            Permission::Configure,
            Permission::ReadAudit,
            Permission::ReadSignIns,
            Permission::ManageSecondFactors,
        ];
        for p in all {
            assert!(!may(&[Role::Petitioner], p), "{p:?}");
        }
        assert!(may(&[Role::Petitioner], Permission::SubmitOnline));
        assert!(!Role::STAFF.contains(&Role::Petitioner));
        assert_eq!(Role::parse("petitioner"), None);
        assert_eq!(Role::STAFF.len() + 1, Role::ALL.len());
    }

    #[test]
    fn administrators_read_no_case_and_case_workers_configure_nothing() {
        for admin in Role::PRIVILEGED {
            assert!(!may(&[*admin], Permission::ReadCases), "{admin:?}");
            assert!(!may(&[*admin], Permission::HandleCases), "{admin:?}");
        }
        for worker in [
            Role::Registrar,
            Role::Handler,
            Role::Leader,
            Role::Supervisor,
        ] {
            assert!(may(&[worker], Permission::ReadCases));
            for p in [
                Permission::Configure,
                Permission::ReadAudit,
                Permission::ReadSignIns,
                Permission::ManageSecondFactors,
            ] {
                assert!(!may(&[worker], p), "{worker:?} {p:?}");
            }
        }
        assert!(!may(&[Role::Supervisor], Permission::HandleCases));
        assert!(!may(&[Role::Registrar], Permission::SubmitOnline));
        assert!(may(
            &[Role::Handler, Role::Supervisor],
            Permission::SuperviseScope
        ));
    }
}
