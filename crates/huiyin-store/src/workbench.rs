//! Queries of the staff workbench (the worklists' counts are in `work_counts.rs`): supervision orders received, the
//! petitioner's history, notices on the timeline and links added by a registrar.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;

use crate::Store;
use crate::cases::TimelineEntry;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::i64_col;

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Store {
    /// Ids of cases with an unanswered 催办/督办 addressed to one of `units`, newest first.
    pub async fn supervised_case_ids(
        &self,
        units: &[UnitId],
        firewall: &Firewall,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CaseId>, i64)> {
        if units.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let list = id_list(units);
        let walled = firewall
            .condition("c")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let from = format!(
            "supervisions s JOIN cases c ON c.id = s.case_id WHERE s.unit_id IN ({list}) AND s.responded_at IS NULL{walled}"
        );
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(DISTINCT s.case_id) AS n FROM {from}"
        )))
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT s.case_id AS case_id, MAX(s.id) AS last_id FROM {from} \
             GROUP BY s.case_id ORDER BY last_id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        let ids = rows
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect::<Result<Vec<_>>>()?;
        Ok((ids, i64_col(&count, "n")?))
    }

    /// Other cases of the petitioners of `case_id` (same ID-number key or same name + phone
    /// key), newest first: the petitioner's history (信访人档案).
    pub async fn petitioner_history(&self, case_id: CaseId, limit: i64) -> Result<Vec<CaseId>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT q.case_id AS id FROM petitioners p JOIN petitioners q ON q.id_key = p.id_key \
             WHERE p.case_id = $1 AND p.id_key IS NOT NULL AND q.case_id <> $1 \
             UNION SELECT DISTINCT q.case_id AS id FROM petitioners p JOIN petitioners q ON q.name_phone_key = p.name_phone_key \
             WHERE p.case_id = $1 AND p.name_phone_key IS NOT NULL AND q.case_id <> $1 \
             ORDER BY id DESC LIMIT {limit}"
        ));
        sqlx::query(sql)
            .bind(case_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "id"))
            .collect()
    }

    /// Cases of any petitioner with one of these keys, whatever the matter, newest first.
    pub async fn cases_of_petitioner_keys(
        &self,
        id_keys: &[String],
        name_phone_keys: &[String],
        limit: i64,
    ) -> Result<Vec<CaseId>> {
        if id_keys.is_empty() && name_phone_keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut conds = Vec::new();
        for i in 0..id_keys.len() {
            conds.push(format!("id_key = ${}", i + 1));
        }
        for i in 0..name_phone_keys.len() {
            conds.push(format!("name_phone_key = ${}", id_keys.len() + i + 1));
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT case_id FROM petitioners WHERE {} ORDER BY case_id DESC LIMIT {limit}",
            conds.join(" OR ")
        ));
        let mut q = sqlx::query(sql);
        for k in id_keys.iter().chain(name_phone_keys) {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect()
    }

    /// Appends a timeline entry that changes no state (a notice issued).
    pub async fn append_timeline(&self, case_id: CaseId, e: &TimelineEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO timeline (case_id, action, on_day, actor_user_id, actor_unit_id, actor_name, note_zh, note_en, \
             from_status, to_status, data, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(case_id)
        .bind(&e.action)
        .bind(e.on.to_string())
        .bind(e.actor_user_id)
        .bind(e.actor_unit_id)
        .bind(&e.actor_name)
        .bind(&e.note_zh)
        .bind(&e.note_en)
        .bind(e.from_status.map(|s| s.as_str()))
        .bind(e.to_status.as_str())
        .bind(&e.data)
        .bind(e.recorded_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Links two cases both ways (a registrar linking an earlier case of the same matter).
    pub async fn link_cases(&self, a: CaseId, b: CaseId, kind: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (x, y) in [(a, b), (b, a)] {
            sqlx::query(
                "INSERT INTO case_links (case_id, linked_case_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(x)
            .bind(y)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
