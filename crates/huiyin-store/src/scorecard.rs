//! The figures of a unit's scorecard (考评) and the cases behind each: the headline counts of
//! its subtree less the cases the reader's firewall hides, the repeat and overdue cases, and
//! the supervision orders answered on time. A reader of an accused unit never counts an
//! accusation against it (DOMAIN.md §12 #20: counts are a read path too).

use std::collections::HashMap;

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::deadline::overdue_if_due_before;
use huiyin_core::kpi::KpiCounts;
use huiyin_core::org::UnitId;
use huiyin_core::scorecard::UnitFigures;

use crate::error::{Result, StoreError};
use crate::firewall::Firewall;
use crate::rows::{date, i64_col, opt_i64};
use crate::search::Scope;
use crate::search_date_ids::DateIds;
use crate::{Dialect, Store};

/// Which side of a figure's fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FractionPart {
    Numerator,
    Denominator,
}

/// The condition on `case_kpi k` (with `$3` the overdue day) of each side of a rate.
fn rate_condition(kpi: &str, part: FractionPart) -> Option<&'static str> {
    use FractionPart::*;
    Some(match (kpi, part) {
        ("timely_acceptance", Numerator) => "k.acceptance_timely = 1",
        ("timely_acceptance", Denominator) => {
            "(k.decided = 1 OR (k.undecided_due_on IS NOT NULL AND k.undecided_due_on < $3))"
        }
        ("on_time_conclusion", Numerator) => "k.conclusion_timely = 1",
        ("on_time_conclusion", Denominator) => {
            "(k.concluded = 1 OR (k.unconcluded_due_on IS NOT NULL AND k.unconcluded_due_on < $3))"
        }
        ("participation", Numerator) | ("satisfaction", Denominator) => "k.evaluated = 1",
        ("participation", Denominator) => "k.has_opinion = 1",
        ("satisfaction", Numerator) => "k.satisfied = 1",
        _ => return None,
    })
}

/// The rollup's count of each side of a rate: the same cases [`rate_condition`] selects; and
/// of a penalty's denominator, every case received in the period (what the scorecard divides
/// by: counted one by one, a city's year read 154,000 index entries, 27 ms).
fn rollup_side(kpi: &str, part: FractionPart) -> Option<fn(&KpiCounts) -> i64> {
    use FractionPart::*;
    Some(match (kpi, part) {
        ("repeat" | "overdue", Denominator) => |c| c.received,
        ("timely_acceptance", Numerator) => |c| c.acceptance_timely,
        ("timely_acceptance", Denominator) => |c| c.acceptance_due,
        ("on_time_conclusion", Numerator) => |c| c.conclusion_timely,
        ("on_time_conclusion", Denominator) => |c| c.conclusion_due,
        ("participation", Numerator) | ("satisfaction", Denominator) => |c| c.evaluated,
        ("participation", Denominator) => |c| c.with_opinion,
        ("satisfaction", Numerator) => |c| c.satisfied,
        _ => return None,
    })
}

/// The condition on `case_scope s` of a penalty's counted cases: the flag's column, read
/// through its partial index (migration 0049).
fn flag_condition(kpi: &str) -> Option<&'static str> {
    match kpi {
        "repeat" => Some("s.repeat_flag = 1"),
        "overdue" => Some("s.overdue_flag = 1"),
        _ => None,
    }
}

