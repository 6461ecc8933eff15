//! Per-case KPI facts: written with every change of a case, read back for re-timing.
//! The counts behind the headline rates are in `kpi_counts.rs`.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::kpi::KpiFacts;

use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

use crate::bulk::{V, upsert_rows};
use crate::error::Result;
use crate::rows::{i64_col, opt_text};
use crate::{Dialect, Store};

fn day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The columns of `case_kpi`, in the order of [`kpi_rows`].
pub(crate) const KPI_COLS: &[&str] = &[
    "case_id",
    "received_on",
    "acceptance_due_on",
    "decided_on",
    "handling_due_on",
    "concluded_on",
    "has_opinion",
    "evaluated",
    "satisfied",
    "decided",
    "acceptance_timely",
    "undecided_due_on",
    "concluded",
    "conclusion_timely",
    "unconcluded_due_on",
];

/// The `case_kpi` rows of these facts: one per case (the last facts given win, as a statement
/// may not upsert a row twice), none for a case without a day of receipt, ordered by day of
/// receipt. The order matters on PostgreSQL: the `kpi_daily` trigger locks one row per day,
/// and writers that all take days in ascending order cannot deadlock each other (as long as
/// each writes its facts in one statement: at most a few thousand rows, one chunk). Facts
/// without a day of receipt have no row: `case_kpi` always gives one for a registered case.
pub(crate) fn kpi_rows<'a>(facts: impl Iterator<Item = (CaseId, &'a KpiFacts)>) -> Vec<Vec<V>> {
    let latest: BTreeMap<CaseId, &KpiFacts> = facts.collect();
    let mut rows: Vec<(Date, CaseId, &KpiFacts)> = latest
        .into_iter()
        .filter_map(|(id, f)| Some((f.received_on?, id, f)))
        .collect();
    rows.sort_by_key(|(received, id, _)| (*received, *id));
    rows.into_iter()
        .map(|(received, id, f)| {
            vec![
                V::I(id),
                V::T(received.to_string()),
                V::OT(day(f.acceptance_due_on)),
                V::OT(day(f.decided_on)),
                V::OT(day(f.handling_due_on)),
                V::OT(day(f.concluded_on)),
                V::I(i64::from(f.has_opinion)),
                V::I(i64::from(f.evaluated)),
                V::I(i64::from(f.satisfied)),
                // The rates' rules, judged by huiyin-core (migration 0018).
                V::I(i64::from(f.decided())),
                V::I(i64::from(f.acceptance_timely())),
                V::OT(day(f.undecided_due_on())),
                V::I(i64::from(f.concluded())),
                V::I(i64::from(f.conclusion_timely())),
                V::OT(day(f.unconcluded_due_on())),
            ]
        })
        .collect()
}

/// Inserts or replaces the facts of these cases within `tx` (registration, a step, re-timing).
pub(crate) async fn write_kpi<'a>(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    facts: impl Iterator<Item = (CaseId, &'a KpiFacts)>,
) -> Result<()> {
    upsert_rows(
        tx,
        dialect,
        "case_kpi",
        KPI_COLS,
        kpi_rows(facts),
        " ON CONFLICT (case_id) DO UPDATE SET received_on = excluded.received_on, \
         acceptance_due_on = excluded.acceptance_due_on, decided_on = excluded.decided_on, \
         handling_due_on = excluded.handling_due_on, concluded_on = excluded.concluded_on, \
         has_opinion = excluded.has_opinion, evaluated = excluded.evaluated, satisfied = excluded.satisfied, \
         decided = excluded.decided, acceptance_timely = excluded.acceptance_timely, \
         undecided_due_on = excluded.undecided_due_on, concluded = excluded.concluded, \
         conclusion_timely = excluded.conclusion_timely, unconcluded_due_on = excluded.unconcluded_due_on",
    )
    .await
}

impl Store {
    /// Inserts or replaces the facts of these cases, in one transaction of multi-row statements.
    pub async fn upsert_kpi(&self, facts: &[(CaseId, KpiFacts)]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        write_kpi(&mut tx, self.dialect, facts.iter().map(|(id, f)| (*id, f))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The stored facts of these cases.
    pub async fn kpi_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, KpiFacts)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT case_id, received_on, acceptance_due_on, decided_on, handling_due_on, concluded_on, \
             has_opinion, evaluated, satisfied FROM case_kpi WHERE case_id IN ({list})"
        )))
        .persistent(false)
        .fetch_all(self.reports())
        .await?;
        let date = |r: &sqlx::any::AnyRow, col: &str| -> Result<Option<Date>> {
            opt_text(r, col)?
                .map(|t| {
                    Date::parse(&t).map_err(|e| {
                        crate::error::StoreError::Corrupt(format!("case_kpi.{col}: {e}"))
                    })
                })
                .transpose()
        };
        rows.iter()
            .map(|r| {
                Ok((
                    i64_col(r, "case_id")?,
                    KpiFacts {
                        received_on: date(r, "received_on")?,
                        acceptance_due_on: date(r, "acceptance_due_on")?,
                        decided_on: date(r, "decided_on")?,
                        handling_due_on: date(r, "handling_due_on")?,
                        concluded_on: date(r, "concluded_on")?,
                        has_opinion: i64_col(r, "has_opinion")? != 0,
                        evaluated: i64_col(r, "evaluated")? != 0,
                        satisfied: i64_col(r, "satisfied")? != 0,
                    },
                ))
            })
            .collect()
    }
}
