//! The organisation tree (PRODUCT.md "Organisation and jurisdiction"; DOMAIN.md §3).
//!
//! Units form a tree. Hierarchical kinds (ministry → provincial department → city bureau →
//! county bureau → school; university → department) each sit one level below their parent.
//! "Beside" kinds (petition offices, discipline bodies, political-legal departments, the 12345
//! hotline) sit at their parent's level. A petition office and the hotline act for their parent;
//! a discipline body (纪检监察) and a political-legal department (政法) are bodies of their own:
//! their staff see only what is sent to them, and an accusation against the parent may be sent
//! to them (XFGZTL-2022 Art. 30, issue 10 item 11). "One level up" is the nearest ancestor
//! whose level is lower than the unit's own competent body.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::error::{DomainError, ErrorCode};

pub type UnitId = i64;

macro_rules! unit_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal, $beside:literal;)+) => {
        /// What a unit is.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum UnitKind { $($variant,)+ }

        impl UnitKind {
            pub const ALL: &'static [UnitKind] = &[$(UnitKind::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(UnitKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(UnitKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(UnitKind::$variant => $en,)+ } }
            /// Sits beside its parent at the same level (acts for the parent body).
            pub fn is_beside(self) -> bool { match self { $(UnitKind::$variant => $beside,)+ } }
            /// Sits beside its parent and acts for it (a petition office, the hotline). Discipline
            /// and political-legal bodies sit beside their parent but are bodies of their own.
            pub fn acts_for_parent(self) -> bool {
                self.is_beside() && !self.is_independent_body()
            }
            /// A body beside a bureau that is independent of it (纪检监察, 政法): it may handle an
            /// accusation against the bureau, and the bureau's staff are outside it.
            pub fn is_independent_body(self) -> bool {
                matches!(self, UnitKind::DisciplineBody | UnitKind::PoliticalLegal)
            }
            pub fn parse(s: &str) -> Option<UnitKind> {
                match s { $($wire => Some(UnitKind::$variant),)+ _ => None }
            }
        }
    };
}

unit_kinds! {
    Ministry => "ministry", "教育部", "Ministry of Education", false;
    ProvincialDepartment => "provincial_department", "省级教育厅（教委）", "Provincial education department", false;
    CityBureau => "city_bureau", "市级教育局", "City education bureau", false;
    CountyBureau => "county_bureau", "县（区）级教育局", "County education bureau", false;
    School => "school", "学校", "School", false;
    University => "university", "高等学校", "University", false;
    UniversityDepartment => "university_department", "高校院系处室", "University department", false;
    PetitionOffice => "petition_office", "信访办（处）", "Petition office", true;
    DisciplineBody => "discipline_body", "纪检监察机构", "Discipline inspection body", true;
    PoliticalLegal => "political_legal", "政法部门", "Political-legal department", true;
    Hotline => "hotline", "12345热线", "12345 hotline", true;
}

impl UnitKind {
    /// Whether a unit of this kind may sit under a parent of kind `parent` (None = root).
    pub fn may_sit_under(self, parent: Option<UnitKind>) -> bool {
        use UnitKind::*;
        match (self, parent) {
            (Ministry, None) => true,
            (ProvincialDepartment, None | Some(Ministry)) => true,
            (CityBureau, Some(ProvincialDepartment)) => true,
            (CountyBureau, Some(CityBureau)) => true,
            (School, Some(CountyBureau | CityBureau | ProvincialDepartment)) => true,
            (University, Some(Ministry | ProvincialDepartment)) => true,
            (UniversityDepartment, Some(University | UniversityDepartment)) => true,
            (PetitionOffice | DisciplineBody | PoliticalLegal | Hotline, Some(p)) => !p.is_beside(),
            _ => false,
        }
    }
}

/// A unit of the organisation tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    /// 1 = ministry, 2 = province, 3 = city, 4 = county, 5 = school (universities and their
    /// departments count from their parent).
    pub level: u8,
    pub parent_id: Option<UnitId>,
    pub region_code: String,
}

