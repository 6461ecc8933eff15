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
        // The top-level category: the code up to its first dot (category codes are paths).
        BreakdownBy::Field => match dialect {
            Dialect::Sqlite => "CASE WHEN instr(s.category, '.') > 0 \
                 THEN substr(s.category, 1, instr(s.category, '.') - 1) ELSE s.category END"
                .to_owned(),
            Dialect::Postgres => "split_part(s.category, '.', 1)".to_owned(),
        },
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

/// Whether `by` needs the case row itself.
fn needs_case(by: BreakdownBy) -> bool {
    matches!(
        by,
        BreakdownBy::Region | BreakdownBy::Unit | BreakdownBy::Outcome
    )
}

impl Store {
    /// The `FROM … WHERE …` of a breakdown, with its binds from `$1`: root, from, to, type,
    /// channel, category.
    fn breakdown_from(firewall: &Firewall, with_case: bool, extra: &str) -> String {
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
            "FROM case_scope s{join} WHERE s.unit_id = $1 \
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
    /// counted per key of `by`.
    pub async fn breakdown_counts(
        &self,
        root: UnitId,
        firewall: &Firewall,
        f: &BreakdownFilter,
        by: BreakdownBy,
    ) -> Result<Vec<KeyCount>> {
        let key = key_sql(by, self.dialect);
        let from = Self::breakdown_from(firewall, needs_case(by), "");
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
        let from = Self::breakdown_from(firewall, true, &extra);
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
