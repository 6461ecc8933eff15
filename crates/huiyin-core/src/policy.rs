//! Who may see a case and how much of the petitioners' identity (DOMAIN.md §4; PRODUCT.md
//! "Confidentiality"). Pure functions of the actor, the tree and the case.

use crate::case::{Case, Flag};
use crate::kinds::PetitionType;
use crate::org::{OrgTree, UnitId};
use crate::role::Actor;

#[path = "policy_matrix.rs"]
pub mod matrix;

/// The unit whose subtree the actor sees: a petition office sees what its bureau sees.
pub fn visibility_root(actor: &Actor, org: &OrgTree) -> UnitId {
    org.competent_body(actor.unit_id)
        .map(|u| u.id)
        .unwrap_or(actor.unit_id)
}

/// The whistleblower firewall of one case (XFGZTL-2022 Art. 30 ¶3; DOMAIN.md §4, §12 #20): the
/// accused unit, whose staff may not handle, see, find or count the case, and the one user of
/// that unit who may still see it because they registered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wall {
    pub accused_unit_id: UnitId,
    pub registered_by: Option<i64>,
}

/// The case is or ever was an accusation: the firewall is sticky across `classify`.
pub fn is_firewalled(case: &Case) -> bool {
    case.petition_type == PetitionType::Accusation || case.has(Flag::Whistleblower)
}

/// The firewall of `case`, if it has one.
pub fn wall_of(case: &Case) -> Option<Wall> {
    is_firewalled(case).then_some(Wall {
        accused_unit_id: case.concerned_unit_id,
        registered_by: case.registered_by,
    })
}

/// The units whose staff a user of `unit` counts as: the unit and every unit above it, up to
/// and including the first independent body (a discipline body's staff are not the staff of the
/// bureau it sits beside). An accusation against any of them is walled off from the user.
pub fn member_units(org: &OrgTree, unit: UnitId) -> Vec<UnitId> {
    let mut out = Vec::new();
    for u in org.ancestors_or_self(unit) {
        out.push(u.id);
        if u.kind.is_independent_body() {
            break;
        }
    }
    out
}

/// A user of `unit` belongs to the accused unit `accused` (is it, or inside it).
pub fn belongs_to(org: &OrgTree, unit: UnitId, accused: UnitId) -> bool {
    member_units(org, unit).contains(&accused)
}

/// The first body at or above `body` that belongs to none of `accused`: who may own work about
/// accusations against them (a warning behind such a case is never owned inside the wall).
pub fn body_above_walls(org: &OrgTree, body: UnitId, accused: &[UnitId]) -> UnitId {
    let mut body = body;
    while accused.iter().any(|a| belongs_to(org, body, *a)) {
        match org.one_level_up(body) {
            Some(up) => body = up.id,
            None => break,
        }
    }
    body
}

/// The actor is walled off from a case with this firewall: they belong to the accused unit and
/// did not register the case themselves.
pub fn walled_off(actor: &Actor, org: &OrgTree, wall: Option<&Wall>) -> bool {
    wall.is_some_and(|w| {
        w.registered_by != Some(actor.user_id) && belongs_to(org, actor.unit_id, w.accused_unit_id)
    })
}

/// A case is visible to the units that have held it and every unit above them; never to a
/// sibling; never to the accused unit of an accusation (but its registrar). Administrators and
/// auditors do not read cases through this path.
pub fn can_see_case(actor: &Actor, org: &OrgTree, held_by: &[UnitId], wall: Option<&Wall>) -> bool {
    if !actor.works_cases() || walled_off(actor, org, wall) {
        return false;
    }
    let root = visibility_root(actor, org);
    held_by.iter().any(|u| org.is_ancestor_or_self(root, *u))
}

/// How much of a petitioner's identity the actor may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityAccess {
    /// Name, ID number, phone and address in clear.
    Full,
    /// Name in clear; ID number and phone masked; address hidden.
    Masked,
    /// Nothing that identifies the person (the whistleblower firewall).
    Hidden,
}

/// The actor works in the accused unit or below it (whether or not they registered the case).
pub fn is_in_accused_unit(actor: &Actor, org: &OrgTree, case: &Case) -> bool {
    is_firewalled(case) && belongs_to(org, actor.unit_id, case.concerned_unit_id)
}

/// Identity access for `actor` on `case`.
pub fn identity_access(actor: &Actor, org: &OrgTree, case: &Case) -> IdentityAccess {
    if is_in_accused_unit(actor, org, case) {
        return IdentityAccess::Hidden;
    }
    let same_body = |u: UnitId| {
        org.competent_body(actor.unit_id).map(|x| x.id) == org.competent_body(u).map(|x| x.id)
    };
    let handles = same_body(case.handling_unit_id) || same_body(case.receiving_unit_id);
    let works = actor.may(crate::permission::Permission::HandleCases);
    let restricted =
        case.has(Flag::Confidential) || case.has(Flag::Sensitive) || is_firewalled(case);
    match (works, handles, restricted) {
        (true, true, _) => IdentityAccess::Full,
        (true, false, false) => IdentityAccess::Full,
        _ => IdentityAccess::Masked,
    }
}

/// `110101********4514`: region and the last four kept.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
#[path = "policy_table_tests.rs"]
mod table_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("123"), "***");
    }
}
