//! 矛盾纠纷排查 (conflict screening; issue 15 item 1, DOMAIN.md §5 and §12 #28): a register of
//! potential disputes found before (or beside) any petition, each with a responsible unit, a
//! responsible person, a risk level and a deadline to resolve it, linked to petitions when they
//! arrive. An entry is open until resolved; it can be reopened. Every step leaves a note.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::incident::IncidentLevel;
use crate::warning::WarningLevel;
use crate::wire::{Field, Problems};

/// Characters of a title, a description and a note.
pub const MAX_RISK_TITLE: usize = 200;
pub const MAX_RISK_TEXT: usize = 5_000;

crate::case::wire_enum! {
    /// Where an entry stands.
    RiskStatus {
        Open => "open", "化解中", "Open";
        Resolved => "resolved", "已化解", "Resolved";
    }
}

crate::case::wire_enum! {
    /// A step on an entry (CONTRACT: `update` | `resolve` | `reopen`).
    RiskAction {
        Update => "update", "记录化解进展", "Record progress";
        Resolve => "resolve", "化解销号", "Resolve";
        Reopen => "reopen", "重新打开", "Reopen";
        RaiseIncident => "raise_incident", "上报为突发事件", "Raise as an incident";
    }
}

crate::from_wire_by_parse!(RiskStatus, RiskAction);

/// A risk level: the warning colours (`blue` < `yellow` < `orange` < `red`), or the words
/// screening registers often use — `low`, `medium`, `high`, `critical` — read as blue, yellow,
/// orange and red.
pub fn risk_level(text: &str) -> Option<WarningLevel> {
    match text.trim() {
        "low" | "低" => Some(WarningLevel::Blue),
        "medium" | "中" => Some(WarningLevel::Yellow),
        "high" | "高" => Some(WarningLevel::Orange),
        "critical" | "major" | "重大" => Some(WarningLevel::Red),
        other => WarningLevel::parse(other),
    }
}

/// An entry as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RiskForm {
    /// The problem found (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub title: Field<String>,
    /// The responsible unit (责任单位), in the recorder's scope.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// `blue` | `yellow` | `orange` | `red` (or `low` | `medium` | `high` | `critical`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub level: Field<String>,
    /// The responsible person (责任人): an active user who works at the unit or above it.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub owner_user_id: Field<i64>,
    /// The day it is to be resolved by (化解期限), YYYY-MM-DD, not before today.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub due_on: Field<Date>,
    /// What was found and why it may turn into petitions (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Field<String>,
    /// Where it was found (排查来源, e.g. 定期排查, 集中排查, 来信来访); optional, up to 200.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub source: Field<String>,
    /// Petitions already linked (each one the recorder may open).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub case_ids: Option<Vec<serde_json::Value>>,
    /// The screening campaign (排查活动) it was found in, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub campaign_id: Field<i64>,
}

/// An entry the domain accepts (the unit, the person and the cases are checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRisk {
    pub title: String,
    pub unit_id: i64,
    pub level: WarningLevel,
    pub owner_user_id: i64,
    pub due_on: Date,
    pub description: String,
    pub source: String,
    pub case_ids: Vec<i64>,
    pub campaign_id: Option<i64>,
}

fn text_between(p: &mut Problems, field: &str, value: &str, max: usize, zh: &str, en: &str) {
    if !(2..=max).contains(&value.chars().count()) {
        p.add(field, zh, en);
    }
}

impl NewRisk {
    /// Every problem at once; `today` bounds the deadline.
    pub fn read(f: RiskForm, today: Date) -> Result<NewRisk, DomainError> {
        let mut p = Problems::default();
        let title = f.title.into_given().unwrap_or_default();
        text_between(
            &mut p,
            "title",
            &title,
            MAX_RISK_TITLE,
            "请填写排查发现的问题（2至200字）",
            "the problem, 2 to 200 characters",
        );
        let unit = f.unit_id.given().copied().filter(|i| *i > 0);
        if unit.is_none() {
            p.add("unit_id", "请选择责任单位", "the responsible unit");
        }
        let level = f.level.given().and_then(|l| risk_level(l));
        if level.is_none() {
            p.add(
                "level",
                "风险等级应为 blue（蓝）、yellow（黄）、orange（橙）或 red（红）",
                "level: blue, yellow, orange or red (or low, medium, high, critical)",
            );
        }
        let owner = f.owner_user_id.given().copied().filter(|i| *i > 0);
        if owner.is_none() {
            p.add("owner_user_id", "请选择责任人", "the responsible person");
        }
        let due_on = f.due_on.given().copied();
        match due_on {
            None => p.add(
                "due_on",
                "请填写化解期限（YYYY-MM-DD）",
                "the deadline, YYYY-MM-DD",
            ),
            Some(d) if d < today => p.add("due_on", "化解期限不能早于今天", "not in the past"),
            Some(_) => {}
        }
        let description = f.description.into_given().unwrap_or_default();
        text_between(
            &mut p,
            "description",
            &description,
            MAX_RISK_TEXT,
            "请填写问题描述（2至5000字）",
            "the description, 2 to 5,000 characters",
        );
        let source = f.source.into_given().unwrap_or_default();
        if source.chars().count() > MAX_RISK_TITLE {
            p.add(
                "source",
                "排查来源不超过200字",
                "the source: up to 200 characters",
            );
        }
        let case_ids = crate::wire::positive_ids(f.case_ids);
        if case_ids.is_none() {
            p.add(
                "case_ids",
                "关联信访事项应为事项编号列表",
                "a list of case ids",
            );
        }
        let campaign_id = match &f.campaign_id {
            Field::Absent => None,
            Field::Given(i) if *i > 0 => Some(*i),
            _ => {
                p.add("campaign_id", "排查活动编号应为正整数", "a campaign id");
                None
            }
        };
        p.finish(|| ())?;
        match (unit, level, owner, due_on) {
            (Some(unit_id), Some(level), Some(owner_user_id), Some(due_on)) => Ok(NewRisk {
                title,
                unit_id,
                level,
                owner_user_id,
                due_on,
                description,
                source,
                case_ids: case_ids.unwrap_or_default(),
                campaign_id,
            }),
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

/// A step as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RiskActionForm {
    /// `update` | `resolve` | `reopen`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<RiskAction>,
    /// What was done or found (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub note: Field<String>,
    /// `update` only: a new level.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub level: Field<String>,
    /// `update` and `reopen`: a new deadline, not before today.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub due_on: Field<Date>,
    /// `update` only: petitions to link now (each one the actor may open).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub case_ids: Option<Vec<serde_json::Value>>,
    /// `raise_incident` only: the incident's level (`general` by default), the people
    /// involved (0 when unknown) and when it happened (default: now).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub incident_level: Field<IncidentLevel>,
    #[cfg_attr(feature = "openapi", schema(value_type = u32))]
    pub people_count: Field<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub occurred_at: Field<String>,
}

/// What a `raise_incident` step asks for (the incident is checked by its own use case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRequest {
    pub level: IncidentLevel,
    pub people_count: u32,
    /// As sent; `None`: now.
    pub occurred_at: Option<String>,
}

/// A step the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskStep {
    pub action: RiskAction,
    pub note: String,
    pub level: Option<WarningLevel>,
    pub due_on: Option<Date>,
    pub case_ids: Vec<i64>,
    /// `raise_incident`: the incident to record.
    pub incident: Option<IncidentRequest>,
}

