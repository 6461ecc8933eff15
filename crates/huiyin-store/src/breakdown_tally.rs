//! Breakdowns read from the per-unit tally (migration 0059): the whole months of a period from
//! the month rows of the breakdown's dimension, the days before and after them from the day
//! rows, so a province's year is its twelve months' rows however many petitions they count. The firewall is
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
    let first = if from == from.first_of_month() {
        from
    } else {
        from.last_of_month().add_days(1)
    };
    let after = to.add_days(1);
    let end = if after == after.first_of_month() {
        after
    } else {
        to.first_of_month()
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

/// How a dimension of the tally holds the category.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CategoryHeld {
    /// The category code (a filter is the code or one below it).
    Code,
    /// The top-level category (a filter on a top-level category only).
    Field,
    /// None: it cannot be narrowed to a category.
    Nothing,
}

/// The dimension of the tally that holds `by` and its key there as SQL over `t`; `None`
/// when the tally cannot count it narrowed to `f`'s category.
fn tally_key(
    by: BreakdownBy,
    f: &BreakdownFilter,
    dialect: Dialect,
) -> Option<(&'static str, String, CategoryHeld)> {
    let (dim, key, held) = match by {
        BreakdownBy::Month => ("c", "substr(t.period, 1, 7)".to_owned(), CategoryHeld::Code),
        BreakdownBy::Category => ("c", "t.category".to_owned(), CategoryHeld::Code),
        BreakdownBy::Field => ("c", field_sql("t.category", dialect), CategoryHeld::Code),
        BreakdownBy::Channel => ("c", "t.channel".to_owned(), CategoryHeld::Code),
        BreakdownBy::Type => ("c", "t.petition_type".to_owned(), CategoryHeld::Code),
        BreakdownBy::Stage => ("s", "t.dim_key".to_owned(), CategoryHeld::Field),
        BreakdownBy::Outcome => ("o", "t.dim_key".to_owned(), CategoryHeld::Field),
        BreakdownBy::Region | BreakdownBy::Unit => {
            ("u", "t.dim_key".to_owned(), CategoryHeld::Nothing)
        }
        BreakdownBy::HandlingUnit => ("h", "t.dim_key".to_owned(), CategoryHeld::Nothing),
    };
    let countable = match (&f.category, held) {
        (None, _) | (Some(_), CategoryHeld::Code) => true,
        (Some(c), CategoryHeld::Field) => !c.contains('.'),
        (Some(_), CategoryHeld::Nothing) => false,
    };
    countable.then_some((dim, key, held))
}

impl Store {
    /// The petitions `root` sees matching `f`, counted per key of `by` from the tally,
    /// firewall not applied; `None` when the tally cannot count this breakdown.
    pub(crate) async fn tallied_counts(
        &self,
        root: UnitId,
        f: &BreakdownFilter,
        by: BreakdownBy,
    ) -> Result<Option<Vec<KeyCount>>> {
        let Some((dim, key, held)) = tally_key(by, f, self.dialect) else {
            return Ok(None);
        };
        let period = split_period(f.from, f.to);
        let category = match (&f.category, held) {
            (Some(_), CategoryHeld::Code) => {
                " AND (t.category = $6 OR substr(t.category, 1, length($6) + 1) = $6 || '.')"
            }
            (Some(_), _) => " AND t.category = $6",
            (None, _) => "",
        };
        // One grouped range per part of the period (a whole year is one: its months), each
        // read straight from the primary key; the parts' counts are added up here.
        let sql = |grain: &str| {
            format!(
                "SELECT {key} AS k, CAST(SUM(t.n) AS BIGINT) AS n FROM breakdown_tally t \
                 WHERE t.unit_id = $1 AND t.dim = '{dim}' AND t.grain = '{grain}' \
                 AND t.period >= $2 AND t.period <= $3 \
                 AND ($4 = '' OR t.petition_type = $4) AND ($5 = '' OR t.channel = $5){category} \
                 GROUP BY {key}"
            )
        };
        let mut parts: Vec<(&str, String, String)> = period
            .days
            .iter()
            .map(|(a, b)| ("d", a.to_string(), b.to_string()))
            .collect();
        if let Some((a, b)) = period.months {
            parts.push(("m", a, b));
        }
        let mut counts: Vec<KeyCount> = Vec::new();
        for (grain, lo, hi) in parts {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql(grain)))
                .bind(root)
                .bind(lo)
                .bind(hi)
                .bind(f.petition_type.clone().unwrap_or_default())
                .bind(f.channel.clone().unwrap_or_default());
            let q = if category.is_empty() {
                q
            } else {
                q.bind(f.category.clone().unwrap_or_default())
            };
            for r in q.fetch_all(self.reports()).await? {
                let (key, n) = (text(&r, "k")?, i64_col(&r, "n")?);
                match counts.iter_mut().find(|c| c.key == key) {
                    Some(c) => c.count += n,
                    None => counts.push(KeyCount { key, count: n }),
                }
            }
        }
        counts.retain(|c| c.count != 0);
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
