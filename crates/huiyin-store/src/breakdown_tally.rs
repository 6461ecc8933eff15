//! Breakdowns read from the per-unit tallies (migration 0059): the whole months of a period
//! from the month rows, the days before and after them from the day rows, so a province's
//! year is its twelve months' rows however many petitions they count. The firewall is
//! applied by the caller ([`Store::breakdown_counts`]), which subtracts the few rows it hides.

use huiyin_core::Date;
use huiyin_core::kinds::BreakdownBy;
use huiyin_core::org::UnitId;

use crate::breakdown::{BreakdownFilter, KeyCount, field_sql};
use crate::error::Result;
use crate::rows::{i64_col, text};
use crate::{Dialect, Store};

/// A period cut into whole months and the runs of days before and after them.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TallyPeriod {
    /// The first and the last whole month (`YYYY-MM`), when there is one.
    pub months: Option<(String, String)>,
    /// At most two runs of days, each from its first to its last day.
    pub days: Vec<(Date, Date)>,
}

fn first_of_month(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    Date::from_ymd(y, m, 1).unwrap_or(d)
}

fn first_of_next_month(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    let next = if m == 12 {
        Date::from_ymd(y + 1, 1, 1)
    } else {
        Date::from_ymd(y, m + 1, 1)
    };
    next.unwrap_or(d.add_days(31))
}

fn month_of(d: Date) -> String {
    let (y, m, _) = d.ymd();
    format!("{y:04}-{m:02}")
}

/// `[from, to]` as whole months and the days around them.
pub(crate) fn split_period(from: Date, to: Date) -> TallyPeriod {
    if from > to {
        return TallyPeriod {
            months: None,
            days: Vec::new(),
        };
    }
    // The first whole month begins on `from` or on the first of the next month; the whole
    // months end the day before `end`.
    let first = if from == first_of_month(from) {
        from
    } else {
        first_of_next_month(from)
    };
    let after = to.add_days(1);
    let end = if after == first_of_month(after) {
        after
    } else {
        first_of_month(to)
    };
    if first >= end {
        return TallyPeriod {
            months: None,
            days: vec![(from, to)],
        };
    }
    let mut days = Vec::new();
    if from < first {
        days.push((from, first.add_days(-1)));
    }
    if end <= to {
        days.push((end, to));
    }
    TallyPeriod {
        months: Some((month_of(first), month_of(end.add_days(-1)))),
        days,
    }
}

/// The tally that holds `by` and its key there as SQL over `t`; `None` when no tally can
/// count it with this filter (the units' tally has no category).
fn tally_key(
    by: BreakdownBy,
    f: &BreakdownFilter,
    dialect: Dialect,
) -> Option<(&'static str, String)> {
    const CASES: &str = "breakdown_tally";
    const UNITS: &str = "breakdown_unit_tally";
    let key = match by {
        BreakdownBy::Month => (CASES, "substr(t.period, 1, 7)".to_owned()),
        BreakdownBy::Category => (CASES, "t.category".to_owned()),
        BreakdownBy::Field => (CASES, field_sql("t.category", dialect)),
        BreakdownBy::Channel => (CASES, "t.channel".to_owned()),
        BreakdownBy::Type => (CASES, "t.petition_type".to_owned()),
        BreakdownBy::Stage => (CASES, "t.status".to_owned()),
        BreakdownBy::Outcome => (CASES, "t.outcome".to_owned()),
        BreakdownBy::Region | BreakdownBy::Unit => {
            (UNITS, "CAST(t.concerned_unit_id AS TEXT)".to_owned())
        }
        BreakdownBy::HandlingUnit => (UNITS, "CAST(t.handling_unit_id AS TEXT)".to_owned()),
    };
    (key.0 == CASES || f.category.is_none()).then_some(key)
}