impl RiskStep {
    /// Every problem at once, then whether the step fits an entry of `status`.
    pub fn read(
        f: RiskActionForm,
        status: RiskStatus,
        today: Date,
    ) -> Result<RiskStep, DomainError> {
        let mut p = Problems::default();
        let action = f.action.given().copied();
        if action.is_none() {
            p.add(
                "action",
                "操作应为 update（记录进展）、resolve（化解销号）、reopen（重新打开）或 raise_incident（上报为突发事件）",
                "action: update, resolve, reopen or raise_incident",
            );
        }
        let note = f.note.into_given().unwrap_or_default();
        text_between(
            &mut p,
            "note",
            &note,
            MAX_RISK_TEXT,
            "请填写说明（2至5000字）",
            "a note, 2 to 5,000 characters",
        );
        let level = match f.level.given() {
            None if f.level.is_absent() => None,
            given => {
                let l = given.and_then(|l| risk_level(l));
                if l.is_none() {
                    p.add(
                        "level",
                        "风险等级应为 blue、yellow、orange 或 red",
                        "blue, yellow, orange or red",
                    );
                }
                l
            }
        };
        let due_on = match &f.due_on {
            Field::Absent => None,
            Field::Given(d) if *d >= today => Some(*d),
            Field::Given(_) => {
                p.add("due_on", "化解期限不能早于今天", "not in the past");
                None
            }
            Field::Invalid(_) => {
                p.add("due_on", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
                None
            }
        };
        let case_ids = crate::wire::positive_ids(f.case_ids);
        if case_ids.is_none() {
            p.add(
                "case_ids",
                "关联信访事项应为事项编号列表",
                "a list of case ids",
            );
        }
        let case_ids = case_ids.unwrap_or_default();
        if matches!(f.incident_level, Field::Invalid(_)) {
            p.add(
                "incident_level",
                "事件级别应为 general、major、serious 或 especially_serious",
                "general, major, serious or especially_serious",
            );
        }
        if matches!(f.people_count, Field::Invalid(_)) {
            p.add("people_count", "人数应为非负整数", "a whole number");
        }
        p.finish(|| ())?;
        let Some(action) = action else {
            return Err(DomainError::new(ErrorCode::Validation));
        };
        let fits = match action {
            RiskAction::Update | RiskAction::Resolve | RiskAction::RaiseIncident => {
                status == RiskStatus::Open
            }
            RiskAction::Reopen => status == RiskStatus::Resolved,
        };
        if !fits {
            return Err(DomainError::new(ErrorCode::RiskStepNotAllowed).with(
                "action",
                match status {
                    RiskStatus::Open => "该风险尚未化解，不能重新打开",
                    RiskStatus::Resolved => "该风险已化解销号；如有反复，请先重新打开",
                },
                match status {
                    RiskStatus::Open => "the entry is still open",
                    RiskStatus::Resolved => "the entry is resolved; reopen it first",
                },
            ));
        }
        if action != RiskAction::Update && (level.is_some() || !case_ids.is_empty()) {
            return Err(DomainError::invalid(
                if level.is_some() { "level" } else { "case_ids" },
                "只有记录进展时可以调整等级或关联事项",
                "only an update changes the level or links cases",
            ));
        }
        if matches!(action, RiskAction::Resolve | RiskAction::RaiseIncident) && due_on.is_some() {
            return Err(DomainError::invalid(
                "due_on",
                "化解销号或上报事件时不能调整期限",
                "resolving or raising an incident does not change the deadline",
            ));
        }
        let incident = (action == RiskAction::RaiseIncident).then(|| IncidentRequest {
            level: f
                .incident_level
                .given()
                .copied()
                .unwrap_or(IncidentLevel::General),
            people_count: f.people_count.given().copied().unwrap_or(0),
            occurred_at: f.occurred_at.into_given(),
        });
        Ok(RiskStep {
            action,
            note,
            level,
            due_on,
            case_ids,
            incident,
        })
    }
}

#[cfg(test)]
#[path = "risk_tests.rs"]
mod tests;
