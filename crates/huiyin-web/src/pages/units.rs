//! The organisation tree as a select list (indented, searchable by the small script).

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
    tree_order(&units)
        .into_iter()
        .filter(|(u, _)| !exclude.contains(&u.id))
        .map(|(u, depth)| Opt {
            value: u.id.to_string(),
            label: format!("{}{}", "　".repeat(depth), u.name),
            selected: selected == Some(u.id),
        })
        .collect()
}
