//! Notifications through the outbox (issue 13 item 2; ARCHITECTURE.md "notifications"): which
//! event notifies whom on which channel, and the text each message carries. Pure: the app
//! writes the messages in the event's own transaction and a worker delivers them.
//!
//! A message is addressed to an *audience* of a body (its petition office — the users acting
//! for it with case work — or its leaders), never to a unit of the accused side of an
//! accusation (the whistleblower firewall, DOMAIN.md §4, §12 #20). Its text names the event,
//! the level and kind, the unit and the deadline — never a case's content, petitioner or
//! reporter — so it may travel by SMS or e-mail.

use serde::{Deserialize, Serialize};

use crate::org::{OrgTree, UnitId};
use crate::permission::Permission;
use crate::policy::belongs_to;
use crate::role::{Actor, Role};
use crate::warning::WarningLevel;

crate::case::wire_enum! {
    /// What happened.
    OutboxEvent {
        WarningRaised => "warning_raised", "新预警", "Warning raised";
        WarningEscalated => "warning_escalated", "预警上报", "Warning escalated";
        WarningOverdueAck => "warning_overdue_ack", "预警逾期未签收", "Warning not acknowledged in time";
        IncidentReportDue => "incident_report_due", "事件待报告", "Incident report due";
        IncidentReportLate => "incident_report_late", "事件逾期未报", "Incident report late";
    }
}

crate::case::wire_enum! {
    /// How a message travels.
    Channel {
        InApp => "in_app", "站内消息", "In-app";
        Sms => "sms", "短信", "SMS";
        Email => "email", "电子邮件", "E-mail";
    }
}

crate::case::wire_enum! {
    /// Who in a body receives a message.
    Audience {
        Office => "office", "信访工作人员", "Petition office";
        Leaders => "leaders", "单位负责人", "Leaders";
    }
}

crate::case::wire_enum! {
    /// Where a message stands.
    OutboxStatus {
        Pending => "pending", "待发送", "Pending";
        Sent => "sent", "已发送", "Sent";
        Failed => "failed", "发送失败", "Failed";
    }
}

crate::from_wire_by_parse!(OutboxEvent, Channel, Audience, OutboxStatus);

/// One message to write: an audience of a body, on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addressee {
    pub unit_id: UnitId,
    pub audience: Audience,
    pub channel: Channel,
}

/// Who hears of a warning at its unit, by level: the petition office always (in-app), by
/// e-mail from yellow, by SMS at red; the leaders from orange, in-app and by SMS.
pub fn warning_channels(level: WarningLevel) -> Vec<(Audience, Channel)> {
    use Audience::{Leaders, Office};
    use Channel::{Email, InApp, Sms};
    let mut out = vec![(Office, InApp)];
    if level >= WarningLevel::Yellow {
        out.push((Office, Email));
    }
    if level >= WarningLevel::Orange {
        out.extend([(Leaders, InApp), (Leaders, Sms)]);
    }
    if level == WarningLevel::Red {
        out.push((Office, Sms));
    }
    out
}

/// The unit is on the accused side of one of `accused`: its users, or its petition office's,
/// are members of an accused unit ([`belongs_to`]), or the accused unit acts for it.
pub fn walled(org: &OrgTree, unit: UnitId, accused: &[UnitId]) -> bool {
    accused
        .iter()
        .any(|a| belongs_to(org, unit, *a) || org.competent_body(*a).is_some_and(|b| b.id == unit))
}

/// The messages a warning event sends. `unit_id` is the body the event is about: the
/// warning's unit when raised, the unit above when escalated, the unit that let the deadline
/// pass for `WarningOverdueAck` (its leaders hear of it; the office in-app). `accused` are the
/// accused units of the accusations behind the warning: nobody on their side is addressed.
pub fn warning_addressees(
    event: OutboxEvent,
    level: WarningLevel,
    unit_id: UnitId,
    org: &OrgTree,
    accused: &[UnitId],
) -> Vec<Addressee> {
    if walled(org, unit_id, accused) {
        return Vec::new();
    }
    let pairs = match event {
        OutboxEvent::WarningOverdueAck => vec![
            (Audience::Office, Channel::InApp),
            (Audience::Leaders, Channel::InApp),
            (Audience::Leaders, Channel::Sms),
        ],
        _ => warning_channels(level),
    };
    pairs
        .into_iter()
        .map(|(audience, channel)| Addressee {
            unit_id,
            audience,
            channel,
        })
        .collect()
}

