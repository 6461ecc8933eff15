//! Incidents (突发事件、群体性事件; issue 13 item 3; DOMAIN.md §14, Arts. 25 and 46(4)): a record
//! with its level, and the reports it owes — to whom and by when, per level, as data — so the
//! record proves when information was reported and flags late (迟报) and missing (漏报) ones.

use serde::{Deserialize, Serialize};

use crate::date::parse_instant;
use crate::error::{DomainError, ErrorCode};
use crate::org::{OrgTree, UnitId, UnitKind};
use crate::wire::{Field, Problems};

crate::case::wire_enum! {
    /// The four grades of the national overall emergency plan (Ⅳ 一般 … Ⅰ 特别重大).
    IncidentLevel {
        General => "general", "一般", "General (IV)";
        Major => "major", "较大", "Major (III)";
        Serious => "serious", "重大", "Serious (II)";
        EspeciallySerious => "especially_serious", "特别重大", "Especially serious (I)";
    }
}

crate::case::wire_enum! {
    /// Whom a report goes to, relative to the incident's unit.
    Recipient {
        OwnUnit => "own_unit", "本单位党委（党组）和主要负责人", "Own unit's leaders";
        OneLevelUp => "one_level_up", "上一级教育部门", "The body one level up";
        Province => "province", "省级教育行政部门", "The provincial department";
    }
}

crate::case::wire_enum! {
    /// A first (quick, often by phone) report or the written one that follows.
    ReportKind {
        First => "first", "首报", "First report";
        Written => "written", "书面报告", "Written report";
        FollowUp => "follow_up", "续报", "Follow-up report";
    }
}

crate::from_wire_by_parse!(IncidentLevel);

/// A report to a unit that owes none (any longer) is a follow-up (续报).
pub const FOLLOW_UP: ReportKind = ReportKind::FollowUp;

/// One duty of the reporting chain: from `min_level` up, a report of `kind` to `to` within
/// `within_minutes` of the incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingRule {
    pub min_level: IncidentLevel,
    pub to: Recipient,
    pub kind: ReportKind,
    pub within_minutes: i64,
}

/// The reporting chain. Reporting times are set by each emergency plan, not by the petition
/// regulation (Art. 25 says "promptly"): these defaults are office practice (DOMAIN.md §14,
/// modelled on a municipal overall plan) and an administrator may replace them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingChain {
    pub rules: Vec<ReportingRule>,
}

impl Default for ReportingChain {
    fn default() -> Self {
        use IncidentLevel::*;
        use Recipient::*;
        use ReportKind::*;
        let rule = |min_level, to, kind, within_minutes| ReportingRule {
            min_level,
            to,
            kind,
            within_minutes,
        };
        ReportingChain {
            rules: vec![
                // 一般: a written report within 24 hours, to the own leaders and one level up.
                rule(General, OwnUnit, Written, 24 * 60),
                rule(General, OneLevelUp, Written, 24 * 60),
                // 较大 and above: first report within 30 minutes, written within 2 hours.
                rule(Major, OwnUnit, First, 30),
                rule(Major, OneLevelUp, First, 30),
                rule(Major, OwnUnit, Written, 2 * 60),
                rule(Major, OneLevelUp, Written, 2 * 60),
                // 重大 and above also reach the provincial department (Art. 25 ¶2: the level up
                // and, at once, the top of the line).
                rule(Serious, Province, First, 60),
                rule(Serious, Province, Written, 2 * 60),
            ],
        }
    }
}

/// A report the chain asks of an incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueReport {
    pub to_unit_id: UnitId,
    pub kind: ReportKind,
    pub due_at: i64,
}

impl ReportingChain {
    /// The reports an incident of `level` at `unit` that occurred at `occurred_at` owes, one per
    /// recipient unit and kind (the tightest deadline wins; the rule set for 一般's written report
    /// still applies to a 较大 incident, so one of each kind per recipient).
    pub fn reports_for(
        &self,
        org: &OrgTree,
        unit: UnitId,
        level: IncidentLevel,
        occurred_at: i64,
    ) -> Vec<DueReport> {
        let mut out: Vec<DueReport> = Vec::new();
        for r in self.rules.iter().filter(|r| level >= r.min_level) {
            let Some(to) = recipient_unit(org, unit, r.to) else {
                continue;
            };
            let due_at = occurred_at + r.within_minutes * 60_000;
            match out
                .iter_mut()
                .find(|d| d.to_unit_id == to && d.kind == r.kind)
            {
                Some(d) => d.due_at = d.due_at.min(due_at),
                None => out.push(DueReport {
                    to_unit_id: to,
                    kind: r.kind,
                    due_at,
                }),
            }
        }
        out.sort_by_key(|d| (d.due_at, d.to_unit_id));
        out
    }
}

/// The unit a recipient names for an incident at `unit`: the unit's own body, the body one
/// level up, or the provincial department above it (none when there is none, or when it is
/// the unit's own body, already reported to).
pub fn recipient_unit(org: &OrgTree, unit: UnitId, to: Recipient) -> Option<UnitId> {
    let own = org.competent_body(unit).map_or(unit, |u| u.id);
    match to {
        Recipient::OwnUnit => Some(own),
        Recipient::OneLevelUp => org.one_level_up(own).map(|u| u.id),
        Recipient::Province => org
            .ancestors_or_self(own)
            .into_iter()
            .find(|u| u.kind == UnitKind::ProvincialDepartment)
            .map(|u| u.id)
            .filter(|p| *p != own),
    }
}

