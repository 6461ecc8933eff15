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
