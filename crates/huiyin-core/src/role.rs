//! Roles and the acting user (PRODUCT.md "Who uses it").

use serde::{Deserialize, Serialize};

use crate::org::UnitId;

macro_rules! roles {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Role { $($variant,)+ }
        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(Role::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(Role::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(Role::$variant => $en,)+ } }
            fn parse_any(s: &str) -> Option<Role> { match s { $($wire => Some(Role::$variant),)+ _ => None } }
        }
    };
}

roles! {
    Registrar => "registrar", "登记员", "Registrar";
    Handler => "handler", "承办人", "Handler";
    Leader => "leader", "单位负责人", "Unit leader";
    Supervisor => "supervisor", "督查员", "Supervisor";
    Admin => "admin", "系统管理员", "System administrator";
    SecurityAdmin => "security_admin", "安全管理员", "Security administrator";
    Auditor => "auditor", "审计管理员", "Audit administrator";
    Petitioner => "petitioner", "信访人（网上信访平台）", "Petitioner (online portal)";
}

impl Role {
    /// The three separated administrator roles (三员分立): at most one per user.
    pub const PRIVILEGED: &'static [Role] = &[Role::Admin, Role::SecurityAdmin, Role::Auditor];

    /// The roles a user account may hold: every role but [`Role::Petitioner`], which only the
    /// portal acts in (a petitioner has no account; the query code and PIN prove the case).
    pub const STAFF: &'static [Role] = &[
        Role::Registrar,
        Role::Handler,
        Role::Leader,
        Role::Supervisor,
        Role::Admin,
        Role::SecurityAdmin,
        Role::Auditor,
    ];

    /// A staff role by its wire name. `petitioner` is not one: no account, import, form or
    /// stored row can grant it.
    pub fn parse(s: &str) -> Option<Role> {
        Role::parse_any(s).filter(|r| Role::STAFF.contains(r))
    }
}

/// Read through [`Role::parse`]: a staff role only.
impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Role::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown role: {name}")))
    }
}

/// The user taking a step or asking a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
    /// Roles that work on cases (as opposed to administration and audit).
    pub fn works_cases(&self) -> bool {
        self.may(crate::permission::Permission::ReadCases)
    }
}
