//! The SQL of a case list: the conditions of a [`CaseFilter`] over `case_scope` (a subtree
//! scope, every filtered and sorted column at hand) or over `cases` (everything, or a set of
//! units), and the two ways of cutting a page from them.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe};

use crate::Dialect;
use crate::search::{CaseFilter, CaseSort, HandlerFilter, Scope, id_list};
use crate::search_merge::{NO_DUE, status_rank};

/// A list query under construction, then ready to count and page.
pub(crate) struct ListSql {
    pub from: String,
    pub(crate) conds: Vec<String>,
    pub(crate) args: Vec<String>,
    /// The full-text condition (on SQLite the full-text index drives the query; another order
    /// than newest first sorts the matches in scope, id and sort key only).
    pub(crate) text: Option<String>,
    /// Only the full-text condition over everything: the index alone counts every match.
    pub index_counts: bool,
    pub(crate) scoped: bool,
    pub(crate) dialect: Dialect,
    pub(crate) sort: CaseSort,
    /// The statuses filtered on (wire names), and the position of their condition in `conds`.
    pub(crate) statuses: Vec<&'static str>,
    pub(crate) status_cond: Option<usize>,
    /// The handling units filtered on, and the position of their condition in `conds`.
    pub(crate) handling_cond: Option<(usize, Vec<i64>)>,
    /// A category below the top level: its index range is small enough to read and sort.
    pub(crate) narrow_category: bool,
    /// The position in `conds` of the category's range condition, and the number of the
    /// placeholder of its code (`$n`; `search_leaf_category.rs` makes it one key when no code
    /// lies below it).
    pub(crate) category_cond: Option<(usize, usize)>,
    /// The category is read as one key: no case of the scope carries a code below it.
    pub(crate) category_keyed: bool,
    /// ... and it is the list's only filter: its matches are dense enough in any order that
    /// walking the order finds a page within a few thousand rows (`search_walk.rs`,
    /// `search_ranked.rs`).
    pub(crate) category_alone: bool,
    /// The root of a subtree scope.
    pub(crate) root: Option<i64>,
    /// How many of `conds` come first and are the scope's and the firewall's (the others
    /// are the list's filters).
    pub(crate) scope_conds: usize,
    /// The full-text index's matches are (nearly) the scope's: the condition asks for the
    /// subtree's scope token too, or the subtree is the whole tree (`search_text_led.rs`).
    pub(crate) text_scoped: bool,
    pub(crate) walk_budget: u32,
    /// The width of the full-text rows' span tokens, when every row carries one
    /// (`search_spans.rs`).
    pub(crate) span_width: Option<i64>,
}

