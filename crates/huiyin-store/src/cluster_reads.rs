//! The reads of the `cluster` signal at registration (issue 13 item 1): the recent cases of
//! one matter, who petitioned in them, and the open cluster warning they belong to.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_text, text};
use crate::search::id_list;
use crate::warnings::{COLUMNS, WarningRecord, record};

impl Store {
    /// The cases about `concerned_unit_id` in one of `categories` received from `since` on,
    /// newest first (at most `limit`): the candidates of a cluster, without who petitioned
    /// ([`Store::petitioner_keys_of`]). Read through the matter index (unit, category, day), so
    /// only the cases of those categories are fetched (issue 13 item 6: reading every recent
    /// case of a busy school with its texts cost intake half its throughput).
    pub async fn recent_matter_cases(
        &self,
        concerned_unit_id: UnitId,
        categories: &[String],
        since: huiyin_core::Date,
        limit: i64,
    ) -> Result<Vec<MatterCase>> {
        if categories.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..categories.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, title, content, demands, received_on FROM cases WHERE concerned_unit_id = $1 \
             AND received_on >= $2 AND category IN ({}) ORDER BY received_on DESC, id DESC LIMIT {limit}",
            marks.join(", ")
        )))
        .bind(concerned_unit_id)
        .bind(since.to_string());
        for c in categories {
            q = q.bind(c.clone());
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(MatterCase {
                    id: i64_col(r, "id")?,
                    text: format!(
                        "{}\n{}\n{}",
                        text(r, "title")?,
                        text(r, "content")?,
                        text(r, "demands")?
                    ),
                    received_on: crate::rows::date(r, "received_on")?,
                })
            })
            .collect()
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

    /// The open cluster warning behind any of `case_ids` (its `case_ids` left empty), and which
    /// of `candidates` it holds: what a registration joining it needs, without reading every
    /// case of a cluster that has grown to thousands.
    pub async fn open_cluster_among(
        &self,
        case_ids: &[CaseId],
        candidates: &[CaseId],
    ) -> Result<Option<(WarningRecord, std::collections::HashSet<CaseId>)>> {
        let Some(w) = self.open_cluster_without_cases(case_ids).await? else {
            return Ok(None);
        };
        let mut members = std::collections::HashSet::new();
        if !candidates.is_empty() {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT case_id FROM warning_cases WHERE warning_id = $1 AND case_id IN ({})",
                id_list(candidates)
            )))
            .persistent(false)
            .bind(w.id)
            .fetch_all(&self.read)
            .await?;
            for r in &rows {
                members.insert(i64_col(r, "case_id")?);
            }
        }
        Ok(Some((w, members)))
    }

    async fn open_cluster_without_cases(
        &self,
        case_ids: &[CaseId],
    ) -> Result<Option<WarningRecord>> {
        if case_ids.is_empty() {
            return Ok(None);
        }
        // From the cases to their warnings (index `warning_cases_case`), never from the
        // warnings to their cases: probing every open cluster's links for each of a few hundred
        // cases grew with the open clusters, and at 1,873 of them took intake from 600 to 27
        // registrations a second (issue 13 item 6).
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM (SELECT DISTINCT warning_id FROM warning_cases WHERE case_id IN ({})) m \
             JOIN warnings w ON w.id = m.warning_id \
             WHERE w.kind = 'cluster' AND w.status <> 'resolved' ORDER BY w.id DESC LIMIT 1",
            id_list(case_ids)
        )))
        .persistent(false)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(record).transpose()
    }
}

/// A recent case about a concerned unit, as the cluster signal compares it.
#[derive(Clone, Debug)]
pub struct MatterCase {
    pub id: CaseId,
    pub text: String,
    pub received_on: huiyin_core::Date,
}