impl Store {
    /// The scorecard figures of each of `units` (each with the units below it) over cases
    /// received in `[from, to]` (orders due in it), judged on `today`, as `firewall`'s reader
    /// may count them, in the order of `units`. The orders of every unit are read in one pass.
    pub async fn scorecard_figures(
        &self,
        units: &[UnitId],
        firewall: &Firewall,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<Vec<UnitFigures>> {
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        let orders = self
            .supervision_timeliness(units, &walled, from, to, today)
            .await?;
        let mut out = Vec::with_capacity(units.len());
        for &root in units {
            let counts = self
                .visible_kpi_counts(root, firewall, from, to, today)
                .await?;
            let count_flag = |flag: &'static str| {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM case_scope s \
                     WHERE s.unit_id = $1 AND s.received_on >= $2 AND s.received_on <= $3 AND {flag}{walled}"
                );
                async move {
                    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(root)
                        .bind(from.to_string())
                        .bind(to.to_string())
                        .fetch_one(&self.read)
                        .await?;
                    i64_col(&row, "n")
                }
            };
            let repeat = count_flag("s.repeat_flag = 1").await?;
            let overdue = count_flag("s.overdue_flag = 1").await?;
            let (supervision_due, supervision_on_time) =
                orders.get(&root).copied().unwrap_or((0, 0));
            out.push(UnitFigures {
                counts,
                repeat,
                overdue,
                supervision_due,
                supervision_on_time,
            });
        }
        Ok(out)
    }

    /// The headline counts of `root`'s subtree over cases received in `[from, to]`, less the
    /// cases `firewall`'s reader may not count: the per-(unit, day) rollup, then the few walled
    /// cases of the subtree read from the walled rows' own index (migration 0034), not by
    /// testing a year of every unit's cases.
    async fn visible_kpi_counts(
        &self,
        root: UnitId,
        firewall: &Firewall,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let all = self
            .kpi_counts(&Scope::Subtree(root), from, to, today)
            .await?;
        Ok(match firewall.hidden_condition("s") {
            None => all,
            Some(hidden) => {
                let hidden = self
                    .kpi_counts_hidden(root, &hidden, from, to, today)
                    .await?;
                minus(&all, &hidden)
            }
        })
    }

    /// For each of `units`: the orders about cases of its subtree due in `[from, to]` that
    /// are answered or past due on `today`, and those answered by the end of their due day.
    /// One pass over the period's orders (their due-date index, migration 0065), each joined
    /// to the scope rows of its case. The orders lead (`CROSS JOIN` keeps SQLite's join
    /// order): led by the scope, SQLite read every case ever held by each unit to probe for
    /// orders — the province's counties, 97 ms of a 128 ms scorecard with no order at all.
    async fn supervision_timeliness(
        &self,
        units: &[UnitId],
        walled: &str,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<HashMap<UnitId, (i64, i64)>> {
        let mut out = HashMap::new();
        if units.is_empty() {
            return Ok(out);
        }
        let list = crate::search::id_list(units);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT s.unit_id, sp.due_on, sp.responded_at FROM supervisions sp \
             CROSS JOIN case_scope s WHERE s.case_id = sp.case_id AND s.unit_id IN ({list}) \
             AND sp.due_on >= $1 AND sp.due_on <= $2 \
             AND (sp.responded_at IS NOT NULL OR sp.due_on < $3){walled}"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(overdue_if_due_before(today).to_string())
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let due = date(r, "due_on")?;
            let on_time = opt_i64(r, "responded_at")?
                .is_some_and(|at| at < due.add_days(1).beijing_start_millis());
            let entry = out.entry(i64_col(r, "unit_id")?).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += i64::from(on_time);
        }
        Ok(out)
    }

    /// The cases behind one side of a figure of `root`'s scorecard, newest first, and how many.
    #[allow(clippy::too_many_arguments)]
    pub async fn scorecard_case_ids(
        &self,
        root: UnitId,
        firewall: &Firewall,
        kpi: &str,
        part: FractionPart,
        (from, to, today): (Date, Date, Date),
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CaseId>, i64)> {
        let walled = firewall
            .condition("s")
            .map(|c| format!(" AND {c}"))
            .unwrap_or_default();
        // Counted through the received-date index; a page read by walking the unit's cases
        // newest first (its primary key) until it is full, the period tested on each row: on
        // SQLite `+` keeps the date range out of the index choice, or it reads a county's whole
        // year (and tests each case against `case_kpi`) to sort it — 0.2 s for a page. A
        // penalty's few flagged cases are read through their partial index.
        let base = |walk: bool| {
            let plus = if walk && self.dialect == Dialect::Sqlite {
                "+"
            } else {
                ""
            };
            format!(
                "FROM case_scope s WHERE s.unit_id = $4 AND {plus}s.received_on >= $1 AND {plus}s.received_on <= $2"
            )
        };
        let (from_sql, page_sql) = if let Some(cond) = rate_condition(kpi, part) {
            let kpi = format!(
                "{walled} AND EXISTS (SELECT 1 FROM case_kpi k WHERE k.case_id = s.case_id AND {cond})"
            );
            (
                format!("{}{kpi}", base(false)),
                format!("{}{kpi}", base(true)),
            )
        } else if kpi == "supervision_on_time" {
            // The orders' cases: due in the period and answered or past due (the denominator),
            // answered by the due day (the numerator).
            return self
                .supervision_case_ids(root, &walled, part, (from, to, today), limit, offset)
                .await;
        } else if let Some(cond) = flag_condition(kpi) {
            match part {
                FractionPart::Numerator => {
                    let sql = format!("{}{walled} AND {cond}", base(false));
                    (sql.clone(), sql)
                }
                FractionPart::Denominator => (
                    format!("{}{walled}", base(false)),
                    format!("{}{walled}", base(true)),
                ),
            }
        } else {
            return Err(StoreError::Corrupt(format!("unknown figure {kpi}")));
        };
        let q = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(from.to_string())
                .bind(to.to_string())
                .bind(overdue_if_due_before(today).to_string())
                .bind(root)
        };
        // A rate's side and a penalty's denominator are the numbers the scorecard shows, from
        // the rollup (counting the cases one by one against `case_kpi` took seconds for a
        // county's year); a penalty's numerator is a range of its partial index.
        let total = match rollup_side(kpi, part) {
            Some(side) => side(
                &self
                    .visible_kpi_counts(root, firewall, from, to, today)
                    .await?,
            ),
            None => {
                let count = q(format!("SELECT COUNT(*) AS n {from_sql}"))
                    .fetch_one(&self.read)
                    .await?;
                i64_col(&count, "n")?
            }
        };
        // A past period's walk starts at its newest case, not the scope's, and a page beyond
        // its matches stops at its oldest (`search_date_ids.rs`): PostgreSQL walked a city's
        // 2026 to reach the 2025 it was asked for (the repeat penalty's denominator, page 2:
        // 799 ms at a million cases). A period up to today with its page among its matches
        // needs neither, and is spared the bound's seeks (two a day: 6–25 ms for a year on
        // PostgreSQL).
        let bound = if to >= today && offset + limit <= total {
            String::new()
        } else {
            match self
                .ids_of_dates(root, &from.to_string(), &to.to_string())
                .await?
            {
                DateIds::None => return Ok((Vec::new(), total)),
                ids => ids
                    .condition()
                    .map(|c| format!(" AND {c}"))
                    .unwrap_or_default(),
            }
        };
        let rows = q(format!(
            "SELECT s.case_id {page_sql}{bound} ORDER BY s.case_id DESC LIMIT {limit} OFFSET {offset}"
        ))
        .fetch_all(&self.read)
        .await?;
        let ids = rows
            .iter()
            .map(|r| i64_col(r, "case_id"))
            .collect::<Result<Vec<_>>>()?;
        Ok((ids, total))
    }

    /// The cases of the orders behind the supervision figure (one per case).
    async fn supervision_case_ids(
        &self,
        root: UnitId,
        walled: &str,
        part: FractionPart,
        (from, to, today): (Date, Date, Date),
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CaseId>, i64)> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT sp.case_id, sp.due_on, sp.responded_at FROM supervisions sp WHERE sp.due_on >= $1 \
             AND sp.due_on <= $2 AND (sp.responded_at IS NOT NULL OR sp.due_on < $3) AND EXISTS \
             (SELECT 1 FROM case_scope s WHERE s.case_id = sp.case_id AND s.unit_id = $4{walled}) \
             ORDER BY sp.case_id DESC"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(overdue_if_due_before(today).to_string())
        .bind(root)
        .fetch_all(&self.read)
        .await?;
        let mut ids: Vec<CaseId> = Vec::new();
        for r in &rows {
            let due = date(r, "due_on")?;
            let on_time = opt_i64(r, "responded_at")?
                .is_some_and(|at| at < due.add_days(1).beijing_start_millis());
            let id = i64_col(r, "case_id")?;
            if (part == FractionPart::Denominator || on_time) && !ids.contains(&id) {
                ids.push(id);
            }
        }
        let total = i64::try_from(ids.len()).unwrap_or(i64::MAX);
        let page = ids
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(0))
            .take(usize::try_from(limit).unwrap_or(0))
            .collect();
        Ok((page, total))
    }
}

/// `a` less `b` (a subset of `a`'s cases).
fn minus(a: &KpiCounts, b: &KpiCounts) -> KpiCounts {
    KpiCounts {
        received: a.received - b.received,
        acceptance_timely: a.acceptance_timely - b.acceptance_timely,
        acceptance_due: a.acceptance_due - b.acceptance_due,
        conclusion_timely: a.conclusion_timely - b.conclusion_timely,
        conclusion_due: a.conclusion_due - b.conclusion_due,
        with_opinion: a.with_opinion - b.with_opinion,
        evaluated: a.evaluated - b.evaluated,
        satisfied: a.satisfied - b.satisfied,
    }
}
