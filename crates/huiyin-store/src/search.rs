//! Finding cases: filters, visibility scope, Chinese full text, sorting and pages.

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::UnitId;

use crate::cases::CaseRecord;
use crate::error::Result;
use crate::rows::i64_col;
use crate::{Dialect, Store};

pub use crate::firewall::Firewall;

/// Which cases the caller may see.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Everything (the caller's unit is the root of the tree).
    All,
    /// Cases that have been held by this unit or a unit below it (the caller's subtree),
    /// read from the `case_scope` table (migration 0014) as one index range.
    Subtree(UnitId),
    /// Cases that have been held by one of these units.
    Units(Vec<UnitId>),
    /// Nothing (e.g. an auditor).
    Nothing,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Newest registered first (case ids run in registration order). The default: with a
    /// full-text query it reads the index backwards and stops at the page, where sorting by
    /// received date must first fetch every match.
    #[default]
    Newest,
    ReceivedDesc,
    ReceivedAsc,
    DueAsc,
    IdAsc,
}

/// A full-text query rendered for each backend (huiyin-text builds both).
#[derive(Clone, Debug)]
pub struct FullText {
    pub fts5: String,
    pub tsquery: String,
}

#[derive(Clone, Debug)]
pub struct CaseFilter {
    pub scope: Scope,
    /// The viewer's firewall; `None` only for system work (jobs, statistics over everything).
    pub firewall: Option<Firewall>,
    pub statuses: Vec<Status>,
    /// Cases now handled by one of these units.
    pub handling_units: Option<Vec<UnitId>>,
    /// `Some(true)`: only cases with a staff deadline before `today`; `Some(false)`: none.
    pub overdue: Option<bool>,
    pub today: Date,
    pub due_before: Option<Date>,
    pub petition_type: Option<PetitionType>,
    /// A category code; its children match too.
    pub category: Option<String>,
    pub channel: Option<Channel>,
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    pub text: Option<FullText>,
    pub sort: CaseSort,
    pub page: u32,
    pub per_page: u32,
    /// Count matches up to this many (0: count all). A list shows "1,000+" rather than pay for
    /// counting tens of thousands of matches on every page.
    pub count_cap: i64,
}

/// The default [`CaseFilter::count_cap`].
pub const COUNT_CAP: i64 = 1000;

impl CaseFilter {
    pub fn new(scope: Scope, today: Date) -> CaseFilter {
        CaseFilter {
            scope,
            firewall: None,
            statuses: Vec::new(),
            handling_units: None,
            overdue: None,
            today,
            due_before: None,
            petition_type: None,
            category: None,
            channel: None,
            received_from: None,
            received_to: None,
            text: None,
            sort: CaseSort::default(),
            page: 1,
            per_page: 20,
            count_cap: COUNT_CAP,
        }
    }
}

/// A page of results.
#[derive(Clone, Debug)]
pub struct Page {
    pub items: Vec<CaseRecord>,
    /// The number of matches, or `count_cap` when there are more (then `total_exact` is false).
    pub total: i64,
    pub total_exact: bool,
}

pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Page {
    fn empty() -> Page {
        Page {
            items: Vec::new(),
            total: 0,
            total_exact: true,
        }
    }
}

