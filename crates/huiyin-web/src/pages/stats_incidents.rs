//! The statistics page's 突发事件报告 table (issue 13 item 3): per unit where incidents
//! occurred in the period, the incidents, reports owed, on time, late (迟报), missing (漏报)
//! and not yet due, with the total; each figure above zero links to the incidents behind it
//! (`/incidents?report=…&from=&to=&unit_id=`, the total's `under=` the unit of the page).

use huiyin_app::{IncidentReportCounts, IncidentReportTotals};
use huiyin_core::incident_list::{ReportFilter, ReportStanding};

use super::incidents_filter::query_string;

/// One figure of the table.
pub struct Figure {
    /// What it counts, as the list's `report` filter names it (`incidents` for the count of
    /// incidents).
    pub key: &'static str,
    pub n: i64,
    /// The incidents behind it.
    pub href: String,
    /// The badge's colour class, empty for none.
    pub class: &'static str,
}

/// One unit's line, or the total's.
pub struct IncidentLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub figures: Vec<Figure>,
}

/// The lines of the table and its total.
pub struct IncidentTable {
    pub lines: Vec<IncidentLine>,
    pub total: IncidentLine,
}

fn line(c: &IncidentReportCounts, t: &IncidentReportTotals, total: bool) -> IncidentLine {
    let base = huiyin_core::incident_list::IncidentQuery {
        from: Some(t.from),
        to: Some(t.to),
        unit_id: (!total).then_some(c.unit_id),
        under: total.then_some(c.unit_id),
        ..Default::default()
    };
    let figure = |key: &'static str, n: i64, report: Option<ReportFilter>, class| Figure {
        key,
        n,
        href: format!(
            "/incidents?{}",
            query_string(&huiyin_core::incident_list::IncidentQuery {
                report,
                ..base.clone()
            })
        ),
        class,
    };
    let standing = |s| Some(ReportFilter::Standing(s));
    IncidentLine {
        unit_id: c.unit_id,
        unit_name: c.unit_name.clone(),
        figures: vec![
            figure("incidents", c.incidents, None, ""),
            figure("owed", c.reports_owed, Some(ReportFilter::Owed), ""),
            figure("on_time", c.on_time, standing(ReportStanding::OnTime), ""),
            figure("late", c.late, standing(ReportStanding::Late), "b-amber"),
            figure(
                "missing",
                c.missing,
                standing(ReportStanding::Missing),
                "b-red",
            ),
            figure("pending", c.pending, standing(ReportStanding::Pending), ""),
        ],
    }
}

/// The table of `t`, each figure linked to its incidents.
pub fn incident_table(t: &IncidentReportTotals) -> IncidentTable {
    IncidentTable {
        lines: t.items.iter().map(|c| line(c, t, false)).collect(),
        total: line(&t.total, t, true),
    }
}
