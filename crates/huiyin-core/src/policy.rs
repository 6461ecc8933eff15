//! Who may see a case and how much of the petitioners' identity (DOMAIN.md §4; PRODUCT.md
//! "Confidentiality"). Pure functions of the actor, the tree and the case.

use crate::case::{Case, Flag};
use crate::kinds::PetitionType;
use crate::org::{OrgTree, UnitId};
use crate::role::{Actor, Role};

/// The unit whose subtree the actor sees: a petition office sees what its bureau sees.
pub fn visibility_root(actor: &Actor, org: &OrgTree) -> UnitId {
    org.competent_body(actor.unit_id)
        .map(|u| u.id)
        .unwrap_or(actor.unit_id)
}

/// A case is visible to the units that have held it and every unit above them; never to a
/// sibling. Administrators and auditors do not read cases through this path.
pub fn can_see_case(actor: &Actor, org: &OrgTree, held_by: &[UnitId]) -> bool {
    if !actor.works_cases() {
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

/// The actor works in the accused unit or below it.
pub fn is_in_accused_unit(actor: &Actor, org: &OrgTree, case: &Case) -> bool {
    case.petition_type == PetitionType::Accusation
        && org.is_ancestor_or_self(case.concerned_unit_id, actor.unit_id)
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
    let works = actor.has_any(&[Role::Registrar, Role::Handler, Role::Leader]);
    let restricted = case.has(Flag::Confidential)
        || case.has(Flag::Sensitive)
        || case.petition_type == PetitionType::Accusation;
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
