//! Registering a batch of cases in one transaction with multi-row statements: one statement
//! per table for the whole batch (the committer's group of concurrent registrations), not one
//! per case, so the single writer spends its time writing rows rather than going back and
//! forth between statements (issue 17 item 7; docs/PERFORMANCE.md). Ids come from the
//! database; numbers continue each numbering scope's counter, in the order of the batch.

use std::collections::HashMap;

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use sqlx::{Any, Transaction};

use crate::audit::{AuditEntry, append_audit_in};
use crate::bulk::{
    DEADLINE_COLS, V, deadline_row, insert_rows, insert_rows_returning, upsert_rows,
};
use crate::case_rows::{
    CASE_COLS, PETITIONER_COLS, TIMELINE_COLS, case_row, link_rows, petitioner_rows, timeline_rows,
    visible_units,
};
use crate::cases::NewCaseRecord;
use crate::error::{Result, StoreError};
use crate::kpi::write_kpi;
use crate::rows::{i64_col, text};
use crate::{Dialect, Store};

impl Store {
    /// Registers a batch of cases in one transaction (one fsync). Returns (id, number) each.
    pub async fn insert_cases(
        &self,
        batch: &[NewCaseRecord],
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        self.insert_cases_audited(batch, &[], now_ms).await
    }

    /// [`Store::insert_cases`] with the audit entries of the registrations in the same
    /// transaction: `audit[i]`, where given, is appended with case `i`'s number as its target,
    /// so a registration is answered after one commit, not two.
    pub async fn insert_cases_audited(
        &self,
        batch: &[NewCaseRecord],
        audit: &[Option<AuditEntry>],
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.write.begin().await?;
        let numbers = next_numbers(&mut tx, batch).await?;
        let ids = self
            .write_case_rows(&mut tx, batch, &numbers, now_ms)
            .await?;
        let out: Vec<(CaseId, String)> = ids.iter().copied().zip(numbers).collect();
        let facts = ids.iter().zip(batch).map(|(id, rec)| (*id, &rec.kpi));
        write_kpi(&mut tx, self.dialect, facts).await?;
        let entries: Vec<AuditEntry> = audit
            .iter()
            .zip(&out)
            .filter_map(|(e, (_, number))| {
                e.clone().map(|e| AuditEntry {
                    target: number.clone(),
                    ..e
                })
            })
            .collect();
        if !entries.is_empty() {
            let ring = self.audit_ring();
            let (id, hash) = append_audit_in(&mut tx, ring.as_deref(), &entries).await?;
            tx.commit().await?;
            self.anchor_audit(id, &hash);
        } else {
            tx.commit().await?;
        }
        Ok(out)
    }

    /// Writes the batch's cases and everything that hangs off them (petitioners, links, the
    /// units that see them, deadlines, timeline, full-text rows, warnings, reception days);
    /// returns their ids in the batch's order.
    async fn write_case_rows(
        &self,
        tx: &mut Transaction<'_, Any>,
        batch: &[NewCaseRecord],
        numbers: &[String],
        now_ms: i64,
    ) -> Result<Vec<CaseId>> {
        let rows = batch
            .iter()
            .zip(numbers)
            .map(|(rec, number)| case_row(number, rec, now_ms))
            .collect::<Result<Vec<_>>>()?;
        let returned = insert_rows_returning(
            tx,
            self.dialect,
            "cases",
            CASE_COLS,
            rows,
            " RETURNING id, number",
        )
        .await?;
        let mut by_number = HashMap::with_capacity(returned.len());
        for row in &returned {
            by_number.insert(text(row, "number")?, i64_col(row, "id")?);
        }
        let ids = numbers
            .iter()
            .map(|n| {
                by_number
                    .get(n)
                    .copied()
                    .ok_or_else(|| StoreError::Database(format!("case {n} was not inserted")))
            })
            .collect::<Result<Vec<CaseId>>>()?;
        let (mut pets, mut links, mut units, mut dls, mut tl, mut receptions) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for (rec, &id) in batch.iter().zip(&ids) {
            pets.extend(petitioner_rows(self, id, rec)?);
            links.extend(link_rows(id, rec));
            units.extend(
                visible_units(rec)
                    .into_iter()
                    .map(|u| vec![V::I(id), V::I(u)]),
            );
            dls.extend(rec.deadlines.iter().map(|d| deadline_row(id, d)));
            tl.extend(timeline_rows(id, rec));
            if let Some(reception) = rec.reception_id {
                receptions.push(vec![V::I(reception), V::I(id)]);
            }
        }
        let d = self.dialect;
        insert_rows(tx, d, "petitioners", PETITIONER_COLS, pets).await?;
        let link_cols = &["case_id", "linked_case_id", "kind"];
        upsert_rows(
            tx,
            d,
            "case_links",
            link_cols,
            links,
            " ON CONFLICT DO NOTHING",
        )
        .await?;
        // Its triggers write each case's `case_scope` row for every unit above (migration
        // 0014), and those rows' statistics (0059) and warnings' units (0064). On SQLite the
        // statistics are counted for the whole batch at once (migration 0068).
        let deferred = d == Dialect::Sqlite;
        if deferred {
            set_tally_deferral(tx, true).await?;
        }
        insert_rows(tx, d, "case_units", &["case_id", "unit_id"], units).await?;
        if deferred {
            count_in_tally(tx, &ids).await?;
            set_tally_deferral(tx, false).await?;
        }
        insert_rows(tx, d, "deadlines", DEADLINE_COLS, dls).await?;
        insert_rows(tx, d, "timeline", TIMELINE_COLS, tl).await?;
        self.write_search_rows(tx, batch, &ids).await?;
        let warnings: Vec<(CaseId, &crate::NewWarning)> = batch
            .iter()
            .zip(&ids)
            .flat_map(|(rec, &id)| rec.warnings.iter().map(move |w| (id, w)))
            .collect();
        crate::warning_joins::write_registration_warnings(tx, &warnings, now_ms).await?;
        let reception_cols = &["reception_id", "case_id"];
        insert_rows(tx, d, "reception_cases", reception_cols, receptions).await?;
        Ok(ids)
    }

