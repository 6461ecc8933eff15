//! Per-case KPI facts and the aggregate counts behind the headline rates.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::kpi::{KpiCounts, KpiFacts};

use crate::Store;
use crate::bulk::{V, upsert_rows};
use crate::error::Result;
use crate::rows::{i64_col, opt_text};
use crate::search::Scope;

fn day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl Store {
    /// Inserts or replaces the facts of these cases, in one transaction of multi-row statements.
    pub async fn upsert_kpi(&self, facts: &[(CaseId, KpiFacts)]) -> Result<()> {
        // One row per case (the last facts given win): a statement may not upsert a row twice.
        let latest: std::collections::BTreeMap<CaseId, &KpiFacts> =
            facts.iter().map(|(id, f)| (*id, f)).collect();
        let rows: Vec<Vec<V>> = latest
            .into_iter()
            .filter_map(|(id, f)| {
                let received = f.received_on?;
                Some(vec![
                    V::I(id),
                    V::T(received.to_string()),
                    V::OT(day(f.acceptance_due_on)),
                    V::OT(day(f.decided_on)),
                    V::OT(day(f.handling_due_on)),
                    V::OT(day(f.concluded_on)),
                    V::I(i64::from(f.has_opinion)),
                    V::I(i64::from(f.evaluated)),
                    V::I(i64::from(f.satisfied)),
                ])
            })
            .collect();
        let mut tx = self.write.begin().await?;
        upsert_rows(
            &mut tx,
            self.dialect,
            "case_kpi",
            &[
                "case_id",
                "received_on",
                "acceptance_due_on",
                "decided_on",
                "handling_due_on",
                "concluded_on",
                "has_opinion",
                "evaluated",
                "satisfied",
            ],
            rows,
            " ON CONFLICT (case_id) DO UPDATE SET received_on = excluded.received_on, \
             acceptance_due_on = excluded.acceptance_due_on, decided_on = excluded.decided_on, \
             handling_due_on = excluded.handling_due_on, concluded_on = excluded.concluded_on, \
             has_opinion = excluded.has_opinion, evaluated = excluded.evaluated, satisfied = excluded.satisfied",
        )
        .await?;
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
        .fetch_all(&self.read)
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

    /// The counts over cases received in `[from, to]` within `scope`, judged on `today`.
    pub async fn kpi_counts(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let scope_sql = match scope {
            Scope::All => String::new(),
            Scope::Nothing => return Ok(KpiCounts::default()),
            Scope::Units(units) if units.is_empty() => return Ok(KpiCounts::default()),
            Scope::Units(units) => format!(
                " AND k.case_id IN (SELECT case_id FROM case_units WHERE unit_id IN ({}))",
                units
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        // A long range is counted in two halves on two reader connections at once (two cores):
        // the counts add up, and a province-year scan of half a million rows takes half as long.
        let span = to.days_since_epoch() - from.days_since_epoch();
        if span > 62 {
            let mid = from.add_days(span / 2);
            let (a, b) = tokio::try_join!(
                self.kpi_counts_between(&scope_sql, from, mid, today),
                self.kpi_counts_between(&scope_sql, mid.add_days(1), to, today),
            )?;
            return Ok(KpiCounts {
                received: a.received + b.received,
                acceptance_timely: a.acceptance_timely + b.acceptance_timely,
                acceptance_due: a.acceptance_due + b.acceptance_due,
                conclusion_timely: a.conclusion_timely + b.conclusion_timely,
                conclusion_due: a.conclusion_due + b.conclusion_due,
                with_opinion: a.with_opinion + b.with_opinion,
                evaluated: a.evaluated + b.evaluated,
                satisfied: a.satisfied + b.satisfied,
            });
        }
        self.kpi_counts_between(&scope_sql, from, to, today).await
    }

    /// [`Store::kpi_counts`] over `[from, to]` in one statement.
    async fn kpi_counts_between(
        &self,
        scope_sql: &str,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let sum = |expr: &str| {
            format!("CAST(COALESCE(SUM(CASE WHEN {expr} THEN 1 ELSE 0 END), 0) AS BIGINT)")
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS received, {} AS acc_ok, {} AS acc_due, {} AS con_ok, {} AS con_due, {} AS opinions, \
             {} AS evaluated, {} AS satisfied FROM case_kpi k WHERE k.received_on >= $1 AND k.received_on <= $2{scope_sql}",
            sum("k.decided_on IS NOT NULL AND k.decided_on <= k.acceptance_due_on"),
            sum("k.decided_on IS NOT NULL OR k.acceptance_due_on < $3"),
            sum("k.concluded_on IS NOT NULL AND k.concluded_on <= k.handling_due_on"),
            sum(
                "k.handling_due_on IS NOT NULL AND (k.concluded_on IS NOT NULL OR k.handling_due_on < $3)"
            ),
            sum("k.has_opinion = 1"),
            sum("k.evaluated = 1"),
            sum("k.satisfied = 1"),
        ));
        let r = sqlx::query(sql)
            .bind(from.to_string())
            .bind(to.to_string())
            .bind(today.to_string())
            .fetch_one(&self.read)
            .await?;
        Ok(KpiCounts {
            received: i64_col(&r, "received")?,
            acceptance_timely: i64_col(&r, "acc_ok")?,
            acceptance_due: i64_col(&r, "acc_due")?,
            conclusion_timely: i64_col(&r, "con_ok")?,
            conclusion_due: i64_col(&r, "con_due")?,
            with_opinion: i64_col(&r, "opinions")?,
            evaluated: i64_col(&r, "evaluated")?,
            satisfied: i64_col(&r, "satisfied")?,
        })
    }
}
