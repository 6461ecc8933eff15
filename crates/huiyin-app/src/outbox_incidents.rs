//! The messages of an incident's reporting chain (issue 13 item 2): when an incident is
//! recorded, each report it owes is announced to the incident's unit (事件待报告), written in
//! the recording's own transaction; when a report owed passes its deadline unmade, the scan of
//! `incident_late_scan.rs` writes its 事件逾期未报 messages. Recipients come from the core rule
//! [`incident_addressees`]; texts name the level, the recipient and the deadline, never the
//! incident's title or description.

use huiyin_core::incident::{DueReport, IncidentLevel};
use huiyin_core::org::UnitId;
use huiyin_core::outbox::{MessageFacts, OutboxEvent, incident_addressees, render};
use huiyin_store::OutboxDraft;

use crate::context::App;
use crate::outbox::due_text;

impl App {
    /// The 事件待报告 messages of an incident of `level` at `unit_id` owing `owed`, one set per
    /// report (keyed by its recipient unit and kind, so a second write changes nothing).
    pub(crate) fn incident_due_notices(
        &self,
        level: IncidentLevel,
        unit_id: UnitId,
        owed: &[DueReport],
    ) -> Vec<OutboxDraft> {
        self.incident_notices(OutboxEvent::IncidentReportDue, level, unit_id, owed)
    }

    /// The messages of `event` (report due or late) for each report of `owed`, one set per
    /// report keyed by the event, its recipient unit and its kind (`due:12:first`,
    /// `late:12:first`).
    pub(crate) fn incident_notices(
        &self,
        event: OutboxEvent,
        level: IncidentLevel,
        unit_id: UnitId,
        owed: &[DueReport],
    ) -> Vec<OutboxDraft> {
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let unit_name = name(unit_id);
        let what_zh = format!("{}突发事件", level.zh());
        let what_en = format!("{} incident", level.en());
        let prefix = match event {
            OutboxEvent::IncidentReportLate => "late",
            _ => "due",
        };
        let addressees = incident_addressees(event, unit_id, &org);
        owed.iter()
            .flat_map(|d| {
                let due = due_text(d.due_at);
                let to_unit_name = name(d.to_unit_id);
                let (text_zh, text_en) = render(&MessageFacts {
                    event,
                    what_zh: &what_zh,
                    what_en: &what_en,
                    unit_name: &unit_name,
                    due: &due,
                    to_unit_name: &to_unit_name,
                });
                let key = format!("{prefix}:{}:{}", d.to_unit_id, d.kind.as_str());
                addressees.iter().map(move |a| OutboxDraft {
                    event,
                    recipient_unit_id: Some(a.unit_id),
                    audience: Some(a.audience),
                    recipient_user_id: None,
                    channel: a.channel,
                    text_zh: text_zh.clone(),
                    text_en: text_en.clone(),
                    key: key.clone(),
                })
            })
            .collect()
    }
}
