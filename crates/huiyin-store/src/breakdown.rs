//! Statistics breakdowns (issue 16 item 1): the petitions a scope's unit sees, received in a
//! period, counted by one dimension, and the cases behind any one count. Both read
//! `case_scope` (what the unit sees) through the reader's firewall, so a reader of an accused
//! unit never counts an accusation against it (DOMAIN.md §12 #20).

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::kinds::BreakdownBy;
use huiyin_core::org::UnitId;

use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, text};
use crate::search::id_list;
use crate::{Dialect, Store};

/// Which petitions are counted: received in `[from, to]`, of a type, channel or category
/// (any when `None`).
#[derive(Clone, Debug)]
pub struct BreakdownFilter {
    pub from: Date,
    pub to: Date,
    pub petition_type: Option<String>,
    pub channel: Option<String>,
    /// This category or any below it.
    pub category: Option<String>,
}

/// One count: the dimension's key as text (a unit's id for `unit`, `region` and
/// `handling_unit`; `none` for a case without a written decision under `outcome`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

/// Which cases a drill-down lists.
#[derive(Clone, Debug)]
pub enum KeyMatch {
    /// The dimension's key equals this.
    Equals(String),
    /// About one of these units (a region: its subtree).
    ConcernedUnits(Vec<UnitId>),
}

/// The key of a case under `by`, as SQL over `s` (case_scope) and `c` (cases).
fn key_sql(by: BreakdownBy, dialect: Dialect) -> String {
    match by {
        BreakdownBy::Month => "substr(s.received_on, 1, 7)".to_owned(),
        BreakdownBy::Category => "s.category".to_owned(),
        BreakdownBy::Field => field_sql("s.category", dialect),
        BreakdownBy::Region | BreakdownBy::Unit => "CAST(c.concerned_unit_id AS TEXT)".to_owned(),
        BreakdownBy::HandlingUnit => "CAST(s.handling_unit_id AS TEXT)".to_owned(),
        BreakdownBy::Channel => "s.channel".to_owned(),
        BreakdownBy::Type => "s.petition_type".to_owned(),
        BreakdownBy::Stage => "s.status".to_owned(),
        // The last written decision: 复核 over 复查 over the first 意见书 (huiyin-core
        // case.rs `CaseDetail`).
        BreakdownBy::Outcome => {
            let path = |field: &str| match dialect {
                Dialect::Sqlite => format!("json_extract(c.detail, '$.{field}.outcome')"),
                Dialect::Postgres => format!("(c.detail::json -> '{field}' ->> 'outcome')"),
            };
            format!(
                "COALESCE({}, {}, {}, 'none')",
                path("rereview_opinion"),
                path("review_opinion"),
                path("opinion")
            )
        }
    }
}

/// The top-level category of the category column `col`: the code up to its first dot
/// (category codes are paths).
pub(crate) fn field_sql(col: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => format!(
            "CASE WHEN instr({col}, '.') > 0 THEN substr({col}, 1, instr({col}, '.') - 1) ELSE {col} END"
        ),
        Dialect::Postgres => format!("split_part({col}, '.', 1)"),
    }
}

/// Whether `by` needs the case row itself.
fn needs_case(by: BreakdownBy) -> bool {
    matches!(
        by,
        BreakdownBy::Region | BreakdownBy::Unit | BreakdownBy::Outcome
    )
}

impl Store {
    /// The `FROM … WHERE …` of a breakdown over `scope` (`case_scope s`, or the same through
    /// a named index), with its binds from `$1`: root, from, to, type, channel, category.
    fn breakdown_from(scope: &str, firewall: &Firewall, with_case: bool, extra: &str) -> String {
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let join = if with_case {
            " JOIN cases c ON c.id = s.case_id"
        } else {
            ""
        };
        format!(
            "FROM {scope}{join} WHERE s.unit_id = $1 \
             AND s.received_on >= $2 AND s.received_on <= $3 \
             AND ($4 = '' OR s.petition_type = $4) AND ($5 = '' OR s.channel = $5) \
             AND ($6 = '' OR s.category = $6 OR substr(s.category, 1, length($6) + 1) = $6 || '.')\
             {walled}{extra}"
        )
    }

