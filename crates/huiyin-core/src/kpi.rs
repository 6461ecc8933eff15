//! The facts each case contributes to the headline rates (三率, DOMAIN.md §6), and the rates.
//!
//! The national formulas are not published (§6 marks them [I]); Huiyin uses, for cases
//! received in a period:
//! - 及时受理率 timely acceptance = decided (accepted, not accepted, redirected or diverted) on or
//!   before the acceptance deadline ÷ (decided + undecided past that deadline);
//! - 按期办结率 on-time conclusion = accepted cases concluded (opinion issued, or diverted) on or
//!   before the handling deadline (with any extension) ÷ (concluded + unconcluded past it);
//! - 群众满意率 satisfaction = 满意 + 基本满意 ÷ evaluated (whether 基本满意 counts is
//!   unconfirmed, §6 [U]; it counts here);
//! - 参评率 participation = evaluated ÷ cases with an opinion.

use serde::Serialize;

use crate::calendar::HolidayCalendar;
use crate::case::{Case, Status};
use crate::date::Date;
use crate::deadline::compute_due;
use crate::kinds::Grade;
use crate::rules::{Period, TimeLimits};

/// What one case contributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KpiFacts {
    pub received_on: Option<Date>,
    pub acceptance_due_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub handling_due_on: Option<Date>,
    pub concluded_on: Option<Date>,
    pub has_opinion: bool,
    pub evaluated: bool,
    pub satisfied: bool,
}

/// The facts of a case in its current state.
pub fn case_kpi(case: &Case, limits: &TimeLimits, cal: &HolidayCalendar) -> KpiFacts {
    let d = &case.detail;
    let notice_start = d.transfer_received_on.unwrap_or(case.received_on);
    let acceptance_due = compute_due(notice_start, limits.acceptance_notice, cal, &[]).due_on;
    let decided_on = d.accepted_on.or(match case.status {
        Status::NotAccepted | Status::Redirected | Status::Diverted => Some(case.last_step_on),
        _ => None,
    });
    let handling_due = d.accepted_on.map(|a| {
        compute_due(
            a,
            Period {
                days: limits.handling.days + d.extension_days,
                count: limits.handling.count,
            },
            cal,
            &[],
        )
        .due_on
    });
    let concluded_on =
        d.opinion
            .as_ref()
            .map(|o| o.issued_on)
            .or(match (case.status, d.accepted_on) {
                (Status::Diverted, Some(_)) => Some(case.last_step_on),
                _ => None,
            });
    let first = case.evaluated(Status::OpinionIssued);
    KpiFacts {
        received_on: Some(case.received_on),
        acceptance_due_on: Some(acceptance_due),
        decided_on,
        handling_due_on: handling_due,
        concluded_on,
        has_opinion: d.opinion.is_some(),
        evaluated: first.is_some(),
        satisfied: matches!(first, Some(Grade::Satisfied | Grade::BasicallySatisfied)),
    }
}

/// The rules of the rates, each in one place: the store keeps these results beside the facts
/// and its rollups add them up; no statement restates them.
impl KpiFacts {
    /// A decision was made (accepted, not accepted, redirected or diverted): the case counts
    /// in the timely-acceptance denominator whatever today is.
    pub fn decided(&self) -> bool {
        self.decided_on.is_some()
    }

    /// Decided on or before the acceptance deadline (及时受理).
    pub fn acceptance_timely(&self) -> bool {
        matches!((self.decided_on, self.acceptance_due_on), (Some(on), Some(due)) if on <= due)
    }

    /// Concluded against a handling deadline: counts in the on-time denominator for good.
    pub fn concluded(&self) -> bool {
        self.concluded_on.is_some() && self.handling_due_on.is_some()
    }

    /// Concluded on or before the handling deadline, with any extension (按期办结).
    pub fn conclusion_timely(&self) -> bool {
        matches!((self.concluded_on, self.handling_due_on), (Some(on), Some(due)) if on <= due)
    }

    /// While no decision is made, the day acceptance falls due: once that deadline is overdue
    /// ([`crate::deadline::is_overdue`]) the case counts, untimely, in the denominator.
    pub fn undecided_due_on(&self) -> Option<Date> {
        self.decided_on
            .is_none()
            .then_some(self.acceptance_due_on)?
    }

    /// While an accepted case is not concluded, the day handling falls due (as above).
    pub fn unconcluded_due_on(&self) -> Option<Date> {
        self.concluded_on
            .is_none()
            .then_some(self.handling_due_on)?
    }

    /// This case's contribution to the counts judged on `today`.
    pub fn counts(&self, today: Date) -> KpiCounts {
        let overdue =
            |due: Option<Date>| due.is_some_and(|d| crate::deadline::is_overdue(d, today));
        let one = |b: bool| i64::from(b);
        KpiCounts {
            received: one(self.received_on.is_some()),
            acceptance_timely: one(self.acceptance_timely()),
            acceptance_due: one(self.decided() || overdue(self.undecided_due_on())),
            conclusion_timely: one(self.conclusion_timely()),
            conclusion_due: one(self.concluded() || overdue(self.unconcluded_due_on())),
            with_opinion: one(self.has_opinion),
            evaluated: one(self.evaluated),
            satisfied: one(self.satisfied),
        }
    }
}

