//! 信访人档案 (issue 15 item 2; migration 0038): petitioner records grouped into persons.
//!
//! A petitioner record's person key is `i:` and its ID-number key when it carries one, else
//! `n:` and its name-and-phone key, else `r:` and the record's own id: records with the same
//! key are one person without anyone's judgement. A clerk merges two keys where the system
//! cannot be sure (`person_merges`), and may undo that; the rows stay, so the history of the
//! judgement is kept. Visibility is not decided here: callers keep only the records of cases
//! the reader may see.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{date, i64_col, opt_text, text};
use crate::search::id_list;

/// The person key of the petitioner record aliased `p`, as SQL.
const PERSON_KEY: &str = "CASE WHEN p.id_key IS NOT NULL THEN 'i:' || p.id_key \
     WHEN p.name_phone_key IS NOT NULL THEN 'n:' || p.name_phone_key \
     ELSE 'r:' || CAST(p.id AS TEXT) END";

/// The most records one person file reads (a habitual petitioner's thousandth letter is
/// still counted by the list, not listed here).
const MAX_ROWS: i64 = 1000;

/// One petitioner record with its person key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    pub petitioner_id: i64,
    pub case_id: CaseId,
    /// The record's place among its case's petitioners (0 first).
    pub position: i64,
    pub person_key: String,
    pub name_phone_key: Option<String>,
}

/// A person in a scope's list: the first of its records there, and its cases there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonCount {
    pub petitioner_id: i64,
    pub cases: i64,
    pub last_received_on: Date,
}

/// Which persons a scope's list holds.
#[derive(Clone, Debug, Default)]
pub struct PersonFilter {
    pub from: Option<Date>,
    /// Only persons with at least this many cases in the scope.
    pub min_cases: i64,
    /// Only the records with one of these ID-number or name-and-phone keys (a lookup).
    pub id_keys: Vec<String>,
    pub name_phone_keys: Vec<String>,
}

fn person_row(r: &sqlx::any::AnyRow) -> Result<PersonRow> {
    Ok(PersonRow {
        petitioner_id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        position: i64_col(r, "position")?,
        person_key: text(r, "person_key")?,
        name_phone_key: opt_text(r, "name_phone_key")?,
    })
}

const ROW_COLUMNS: &str = "p.id, p.case_id, p.position, p.name_phone_key";

