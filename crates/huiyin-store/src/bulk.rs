//! Bulk registration for the demo generator and imports: the same rows as `insert_cases`,
//! written with multi-row statements (hundreds of rows per statement) in one transaction.
//! Case ids are assigned here, so the database must not be written by anyone else meanwhile.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::workflow::CaseDeadline;
use std::collections::HashMap;

use crate::case_rows::{
    CASE_COLS, PETITIONER_COLS, TIMELINE_COLS, case_row, link_rows, petitioner_rows, timeline_rows,
    visible_units,
};
use crate::cases::NewCaseRecord;
use crate::error::Result;
use crate::kpi::{KPI_COLS, kpi_rows};
use crate::rows::{i64_col, text};
use crate::{Dialect, Store};

#[path = "bulk_statements.rs"]
mod statements;
pub(crate) use statements::{V, insert_rows, insert_rows_returning, upsert_rows};

/// The columns of a `deadlines` row, in [`deadline_row`]'s order.
pub(crate) const DEADLINE_COLS: &[&str] = &[
    "case_id",
    "kind",
    "start_on",
    "due_on",
    "provisional",
    "explanation_zh",
    "explanation_en",
];

pub(crate) fn deadline_row(id: CaseId, d: &CaseDeadline) -> Vec<V> {
    vec![
        V::I(id),
        V::T(d.kind.as_str().into()),
        V::T(d.start_on.to_string()),
        V::T(d.due_on.to_string()),
        V::I(i64::from(d.provisional)),
        V::T(d.explanation_zh.clone()),
        V::T(d.explanation_en.clone()),
    ]
}

impl Store {
    /// Registers a batch with multi-row statements; returns (id, number) per record.
    pub async fn insert_cases_bulk(
        &self,
        batch: &[NewCaseRecord],
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        self.insert_cases_bulk_audited(batch, None, now_ms).await
    }

    /// [`Store::insert_cases_bulk`] with an audit entry appended in the same transaction (an
    /// import's batch is never committed unaudited). A record whose `case.number` is already
    /// set keeps it (an imported case's original number); when that number is of this
    /// system's form (`series-000123`), its series' counter is raised past it, so later
    /// registrations never take it.
    pub async fn insert_cases_bulk_audited(
        &self,
        batch: &[NewCaseRecord],
        audit: Option<&crate::AuditEntry>,
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        let mut tx = self.write.begin().await?;
        let max = sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM cases")
            .fetch_one(&mut *tx)
            .await?;
        let first_id = i64_col(&max, "m")? + 1;
        // Case numbers: continue each scope's counter.
        let mut counters: HashMap<String, i64> = HashMap::new();
        for row in sqlx::query("SELECT scope, last_value FROM case_counters")
            .fetch_all(&mut *tx)
            .await?
        {
            counters.insert(text(&row, "scope")?, i64_col(&row, "last_value")?);
        }
        // Each unit's ancestors: a case's full-text row names every unit it is visible to.
        let mut above: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
        for row in sqlx::query("SELECT unit_id, ancestor_id FROM unit_ancestors")
            .fetch_all(&mut *tx)
            .await?
        {
            above
                .entry(i64_col(&row, "unit_id")?)
                .or_default()
                .push(i64_col(&row, "ancestor_id")?);
        }
        let case_cols: Vec<&str> = std::iter::once("id")
            .chain(CASE_COLS.iter().copied())
            .collect();
        let mut out = Vec::with_capacity(batch.len());
        let (mut cases, mut pets, mut units, mut dls, mut tl, mut fts, mut links) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        let kpi = kpi_rows(
            batch
                .iter()
                .enumerate()
                .map(|(i, rec)| (first_id + i as i64, &rec.kpi)),
        );
        for (i, rec) in batch.iter().enumerate() {
            let id = first_id + i as i64;
            let number = if rec.case.number.is_empty() {
                let seq = counters.entry(rec.number_scope.clone()).or_insert(0);
                *seq += 1;
                huiyin_core::case::case_number(&rec.number_scope, *seq)
            } else {
                if let Some((series, seq)) = huiyin_core::case::case_number_parts(&rec.case.number)
                {
                    let last = counters.entry(series.to_owned()).or_insert(0);
                    *last = (*last).max(seq);
                }
                rec.case.number.clone()
            };
            let mut row = vec![V::I(id)];
            row.extend(case_row(&number, rec, now_ms)?);
            cases.push(row);
            pets.extend(petitioner_rows(self, id, rec)?);
            let seen = visible_units(rec);
            units.extend(seen.iter().map(|u| vec![V::I(id), V::I(*u)]));
            dls.extend(rec.deadlines.iter().map(|d| deadline_row(id, d)));
            tl.extend(timeline_rows(id, rec));
            links.extend(link_rows(id, rec));
            let mut scope: Vec<UnitId> = seen
                .iter()
                .flat_map(|u| above.get(u).into_iter().flatten().copied())
                .collect();
            scope.sort_unstable();
            scope.dedup();
            fts.push(vec![
                V::I(id),
                V::T(crate::search_scope::with_scope(
                    &rec.search_tokens,
                    (id, self.search_span),
                    scope,
                )),
            ]);
            out.push((id, number));
        }
        insert_rows(&mut tx, self.dialect, "cases", &case_cols, cases).await?;
        insert_rows(&mut tx, self.dialect, "petitioners", PETITIONER_COLS, pets).await?;
        insert_rows(
            &mut tx,
            self.dialect,
            "case_units",
            &["case_id", "unit_id"],
            units,
        )
        .await?;
        insert_rows(&mut tx, self.dialect, "deadlines", DEADLINE_COLS, dls).await?;
        insert_rows(&mut tx, self.dialect, "timeline", TIMELINE_COLS, tl).await?;
        insert_rows(
            &mut tx,
            self.dialect,
            "case_links",
            &["case_id", "linked_case_id", "kind"],
            links,
        )
        .await?;
        let fts_cols = crate::search_scope::fts_columns(self.dialect);
        insert_rows(&mut tx, self.dialect, "case_fts", fts_cols, fts).await?;
        insert_rows(&mut tx, self.dialect, "case_kpi", KPI_COLS, kpi).await?;
        for (scope, last) in counters {
            sqlx::query(
                "INSERT INTO case_counters (scope, last_value) VALUES ($1, $2) \
                 ON CONFLICT (scope) DO UPDATE SET last_value = excluded.last_value",
            )
            .bind(scope)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        }
        if self.dialect == Dialect::Postgres {
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases))",
            )
            .execute(&mut *tx)
            .await?;
        }
        let anchored = match audit {
            Some(e) => {
                let ring = self.audit_ring();
                Some(
                    crate::audit::append_audit_in(
                        &mut tx,
                        ring.as_deref(),
                        std::slice::from_ref(e),
                    )
                    .await?,
                )
            }
            None => None,
        };
        tx.commit().await?;
        if let Some((id, hash)) = anchored {
            self.anchor_audit(id, &hash);
        }
        Ok(out)
    }
}
