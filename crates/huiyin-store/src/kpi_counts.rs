//! The counts behind the headline rates (三率). Over every unit they come from the per-day
//! rollup `kpi_daily` (migration 0011) plus the few cases still waiting for a decision or a
//! conclusion, the only part that depends on "today"; over a unit's subtree, from the same
//! sums kept per (unit, day) in `kpi_unit_daily` plus the waiting cases kept per (unit, day,
//! due day) in `kpi_unit_pending` (migration 0015); over a set of units, from the per-case
//! facts in `case_kpi`.

use huiyin_core::Date;
use huiyin_core::deadline::overdue_if_due_before;
use huiyin_core::kpi::KpiCounts;

use crate::Store;
use crate::error::Result;
use crate::rows::i64_col;
use crate::search::Scope;

impl Store {
    /// The counts over cases received in `[from, to]` within `scope`, judged on `today`.
    pub async fn kpi_counts(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let scope_sql = match scope {
            Scope::All => return self.kpi_counts_all(from, to, today).await,
            Scope::Nothing => return Ok(KpiCounts::default()),
            Scope::Units(units) if units.is_empty() => return Ok(KpiCounts::default()),
            Scope::Subtree(root) => return self.kpi_counts_subtree(*root, from, to, today).await,
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
        // the counts add up, and a long list of units' year of cases is scanned in half the
        // time.
        let span = to.days_since_epoch() - from.days_since_epoch();
        if span > 62 {
            let mid = from.add_days(span / 2);
            let (a, b) = tokio::try_join!(
                self.kpi_counts_between(&scope_sql, from, mid, today),
                self.kpi_counts_between(&scope_sql, mid.add_days(1), to, today),
            )?;
            return Ok(a.plus(&b));
        }
        self.kpi_counts_between(&scope_sql, from, to, today).await
    }

    /// [`Store::kpi_counts`] over `[from, to]` in one statement.
    pub(crate) async fn kpi_counts_between(
        &self,
        scope_sql: &str,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let sql = format!(
            "SELECT {} FROM case_kpi k WHERE k.received_on >= $1 AND k.received_on <= $2{scope_sql}",
            counts_of_case_kpi()
        );
        self.fetch_counts(sql, from, to, today, None).await
    }

    /// The counts over the cases of `root`'s subtree received in `[from, to]` that a firewall
    /// hides (`hidden`: its [`crate::firewall::Firewall::hidden_condition`] on `s`), read from
    /// the walled rows' index: an accused unit's reader counts without them.
    pub(crate) async fn kpi_counts_hidden(
        &self,
        root: i64,
        hidden: &str,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        // `hidden` names the walled units, so SQLite reads their own index (a county's year
        // through the received-date index took 15 ms, a city's 20–50 ms, for a handful of rows).
        let walled = match self.dialect {
            crate::Dialect::Sqlite => " INDEXED BY case_scope_walled",
            crate::Dialect::Postgres => "",
        };
        let sql = format!(
            "SELECT {} FROM case_scope s{walled} JOIN case_kpi k ON k.case_id = s.case_id \
             WHERE {hidden} AND s.unit_id = $4 AND s.received_on >= $1 AND s.received_on <= $2",
            counts_of_case_kpi()
        );
        self.fetch_counts(sql, from, to, today, Some(root)).await
    }

    /// [`Store::kpi_counts`] over every unit: the settled counts added up per day, and the
    /// cases past a deadline they have not met yet counted through their partial indexes.
    async fn kpi_counts_all(&self, from: Date, to: Date, today: Date) -> Result<KpiCounts> {
        let sql = rollup_sql(
            "kpi_daily",
            "",
            "SELECT COUNT(*) FROM case_kpi WHERE undecided_due_on IS NOT NULL \
             AND received_on >= $1 AND received_on <= $2 AND undecided_due_on < $3",
            "SELECT COUNT(*) FROM case_kpi WHERE unconcluded_due_on IS NOT NULL \
             AND received_on >= $1 AND received_on <= $2 AND unconcluded_due_on < $3",
        );
        self.fetch_counts(sql, from, to, today, None).await
    }

    /// [`Store::kpi_counts`] over `root` and the units below it: the settled counts added up
    /// per (unit, day), and the cases past a deadline they have not met yet added up per
    /// (unit, day, due day): two ranges of the root's rows, whatever the subtree's size.
    async fn kpi_counts_subtree(
        &self,
        root: i64,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<KpiCounts> {
        let pending = |col: &str| {
            format!(
                "SELECT COALESCE(SUM({col}), 0) FROM kpi_unit_pending WHERE unit_id = $4 \
                 AND received_on >= $1 AND received_on <= $2 AND due_on < $3"
            )
        };
        let sql = rollup_sql(
            "kpi_unit_daily",
            " AND unit_id = $4",
            &pending("undecided"),
            &pending("unconcluded"),
        );
        self.fetch_counts(sql, from, to, today, Some(root)).await
    }

    /// Runs a counts statement over `[from, to]` ($1, $2) judged on `today`, for `unit` ($4)
    /// when given. $3 is the overdue rule's result: deadlines due before it are overdue today.
    async fn fetch_counts(
        &self,
        sql: String,
        from: Date,
        to: Date,
        today: Date,
        unit: Option<i64>,
    ) -> Result<KpiCounts> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.to_string())
            .bind(to.to_string())
            .bind(overdue_if_due_before(today).to_string());
        if let Some(unit) = unit {
            query = query.bind(unit);
        }
        let r = query.fetch_one(self.reports()).await?;
        Ok(KpiCounts {
            received: i64_col(&r, "received")?,
            acceptance_timely: i64_col(&r, "acceptance_timely")?,
            acceptance_due: i64_col(&r, "acceptance_due")?,
            conclusion_timely: i64_col(&r, "conclusion_timely")?,
            conclusion_due: i64_col(&r, "conclusion_due")?,
            with_opinion: i64_col(&r, "with_opinion")?,
            evaluated: i64_col(&r, "evaluated")?,
            satisfied: i64_col(&r, "satisfied")?,
        })
    }
}