/// The level a new unit of `kind` gets under `parent`.
pub fn level_under(kind: UnitKind, parent: Option<&Unit>) -> u8 {
    match parent {
        None if kind == UnitKind::ProvincialDepartment => 2,
        None => 1,
        Some(p) if kind.is_beside() => p.level,
        Some(p) => p.level.saturating_add(1),
    }
}

/// Validates a new unit's place in the tree.
pub fn check_new_unit(kind: UnitKind, parent: Option<&Unit>) -> Result<u8, DomainError> {
    if !kind.may_sit_under(parent.map(|p| p.kind)) {
        return Err(DomainError::new(ErrorCode::UnitBadParent).field("parent_id"));
    }
    Ok(level_under(kind, parent))
}

/// A snapshot of the whole tree (units are few; the app keeps one in memory).
#[derive(Clone, Debug, Default)]
pub struct OrgTree {
    units: HashMap<UnitId, Unit>,
    children: HashMap<UnitId, Vec<UnitId>>,
}

impl OrgTree {
    pub fn new(units: impl IntoIterator<Item = Unit>) -> OrgTree {
        let mut tree = OrgTree::default();
        for u in units {
            if let Some(p) = u.parent_id {
                tree.children.entry(p).or_default().push(u.id);
            }
            tree.units.insert(u.id, u);
        }
        for kids in tree.children.values_mut() {
            kids.sort_unstable();
        }
        tree
    }

    pub fn get(&self, id: UnitId) -> Option<&Unit> {
        self.units.get(&id)
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }

    pub fn children(&self, id: UnitId) -> &[UnitId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The unit and its ancestors, nearest first (stops on a cycle or a missing parent).
    pub fn ancestors_or_self(&self, id: UnitId) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut cur = self.units.get(&id);
        while let Some(u) = cur {
            if out.iter().any(|x: &&Unit| x.id == u.id) || out.len() > 64 {
                break;
            }
            out.push(u);
            cur = u.parent_id.and_then(|p| self.units.get(&p));
        }
        out
    }

    /// The unit's full path from the top of the tree, names joined by " / "
    /// (浙江省教育厅 / 杭州市教育局 / 西湖区教育局): how a picker tells two units apart when a
    /// search leaves only a few of them.
    pub fn path_label(&self, id: UnitId) -> String {
        let mut names: Vec<&str> = self
            .ancestors_or_self(id)
            .iter()
            .map(|u| u.name.as_str())
            .collect();
        names.reverse();
        names.join(" / ")
    }

    /// `ancestor` is `unit` or above it.
    pub fn is_ancestor_or_self(&self, ancestor: UnitId, unit: UnitId) -> bool {
        self.ancestors_or_self(unit)
            .iter()
            .any(|u| u.id == ancestor)
    }

    /// The unit and everything below it.
    pub fn subtree(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(u) = stack.pop() {
            if out.contains(&u) || !self.units.contains_key(&u) {
                continue;
            }
            out.push(u);
            stack.extend(self.children(u).iter().rev());
        }
        out
    }

    /// The body a unit acts for: a petition office acts for its parent; a discipline body is
    /// its own.
    pub fn competent_body(&self, id: UnitId) -> Option<&Unit> {
        let u = self.units.get(&id)?;
        if u.kind.acts_for_parent() {
            u.parent_id.and_then(|p| self.units.get(&p)).or(Some(u))
        } else {
            Some(u)
        }
    }

    /// "One level up" (上一级): the parent of the unit's competent body. `None` at the top.
    pub fn one_level_up(&self, id: UnitId) -> Option<&Unit> {
        let body = self.competent_body(id)?;
        let above = body.parent_id.and_then(|p| self.units.get(&p))?;
        if body.kind.is_beside() {
            // A discipline body beside a county bureau answers to the level above the county.
            above.parent_id.and_then(|p| self.units.get(&p))
        } else {
            Some(above)
        }
    }

