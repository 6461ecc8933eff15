//! The deadline scanner: marks overdue cases and writes 催办 reminders and 督办 supervision
//! orders to the responsible unit (DOMAIN.md §1.8, §12 requirement 19). Runs on one instance
//! at a time (a lease) and once per day (a unique scan slot).

use huiyin_core::case::Flag;
use huiyin_core::deadline::{due_soon_window, is_due_soon, overdue_if_due_before};
use huiyin_core::supervision::SupervisionKind;

use crate::context::App;
use crate::error::Result;

const SCAN: &str = "deadline_scan";

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ScanReport {
    /// False when another instance holds the lease or today's scan already ran.
    pub ran: bool,
    pub overdue_marked: u64,
    pub supervisions_created: u64,
    pub reminders_created: u64,
    /// `overdue` warnings raised (one per case, deadline and due day).
    pub warnings_raised: u64,
    /// Orders left unanswered past their due day, raised to the body above.
    pub orders_escalated: u64,
    /// Open warnings found owned inside the wall of an accusation behind them, moved above it.
    pub warnings_moved_above_walls: u64,
}

impl App {
    /// Runs today's deadline scan unless another instance has it or it already ran.
    pub async fn scan_deadlines(&self, holder: &str) -> Result<ScanReport> {
        let now = self.now_ms();
        let today = self.today();
        if !self.store.try_lease(SCAN, holder, now, 15 * 60_000).await? {
            return Ok(ScanReport::default());
        }
        let slot = today.to_string();
        if !self.store.start_scan(SCAN, &slot, holder, now).await? {
            self.store.release_lease(SCAN, holder).await?;
            return Ok(ScanReport::default());
        }
        let mut report = ScanReport {
            ran: true,
            ..ScanReport::default()
        };
        let mut after = 0;
        loop {
            let ids = self
                .store
                .overdue_case_ids(overdue_if_due_before(today), after, 1000)
                .await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = last;
            for id in ids {
                let Some(rec) = self.store.case(id).await? else {
                    continue;
                };
                if self
                    .store
                    .set_flag(id, Flag::Overdue, true, self.now_ms())
                    .await?
                {
                    report.overdue_marked += 1;
                }
                for d in rec.deadlines.iter().filter(|d| d.is_overdue(today)) {
                    let key = format!("supervision:{id}:{}:{}", d.kind.as_str(), d.due_on);
                    let unit = rec.case.handling_unit_id;
                    if self
                        .store
                        .insert_supervision(
                            id,
                            unit,
                            SupervisionKind::Supervise.as_str(),
                            d.kind.as_str(),
                            d.due_on,
                            today,
                            &key,
                        )
                        .await?
                    {
                        report.supervisions_created += 1;
                        // An automatic order is open like a person's: the case is supervised
                        // until the unit answers it.
                        self.store
                            .set_flag(id, Flag::Supervised, true, self.now_ms())
                            .await?;
                    }
                    if d.kind.is_staff_duty()
                        && self.raise_overdue_warning(&rec, d.kind, d.due_on).await?
                    {
                        report.warnings_raised += 1;
                    }
                }
            }
        }
        // 催办: a reminder for every staff deadline due within the lead time of the rules in
        // force for the handling unit (`due_soon_days`), not a constant.
        let max_lead = self
            .rules()
            .sets()
            .iter()
            .map(|s| s.limits.due_soon_days)
            .max()
            .unwrap_or(3);
        let (first, last) = due_soon_window(today, max_lead);
        let mut after = 0;
        loop {
            let ids = self
                .store
                .case_ids_due_between(first, last, after, 1000)
                .await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = last;
            for id in ids {
                let Some(rec) = self.store.case(id).await? else {
                    continue;
                };
                let lead = self
                    .rule_set_for_unit(rec.case.handling_unit_id, today)
                    .limits
                    .due_soon_days;
                for d in rec
                    .deadlines
                    .iter()
                    .filter(|d| d.kind.is_staff_duty() && is_due_soon(d.due_on, today, lead))
                {
                    let key = format!("reminder:{id}:{}:{}", d.kind.as_str(), d.due_on);
                    if self
                        .store
                        .insert_supervision(
                            id,
                            rec.case.handling_unit_id,
                            SupervisionKind::Urge.as_str(),
                            d.kind.as_str(),
                            d.due_on,
                            today,
                            &key,
                        )
                        .await?
                    {
                        report.reminders_created += 1;
                    }
                }
            }
        }
        report.orders_escalated = self.escalate_unanswered_orders().await?;
        report.warnings_moved_above_walls = self.move_warnings_above_walls().await?;
        self.store
            .finish_scan(
                SCAN,
                &slot,
                i64::try_from(report.overdue_marked).unwrap_or(i64::MAX),
                self.now_ms(),
            )
            .await?;
        self.store.release_lease(SCAN, holder).await?;
        Ok(report)
    }
}
