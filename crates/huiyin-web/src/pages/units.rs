//! The organisation tree as a select list: in tree order, each unit labelled with its full
//! path (某省教育厅 / 某市教育局 / 某区教育局), so the small script's search keeps the context.

use huiyin_app::CurrentUser;
use huiyin_core::org::Unit;

use super::list::Opt;
use crate::AppState;

/// Units in tree order (parents before children), each with its depth.
pub fn tree_order(units: &[Unit]) -> Vec<(&Unit, usize)> {
    let ids: std::collections::HashSet<i64> = units.iter().map(|u| u.id).collect();
    let mut out = Vec::with_capacity(units.len());
    let mut stack: Vec<(&Unit, usize)> = units
        .iter()
        .filter(|u| u.parent_id.is_none_or(|p| !ids.contains(&p)))
        .rev()
        .map(|u| (u, 0))
        .collect();
    while let Some((u, depth)) = stack.pop() {
        out.push((u, depth));
        let mut children: Vec<&Unit> = units.iter().filter(|c| c.parent_id == Some(u.id)).collect();
        children.sort_by_key(|c| c.id);
        for c in children.into_iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    out
}

/// The units a user can see, as options; `exclude` are left out, `selected` is preselected.
pub fn unit_options(
    s: &AppState,
    user: &CurrentUser,
    exclude: &[i64],
    selected: Option<i64>,
) -> Vec<Opt> {
    let units = s.app.visible_units(user);
    let org = s.app.org();
    tree_order(&units)
        .into_iter()
        .filter(|(u, _)| !exclude.contains(&u.id))
        .map(|(u, _)| Opt {
            value: u.id.to_string(),
            label: org.path_label(u.id),
            selected: selected == Some(u.id),
        })
        .collect()
}

/// [`unit_options`] without the units above or beside the user's scope: the destinations a
/// step inside one's scope may name (a 带案下访 goes down, never up).
pub fn scope_unit_options(s: &AppState, user: &CurrentUser, selected: Option<i64>) -> Vec<Opt> {
    let org = s.app.org();
    let root = huiyin_core::policy::visibility_root(&user.actor(), &org);
    unit_options(s, user, &[], selected)
        .into_iter()
        .filter(|o| {
            o.value
                .parse::<i64>()
                .is_ok_and(|id| org.is_ancestor_or_self(root, id))
        })
        .collect()
}

/// Most units the unit filter offers.
const MAX_UNIT_OPTIONS: usize = 400;

/// The units a user can filter the case list by, in tree order and labelled by path: the
/// bureaus and offices of the user's scope down to the county level, and every unit below when
/// the scope is a county or lower (a school's departments, a county's schools). Unlike
/// [`unit_options`] (every unit the user can see, for picking a destination) it leaves out the
/// units above the scope, which filter nothing, and walks the tree's child index, so a
/// province user's page does not list thousands of schools.
pub fn filter_unit_options(s: &AppState, user: &CurrentUser, current: Option<&str>) -> Vec<Opt> {
    let org = s.app.org();
    let root = huiyin_core::policy::visibility_root(&user.actor(), &org);
    let Some(top) = org.get(root) else {
        return Vec::new();
    };
    let deep = top.level >= 4;
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Some(u) = org.get(id) else { continue };
        if !deep && u.level > 4 {
            continue;
        }
        if out.len() == MAX_UNIT_OPTIONS {
            break;
        }
        let value = id.to_string();
        out.push(Opt {
            selected: current == Some(value.as_str()),
            value,
            label: org.path_label(id),
        });
        stack.extend(org.children(id).iter().rev());
    }
    out
}