/// A counts statement over a rollup table (`kpi_daily` or `kpi_unit_daily`, narrowed by
/// `filter`): its settled sums over `[from, to]` ($1, $2), plus the counts of the cases past a
/// deadline on $3 they have not met yet (`undecided`, `unconcluded`: scalar subqueries).
fn rollup_sql(table: &str, filter: &str, undecided: &str, unconcluded: &str) -> String {
    let total = |col: &str| format!("CAST(COALESCE(SUM({col}), 0) AS BIGINT) AS {col}");
    format!(
        "SELECT {}, {}, CAST(COALESCE(SUM(decided), 0) + ({undecided}) AS BIGINT) AS acceptance_due, \
         {}, CAST(COALESCE(SUM(concluded), 0) + ({unconcluded}) AS BIGINT) AS conclusion_due, \
         {}, {}, {} FROM {table} WHERE received_on >= $1 AND received_on <= $2{filter}",
        total("received"),
        total("acceptance_timely"),
        total("conclusion_timely"),
        total("with_opinion"),
        total("evaluated"),
        total("satisfied"),
    )
}

/// The counts' select list over `case_kpi k` ($3: the overdue day).
fn counts_of_case_kpi() -> String {
    let sum = |col: &str| format!("CAST(COALESCE(SUM({col}), 0) AS BIGINT)");
    let plus_overdue = |col: &str, due: &str| {
        format!(
            "CAST(COALESCE(SUM({col}), 0) + COALESCE(SUM(CASE WHEN {due} < $3 THEN 1 ELSE 0 END), 0) AS BIGINT)"
        )
    };
    format!(
        "COUNT(*) AS received, {} AS acceptance_timely, {} AS acceptance_due, {} AS conclusion_timely, \
         {} AS conclusion_due, {} AS with_opinion, {} AS evaluated, {} AS satisfied",
        sum("k.acceptance_timely"),
        plus_overdue("k.decided", "k.undecided_due_on"),
        sum("k.conclusion_timely"),
        plus_overdue("k.concluded", "k.unconcluded_due_on"),
        sum("k.has_opinion"),
        sum("k.evaluated"),
        sum("k.satisfied"),
    )
}