/// The messages of an incident's reporting chain, to the incident's body (a petition office's
/// incident to the bureau it acts for): a report owed reaches its office and leaders in-app. A
/// report late (迟报/漏报) also reaches its leaders by SMS and the petition office of the body
/// one level up, in-app: the level that supervises it and may 督办 a delay (DOMAIN.md §1.8,
/// Art. 40), where late or missing reports of major matters are an accountability ground
/// (Art. 46(4)) — as a warning not acknowledged in time goes one level up.
pub fn incident_addressees(event: OutboxEvent, unit_id: UnitId, org: &OrgTree) -> Vec<Addressee> {
    let body = org.competent_body(unit_id).map_or(unit_id, |u| u.id);
    let mut out: Vec<Addressee> = [
        (Audience::Office, Channel::InApp),
        (Audience::Leaders, Channel::InApp),
    ]
    .into_iter()
    .map(|(audience, channel)| Addressee {
        unit_id: body,
        audience,
        channel,
    })
    .collect();
    if event == OutboxEvent::IncidentReportLate {
        out.push(Addressee {
            unit_id: body,
            audience: Audience::Leaders,
            channel: Channel::Sms,
        });
        if let Some(above) = org.one_level_up(body) {
            out.push(Addressee {
                unit_id: above.id,
                audience: Audience::Office,
                channel: Channel::InApp,
            });
        }
    }
    out
}

/// A user is in the audience of `unit_id`: they act for that body (a petition office acts for
/// its bureau) and hold the audience's role — case work for the office, 单位负责人 for leaders.
pub fn in_audience(actor: &Actor, org: &OrgTree, unit_id: UnitId, audience: Audience) -> bool {
    let body = org
        .competent_body(actor.unit_id)
        .map_or(actor.unit_id, |u| u.id);
    body == unit_id
        && match audience {
            Audience::Office => actor.may(Permission::HandleCases),
            Audience::Leaders => actor.has(Role::Leader),
        }
}

/// What a message says, with nothing of a case's content or people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageFacts<'a> {
    pub event: OutboxEvent,
    /// The warning's level and kind, or the incident's level ("红色预警（敏感信息）").
    pub what_zh: &'a str,
    pub what_en: &'a str,
    /// The body addressed.
    pub unit_name: &'a str,
    /// The deadline, Beijing time, if any.
    pub due: &'a str,
    /// The unit a report is owed to (incidents).
    pub to_unit_name: &'a str,
}

/// The Chinese and English texts of a message.
pub fn render(f: &MessageFacts) -> (String, String) {
    let (unit, what, due, to) = (f.unit_name, f.what_zh, f.due, f.to_unit_name);
    let (what_en, due_en) = (f.what_en, f.due);
    match f.event {
        OutboxEvent::WarningRaised => (
            format!("【回音】{unit}有一条{what}待签收，请于{due}前登录系统查看处置。"),
            format!(
                "[Huiyin] {unit}: a {what_en} awaits acknowledgement by {due_en}; sign in to see it."
            ),
        ),
        OutboxEvent::WarningEscalated => (
            format!("【回音】一条{what}已上报至{unit}，请于{due}前登录系统签收。"),
            format!("[Huiyin] A {what_en} was escalated to {unit}; acknowledge it by {due_en}."),
        ),
        OutboxEvent::WarningOverdueAck => (
            format!("【回音】{unit}的一条{what}逾期未签收（期限{due}），请立即登录系统处理。"),
            format!("[Huiyin] {unit}: a {what_en} was not acknowledged by {due_en}; act now."),
        ),
        OutboxEvent::IncidentReportDue => (
            format!("【回音】{unit}的一起{what}应于{due}前向{to}报告，请按时报告。"),
            format!("[Huiyin] {unit}: a {what_en} must be reported to {to} by {due_en}."),
        ),
        OutboxEvent::IncidentReportLate => (
            format!("【回音】{unit}的一起{what}应于{due}前向{to}报告，现已逾期未报，请立即报告。"),
            format!(
                "[Huiyin] {unit}: a {what_en} was due to be reported to {to} by {due_en} and is late; report now."
            ),
        ),
    }
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
