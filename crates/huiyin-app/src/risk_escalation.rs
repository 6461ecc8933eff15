//! A 矛盾纠纷排查 entry that escalates becomes an early warning (issue 15 item 1): an open entry
//! at level orange or red — registered so, or raised to it — raises a warning of kind
//! `screening` for the competent body of its unit, at the entry's level, with its linked cases
//! behind it (so the warning is hidden wherever the entry is). Each level raises once. An
//! entry is also raised as an incident on request (`raise_incident`), through the incidents'
//! own use case.

use huiyin_core::risk::RiskStatus;
use huiyin_core::warning::{WarningKind, WarningLevel};
use huiyin_store::{NewWarning, RiskRecord};

use crate::context::App;
use crate::error::Result;

impl App {
    /// Raises the warning of an escalated entry; `true` when a new one was raised.
    pub(crate) async fn raise_risk_warning(&self, r: &RiskRecord) -> Result<bool> {
        if r.status != RiskStatus::Open || r.level < WarningLevel::Orange {
            return Ok(false);
        }
        let org = self.org();
        // Never owned inside the wall of an accusation linked to the entry (DOMAIN.md §4).
        let walls = self.store.walls_of_cases(&r.case_ids).await?;
        let unit_name = org
            .get(r.unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let w = NewWarning {
            kind: WarningKind::Screening,
            level: r.level,
            unit_id: huiyin_core::policy::body_above_walls(
                &org,
                org.competent_body(r.unit_id).map_or(r.unit_id, |u| u.id),
                &walls,
            ),
            explanation_zh: format!(
                "矛盾纠纷排查登记“{}”（{unit_name}）风险等级为{}，化解期限{}",
                r.title,
                r.level.zh(),
                r.due_on
            ),
            explanation_en: format!(
                "Screening entry \"{}\" ({unit_name}) is at level {}, to be resolved by {}",
                r.title,
                r.level.as_str(),
                r.due_on
            ),
            acknowledge_due_at: self.now_ms() + self.warning_rules.acknowledge_within_ms(r.level),
            other_case_ids: Vec::new(),
            join_warning_id: None,
            join_move: None,
            unique_key: Some(format!("risk:{}:{}", r.id, r.level.as_str())),
            notify: Vec::new(),
        };
        let w = self.with_notices(w, &walls);
        Ok(self
            .store
            .insert_warning(&w, &r.case_ids, self.now_ms())
            .await?
            .is_some())
    }
}

impl App {
    /// Records the incident a screening entry is raised as: at the entry's unit, with its title,
    /// its linked cases, and the step's note before its description. Answers the incident's id.
    pub(crate) async fn incident_of_risk(
        &self,
        user: &crate::auth::CurrentUser,
        r: &crate::risks::RiskView,
        note: &str,
        req: &huiyin_core::risk::IncidentRequest,
    ) -> Result<i64> {
        use huiyin_core::wire::Field;
        let occurred_at = req
            .occurred_at
            .clone()
            .unwrap_or_else(|| huiyin_core::Date::beijing_timestamp(self.now_ms()));
        let form = huiyin_core::incident::IncidentForm {
            title: Field::Given(r.title.clone()),
            level: Field::Given(req.level),
            unit_id: Field::Given(r.unit_id),
            occurred_at: Field::Given(occurred_at),
            people_count: Field::Given(req.people_count),
            description: Field::Given(format!(
                "{note}\n（由矛盾纠纷排查登记上报：{}）",
                r.description
            )),
            case_ids: Some(
                r.case_ids
                    .iter()
                    .map(|c| serde_json::Value::from(*c))
                    .collect(),
            ),
        };
        Ok(self.create_incident(user, form).await?.id)
    }
}
