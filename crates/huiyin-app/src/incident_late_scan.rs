//! The scan for late incident reports (issue 13 items 2 and 3), a job of the durable queue
//! enqueued every minute (the reporting chain counts in minutes: a first report is owed within
//! 30): each report owed whose deadline passed with nothing reported gets its 事件逾期未报
//! messages once — one set per (incident, report owed), keyed like the report-due messages,
//! written with the report marked as announced in the scan's transaction. Recipients come from
//! the core rule `incident_addressees`; a report made afterwards leaves the messages in place.

use huiyin_core::incident::DueReport;
use huiyin_core::outbox::OutboxEvent;
use huiyin_store::LateNotice;
use serde::Serialize;

use crate::context::App;
use crate::error::Result;

/// The job kind of the scan.
pub const INCIDENT_LATE_SCAN: &str = "incident_late_scan";

/// How many reports one transaction announces.
const BATCH: i64 = 500;

/// What one scan did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LateReportScan {
    /// Reports announced late by this scan.
    pub reports: u64,
    /// Messages written.
    pub messages: u64,
}

impl App {
    /// Enqueues a scan (one per minute, whoever enqueues it).
    pub async fn enqueue_incident_late_scan(&self) -> Result<bool> {
        let key = format!("{INCIDENT_LATE_SCAN}:{}", self.now_ms() / 60_000);
        Ok(self
            .store
            .enqueue_job(INCIDENT_LATE_SCAN, &key, "{}", self.now_ms())
            .await?)
    }

    /// Announces every report owed that is past its deadline at the app's clock, unmade and
    /// not yet announced. A second scan finds nothing new.
    #[tracing::instrument(name = "app.scan_late_incident_reports", skip_all)]
    pub async fn scan_late_incident_reports(&self) -> Result<LateReportScan> {
        let now = self.now_ms();
        let mut out = LateReportScan::default();
        let mut after = 0;
        loop {
            let late = self
                .store
                .unnoticed_late_incident_reports(now, after, BATCH)
                .await?;
            let Some(last) = late.last() else {
                break;
            };
            after = last.report_id;
            let notices: Vec<LateNotice> = late
                .iter()
                .map(|r| LateNotice {
                    report_id: r.report_id,
                    incident_id: r.incident_id,
                    drafts: self.incident_notices(
                        OutboxEvent::IncidentReportLate,
                        r.level,
                        r.unit_id,
                        &[DueReport {
                            to_unit_id: r.to_unit_id,
                            kind: r.kind,
                            due_at: r.due_at,
                        }],
                    ),
                })
                .collect();
            let (reports, messages) = self
                .store
                .notice_late_incident_reports(&notices, now)
                .await?;
            out.reports += reports;
            out.messages += messages;
        }
        Ok(out)
    }
}
