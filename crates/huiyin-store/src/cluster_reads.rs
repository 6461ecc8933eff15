//! The reads of the `cluster` signal at registration (issue 13 item 1): the recent cases of
//! one matter, who petitioned in them, and the open cluster warning they belong to.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, opt_text, text};
use crate::search::id_list;
use crate::warnings::{COLUMNS, WarningRecord, record};

impl Store {
    /// The cases about `concerned_unit_id` in one of `categories` received from `since` on,
    /// newest first (at most `limit`): the candidates of a cluster, by id and day only. Read
    /// through the matter index (unit, category, day) alone; their texts are read only for the
    /// cases whose shingles the app has not kept ([`Store::case_texts`]; issue 13 item 6).
    pub async fn recent_matter_cases(
        &self,
        concerned_unit_id: UnitId,
        categories: &[String],
        since: huiyin_core::Date,
        limit: i64,
        registered_before: Option<CaseId>,
    ) -> Result<Vec<MatterCase>> {
        if categories.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..categories.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        // SQLite would rather walk (unit, day) in order than sort, reading every recent case's
        // row — texts and all — to test its category: a busy school's 450 rows at each
        // registration, where the matter index answers from itself with the field's 170.
        let cases = match self.dialect {
            crate::Dialect::Sqlite => "cases INDEXED BY cases_matter",
            crate::Dialect::Postgres => "cases",
        };
        // One row holding every candidate ("id day,id day,…"): SQLite's driver hands each
        // row of a result across threads on its own, and 300 rows cost 2 ms of a reader at
        // every registration where one row costs a tenth of that (the order is restored
        // below, not left to the aggregate).
        // Each with its text's sketch in hexadecimal (empty when it has none), read from the
        // same index (migration 0067).
        let packed = match self.dialect {
            crate::Dialect::Sqlite => {
                "group_concat(id || ' ' || received_on || ' ' || hex(text_sketch), ',')"
            }
            crate::Dialect::Postgres => {
                "string_agg(id::text || ' ' || received_on || ' ' || coalesce(encode(text_sketch, 'hex'), ''), ',')"
            }
        };
        // Judging a history: only the cases registered before (ids follow registration).
        let before = registered_before.map_or(String::new(), |id| format!(" AND id < {id}"));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {packed} AS packed FROM (SELECT id, received_on, text_sketch FROM {cases} WHERE concerned_unit_id = $1 \
             AND received_on >= $2 AND category IN ({}){before} ORDER BY received_on DESC, id DESC LIMIT {limit}) m",
            marks.join(", ")
        )))
        .bind(concerned_unit_id)
        .bind(since.to_string());
        for c in categories {
            q = q.bind(c.clone());
        }
        let row = q.fetch_one(&self.read).await?;
        let mut cases = opt_text(&row, "packed")?
            .unwrap_or_default()
            .split(',')
            .filter(|item| !item.is_empty())
            .map(|item| {
                let corrupt = || StoreError::Corrupt(format!("recent_matter_cases: `{item}`"));
                let mut parts = item.split(' ');
                let (Some(id), Some(day), sketch) = (parts.next(), parts.next(), parts.next())
                else {
                    return Err(corrupt());
                };
                Ok(MatterCase {
                    id: id.parse().map_err(|_| corrupt())?,
                    received_on: huiyin_core::Date::parse(day).map_err(|_| corrupt())?,
                    // A sketch of another version (or none) is compared from the text.
                    sketch: sketch.and_then(huiyin_text::Sketch::from_hex),
                })
            })
            .collect::<Result<Vec<MatterCase>>>()?;
        cases.sort_by_key(|c| std::cmp::Reverse((c.received_on, c.id)));
        Ok(cases)
    }

    /// The cases received from `since` on, in the order they were registered (by id): what
    /// the cluster signal reads of each when a history is judged (`judge_history_clusters`).
    pub async fn cases_received_since(&self, since: huiyin_core::Date) -> Result<Vec<HistoryCase>> {
        let rows = sqlx::query(
            "SELECT id, concerned_unit_id, receiving_unit_id, category, received_on FROM cases \
             WHERE received_on >= $1 ORDER BY id",
        )
        .bind(since.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryCase {
                    id: i64_col(r, "id")?,
                    concerned_unit_id: i64_col(r, "concerned_unit_id")?,
                    receiving_unit_id: i64_col(r, "receiving_unit_id")?,
                    category: text(r, "category")?,
                    received_on: date(r, "received_on")?,
                })
            })
            .collect()
    }

    /// The title, content and demands of each of `case_ids` (a case's texts never change once
    /// registered).
    pub async fn case_texts(
        &self,
        case_ids: &[CaseId],
    ) -> Result<std::collections::HashMap<CaseId, [String; 3]>> {
        let mut out = std::collections::HashMap::new();
        if case_ids.is_empty() {
            return Ok(out);
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, title, content, demands FROM cases WHERE id IN ({})",
            id_list(case_ids)
        )))
        .persistent(false)
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            out.insert(
                i64_col(r, "id")?,
                [text(r, "title")?, text(r, "content")?, text(r, "demands")?],
            );
        }
        Ok(out)
    }

    /// Who petitioned in each of `case_ids`: a lookup key of each petitioner (or the name when
    /// there is none). Read for the candidates that resemble a new petition only, not for every
    /// recent case of the unit (a few hundred probes at every registration).
    pub async fn petitioner_keys_of(
        &self,
        case_ids: &[CaseId],
    ) -> Result<std::collections::HashMap<CaseId, Vec<String>>> {
        let mut out: std::collections::HashMap<CaseId, Vec<String>> =
            std::collections::HashMap::new();
        if case_ids.is_empty() {
            return Ok(out);
        }
        let people = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT case_id, name, id_key, name_phone_key FROM petitioners WHERE case_id IN ({})",
            id_list(case_ids)
        )))
        // Ids written into the text: a statement of its own each time, not to be kept in the
        // connection's statement cache (it would push out the statements used at every turn).
        .persistent(false)
        .fetch_all(&self.read)
        .await?;
        for r in &people {
            let who = opt_text(r, "id_key")?
                .or(opt_text(r, "name_phone_key")?)
                .unwrap_or(format!("name:{}", text(r, "name")?));
            out.entry(i64_col(r, "case_id")?).or_default().push(who);
        }
        Ok(out)
    }

    /// The open (not resolved) cluster warning behind any of `case_ids`, with its cases.
    pub async fn open_cluster_of(&self, case_ids: &[CaseId]) -> Result<Option<WarningRecord>> {
        let Some(w) = self.open_cluster_without_cases(case_ids).await? else {
            return Ok(None);
        };
        Ok(self.with_cases(vec![w]).await?.pop())
    }

    /// The open cluster warning behind any of `alike` (newest first; its `case_ids` left
    /// empty), and the cases it holds from `oldest` on (the oldest candidate's id), each with
    /// who petitioned in it where the link keeps that: what a registration joining it needs,
    /// without reading every case of a cluster that has grown to thousands, nor the
    /// petitioners of each member.
    pub async fn open_cluster_among(
        &self,
        alike: &[CaseId],
        oldest: CaseId,
    ) -> Result<Option<(WarningRecord, ClusterHeld)>> {
        let Some(w) = self.open_cluster_without_cases(alike).await? else {
            return Ok(None);
        };
        // One range of the links' primary key (warning, case): the cluster's recent members,
        // packed into one row ("case=keys" or "case-" without keys, between record
        // separators) for the reason given in `recent_matter_cases`.
        let packed = match self.dialect {
            crate::Dialect::Sqlite => {
                "group_concat(case_id || COALESCE('=' || petitioner_keys, '-'), char(30))"
            }
            crate::Dialect::Postgres => {
                "string_agg(case_id::text || COALESCE('=' || petitioner_keys, '-'), chr(30))"
            }
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {packed} AS packed FROM warning_cases WHERE warning_id = $1 AND case_id >= $2"
        )))
        .bind(w.id)
        .bind(oldest)
        .fetch_one(&self.read)
        .await?;
        let mut held = ClusterHeld::new();
        for item in opt_text(&row, "packed")?
            .unwrap_or_default()
            .split(LINK_SEPARATOR)
        {
            if item.is_empty() {
                continue;
            }
            let corrupt = || StoreError::Corrupt(format!("open_cluster_among: `{item}`"));
            let cut = item
                .find(|ch: char| !ch.is_ascii_digit())
                .ok_or_else(corrupt)?;
            let (id, rest) = item.split_at(cut);
            let keys = match rest.strip_prefix('=') {
                Some(k) => Some(
                    k.split(crate::warning_writes::KEY_SEPARATOR)
                        .map(str::to_owned)
                        .collect(),
                ),
                None if rest == "-" => None,
                None => return Err(corrupt()),
            };
            held.insert(id.parse().map_err(|_| corrupt())?, keys);
        }
        Ok(Some((w, held)))
    }

    /// The open cluster behind any of `case_ids`, the newest of them first: the cases of a
    /// cluster that keeps being joined are the newest alike, so a few probes find it where a
    /// probe of each of 300 candidates cost every registration of a busy school.
    async fn open_cluster_without_cases(
        &self,
        case_ids: &[CaseId],
    ) -> Result<Option<WarningRecord>> {
        let split = case_ids.len().min(NEWEST_PROBED);
        for part in [&case_ids[..split], &case_ids[split..]] {
            if part.is_empty() {
                continue;
            }
            // From the cases to their warnings (index `warning_cases_case_warning`, which holds
            // both), never from the warnings to their cases: probing every open cluster's
            // links for each case grew with the open clusters, and at 1,873 of them took
            // intake from 600 to 27 registrations a second (issue 13 item 6).
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM (SELECT DISTINCT warning_id FROM warning_cases WHERE case_id IN ({})) m \
                 JOIN warnings w ON w.id = m.warning_id \
                 WHERE w.kind = 'cluster' AND w.status <> 'resolved' ORDER BY w.id DESC LIMIT 1",
                id_list(part)
            )))
            .persistent(false)
            .fetch_optional(&self.read)
            .await?;
            if let Some(r) = row {
                return record(&r).map(Some);
            }
        }
        Ok(None)
    }
}

/// Between the links packed into one row by [`Store::open_cluster_among`] (the record
/// separator; a link's keys are hex digests or names, which never hold it).
const LINK_SEPARATOR: char = '\u{1e}';

/// The alike cases probed first for the cluster that holds them.
const NEWEST_PROBED: usize = 16;

/// The cases a cluster holds, each with the lookup keys of its petitioners where the link
/// keeps them (`None`: read them from `petitioners`).
pub type ClusterHeld = std::collections::HashMap<CaseId, Option<Vec<String>>>;

/// A recent case about a concerned unit, a candidate of the cluster signal.
#[derive(Clone, Debug)]
pub struct MatterCase {
    pub id: CaseId,
    pub received_on: huiyin_core::Date,
    /// The sketch of its text, when it was registered with one of this version.
    pub sketch: Option<huiyin_text::Sketch>,
}

/// A case of a history whose cluster signal is judged after it was written.
#[derive(Clone, Debug)]
pub struct HistoryCase {
    pub id: CaseId,
    pub concerned_unit_id: UnitId,
    pub receiving_unit_id: UnitId,
    pub category: String,
    pub received_on: huiyin_core::Date,
}