    /// A petition received by `receiving` about `concerned` skips a level (越级) when the
    /// receiving body is an ancestor of the concerned unit's competent body and sits two or
    /// more levels above it (XFGZTL-2022 Art. 20 ¶1: the same level or one level up).
    pub fn is_skip_level(&self, receiving: UnitId, concerned: UnitId) -> bool {
        let (Some(recv), Some(conc)) = (
            self.competent_body(receiving),
            self.competent_body(concerned),
        ) else {
            return false;
        };
        self.is_ancestor_or_self(recv.id, conc.id) && conc.level >= recv.level.saturating_add(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: UnitId, kind: UnitKind, parent: Option<UnitId>, level: u8) -> Unit {
        Unit {
            id,
            name: format!("u{id}"),
            kind,
            level,
            parent_id: parent,
            region_code: "330000".into(),
        }
    }

    fn tree() -> OrgTree {
        use UnitKind::*;
        OrgTree::new([
            unit(1, ProvincialDepartment, None, 2),
            unit(2, PetitionOffice, Some(1), 2),
            unit(3, CityBureau, Some(1), 3),
            unit(4, CountyBureau, Some(3), 4),
            unit(5, School, Some(4), 5),
            unit(6, CountyBureau, Some(3), 4),
            unit(7, PetitionOffice, Some(4), 4),
            unit(8, University, Some(1), 3),
            unit(9, UniversityDepartment, Some(8), 4),
        ])
    }

    #[test]
    fn path_label_runs_from_the_top() {
        let t = tree();
        assert_eq!(t.path_label(5), "u1 / u3 / u4 / u5");
        assert_eq!(t.path_label(1), "u1");
        assert_eq!(t.path_label(99), "", "an unknown unit has no path");
    }

    #[test]
    fn one_level_up_skips_beside_units() {
        let t = tree();
        assert_eq!(t.one_level_up(5).map(|u| u.id), Some(4));
        assert_eq!(
            t.one_level_up(7).map(|u| u.id),
            Some(3),
            "county petition office → city"
        );
        assert_eq!(t.one_level_up(4).map(|u| u.id), Some(3));
        assert_eq!(t.one_level_up(9).map(|u| u.id), Some(8));
        assert_eq!(t.one_level_up(1).map(|u| u.id), None);
    }

    #[test]
    fn skip_level_needs_two_levels() {
        let t = tree();
        assert!(
            !t.is_skip_level(4, 5),
            "county about its school: one level up"
        );
        assert!(
            t.is_skip_level(3, 5),
            "city about a school: skips the county"
        );
        assert!(
            t.is_skip_level(2, 5),
            "provincial petition office about a school"
        );
        assert!(!t.is_skip_level(6, 5), "sibling county is not an ancestor");
    }

    #[test]
    fn a_discipline_body_is_a_body_of_its_own() {
        use UnitKind::*;
        let t = OrgTree::new([
            unit(1, ProvincialDepartment, None, 2),
            unit(3, CityBureau, Some(1), 3),
            unit(4, CountyBureau, Some(3), 4),
            unit(10, DisciplineBody, Some(4), 4),
            unit(7, PetitionOffice, Some(4), 4),
        ]);
        assert_eq!(t.competent_body(10).map(|u| u.id), Some(10));
        assert_eq!(t.competent_body(7).map(|u| u.id), Some(4));
        assert_eq!(t.one_level_up(10).map(|u| u.id), Some(3));
    }

    #[test]
    fn subtree_and_ancestry() {
        let t = tree();
        let mut s = t.subtree(3);
        s.sort_unstable();
        assert_eq!(s, vec![3, 4, 5, 6, 7]);
        assert!(t.is_ancestor_or_self(1, 5));
        assert!(!t.is_ancestor_or_self(6, 5));
    }

    #[test]
    fn placement_rules() {
        use UnitKind::*;
        assert!(School.may_sit_under(Some(CountyBureau)));
        assert!(!School.may_sit_under(Some(School)));
        assert!(!CityBureau.may_sit_under(None));
        assert!(PetitionOffice.may_sit_under(Some(School)));
        assert!(!PetitionOffice.may_sit_under(Some(PetitionOffice)));
        let p = unit(1, ProvincialDepartment, None, 2);
        assert_eq!(level_under(PetitionOffice, Some(&p)), 2);
        assert_eq!(level_under(CityBureau, Some(&p)), 3);
    }
}