impl ListSql {
    /// The query of `f`, or `None` when nothing can match (no scope, no units).
    /// `scope_token`: the index token of the subtree's root, when the full-text rows carry
    /// them (`search_scope.rs`); the index then returns only the matches in scope. With it,
    /// whether the index's matches are the scope's (with the token, or at the top).
    pub fn build(
        f: &CaseFilter,
        dialect: Dialect,
        (scope_token, matches_are_scope): (Option<String>, bool),
    ) -> Option<ListSql> {
        let mut q = ListSql {
            from: String::new(),
            conds: Vec::new(),
            args: Vec::new(),
            text: None,
            index_counts: false,
            scoped: matches!(f.scope, Scope::Subtree(_)),
            dialect,
            sort: f.sort,
            statuses: {
                // Once each (a repeated status would repeat a merged worklist's branch).
                let mut seen: Vec<&'static str> = Vec::new();
                for s in &f.statuses {
                    if !seen.contains(&s.as_str()) {
                        seen.push(s.as_str());
                    }
                }
                seen
            },
            status_cond: None,
            handling_cond: None,
            scope_conds: 0,
            text_scoped: false,
            narrow_category: f.category.as_deref().is_some_and(|c| c.contains('.')),
            category_cond: None,
            category_keyed: false,
            category_alone: false,
            walk_budget: f.walk_budget.max(1),
            span_width: None,
            root: match &f.scope {
                Scope::Subtree(root) => Some(*root),
                _ => None,
            },
        };
        // Column names: `case_scope` repeats the case's filter columns under the same names,
        // except the next deadline, kept as `due_key` ('9999-12-31' when there is none).
        let a = if q.scoped { "s" } else { "c" };
        match &f.scope {
            Scope::Nothing => return None,
            Scope::Units(units) if units.is_empty() => return None,
            Scope::All => {}
            Scope::Subtree(root) => q.conds.push(format!("s.unit_id = {root}")),
            // Correlated, so a page probes the (case_id, unit_id) key of the rows it reads
            // instead of first collecting every case of the set. A scalar subquery, not
            // EXISTS: SQLite 3.51.1 turns `EXISTS (… unit_id IN (list))` into a join that
            // repeats a case once per matching unit. On SQLite `+cu.unit_id` keeps the unit
            // list out of the index probe: a case has one or two rows in `case_units`.
            Scope::Units(units) => q.conds.push(format!(
                "(SELECT 1 FROM case_units cu WHERE cu.case_id = c.id AND {}cu.unit_id IN ({}) LIMIT 1) IS NOT NULL",
                if dialect == Dialect::Sqlite { "+" } else { "" },
                id_list(units)
            )),
        }
        if let Some(cond) = f.firewall.as_ref().and_then(|fw| fw.condition(a)) {
            q.conds.push(cond);
        }
        q.scope_conds = q.conds.len();
        if !q.statuses.is_empty() {
            let list: Vec<String> = q.statuses.iter().map(|s| format!("'{s}'")).collect();
            q.status_cond = Some(q.conds.len());
            q.conds.push(format!("{a}.status IN ({})", list.join(",")));
        }
        if let Some(units) = &f.handling_units {
            if units.is_empty() {
                return None;
            }
            q.handling_cond = Some((q.conds.len(), units.clone()));
            q.conds
                .push(format!("{a}.handling_unit_id IN ({})", id_list(units)));
        }
        // Overdue or not by the domain's rule: SQL compares with the day it names.
        let overdue_before = huiyin_core::deadline::overdue_if_due_before(f.today).to_string();
        match (f.overdue, q.scoped) {
            (Some(true), true) => q.push("s.due_key < $?", overdue_before),
            (Some(true), false) => q.push("c.next_due_on < $?", overdue_before),
            (Some(false), true) => q.push("s.due_key >= $?", overdue_before),
            (Some(false), false) => q.push(
                "(c.next_due_on IS NULL OR c.next_due_on >= $?)",
                overdue_before,
            ),
            (None, _) => {}
        }
        if let Some(d) = f.due_before {
            let due = if q.scoped {
                "s.due_key"
            } else {
                "c.next_due_on"
            };
            q.push(&format!("{due} <= $?"), d.to_string());
        }
        if let Some(t) = f.petition_type {
            q.push(&format!("{a}.petition_type = $?"), t.as_str().to_owned());
        }
        if let Some(cat) = &f.category {
            // The code or a code below it. Stored codes are made of `a-z`, `0-9`, `_` and `.`
            // (checked at registration), so `code` ≤ c < `code/` holds exactly the code and
            // `code.…`: '/' follows '.', and every other code character follows '/'. One range
            // an index reads (written as `= code OR > code.` it made SQLite read the scope's
            // whole index, 23 s for a province, and PostgreSQL fetch every row of a bitmap).
            // Byte order, whatever the database's collation: PostgreSQL compares (and its
            // category index sorts) under `COLLATE "C"`; SQLite's default is byte order.
            let c = match dialect {
                Dialect::Sqlite => format!("{a}.category"),
                Dialect::Postgres => format!("{a}.category COLLATE \"C\""),
            };
            q.args.push(cat.clone());
            q.args.push(format!("{cat}/"));
            let n = q.args.len();
            q.category_cond = Some((q.conds.len(), n - 1));
            q.conds.push(format!("{c} >= ${} AND {c} < ${n}", n - 1));
        }
        if let Some(ch) = f.channel {
            q.push(&format!("{a}.channel = $?"), ch.as_str().to_owned());
        }
        if let Some(d) = f.received_from {
            q.push(&format!("{a}.received_on >= $?"), d.to_string());
        }
        if let Some(d) = f.received_to {
            q.push(&format!("{a}.received_on <= $?"), d.to_string());
        }
        if let Some(units) = &f.approval_units {
            if units.is_empty() {
                return None;
            }
            let col = if q.scoped {
                "(SELECT ac.approval_unit_id FROM cases ac WHERE ac.id = s.case_id)"
            } else {
                "c.approval_unit_id"
            };
            q.conds.push(format!("{col} IN ({})", id_list(units)));
        }
        if let Some(h) = f.handler {
            // `case_scope` does not repeat the handler: a scoped list asks the case's row.
            let col = if q.scoped {
                "(SELECT hc.handler_user_id FROM cases hc WHERE hc.id = s.case_id)"
            } else {
                "c.handler_user_id"
            };
            q.conds.push(match h {
                HandlerFilter::User(id) => format!("{col} = {id}"),
                HandlerFilter::Unallotted => format!("{col} IS NULL"),
                HandlerFilter::UserOrUnallotted(id) => format!("COALESCE({col}, {id}) = {id}"),
            });
        }
        let root = q.root;
        q.from = match root {
            // SQLite plans without statistics; a category is the most selective filter a list
            // has, and its index holds every other filter column (issue 18: a province list
            // by category, channel and half a year read 500,000 rows of the received-date
            // index in 9 s).
            Some(_) if f.category.is_some() && dialect == Dialect::Sqlite => {
                "case_scope s INDEXED BY case_scope_category".to_owned()
            }
            Some(_) => "case_scope s".to_owned(),
            None => "cases c".to_owned(),
        };
        if let Some(t) = &f.text {
            let only_text = q.conds.is_empty();
            match dialect {
                // The full-text index drives the query (CROSS JOIN fixes the join order).
                Dialect::Sqlite => {
                    q.args.push(match &scope_token {
                        Some(token) => format!("\"{token}\" AND ({})", t.fts5),
                        None => t.fts5.clone(),
                    });
                    q.text = Some(format!("case_fts MATCH ${}", q.args.len()));
                    q.from = match root {
                        Some(root) => format!(
                            "case_fts f CROSS JOIN case_scope s ON s.unit_id = {root} AND s.case_id = f.rowid"
                        ),
                        None => "case_fts f CROSS JOIN cases c ON c.id = f.rowid".to_owned(),
                    };
                    q.index_counts = only_text && matches!(f.scope, Scope::All);
                }
                Dialect::Postgres => {
                    q.text_scoped = matches_are_scope;
                    q.args.push(match &scope_token {
                        Some(token) => format!("{token} & ({})", t.tsquery),
                        None => t.tsquery.clone(),
                    });
                    q.text = Some(format!(
                        "{}.{} IN (SELECT case_id FROM case_fts WHERE tsv @@ to_tsquery('simple', ${}))",
                        a,
                        if q.scoped { "case_id" } else { "id" },
                        q.args.len()
                    ));
                }
            }
        }
        Some(q)
    }

