//! Headline-rate facts for tests: a deterministic generator of varied facts, and the counts
//! the rates are defined by computed without SQL.

use huiyin_core::Date;
use huiyin_core::kpi::{KpiCounts, KpiFacts};

use super::day;

/// A small deterministic generator (no dependency needed for a test's variety).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    pub fn facts(&mut self) -> KpiFacts {
        let received = day("2025-01-01").add_days(self.below(700) as i32);
        let acceptance_due = (self.below(10) != 0).then(|| received.add_days(15));
        let decided = (self.below(3) != 0).then(|| received.add_days(self.below(25) as i32));
        let handling_due = decided
            .filter(|_| self.below(4) != 0)
            .map(|d| d.add_days(60));
        let concluded = handling_due
            .filter(|_| self.below(2) == 0)
            .map(|d| d.add_days(self.below(30) as i32 - 20));
        let has_opinion = concluded.is_some() && self.below(2) == 0;
        let evaluated = has_opinion && self.below(2) == 0;
        KpiFacts {
            received_on: Some(received),
            acceptance_due_on: acceptance_due,
            decided_on: decided,
            handling_due_on: handling_due,
            concluded_on: concluded,
            has_opinion,
            evaluated,
            satisfied: evaluated && self.below(2) == 0,
        }
    }
}

/// The counts the rates are defined by (huiyin-core kpi.rs), computed here without SQL.
pub fn expected(facts: &[KpiFacts], from: Date, to: Date, today: Date) -> KpiCounts {
    let mut c = KpiCounts::default();
    for f in facts {
        if !f.received_on.is_some_and(|r| r >= from && r <= to) {
            continue;
        }
        let n = |b: bool| i64::from(b);
        c.received += 1;
        c.acceptance_timely +=
            n(matches!((f.decided_on, f.acceptance_due_on), (Some(d), Some(due)) if d <= due));
        c.acceptance_due +=
            n(f.decided_on.is_some() || f.acceptance_due_on.is_some_and(|d| d < today));
        c.conclusion_timely +=
            n(matches!((f.concluded_on, f.handling_due_on), (Some(d), Some(due)) if d <= due));
        c.conclusion_due += n(f
            .handling_due_on
            .is_some_and(|due| f.concluded_on.is_some() || due < today));
        c.with_opinion += n(f.has_opinion);
        c.evaluated += n(f.evaluated);
        c.satisfied += n(f.satisfied);
    }
    // The rules as huiyin-core states them (what the store writes) agree with this oracle.
    let judged = facts
        .iter()
        .filter(|f| f.received_on.is_some_and(|r| r >= from && r <= to))
        .fold(KpiCounts::default(), |sum, f| sum.plus(&f.counts(today)));
    assert_eq!(
        judged, c,
        "huiyin-core's KpiFacts rules differ from the oracle"
    );
    c
}
