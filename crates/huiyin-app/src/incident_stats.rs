//! Late and missing incident reports counted in statistics (issue 13 item 3, 不得迟报、漏报):
//! for the incidents of a unit's subtree that occurred in a period, per unit where they
//! occurred, the reports their level owed, made on time, late (迟报), missing (漏报) and still
//! due. Each report is judged by `huiyin_core::incident_list::ReportStanding::of`, the rule of
//! the badges on the incident pages and of the incident list's `report` filter (each figure's
//! incidents: `GET /incidents?report=late&unit_id=&from=&to=`), at the reader's now.

use std::collections::BTreeMap;

use huiyin_core::Date;
use huiyin_core::incident_list::{ReportStanding, period_millis};
use huiyin_core::org::UnitId;
use serde::Serialize;

use crate::error::Result;
use crate::incident_list::standings;
use crate::{App, CurrentUser};

/// The reports of the incidents of one unit (or of all: `unit_id` of the subtree's root in
/// the total).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IncidentReportCounts {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub incidents: i64,
    /// Reports with a deadline (first and written reports; follow-ups 续报 owe none).
    pub reports_owed: i64,
    pub on_time: i64,
    /// 迟报: made after the deadline.
    pub late: i64,
    /// 漏报: the deadline passed with nothing made.
    pub missing: i64,
    /// Not made yet, still within the deadline.
    pub pending: i64,
}

/// The counts of a period, by unit where the incidents occurred, with their total.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentReportTotals {
    pub unit_id: UnitId,
    pub from: Date,
    pub to: Date,
    pub items: Vec<IncidentReportCounts>,
    pub total: IncidentReportCounts,
}

impl App {
    /// The late and missing reports of the incidents of `unit` (default: the reader's scope)
    /// and below that occurred from `from` to `to` (Beijing days, both included).
    pub async fn incident_report_totals(
        &self,
        user: &CurrentUser,
        unit: Option<UnitId>,
        from: Date,
        to: Date,
    ) -> Result<IncidentReportTotals> {
        let root = self.reader_root(user, unit)?;
        let org = self.org();
        let subtree = org.subtree(root);
        let units = (subtree.len() != org.len()).then_some(subtree);
        let records = self
            .store
            .incidents_between(units.as_deref(), {
                let (from, to) = period_millis(from, to);
                (Some(from), Some(to))
            })
            .await?;
        let now = self.now_ms();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let mut by_unit: BTreeMap<UnitId, IncidentReportCounts> = BTreeMap::new();
        let mut total = IncidentReportCounts {
            unit_id: root,
            unit_name: name(root),
            ..IncidentReportCounts::default()
        };
        for i in &records {
            let row = by_unit
                .entry(i.unit_id)
                .or_insert_with(|| IncidentReportCounts {
                    unit_id: i.unit_id,
                    unit_name: name(i.unit_id),
                    ..IncidentReportCounts::default()
                });
            for counts in [&mut *row, &mut total] {
                counts.incidents += 1;
                for s in standings(i, now) {
                    counts.reports_owed += 1;
                    *match s {
                        ReportStanding::OnTime => &mut counts.on_time,
                        ReportStanding::Late => &mut counts.late,
                        ReportStanding::Missing => &mut counts.missing,
                        ReportStanding::Pending => &mut counts.pending,
                    } += 1;
                }
            }
        }
        // Units in the tree's order, as the unit pickers list them.
        let order: Vec<UnitId> = org.subtree(root);
        let mut items: Vec<IncidentReportCounts> = by_unit.into_values().collect();
        items.sort_by_key(|c| order.iter().position(|u| *u == c.unit_id));
        Ok(IncidentReportTotals {
            unit_id: root,
            from,
            to,
            items,
            total,
        })
    }
}