    fn push(&mut self, sql: &str, arg: String) {
        self.args.push(arg);
        self.conds
            .push(sql.replace("$?", &format!("${}", self.args.len())));
    }

    pub(crate) fn where_of(&self, text: Option<&str>) -> String {
        let all: Vec<&str> = self.conds.iter().map(String::as_str).chain(text).collect();
        if all.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", all.join(" AND "))
        }
    }

    /// The WHERE clause with every condition.
    pub fn where_sql(&self) -> String {
        self.where_of(self.text.as_deref())
    }

    /// The page cut from the whole matching set, gathered first and then sorted (for a set
    /// the capped count showed to be small).
    ///
    /// Only the sort's own columns are gathered beside the id, so an index holding the filter
    /// columns and those covers the gathering (SQLite reads the table itself otherwise).
    pub fn gathered_page(&self, per_page: u32, offset: i64) -> String {
        let (cols, order) = self.gathered_columns();
        format!(
            "WITH page_matches AS MATERIALIZED (SELECT {cols} FROM {} {}) \
             SELECT id FROM page_matches ORDER BY {order} LIMIT {per_page} OFFSET {offset}",
            self.from,
            self.where_sql()
        )
    }

    /// The columns a gathered page keeps of each match (the id, and the sort's own), and the
    /// order it sorts them in.
    pub(crate) fn gathered_columns(&self) -> (String, String) {
        let (id, received, due, status) = if self.scoped {
            ("s.case_id", "s.received_on", "s.due_key", "s.status")
        } else {
            (
                "c.id",
                "c.received_on",
                "COALESCE(c.next_due_on, '9999-12-31')",
                "c.status",
            )
        };
        match self.sort {
            CaseSort::Newest => (format!("{id} AS id"), "id DESC".to_owned()),
            CaseSort::IdAsc => (format!("{id} AS id"), "id ASC".to_owned()),
            CaseSort::ReceivedDesc => (
                format!("{id} AS id, {received} AS k"),
                "k DESC, id DESC".to_owned(),
            ),
            CaseSort::ReceivedAsc => (
                format!("{id} AS id, {received} AS k"),
                "k ASC, id ASC".to_owned(),
            ),
            CaseSort::DueAsc => (
                format!("{id} AS id, {due} AS k"),
                "k ASC, id ASC".to_owned(),
            ),
            CaseSort::DueDesc => (
                format!("{id} AS id, {due} AS k"),
                format!("CASE WHEN k = '{NO_DUE}' THEN 1 ELSE 0 END, k DESC, id DESC"),
            ),
            CaseSort::StatusAsc | CaseSort::StatusDesc => {
                let dir = if self.sort == CaseSort::StatusDesc {
                    "DESC"
                } else {
                    "ASC"
                };
                (
                    format!("{id} AS id, {} AS r, {due} AS k", status_rank(status)),
                    format!("r {dir}, k {dir}, id {dir}"),
                )
            }
        }
    }

    /// `sql` with this query's arguments bound. On PostgreSQL it is planned for them each
    /// time, not kept as a prepared statement: PostgreSQL may adopt a kept statement's generic
    /// plan after five runs, a plan that cannot see the words searched for (their matches run
    /// from a handful to a fifth of the cases). A list's SQL names its scope and filters in
    /// its text, so kept statements were rarely reused anyway.
    pub fn bind(&self, sql: &str) -> Query<'static, Any, AnyArguments> {
        let mut q =
            sqlx::query(AssertSqlSafe(sql.to_owned())).persistent(self.dialect == Dialect::Sqlite);
        for a in &self.args {
            q = q.bind(a.clone());
        }
        q
    }
}