/// Counts over a set of cases, from which the rates follow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KpiCounts {
    pub received: i64,
    pub acceptance_timely: i64,
    pub acceptance_due: i64,
    pub conclusion_timely: i64,
    pub conclusion_due: i64,
    pub with_opinion: i64,
    pub evaluated: i64,
    pub satisfied: i64,
}

/// A rate with its formula, numerator and denominator (so every figure can be traced).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub formula_zh: &'static str,
    pub numerator: i64,
    pub denominator: i64,
    /// Percentage with one decimal; `None` when the denominator is zero.
    pub percent: Option<f64>,
}

fn rate(
    key: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    formula_zh: &'static str,
    n: i64,
    d: i64,
) -> Rate {
    let percent = (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0);
    Rate {
        key,
        name_zh,
        name_en,
        formula_zh,
        numerator: n,
        denominator: d,
        percent,
    }
}

impl KpiCounts {
    /// These counts and `other`'s added up (two disjoint sets of cases).
    pub fn plus(&self, other: &KpiCounts) -> KpiCounts {
        KpiCounts {
            received: self.received + other.received,
            acceptance_timely: self.acceptance_timely + other.acceptance_timely,
            acceptance_due: self.acceptance_due + other.acceptance_due,
            conclusion_timely: self.conclusion_timely + other.conclusion_timely,
            conclusion_due: self.conclusion_due + other.conclusion_due,
            with_opinion: self.with_opinion + other.with_opinion,
            evaluated: self.evaluated + other.evaluated,
            satisfied: self.satisfied + other.satisfied,
        }
    }

    pub fn rates(&self) -> Vec<Rate> {
        vec![
            rate(
                "timely_acceptance",
                "及时受理率",
                "Timely acceptance",
                "期限内作出受理或不予受理决定的件数 ÷ 受理期限已届满或已作出决定的件数",
                self.acceptance_timely,
                self.acceptance_due,
            ),
            rate(
                "on_time_conclusion",
                "按期办结率",
                "On-time conclusion",
                "在办理期限（含延期）内办结的件数 ÷ 办理期限已届满或已办结的受理件数",
                self.conclusion_timely,
                self.conclusion_due,
            ),
            rate(
                "satisfaction",
                "群众满意率",
                "Satisfaction",
                "评价为满意和基本满意的件数 ÷ 参加评价的件数",
                self.satisfied,
                self.evaluated,
            ),
            rate(
                "participation",
                "参评率",
                "Participation",
                "参加评价的件数 ÷ 已出具处理意见的件数",
                self.evaluated,
                self.with_opinion,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<Date> {
        Date::parse(s).ok()
    }

    #[test]
    fn a_deadline_met_on_its_due_day_is_timely_and_an_unmet_one_counts_once_overdue() {
        let waiting = KpiFacts {
            received_on: day("2026-03-02"),
            acceptance_due_on: day("2026-03-16"),
            ..Default::default()
        };
        assert_eq!(waiting.undecided_due_on(), day("2026-03-16"));
        let on_due_day = waiting.counts(Date::parse("2026-03-16").unwrap());
        assert_eq!(
            (on_due_day.acceptance_timely, on_due_day.acceptance_due),
            (0, 0)
        );
        let next_day = waiting.counts(Date::parse("2026-03-17").unwrap());
        assert_eq!(
            (next_day.acceptance_timely, next_day.acceptance_due),
            (0, 1)
        );

        let decided = KpiFacts {
            decided_on: day("2026-03-16"),
            handling_due_on: day("2026-05-15"),
            concluded_on: day("2026-05-18"),
            ..waiting.clone()
        };
        assert!(decided.decided() && decided.acceptance_timely());
        assert_eq!(decided.undecided_due_on(), None);
        assert!(decided.concluded() && !decided.conclusion_timely());
        assert_eq!(decided.unconcluded_due_on(), None);
        let late = KpiFacts {
            decided_on: day("2026-03-17"),
            ..waiting
        };
        assert!(late.decided() && !late.acceptance_timely());
        assert!(!late.concluded(), "not accepted: no handling deadline");
    }

    #[test]
    fn rates_show_their_parts() {
        let c = KpiCounts {
            acceptance_timely: 9,
            acceptance_due: 12,
            satisfied: 0,
            evaluated: 0,
            ..Default::default()
        };
        let r = c.rates();
        assert_eq!(r[0].percent, Some(75.0));
        assert_eq!((r[0].numerator, r[0].denominator), (9, 12));
        assert_eq!(r[2].percent, None, "no evaluations: no rate, not 0%");
    }
}
