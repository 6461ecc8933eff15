//! What a caller sees of a case: fields they may not see are absent or masked.

use huiyin_core::Date;
use huiyin_core::case::{Case, Flag, Opinion, Petitioner, Service, Status};
use huiyin_core::kinds::{
    Channel, DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod,
};
use huiyin_core::org::{Unit, UnitId, UnitKind};
use huiyin_core::policy::{
    IdentityAccess, can_see_case, identity_access, mask_id_number, mask_phone,
};
use huiyin_core::workflow::{ActionKind, CaseDeadline, DeadlineKind, StepContext, allowed_actions};
use huiyin_store::{CaseRecord, TimelineEntry};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;

#[derive(Clone, Debug, Serialize)]
pub struct UnitView {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub level: u8,
    pub parent_id: Option<i64>,
    pub region_code: String,
}

impl From<&Unit> for UnitView {
    fn from(u: &Unit) -> Self {
        UnitView {
            id: u.id,
            name: u.name.clone(),
            kind: u.kind,
            level: u.level,
            parent_id: u.parent_id,
            region_code: u.region_code.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PetitionerView {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub representative: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    pub label: &'static str,
    pub start_on: Date,
    pub due_on: Date,
    pub provisional: bool,
    pub overdue: bool,
    /// Not overdue and within the 催办 lead time of the rules (`due_soon_days`).
    pub due_soon: bool,
    pub staff_duty: bool,
    pub explanation: String,
    pub explanation_en: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    pub case_id: i64,
    pub number: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    pub id: i64,
    pub number: String,
    pub status: Status,
    pub status_label: &'static str,
    pub channel: Channel,
    pub petition_type: PetitionType,
    pub category: String,
    pub title: String,
    pub content: String,
    pub demands: String,
    pub received_on: Date,
    pub receiving_unit_id: i64,
    pub handling_unit_id: i64,
    pub concerned_unit_id: i64,
    pub people_count: u32,
    pub petitioners: Vec<PetitionerView>,
    pub deadlines: Vec<DeadlineView>,
    pub flags: Vec<Flag>,
    pub allowed_actions: Vec<ActionKind>,
    pub links: Vec<LinkView>,
    pub last_step_on: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_on: Option<Date>,
    pub extension_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diversion: Option<DiversionProcedure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opinion: Option<OpinionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_opinion: Option<OpinionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rereview_opinion: Option<OpinionView>,
    pub evaluations: Vec<EvaluationView>,
    /// 领导阅批, oldest first.
    pub instructions: Vec<huiyin_core::case::Instruction>,
    /// 包案: the leader who took the case.
    pub owner_leader_id: Option<i64>,
    /// 呈阅: the leader the case is put before, until they instruct.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instruction_request: Option<huiyin_core::case::InstructionRequest>,
    /// 承办人: the user the case is allotted to within the handling unit (分办), and their name.
    pub handler_user_id: Option<i64>,
    pub handler_name: Option<String>,
    /// What the case waits for a leader's (or the sender's) decision on, if anything (待我审批).
    pub pending: Option<PendingView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpinionView {
    pub outcome: Outcome,
    pub opinion: String,
    pub basis: String,
    /// The facts the office found (调查认定的事实), when the decision recorded them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    pub issued_on: Date,
    pub unit_id: i64,
    /// The day the petitioner received it (送达), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub served_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_method: Option<ServiceMethod>,
    /// Issued but not yet served: the request window has not started (待送达).
    pub awaiting_service: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvaluationView {
    pub stage: &'static str,
    pub grade: Grade,
    pub on: Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct TimelineView {
    pub action: String,
    pub on: Date,
    pub actor: String,
    pub actor_unit_id: Option<i64>,
    pub note: String,
    pub note_en: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub recorded_at_ms: i64,
}

impl From<&TimelineEntry> for TimelineView {
    fn from(e: &TimelineEntry) -> Self {
        TimelineView {
            action: e.action.clone(),
            on: e.on,
            actor: e.actor_name.clone(),
            actor_unit_id: e.actor_unit_id,
            note: e.note_zh.clone(),
            note_en: e.note_en.clone(),
            from_status: e.from_status,
            to_status: e.to_status,
            recorded_at_ms: e.recorded_at,
        }
    }
}

fn opinion_view(o: &Opinion) -> OpinionView {
    OpinionView {
        outcome: o.outcome,
        opinion: o.opinion.clone(),
        basis: o.basis.clone(),
        facts: o.facts.clone(),
        issued_on: o.issued_on,
        unit_id: o.unit_id,
        served_on: match o.service {
            Some(Service::Served { on, .. }) => Some(on),
            _ => None,
        },
        service_method: match o.service {
            Some(Service::Served { method, .. }) => Some(method),
            _ => None,
        },
        awaiting_service: o.awaits_service(),
    }
}

fn petitioner_view(p: &Petitioner, access: IdentityAccess) -> PetitionerView {
    match access {
        IdentityAccess::Full => PetitionerView {
            name: p.name.clone(),
            id_number: p.id_number.clone(),
            phone: p.phone.clone(),
            address: p.address.clone(),
            representative: p.representative,
        },
        IdentityAccess::Masked => PetitionerView {
            name: p.name.clone(),
            id_number: p.id_number.as_deref().map(mask_id_number),
            phone: p.phone.as_deref().map(mask_phone),
            address: None,
            representative: p.representative,
        },
        IdentityAccess::Hidden => PetitionerView {
            name: "（信息保密）".to_owned(),
            id_number: None,
            phone: None,
            address: None,
            representative: p.representative,
        },
    }
}

pub(crate) fn deadline_view(d: &CaseDeadline, today: Date, lead_days: u32) -> DeadlineView {
    DeadlineView {
        kind: d.kind,
        label: d.kind.zh(),
        start_on: d.start_on,
        due_on: d.due_on,
        provisional: d.provisional,
        overdue: d.is_overdue(today),
        due_soon: huiyin_core::deadline::is_due_soon(d.due_on, today, lead_days),
        staff_duty: d.kind.is_staff_duty(),
        explanation: d.explanation_zh.clone(),
        explanation_en: d.explanation_en.clone(),
    }
}

impl App {
    /// Shapes a stored case for `user`.
    pub fn case_view(&self, rec: &CaseRecord, user: &CurrentUser) -> CaseView {
        let org = self.org();
        let actor = user.actor();
        let today = self.today();
        let c: &Case = &rec.case;
        let access = identity_access(&actor, &org, c);
        let rule_set = self.rule_set_for_unit(c.handling_unit_id, today);
        let calendar = self.calendar();
        let ctx = StepContext {
            actor: &actor,
            org: &org,
            today,
            limits: &rule_set.limits,
            calendar: &calendar,
        };
        let mut flags: Vec<Flag> = c.flags.iter().copied().collect();
        let overdue = rec.deadlines.iter().any(|d| d.is_overdue(today));
        if overdue && !c.has(Flag::Overdue) {
            flags.push(Flag::Overdue);
        } else if !overdue {
            flags.retain(|f| *f != Flag::Overdue);
        }
        CaseView {
            id: c.id,
            number: c.number.clone(),
            status: c.status,
            status_label: c.status.zh(),
            channel: c.channel,
            petition_type: c.petition_type,
            category: c.category.clone(),
            title: c.title.clone(),
            content: c.content.clone(),
            demands: c.demands.clone(),
            received_on: c.received_on,
            receiving_unit_id: c.receiving_unit_id,
            handling_unit_id: c.handling_unit_id,
            concerned_unit_id: c.concerned_unit_id,
            people_count: c.people_count,
            petitioners: rec
                .petitioners
                .iter()
                .map(|p| petitioner_view(p, access))
                .collect(),
            deadlines: rec
                .deadlines
                .iter()
                .map(|d| deadline_view(d, today, rule_set.limits.due_soon_days))
                .collect(),
            flags,
            allowed_actions: allowed_actions(c, &ctx),
            // A link is shown only to those who may open the other case too: otherwise its
            // number would reveal that a case (perhaps an accusation) exists.
            links: rec
                .links
                .iter()
                .filter(|l| can_see_case(&actor, &org, &l.visible_units, l.wall.as_ref()))
                .map(|l| LinkView {
                    case_id: l.case_id,
                    number: l.number.clone(),
                    kind: l.kind.clone(),
                })
                .collect(),
            last_step_on: c.last_step_on,
            accepted_on: c.detail.accepted_on,
            extension_days: c.detail.extension_days,
            diversion: c.detail.diversion,
            opinion: c.detail.opinion.as_ref().map(opinion_view),
            review_opinion: c.detail.review_opinion.as_ref().map(opinion_view),
            rereview_opinion: c.detail.rereview_opinion.as_ref().map(opinion_view),
            evaluations: c
                .detail
                .evaluations
                .iter()
                .map(|(s, g, on)| EvaluationView {
                    stage: s.as_str(),
                    grade: *g,
                    on: *on,
                })
                .collect(),
            instructions: c.detail.instructions.clone(),
            owner_leader_id: c.detail.owner_leader_id,
            instruction_request: c.detail.instruction_request.clone(),
            handler_user_id: c.detail.handler_user_id,
            handler_name: c.detail.handler_name.clone(),
            pending: pending_view(c),
        }
    }
}

/// A decision a case waits for (待我审批): what, who asked (a user; none for an objection,
/// which the receiving unit raised), since when, and what was asked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PendingView {
    /// `objection` | `extension` | `opinion_draft`
    pub kind: &'static str,
    pub by_user_id: Option<i64>,
    pub since: Option<huiyin_core::Date>,
    /// An extension's days.
    pub days: Option<u32>,
    /// The reason given, or a draft's outcome.
    pub summary: String,
    /// A draft's text, for the leader's sign-off form.
    pub draft: Option<huiyin_core::case::OpinionDraft>,
}

fn pending_view(c: &huiyin_core::case::Case) -> Option<PendingView> {
    huiyin_core::workflow::pending_approval_unit(c)?;
    if c.status == huiyin_core::case::Status::Objected {
        return Some(PendingView {
            kind: "objection",
            by_user_id: None,
            since: c.detail.objected_on,
            days: None,
            summary: c.detail.objection_reason.clone().unwrap_or_default(),
            draft: None,
        });
    }
    if let Some(r) = &c.detail.extension_request {
        return Some(PendingView {
            kind: "extension",
            by_user_id: Some(r.by_user_id),
            since: Some(r.on),
            days: Some(r.days),
            summary: r.reason.clone(),
            draft: None,
        });
    }
    c.detail.opinion_draft.as_ref().map(|d| PendingView {
        kind: "opinion_draft",
        by_user_id: Some(d.by_user_id),
        since: Some(d.on),
        days: None,
        summary: d.outcome.zh().to_owned(),
        draft: Some(d.clone()),
    })
}
