//! The messages of an incident's reporting chain (issue 13 item 2): when an incident is
//! recorded, each report it owes is announced to the incident's unit (事件待报告), written in
//! the recording's own transaction. Recipients come from the core rule
//! [`incident_addressees`]; texts name the level, the unit and the deadline, never the content.

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
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let unit_name = name(unit_id);
        let what_zh = format!("{}突发事件", level.zh());
        let what_en = format!("{} incident", level.en());
        let event = OutboxEvent::IncidentReportDue;
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
                let key = format!("due:{}:{}", d.to_unit_id, d.kind.as_str());
                incident_addressees(event, unit_id)
                    .into_iter()
                    .map(move |a| OutboxDraft {
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