    /// The new cases' full-text rows: their text tokens, span token and the scope tokens of
    /// every unit their `case_scope` rows (just written by the triggers) say sees them.
    async fn write_search_rows(
        &self,
        tx: &mut Transaction<'_, Any>,
        batch: &[NewCaseRecord],
        ids: &[CaseId],
    ) -> Result<()> {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT case_id, unit_id FROM case_scope WHERE case_id IN ({list}) ORDER BY case_id, unit_id"
        )))
        .persistent(false)
        .fetch_all(&mut **tx)
        .await?;
        let mut scope: HashMap<CaseId, Vec<UnitId>> = HashMap::with_capacity(ids.len());
        for row in &rows {
            scope
                .entry(i64_col(row, "case_id")?)
                .or_default()
                .push(i64_col(row, "unit_id")?);
        }
        let fts = batch
            .iter()
            .zip(ids)
            .map(|(rec, &id)| {
                let units = scope.remove(&id).unwrap_or_default();
                let tokens = crate::search_scope::with_scope(
                    &rec.search_tokens,
                    (id, self.search_span),
                    units,
                );
                vec![V::I(id), V::T(tokens)]
            })
            .collect();
        let cols = crate::search_scope::fts_columns(self.dialect);
        insert_rows(tx, self.dialect, "case_fts", cols, fts).await
    }
}

/// Switches the per-row trigger of the statistics' tally off or on again (SQLite, migration
/// 0068), within the batch's transaction: nothing outside it ever sees the switch off.
async fn set_tally_deferral(tx: &mut Transaction<'_, Any>, deferred: bool) -> Result<()> {
    sqlx::query("UPDATE tally_deferral SET deferred = $1 WHERE id = 1")
        .bind(i64::from(deferred))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the tally trigger of `case_scope` (migrations 0059, 0068) adds for each new row of
/// these cases, summed per tally row: one upsert per row of the batch's sum rather than ten
/// per unit per case.
async fn count_in_tally(tx: &mut Transaction<'_, Any>, ids: &[CaseId]) -> Result<()> {
    const FIELD: &str = "CASE WHEN instr(c.category, '.') > 0 \
        THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END";
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n) \
         SELECT s.unit_id, d.dim, g.grain, \
         CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END, \
         c.petition_type, c.channel, \
         CASE d.dim WHEN 'c' THEN c.category WHEN 's' THEN {FIELD} WHEN 'o' THEN {FIELD} ELSE '' END, \
         CASE d.dim WHEN 'c' THEN '' WHEN 's' THEN c.status \
         WHEN 'o' THEN COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'), \
         json_extract(c.detail, '$.review_opinion.outcome'), json_extract(c.detail, '$.opinion.outcome'), 'none') \
         WHEN 'u' THEN CAST(c.concerned_unit_id AS TEXT) ELSE CAST(c.handling_unit_id AS TEXT) END, \
         COUNT(*) \
         FROM case_scope s JOIN cases c ON c.id = s.case_id, \
         (SELECT 'c' AS dim UNION ALL SELECT 's' UNION ALL SELECT 'o' UNION ALL SELECT 'u' UNION ALL SELECT 'h') d, \
         (SELECT 'm' AS grain UNION ALL SELECT 'd') g \
         WHERE s.case_id IN ({list}) \
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 \
         ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) \
         DO UPDATE SET n = n + excluded.n"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The next number of each record's numbering scope, in the batch's order: one counter
/// update per scope, raised by as many as the batch takes.
async fn next_numbers(
    tx: &mut Transaction<'_, Any>,
    batch: &[NewCaseRecord],
) -> Result<Vec<String>> {
    let mut wanted: Vec<(&str, i64)> = Vec::new();
    for rec in batch {
        match wanted.iter_mut().find(|(s, _)| *s == rec.number_scope) {
            Some((_, n)) => *n += 1,
            None => wanted.push((&rec.number_scope, 1)),
        }
    }
    let mut next: HashMap<&str, i64> = HashMap::with_capacity(wanted.len());
    for (scope, n) in wanted {
        let row = sqlx::query(
            "INSERT INTO case_counters (scope, last_value) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET last_value = case_counters.last_value + excluded.last_value \
             RETURNING last_value",
        )
        .bind(scope)
        .bind(n)
        .fetch_one(&mut **tx)
        .await?;
        next.insert(scope, i64_col(&row, "last_value")? - n + 1);
    }
    batch
        .iter()
        .map(|rec| {
            let seq = next.get_mut(rec.number_scope.as_str()).ok_or_else(|| {
                StoreError::Database(format!("no counter for {}", rec.number_scope))
            })?;
            let number = huiyin_core::case::case_number(&rec.number_scope, *seq);
            *seq += 1;
            Ok(number)
        })
        .collect()
}
