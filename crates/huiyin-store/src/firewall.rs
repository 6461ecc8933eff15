//! The whistleblower firewall in SQL: the one condition every query over many cases adds for
//! a viewer (lists, full text, exports, worklist counts, supervision lists).

use huiyin_core::org::UnitId;

use crate::search::id_list;

/// The whistleblower firewall of a viewer (`huiyin_core::policy`): accusations against any of
/// `member_units` are hidden, except from the user who registered them.
#[derive(Clone, Debug, Default)]
pub struct Firewall {
    pub member_units: Vec<UnitId>,
    pub user_id: i64,
}

impl Firewall {
    /// The SQL condition on the cases table aliased `alias` (ids only, no user text).
    pub(crate) fn condition(&self, alias: &str) -> Option<String> {
        (!self.member_units.is_empty()).then(|| {
            format!(
                "({alias}.walled_unit_id IS NULL OR {alias}.walled_unit_id NOT IN ({}) OR {alias}.registered_by = {})",
                id_list(&self.member_units),
                self.user_id
            )
        })
    }
}

impl Firewall {
    /// The rows the firewall hides, on the cases or `case_scope` table aliased `alias`: the
    /// exact complement of [`Firewall::condition`] (written out, not `NOT (…)`: a case with no
    /// registering user makes that condition NULL, and `NOT NULL` would keep it out of both).
    pub(crate) fn hidden_condition(&self, alias: &str) -> Option<String> {
        (!self.member_units.is_empty()).then(|| {
            format!(
                "({alias}.walled_unit_id IS NOT NULL AND {alias}.walled_unit_id IN ({}) \
                 AND ({alias}.registered_by IS NULL OR {alias}.registered_by <> {}))",
                id_list(&self.member_units),
                self.user_id
            )
        })
    }
}

/// The condition on `case_scope` aliased `alias` that keeps the rows of `scope`, as text to
/// append (` AND …`, or nothing for every case); `None` when the scope holds no case at all.
pub(crate) fn scope_condition(scope: &crate::search::Scope, alias: &str) -> Option<String> {
    use crate::search::Scope;
    match scope {
        Scope::Nothing => None,
        Scope::Units(units) if units.is_empty() => None,
        // Every row of a case carries the same firewall columns.
        Scope::All => Some(String::new()),
        Scope::Subtree(root) => Some(format!(" AND {alias}.unit_id = {root}")),
        Scope::Units(units) => Some(format!(" AND {alias}.unit_id IN ({})", id_list(units))),
    }
}
