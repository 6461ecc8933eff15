//! Writing re-timed cases (after a calendar or rules change): new deadlines and KPI facts for
//! many cases at once, with multi-row statements, and never over a step that committed after
//! the case was read.

use huiyin_core::case::CaseId;
use huiyin_core::kpi::KpiFacts;
use huiyin_core::workflow::CaseDeadline;
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, HashMap};

use crate::bulk::{DEADLINE_COLS, deadline_row, insert_rows};
use crate::error::Result;
use crate::kpi::write_kpi;
use crate::rows::i64_col;
use crate::{Dialect, Store};

/// One case re-timed: the version it was read at, and what changed.
#[derive(Clone, Debug)]
pub struct Retimed {
    pub id: CaseId,
    pub version: i64,
    /// The new deadlines, when they differ from the stored ones.
    pub deadlines: Option<Vec<CaseDeadline>>,
    /// The new KPI facts, when they differ from the stored ones.
    pub kpi: Option<KpiFacts>,
}

fn id_list(ids: impl Iterator<Item = CaseId>) -> String {
    ids.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

impl Store {
    /// Writes a batch of re-timed cases in one transaction; returns how many were skipped
    /// because a step changed them after they were read (that step computed their deadlines
    /// and facts itself, under the calendar already in force).
    ///
    /// The cases are locked first, in id order (`FOR UPDATE` on PostgreSQL), like a step
    /// locks its case before its deadlines, so the two cannot deadlock; on SQLite the one
    /// writer connection serialises them.
    pub async fn write_retimed(&self, batch: &[Retimed]) -> Result<usize> {
        if batch.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write.begin().await?;
        let lock = match self.dialect {
            Dialect::Postgres => " FOR UPDATE",
            Dialect::Sqlite => "",
        };
        let current: HashMap<CaseId, i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, version FROM cases WHERE id IN ({}) ORDER BY id{lock}",
            id_list(batch.iter().map(|r| r.id))
        )))
        .persistent(false)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| Ok((i64_col(r, "id")?, i64_col(r, "version")?)))
        .collect::<Result<_>>()?;
        let unchanged: Vec<&Retimed> = batch
            .iter()
            .filter(|r| current.get(&r.id) == Some(&r.version))
            .collect();
        let deadlines: Vec<(CaseId, &Vec<CaseDeadline>)> = unchanged
            .iter()
            .filter_map(|r| Some((r.id, r.deadlines.as_ref()?)))
            .collect();
        replace_deadlines_in(&mut tx, self.dialect, &deadlines).await?;
        let facts = unchanged
            .iter()
            .filter_map(|r| Some((r.id, r.kpi.as_ref()?)));
        write_kpi(&mut tx, self.dialect, facts).await?;
        tx.commit().await?;
        Ok(batch.len() - unchanged.len())
    }
}

/// Rewrites the deadlines of these cases: one delete, a few multi-row inserts, one update of
/// `next_due_on` per distinct next due day.
async fn replace_deadlines_in(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    batch: &[(CaseId, &Vec<CaseDeadline>)],
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut by_next: BTreeMap<Option<String>, Vec<CaseId>> = BTreeMap::new();
    for (id, deadlines) in batch {
        let next = huiyin_core::workflow::next_staff_due(deadlines).map(|d| d.to_string());
        by_next.entry(next).or_default().push(*id);
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM deadlines WHERE case_id IN ({})",
        id_list(batch.iter().map(|(id, _)| *id))
    )))
    .persistent(false)
    .execute(&mut **tx)
    .await?;
    let rows = batch
        .iter()
        .flat_map(|(id, ds)| ds.iter().map(|d| deadline_row(*id, d)))
        .collect();
    insert_rows(tx, dialect, "deadlines", DEADLINE_COLS, rows).await?;
    for (next, cases) in by_next {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE cases SET next_due_on = $1 WHERE id IN ({})",
            id_list(cases.into_iter())
        )))
        .persistent(false)
        .bind(next)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