    fn breakdown_query<'q>(
        sql: String,
        root: UnitId,
        f: &BreakdownFilter,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(root)
            .bind(f.from.to_string())
            .bind(f.to.to_string())
            .bind(f.petition_type.clone().unwrap_or_default())
            .bind(f.channel.clone().unwrap_or_default())
            .bind(f.category.clone().unwrap_or_default())
    }

    /// The petitions `root`'s staff may see matching `f`, less those `firewall` hides,
    /// counted per key of `by`: from the tally (migration 0059) less the rows the firewall
    /// hides, or, for what the tally does not hold, from `case_scope`.
    pub async fn breakdown_counts(
        &self,
        root: UnitId,
        firewall: &Firewall,
        f: &BreakdownFilter,
        by: BreakdownBy,
    ) -> Result<Vec<KeyCount>> {
        let Some(mut counts) = self.tallied_counts(root, f, by).await? else {
            return self
                .scope_counts("case_scope s", root, firewall, f, by, "")
                .await;
        };
        if let Some(hidden) = firewall.hidden_condition("s") {
            // The hidden rows name the walled units: SQLite reads their own index.
            let scope = match self.dialect {
                Dialect::Sqlite => "case_scope s INDEXED BY case_scope_walled",
                Dialect::Postgres => "case_scope s",
            };
            let open = Firewall::default();
            let extra = format!(" AND {hidden}");
            for KeyCount { key, count } in
                self.scope_counts(scope, root, &open, f, by, &extra).await?
            {
                if let Some(c) = counts.iter_mut().find(|c| c.key == key) {
                    c.count -= count;
                }
            }
            counts.retain(|c| c.count != 0);
        }
        Ok(counts)
    }

    /// The rows of `scope` in `root`'s range matching `f` and `extra`, that `firewall` lets
    /// through, counted per key of `by`.
    async fn scope_counts(
        &self,
        scope: &str,
        root: UnitId,
        firewall: &Firewall,
        f: &BreakdownFilter,
        by: BreakdownBy,
        extra: &str,
    ) -> Result<Vec<KeyCount>> {
        let key = key_sql(by, self.dialect);
        let from = Self::breakdown_from(scope, firewall, needs_case(by), extra);
        let rows = Self::breakdown_query(
            format!("SELECT {key} AS k, COUNT(*) AS n {from} GROUP BY {key}"),
            root,
            f,
        )
        .fetch_all(self.reports())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeyCount {
                    key: text(r, "k")?,
                    count: i64_col(r, "n")?,
                })
            })
            .collect()
    }

    /// The cases behind one count, newest first: a page of them and how many in all.
    pub async fn breakdown_case_ids(
        &self,
        root: UnitId,
        firewall: &Firewall,
        (f, by, matching): (&BreakdownFilter, BreakdownBy, &KeyMatch),
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CaseId>, i64)> {
        let (extra, value) = match matching {
            KeyMatch::Equals(v) => (
                format!(" AND {} = $7", key_sql(by, self.dialect)),
                Some(v.clone()),
            ),
            KeyMatch::ConcernedUnits(units) if units.is_empty() => return Ok((Vec::new(), 0)),
            KeyMatch::ConcernedUnits(units) => (
                format!(" AND c.concerned_unit_id IN ({})", id_list(units)),
                None,
            ),
        };
        let from = Self::breakdown_from("case_scope s", firewall, true, &extra);
        let q = |sql: String| {
            let q = Self::breakdown_query(sql, root, f);
            match &value {
                Some(v) => q.bind(v.clone()),
                None => q,
            }
        };
        let count = q(format!("SELECT COUNT(*) AS n {from}"))
            .fetch_one(self.reports())
            .await?;
        let rows = q(format!(
            "SELECT s.case_id {from} ORDER BY s.received_on DESC, s.case_id DESC \
             LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(self.reports())
        .await?;
        let ids = rows
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect::<Result<Vec<_>>>()?;
        Ok((ids, i64_col(&count, "n")?))
    }
}