/// Characters of a title and of a description or report.
pub const MAX_INCIDENT_TITLE: usize = 200;
pub const MAX_INCIDENT_TEXT: usize = 10_000;

/// An incident as submitted (CONTRACT.md "Incidents"). Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IncidentForm {
    /// 2 to 200 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub title: Field<String>,
    /// general (一般) | major (较大) | serious (重大) | especially_serious (特别重大)
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub level: Field<IncidentLevel>,
    /// The unit where it happened (or the unit responsible).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// When it happened: RFC 3339 (`2026-06-30T09:30:00+08:00`) or Beijing time
    /// (`2026-06-30 09:30`); not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub occurred_at: Field<String>,
    /// People involved (0 when unknown).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub people_count: Field<u32>,
    /// What happened (2 to 10,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Field<String>,
    /// Cases it concerns.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<i64>>))]
    pub case_ids: Option<Vec<serde_json::Value>>,
}

/// An incident the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIncident {
    pub title: String,
    pub level: IncidentLevel,
    pub unit_id: UnitId,
    pub occurred_at: i64,
    pub people_count: u32,
    pub description: String,
    pub case_ids: Vec<i64>,
}

fn text_field(p: &mut Problems, field: &str, f: Field<String>, max: usize) -> String {
    let text = f.into_given().unwrap_or_default();
    let n = text.chars().count();
    if !(2..=max).contains(&n) {
        p.add(
            field,
            &format!("请填写2至{max}字"),
            &format!("2 to {max} characters"),
        );
    }
    text
}

impl NewIncident {
    /// Every problem of the form at once, then the incident. `now_ms` bounds `occurred_at`
    /// (a minute of clock skew is allowed).
    pub fn read(f: IncidentForm, org: &OrgTree, now_ms: i64) -> Result<NewIncident, DomainError> {
        let mut p = Problems::default();
        let title = text_field(&mut p, "title", f.title, MAX_INCIDENT_TITLE);
        let level = f.level.given().copied();
        if level.is_none() {
            p.add(
                "level",
                "级别应为 general（一般）、major（较大）、serious（重大）或 especially_serious（特别重大）",
                "one of general, major, serious, especially_serious",
            );
        }
        let unit_id = f.unit_id.given().copied();
        match unit_id {
            Some(u) if org.get(u).is_some() => {}
            _ => p.add("unit_id", "单位不存在", "no such unit"),
        }
        let occurred_at = f.occurred_at.given().and_then(|t| parse_instant(t));
        let mut future = false;
        match occurred_at {
            None => p.add(
                "occurred_at",
                "请填写发生时间，如 2026-06-30 09:30",
                "when it happened, e.g. 2026-06-30T09:30:00+08:00",
            ),
            Some(t) if t > now_ms + 60_000 => future = true,
            Some(_) => {}
        }
        if matches!(f.people_count, Field::Invalid(_)) {
            p.add("people_count", "应为非负整数", "a whole number, 0 or more");
        }
        let description = text_field(&mut p, "description", f.description, MAX_INCIDENT_TEXT);
        let case_ids = crate::wire::positive_ids(f.case_ids).unwrap_or_else(|| {
            p.add(
                "case_ids",
                "事项编号应为正整数",
                "case ids are positive integers",
            );
            Vec::new()
        });
        p.finish(|| ())?;
        if future {
            return Err(DomainError::new(ErrorCode::IncidentInFuture).with(
                "occurred_at",
                "发生时间不能晚于现在",
                "cannot be in the future",
            ));
        }
        match (level, unit_id, occurred_at) {
            (Some(level), Some(unit_id), Some(occurred_at)) => Ok(NewIncident {
                title,
                level,
                unit_id,
                occurred_at,
                people_count: f.people_count.into_given().unwrap_or(0),
                description,
                case_ids,
            }),
            // Each was reported above.
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

/// A report as submitted: to whom, what was said.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IncidentReportForm {
    /// The unit reported to.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub to_unit_id: Field<i64>,
    /// What was reported (2 to 10,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub content: Field<String>,
}

/// A report the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentReport {
    pub to_unit_id: UnitId,
    pub content: String,
}

impl IncidentReport {
    pub fn read(f: IncidentReportForm, org: &OrgTree) -> Result<IncidentReport, DomainError> {
        let mut p = Problems::default();
        let to = f.to_unit_id.given().copied();
        match to {
            Some(u) if org.get(u).is_some() => {}
            _ => p.add("to_unit_id", "报告对象单位不存在", "no such unit"),
        }
        let content = text_field(&mut p, "content", f.content, MAX_INCIDENT_TEXT);
        p.finish(|| ())?;
        Ok(IncidentReport {
            to_unit_id: to.unwrap_or_default(),
            content,
        })
    }
}

/// Whether a report owed is late (迟报) and whether it is missing (漏报) at `now`: its
/// [`ReportStanding`](crate::incident_list::ReportStanding), the one rule.
pub fn report_late(due_at: Option<i64>, reported_at: Option<i64>, now_ms: i64) -> (bool, bool) {
    use crate::incident_list::ReportStanding;
    let s = ReportStanding::of(due_at, reported_at, now_ms);
    (
        s == Some(ReportStanding::Late),
        s == Some(ReportStanding::Missing),
    )
}

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;
