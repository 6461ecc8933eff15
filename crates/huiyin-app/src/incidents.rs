//! Incidents as use cases (突发事件、群体性事件; issue 13 item 3): record one with the reports its
//! level owes (the reporting chain), report to a unit (each report in the audit chain, in the
//! same transaction), and read them with late (迟报) and missing (漏报) reports flagged.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::incident::{
    IncidentForm, IncidentLevel, IncidentReport, IncidentReportForm, NewIncident, ReportKind,
};
use huiyin_core::incident_list::ReportStanding;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_store::{IncidentRecord, NewIncidentReport};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// A report owed or made, as read.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentReportView {
    pub to_unit_id: UnitId,
    pub to_unit_name: String,
    pub kind: ReportKind,
    pub kind_label: &'static str,
    /// RFC 3339, Beijing time; none for a follow-up nobody owed.
    pub due_at: Option<String>,
    pub due_at_ms: Option<i64>,
    pub reported_at: Option<String>,
    pub reported_at_ms: Option<i64>,
    /// 迟报: reported after its deadline.
    pub late: bool,
    /// 漏报: its deadline passed with nothing reported.
    pub missing: bool,
    pub reporter_name: Option<String>,
    pub content: Option<String>,
}

/// An incident as read (CONTRACT.md "Incidents").
#[derive(Clone, Debug, Serialize)]
pub struct IncidentView {
    pub id: i64,
    pub title: String,
    pub level: IncidentLevel,
    pub level_label: &'static str,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub occurred_at: String,
    pub occurred_at_ms: i64,
    pub people_count: i64,
    pub description: String,
    /// The cases it concerns that the reader may see (the firewall applies).
    pub case_ids: Vec<CaseId>,
    pub reports: Vec<IncidentReportView>,
    pub late_reports: usize,
    pub missing_reports: usize,
}

/// A page of incidents, with the late and missing reports among them.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentList {
    pub items: Vec<IncidentView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// Whether the user works for the incident's unit or a body above it.
    fn over_incident_unit(&self, user: &CurrentUser, unit: UnitId) -> bool {
        let actor = user.actor();
        let org = self.org();
        actor.works_cases() && org.is_ancestor_or_self(visibility_root(&actor, &org), unit)
    }

    pub(crate) async fn incident_view(
        &self,
        user: &CurrentUser,
        i: &IncidentRecord,
    ) -> Result<IncidentView> {
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let now = self.now_ms();
        let mut case_ids = Vec::new();
        for rec in self.store.case_records(&i.case_ids).await? {
            if self.may_see(user, &rec) {
                case_ids.push(rec.case.id);
            }
        }
        let reports: Vec<IncidentReportView> = i
            .reports
            .iter()
            .map(|r| {
                let standing = ReportStanding::of(r.due_at, r.reported_at, now);
                IncidentReportView {
                    to_unit_id: r.to_unit_id,
                    to_unit_name: name(r.to_unit_id),
                    kind: r.kind,
                    kind_label: r.kind.zh(),
                    due_at: r.due_at.map(Date::beijing_timestamp),
                    due_at_ms: r.due_at,
                    reported_at: r.reported_at.map(Date::beijing_timestamp),
                    reported_at_ms: r.reported_at,
                    late: standing == Some(ReportStanding::Late),
                    missing: standing == Some(ReportStanding::Missing),
                    reporter_name: r.reporter_name.clone(),
                    content: r.content.clone(),
                }
            })
            .collect();
        Ok(IncidentView {
            id: i.id,
            title: i.title.clone(),
            level: i.level,
            level_label: i.level.zh(),
            unit_id: i.unit_id,
            unit_name: name(i.unit_id),
            occurred_at: Date::beijing_timestamp(i.occurred_at),
            occurred_at_ms: i.occurred_at,
            people_count: i.people_count,
            description: i.description.clone(),
            case_ids,
            late_reports: reports.iter().filter(|r| r.late).count(),
            missing_reports: reports.iter().filter(|r| r.missing).count(),
            reports,
        })
    }

    /// Records an incident at a unit of the user's scope, with the reports its level owes.
    #[tracing::instrument(name = "app.create_incident", skip_all, fields(user_id = user.id))]
    pub async fn create_incident(
        &self,
        user: &CurrentUser,
        form: IncidentForm,
    ) -> Result<IncidentView> {
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let org = self.org();
        let now = self.now_ms();
        let incident = NewIncident::read(form, &org, now)?;
        if !self.over_incident_unit(user, incident.unit_id) {
            return Err(DomainError::new(ErrorCode::Forbidden)
                .with(
                    "unit_id",
                    "只能登记本单位及下级单位的事件",
                    "only for your unit or a unit below it",
                )
                .into());
        }
        for id in &incident.case_ids {
            if self.visible_case(user, *id).await.is_err() {
                return Err(DomainError::new(ErrorCode::CaseNotFound)
                    .with(
                        "case_ids",
                        format!("未找到信访事项 {id}"),
                        format!("no case {id} in sight"),
                    )
                    .into());
            }
        }
        // The chain in force now; the reports owed are stored with the incident and never
        // re-timed by a later edit of the chain (incident_chain.rs).
        let (chain, _) = self.reporting_chain().await?;
        let owed = chain.reports_for(&org, incident.unit_id, incident.level, incident.occurred_at);
        let entry = self.audit_entry(
            Some(user),
            "",
            "incident.create",
            "",
            "ok",
            &format!(
                "level={} unit={}",
                incident.level.as_str(),
                incident.unit_id
            ),
        );
        let notify = self.incident_due_notices(incident.level, incident.unit_id, &owed);
        let id = self
            .store
            .insert_incident(&incident, &owed, &notify, user.id, now, &entry)
            .await?;
        self.incident(user, id).await
    }

    /// One incident in the user's scope.
    pub async fn incident(&self, user: &CurrentUser, id: i64) -> Result<IncidentView> {
        let i = self
            .store
            .incident(id)
            .await?
            .filter(|i| self.over_incident_unit(user, i.unit_id))
            .ok_or(AppError::code(ErrorCode::IncidentNotFound))?;
        self.incident_view(user, &i).await
    }

    /// Records a report on an incident by a user of its unit (or above): it fills the report
    /// owed to that unit, or is a follow-up (续报). The time is the server's, in the audit chain.
    #[tracing::instrument(name = "app.report_incident", skip_all, fields(user_id = user.id, incident_id = id))]
    pub async fn report_incident(
        &self,
        user: &CurrentUser,
        id: i64,
        form: IncidentReportForm,
    ) -> Result<IncidentView> {
        let i = self
            .store
            .incident(id)
            .await?
            .filter(|i| self.over_incident_unit(user, i.unit_id))
            .ok_or(AppError::code(ErrorCode::IncidentNotFound))?;
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let report = IncidentReport::read(form, &self.org())?;
        let now = self.now_ms();
        let entry = self.audit_entry(
            Some(user),
            "",
            "incident.report",
            &format!("incident:{}", i.id),
            "ok",
            &format!("to={}", report.to_unit_id),
        );
        self.store
            .record_incident_report(
                &NewIncidentReport {
                    incident_id: i.id,
                    to_unit_id: report.to_unit_id,
                    content: &report.content,
                    by: user.id,
                    reporter_name: &user.display_name,
                    at_ms: now,
                },
                &entry,
            )
            .await?;
        self.incident(user, id).await
    }
}
