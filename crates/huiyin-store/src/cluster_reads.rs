//! The reads of the `cluster` signal besides its candidates (`cluster_candidates.rs`): the
//! texts of candidates whose sketches do not settle them, and, for judging a history written
//! in bulk, its cases and who petitioned in them; and, for the benchmark, the open cluster a case
//! belongs to.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::rows::{date, i64_col, opt_i64, opt_text, text};
use crate::search::id_list;

impl Store {
    /// The cases received from `since` on, in the order they were registered (by id): what
    /// the cluster signal reads of each when a history is judged (`judge_history_clusters`).
    pub async fn cases_received_since(&self, since: huiyin_core::Date) -> Result<Vec<HistoryCase>> {
        let rows = sqlx::query(
            "SELECT id, concerned_unit_id, receiving_unit_id, category, received_on, walled_unit_id FROM cases \
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
                    walled_unit_id: opt_i64(r, "walled_unit_id")?,
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
    /// there is none), as `recent_matter_cases` gives them with each candidate. Read for a
    /// history's cases, a chunk at a time (`judge_history_clusters`).
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

    /// The open (not resolved) cluster warning behind case `case_id` (the newest, when
    /// several): how the benchmark sees that a planted cluster was raised.
    pub async fn open_cluster_of(&self, case_id: CaseId) -> Result<Option<i64>> {
        // From the case to its warnings (index `warning_cases_case_warning`, which holds both),
        // never from the warnings to their cases: probing every open cluster's links grew
        // with the open clusters (issue 13 item 6).
        let row = sqlx::query(
            "SELECT w.id FROM warning_cases wc JOIN warnings w ON w.id = wc.warning_id \
             WHERE wc.case_id = $1 AND w.kind = 'cluster' AND w.status <> 'resolved' \
             ORDER BY w.id DESC LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| i64_col(&r, "id")).transpose()
    }
}

/// A case of a history whose cluster signal is judged after it was written.
#[derive(Clone, Debug)]
pub struct HistoryCase {
    pub id: CaseId,
    pub concerned_unit_id: UnitId,
    pub receiving_unit_id: UnitId,
    pub category: String,
    pub received_on: huiyin_core::Date,
    /// The accused unit of its whistleblower firewall, if it has one.
    pub walled_unit_id: Option<UnitId>,
}
