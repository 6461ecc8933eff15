//! Late incident reports (migration 0054): the reports owed whose deadline passed with nothing
//! reported and no 事件逾期未报 message written yet, and the writing of those messages with the
//! report marked as announced, in one transaction.

use huiyin_core::incident::{IncidentLevel, ReportKind};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::error::Result;
use crate::outbox::{OutboxDraft, OutboxSubject, insert_outbox_in};
use crate::rows::{i64_col, parse_wire, text};

/// A report owed, past its deadline, unmade and not yet announced late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateIncidentReport {
    pub report_id: i64,
    pub incident_id: i64,
    pub level: IncidentLevel,
    /// The incident's unit.
    pub unit_id: UnitId,
    pub to_unit_id: UnitId,
    pub kind: ReportKind,
    pub due_at: i64,
}

/// The messages announcing one report late.
#[derive(Clone, Debug)]
pub struct LateNotice {
    pub report_id: i64,
    pub incident_id: i64,
    pub drafts: Vec<OutboxDraft>,
}

impl Store {
    /// The reports owed whose deadline is before `now_ms`, unmade and not yet announced late,
    /// by id after `after_id`.
    pub async fn unnoticed_late_incident_reports(
        &self,
        now_ms: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<LateIncidentReport>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT r.id, r.incident_id, i.level, i.unit_id, r.to_unit_id, r.kind, r.due_at \
             FROM incident_reports r JOIN incidents i ON i.id = r.incident_id \
             WHERE r.reported_at IS NULL AND r.late_noticed_at IS NULL \
             AND r.due_at IS NOT NULL AND r.due_at < $1 AND r.id > $2 \
             ORDER BY r.id LIMIT {limit}"
        )))
        .bind(now_ms)
        .bind(after_id)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LateIncidentReport {
                    report_id: i64_col(r, "id")?,
                    incident_id: i64_col(r, "incident_id")?,
                    level: parse_wire("level", &text(r, "level")?, IncidentLevel::parse)?,
                    unit_id: i64_col(r, "unit_id")?,
                    to_unit_id: i64_col(r, "to_unit_id")?,
                    kind: parse_wire("kind", &text(r, "kind")?, ReportKind::parse)?,
                    due_at: i64_col(r, "due_at")?,
                })
            })
            .collect()
    }

    /// Marks each report announced late and writes its messages, in one transaction. A report
    /// made or announced meanwhile (another scan, a report recorded at the same moment) is left
    /// as it is, with no message. Returns how many reports were marked and messages written.
    pub async fn notice_late_incident_reports(
        &self,
        notices: &[LateNotice],
        now_ms: i64,
    ) -> Result<(u64, u64)> {
        let mut tx = self.write.begin().await?;
        let (mut marked_n, mut written) = (0, 0);
        for n in notices {
            let marked = sqlx::query(
                "UPDATE incident_reports SET late_noticed_at = $1 \
                 WHERE id = $2 AND reported_at IS NULL AND late_noticed_at IS NULL",
            )
            .bind(now_ms)
            .bind(n.report_id)
            .execute(&mut *tx)
            .await?;
            if marked.rows_affected() == 1 {
                marked_n += 1;
                written += insert_outbox_in(
                    &mut tx,
                    OutboxSubject::Incident(n.incident_id),
                    &n.drafts,
                    now_ms,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok((marked_n, written))
    }
}