impl Store {
    /// Lists cases matching `f`, newest first by default, with the total count.
    pub async fn list_cases(&self, f: &CaseFilter) -> Result<Page> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let push = |conds: &mut Vec<String>, args: &mut Vec<String>, sql: &str, arg: String| {
            args.push(arg);
            conds.push(sql.replace("$?", &format!("${}", args.len())));
        };
        // With a subtree scope the query drives from `case_scope`, whose rows carry the
        // columns most lists filter and sort on (status, received date, next deadline).
        let subtree = match &f.scope {
            Scope::Subtree(root) => Some(*root),
            _ => None,
        };
        let col = |scoped: &'static str, plain: &'static str| {
            if subtree.is_some() { scoped } else { plain }
        };
        let (status_col, received_col, id_col) = (
            col("s.status", "c.status"),
            col("s.received_on", "c.received_on"),
            col("s.case_id", "c.id"),
        );
        match &f.scope {
            Scope::All => {}
            Scope::Nothing => {
                return Ok(Page::empty());
            }
            Scope::Units(units) if units.is_empty() => {
                return Ok(Page::empty());
            }
            Scope::Subtree(root) => conds.push(format!("s.unit_id = {root}")),
            // Correlated, so a page probes the (case_id, unit_id) key of the rows it reads
            // instead of first collecting every case of the set. A scalar subquery, not
            // EXISTS: SQLite 3.51.1 turns `EXISTS (… unit_id IN (list))` into a join that
            // repeats a case once per matching unit. On SQLite `+cu.unit_id` keeps the unit
            // list out of the index probe: a case has one or two rows in `case_units`.
            Scope::Units(units) => conds.push(format!(
                "(SELECT 1 FROM case_units cu WHERE cu.case_id = c.id AND {}cu.unit_id IN ({}) LIMIT 1) IS NOT NULL",
                if self.dialect == Dialect::Sqlite { "+" } else { "" },
                id_list(units)
            )),
        }
        // `case_scope` carries the firewall's columns too.
        let firewall_alias = col("s", "c");
        if let Some(cond) = f
            .firewall
            .as_ref()
            .and_then(|fw| fw.condition(firewall_alias))
        {
            conds.push(cond);
        }
        if !f.statuses.is_empty() {
            let list: Vec<String> = f
                .statuses
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            conds.push(format!("{status_col} IN ({})", list.join(",")));
        }
        // Conditions on the case row itself; without them a scoped query reads `case_scope`
        // alone (its indexes cover counting and ordering) and joins only the page's cases.
        let needs_case = f.handling_units.is_some()
            || f.petition_type.is_some()
            || f.category.is_some()
            || f.channel.is_some();
        if let Some(units) = &f.handling_units {
            if units.is_empty() {
                return Ok(Page::empty());
            }
            conds.push(format!("c.handling_unit_id IN ({})", id_list(units)));
        }
        // `s.due_key` is the next deadline or '9999-12-31' when there is none.
        match f.overdue {
            Some(true) => push(
                &mut conds,
                &mut args,
                col("s.due_key < $?", "c.next_due_on < $?"),
                f.today.to_string(),
            ),
            Some(false) => push(
                &mut conds,
                &mut args,
                col(
                    "s.due_key >= $?",
                    "(c.next_due_on IS NULL OR c.next_due_on >= $?)",
                ),
                f.today.to_string(),
            ),
            None => {}
        }
        if let Some(d) = f.due_before {
            push(
                &mut conds,
                &mut args,
                col("s.due_key <= $?", "c.next_due_on <= $?"),
                d.to_string(),
            );
        }
        if let Some(t) = f.petition_type {
            push(
                &mut conds,
                &mut args,
                "c.petition_type = $?",
                t.as_str().to_owned(),
            );
        }
        if let Some(cat) = &f.category {
            // The code or a code below it, compared as a prefix (LIKE would read `_` and `%`
            // in a code as wildcards).
            let prefix = format!("{cat}.");
            let len = prefix.chars().count();
            args.push(cat.clone());
            args.push(prefix);
            conds.push(format!(
                "(c.category = ${} OR substr(c.category, 1, {len}) = ${})",
                args.len() - 1,
                args.len()
            ));
        }
        if let Some(ch) = f.channel {
            push(
                &mut conds,
                &mut args,
                "c.channel = $?",
                ch.as_str().to_owned(),
            );
        }
        if let Some(d) = f.received_from {
            let sql = format!("{received_col} >= $?");
            push(&mut conds, &mut args, &sql, d.to_string());
        }
        if let Some(d) = f.received_to {
            let sql = format!("{received_col} <= $?");
            push(&mut conds, &mut args, &sql, d.to_string());
        }
        // On SQLite the full-text index drives the query (CROSS JOIN fixes the join order: a
        // selective filter on `cases` must not make the planner probe the index per row).
        let mut from = match (subtree, self.dialect) {
            (None, _) => "cases c".to_owned(),
            (Some(_), _) if !needs_case => "case_scope s".to_owned(),
            (Some(_), Dialect::Sqlite) => {
                "case_scope s CROSS JOIN cases c ON c.id = s.case_id".to_owned()
            }
            (Some(_), Dialect::Postgres) => {
                "case_scope s JOIN cases c ON c.id = s.case_id".to_owned()
            }
        };
        let mut pg_text = false;
        if let Some(t) = &f.text {
            match self.dialect {
                Dialect::Sqlite => {
                    from = match subtree {
                        None => "case_fts f CROSS JOIN cases c ON c.id = f.rowid".to_owned(),
                        Some(root) if needs_case => format!(
                            "case_fts f CROSS JOIN case_scope s ON s.unit_id = {root} AND s.case_id = f.rowid \
                             CROSS JOIN cases c ON c.id = f.rowid"
                        ),
                        Some(root) => format!(
                            "case_fts f CROSS JOIN case_scope s ON s.unit_id = {root} AND s.case_id = f.rowid"
                        ),
                    };
                    push(&mut conds, &mut args, "case_fts MATCH $?", t.fts5.clone());
                }
                Dialect::Postgres => {
                    pg_text = true;
                    push(
                        &mut conds,
                        &mut args,
                        &format!(
                            "{id_col} IN (SELECT case_id FROM case_fts WHERE tsv @@ to_tsquery('simple', $?))"
                        ),
                        t.tsquery.clone(),
                    );
                }
            }
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let sqlite_text = f.text.is_some() && self.dialect == Dialect::Sqlite;
        let order_plain = |sort: CaseSort| match sort {
            CaseSort::Newest => "c.id DESC",
            CaseSort::ReceivedDesc => "c.received_on DESC, c.id DESC",
            CaseSort::ReceivedAsc => "c.received_on ASC, c.id ASC",
            CaseSort::DueAsc => {
                "CASE WHEN c.next_due_on IS NULL THEN 1 ELSE 0 END, c.next_due_on ASC, c.id ASC"
            }
            CaseSort::IdAsc => "c.id ASC",
        };
        let order = match f.sort {
            CaseSort::Newest if sqlite_text => "f.rowid DESC".to_owned(),
            _ if subtree.is_none() => order_plain(f.sort).to_owned(),
            CaseSort::Newest => format!("{id_col} DESC"),
            CaseSort::ReceivedDesc => format!("{received_col} DESC, {id_col} DESC"),
            CaseSort::ReceivedAsc => format!("{received_col} ASC, {id_col} ASC"),
            CaseSort::DueAsc => format!("s.due_key ASC, {id_col} ASC"),
            CaseSort::IdAsc => format!("{id_col} ASC"),
        };
        let per_page = f.per_page.clamp(1, 500);
        let offset = i64::from(f.page.max(1) - 1) * i64::from(per_page);

        // Only the full-text condition and no scope: the index alone counts every match.
        let index_counts = sqlite_text && conds.len() == 1 && matches!(f.scope, Scope::All);
        let count_sql = if index_counts {
            "SELECT COUNT(*) AS n FROM case_fts WHERE case_fts MATCH $1".to_owned()
        } else if f.count_cap > 0 {
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {from} {where_sql} LIMIT {}) capped",
                f.count_cap + 1
            )
        } else {
            format!("SELECT COUNT(*) AS n FROM {from} {where_sql}")
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        let counted = i64_col(&q.fetch_one(&self.read).await?, "n")?;
        let total_exact = index_counts || f.count_cap <= 0 || counted <= f.count_cap;
        let total = if total_exact { counted } else { f.count_cap };

        if counted == 0 {
            return Ok(Page::empty());
        }
        // PostgreSQL plans `ORDER BY … LIMIT` over a text match as a walk down the order that
        // stops at the page, right when matches are many and a scan of the whole table when
        // they are few (400 ms at a million cases for a phrase found nowhere). The count just
        // taken says which: when it is exact and small, the whole filtered set (text, scope
        // and every other condition) is collected first and only then ordered.
        // The page's ids first, from narrow rows (a sort over many matches then never carries
        // the cases' texts), then those cases with their parts.
        let sql = if pg_text && total_exact && counted <= 1000 {
            format!(
                "WITH page_matches AS MATERIALIZED (SELECT {id_col} AS id FROM {from} {where_sql}) \
                 SELECT c.id AS id FROM cases c WHERE c.id IN (SELECT id FROM page_matches) \
                 ORDER BY {} LIMIT {per_page} OFFSET {offset}",
                order_plain(f.sort)
            )
        } else {
            format!(
                "SELECT {id_col} AS id FROM {from} {where_sql} ORDER BY {order} LIMIT {per_page} OFFSET {offset}"
            )
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        let ids = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "id"))
            .collect::<Result<Vec<CaseId>>>()?;
        Ok(Page {
            items: self.records_in_order(&ids).await?,
            total,
            total_exact,
        })
    }

    pub(crate) async fn visible_units_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, UnitId)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, unit_id FROM case_units WHERE case_id IN ({})",
            id_list(ids)
        ));
        sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((i64_col(r, "case_id")?, i64_col(r, "unit_id")?)))
            .collect()
    }

    /// Ids of every case not in a terminal state, in id order, after `after` (for batch jobs).
    pub async fn open_case_ids(&self, after: CaseId, limit: i64) -> Result<Vec<CaseId>> {
        let rows = sqlx::query(
            "SELECT id FROM cases WHERE id > $1 AND status NOT IN ('final', 'diverted', 'not_accepted', 'redirected', 'closed') \
             ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| i64_col(r, "id")).collect()
    }
}