impl Store {
    /// The petitions `root` sees matching `f`, counted per key of `by` from the tallies,
    /// firewall not applied; `None` when the tallies cannot count this breakdown.
    pub(crate) async fn tallied_counts(
        &self,
        root: UnitId,
        f: &BreakdownFilter,
        by: BreakdownBy,
    ) -> Result<Option<Vec<KeyCount>>> {
        let Some((table, key)) = tally_key(by, f, self.dialect) else {
            return Ok(None);
        };
        let period = split_period(f.from, f.to);
        let category = if table == "breakdown_tally" {
            " AND ($10 = '' OR t.category = $10 OR substr(t.category, 1, length($10) + 1) = $10 || '.')"
        } else {
            ""
        };
        let part = |grain: &str, lo: usize| {
            format!(
                "SELECT {key} AS k, t.n AS n FROM {table} t WHERE t.unit_id = $1 AND t.grain = '{grain}' \
                 AND t.period >= ${lo} AND t.period <= ${} AND ($8 = '' OR t.petition_type = $8) \
                 AND ($9 = '' OR t.channel = $9){category}",
                lo + 1
            )
        };
        let sql = format!(
            "SELECT k, CAST(SUM(n) AS BIGINT) AS n FROM ({} UNION ALL {} UNION ALL {}) x \
             GROUP BY k HAVING SUM(n) <> 0",
            part("m", 2),
            part("d", 4),
            part("d", 6),
        );
        // Binds: root, the months, the two runs of days, then type, channel, category. A part
        // the period does not have gets an empty range.
        let none = ("1".to_owned(), "0".to_owned());
        let (m_from, m_to) = period.months.clone().unwrap_or_else(|| none.clone());
        let run = |i: usize| {
            period
                .days
                .get(i)
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or_else(|| none.clone())
        };
        let ((d1_from, d1_to), (d2_from, d2_to)) = (run(0), run(1));
        let q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(root)
            .bind(m_from)
            .bind(m_to)
            .bind(d1_from)
            .bind(d1_to)
            .bind(d2_from)
            .bind(d2_to)
            .bind(f.petition_type.clone().unwrap_or_default())
            .bind(f.channel.clone().unwrap_or_default());
        let q = if category.is_empty() {
            q
        } else {
            q.bind(f.category.clone().unwrap_or_default())
        };
        let rows = q.fetch_all(self.reports()).await?;
        let counts = rows
            .iter()
            .map(|r| {
                Ok(KeyCount {
                    key: text(r, "k")?,
                    count: i64_col(r, "n")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date::from_days(0))
    }

    fn days(runs: &[(&str, &str)]) -> Vec<(Date, Date)> {
        runs.iter().map(|(a, b)| (d(a), d(b))).collect()
    }

    #[test]
    fn a_period_is_cut_into_whole_months_and_the_days_around_them() {
        let whole_year = split_period(d("2025-01-01"), d("2025-12-31"));
        assert_eq!(
            whole_year.months,
            Some(("2025-01".into(), "2025-12".into()))
        );
        assert!(whole_year.days.is_empty());
        let ragged = split_period(d("2025-01-15"), d("2025-03-10"));
        assert_eq!(ragged.months, Some(("2025-02".into(), "2025-02".into())));
        assert_eq!(
            ragged.days,
            days(&[("2025-01-15", "2025-01-31"), ("2025-03-01", "2025-03-10")])
        );
        // Across a new year, ending on the last day of February of a leap year.
        let leap = split_period(d("2027-12-31"), d("2028-02-29"));
        assert_eq!(leap.months, Some(("2028-01".into(), "2028-02".into())));
        assert_eq!(leap.days, days(&[("2027-12-31", "2027-12-31")]));
    }

    #[test]
    fn a_period_within_one_month_is_days_unless_it_is_the_whole_month() {
        let inside = split_period(d("2025-01-15"), d("2025-01-20"));
        assert_eq!(inside.months, None);
        assert_eq!(inside.days, days(&[("2025-01-15", "2025-01-20")]));
        let start = split_period(d("2025-01-01"), d("2025-01-20"));
        assert_eq!(start.days, days(&[("2025-01-01", "2025-01-20")]));
        let whole = split_period(d("2025-02-01"), d("2025-02-28"));
        assert_eq!(whole.months, Some(("2025-02".into(), "2025-02".into())));
        assert!(whole.days.is_empty());
        let one_day = split_period(d("2025-02-28"), d("2025-02-28"));
        assert_eq!(one_day.days, days(&[("2025-02-28", "2025-02-28")]));
        let backwards = split_period(d("2025-03-01"), d("2025-02-01"));
        assert_eq!((backwards.months, backwards.days.len()), (None, 0));
    }
}