/// `$first, $first+1, …` for `n` parameters.
pub(crate) fn params(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The petitioner records with these ids (in no order).
    pub async fn petitioner_rows(&self, ids: &[i64]) -> Result<Vec<PersonRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ROW_COLUMNS}, {PERSON_KEY} AS person_key FROM petitioners p WHERE p.id IN ({})",
            id_list(ids)
        ));
        sqlx::query(sql)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(person_row)
            .collect()
    }

    /// The petitioner records of case `case_id` as `(position, id)`, in order.
    pub async fn petitioner_ids_of_case(&self, case_id: CaseId) -> Result<Vec<(i64, i64)>> {
        sqlx::query("SELECT position, id FROM petitioners WHERE case_id = $1 ORDER BY position")
            .bind(case_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((i64_col(r, "position")?, i64_col(r, "id")?)))
            .collect()
    }

    /// Every record (up to a thousand, newest cases first) whose person key is one of `keys`.
    pub async fn rows_of_person_keys(&self, keys: &[String]) -> Result<Vec<PersonRow>> {
        let of = |prefix: &str| -> Vec<String> {
            keys.iter()
                .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
                .collect()
        };
        let (ids, nps) = (of("i:"), of("n:"));
        let rows: Vec<i64> = of("r:").iter().filter_map(|r| r.parse().ok()).collect();
        let mut conds = Vec::new();
        if !ids.is_empty() {
            conds.push(format!("p.id_key IN ({})", params(1, ids.len())));
        }
        if !nps.is_empty() {
            conds.push(format!(
                "(p.id_key IS NULL AND p.name_phone_key IN ({}))",
                params(ids.len() + 1, nps.len())
            ));
        }
        if !rows.is_empty() {
            conds.push(format!(
                "(p.id_key IS NULL AND p.name_phone_key IS NULL AND p.id IN ({}))",
                id_list(&rows)
            ));
        }
        if conds.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ROW_COLUMNS}, {PERSON_KEY} AS person_key FROM petitioners p WHERE {} \
             ORDER BY p.case_id DESC, p.position LIMIT {MAX_ROWS}",
            conds.join(" OR ")
        ));
        let mut q = sqlx::query(sql);
        for k in ids.iter().chain(&nps) {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(person_row)
            .collect()
    }

    /// Records with one of these name-and-phone keys, whatever their ID number: the
    /// candidates a clerk may merge into a person.
    pub async fn rows_with_name_phone_keys(&self, keys: &[String]) -> Result<Vec<PersonRow>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ROW_COLUMNS}, {PERSON_KEY} AS person_key FROM petitioners p \
             WHERE p.name_phone_key IN ({}) ORDER BY p.case_id DESC LIMIT {MAX_ROWS}",
            params(1, keys.len())
        ));
        let mut q = sqlx::query(sql);
        for k in keys {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(person_row)
            .collect()
    }

    /// The persons of `root`'s cases (received from `filter.from` on, through `firewall`),
    /// those with the most cases first; a page of them and how many in all. A person here is
    /// one person key, or the group of keys a clerk merged (`person_key_roots`).
    pub async fn persons_in_scope(
        &self,
        root: UnitId,
        firewall: &Firewall,
        filter: &PersonFilter,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<PersonCount>, i64)> {
        let mut conds = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let keys: Vec<&String> = filter
            .id_keys
            .iter()
            .chain(&filter.name_phone_keys)
            .collect();
        if !keys.is_empty() {
            let mut ors = Vec::new();
            if !filter.id_keys.is_empty() {
                ors.push(format!("p.id_key IN ({})", params(3, filter.id_keys.len())));
            }
            if !filter.name_phone_keys.is_empty() {
                ors.push(format!(
                    "p.name_phone_key IN ({})",
                    params(3 + filter.id_keys.len(), filter.name_phone_keys.len())
                ));
            }
            // A merged person is found by any of its keys: the records of every key of the
            // group the looked-up key belongs to.
            ors.push(format!(
                "r.root_key IN (SELECT root_key FROM person_key_roots WHERE person_key IN ({}))",
                params(3 + keys.len(), keys.len())
            ));
            conds.push_str(&format!(" AND ({})", ors.join(" OR ")));
        }
        let prefixed: Vec<String> = filter
            .id_keys
            .iter()
            .map(|k| format!("i:{k}"))
            .chain(filter.name_phone_keys.iter().map(|k| format!("n:{k}")))
            .collect();
        let from = filter.from.map(|d| d.to_string()).unwrap_or_default();
        let grouped = format!(
            "FROM case_scope s JOIN petitioners p ON p.case_id = s.case_id \
             LEFT JOIN person_key_roots r ON r.person_key = {PERSON_KEY} \
             WHERE s.unit_id = $1 AND s.received_on >= $2{conds} \
             GROUP BY COALESCE(r.root_key, {PERSON_KEY}) \
             HAVING COUNT(DISTINCT p.case_id) >= {}",
            filter.min_cases.max(1)
        );
        let q = |sql: String| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(root)
                .bind(from.clone());
            for k in &keys {
                q = q.bind((*k).clone());
            }
            for k in &prefixed {
                q = q.bind(k.clone());
            }
            q
        };
        let count = q(format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one {grouped}) t"
        ))
        .fetch_one(&self.read)
        .await?;
        let rows = q(format!(
            "SELECT MIN(p.id) AS pid, COUNT(DISTINCT p.case_id) AS n, MAX(s.received_on) AS last \
             {grouped} ORDER BY n DESC, last DESC, pid LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(PersonCount {
                    petitioner_id: i64_col(r, "pid")?,
                    cases: i64_col(r, "n")?,
                    last_received_on: date(r, "last")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }
}
