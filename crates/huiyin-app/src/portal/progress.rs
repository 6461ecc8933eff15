//! What the petitioner sees by query code and PIN: exactly the items of DOMAIN.md §6 /
//! requirement 32 — registration date, each transfer with its date and unit, acceptance,
//! non-acceptance and extension notices, opinions with dates, the current stage and its
//! deadline. Built from a whitelist: no identity data, no staff names, no internal notes.

use huiyin_core::Date;
use huiyin_core::case::{Case, Opinion, Status};
use huiyin_core::error::ErrorCode;
use huiyin_core::workflow::{ActionKind, DeadlineKind, StepContext, guard};
use huiyin_store::{CaseRecord, TimelineEntry};
use serde::Serialize;

use super::actor::portal_actor;
use super::secret;
use crate::context::App;
use crate::error::{AppError, Result};

/// One disclosed step.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressEvent {
    pub on: Date,
    /// `registered`, `transferred`, `accepted`, `not_accepted`, `redirected`, `diverted`,
    /// `extended`, `opinion`, `review_requested`, `review_opinion`, `rereview_requested`,
    /// `rereview_opinion`, `evaluated`, `closed`.
    pub kind: &'static str,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// The disclosed progress of one petition.
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub received_on: Date,
    pub receiving_unit: String,
    pub stage: &'static str,
    pub stage_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_due_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_due_label: Option<&'static str>,
    pub events: Vec<ProgressEvent>,
    /// An evaluation of the current result may be given now.
    pub can_evaluate: bool,
    /// `review` or `re-review` may be requested now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_open: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_due_on: Option<Date>,
}

/// The public label of a state: an objection between units is internal.
fn stage_label(s: Status) -> &'static str {
    match s {
        Status::Objected => Status::Forwarded.zh(),
        other => other.zh(),
    }
}

/// The deadline shown with a state, and its public label.
fn stage_deadline(s: Status) -> Option<(DeadlineKind, &'static str)> {
    Some(match s {
        Status::Registered => (DeadlineKind::Disposal, "登记后处理期限"),
        Status::Forwarded | Status::Assigned | Status::Objected => {
            (DeadlineKind::AcceptanceNotice, "书面告知是否受理期限")
        }
        Status::Accepted => (DeadlineKind::Handling, "办结期限"),
        Status::OpinionIssued => (DeadlineKind::ReviewRequest, "申请复查截止日"),
        Status::ReviewRequested => (DeadlineKind::ReviewDecision, "复查意见期限"),
        Status::ReviewDecided => (DeadlineKind::RereviewRequest, "申请复核截止日"),
        Status::RereviewRequested => (DeadlineKind::RereviewDecision, "复核意见期限"),
        _ => return None,
    })
}

fn after<'a>(note: &'a str, prefix: &str) -> Option<&'a str> {
    note.strip_prefix(prefix).filter(|s| !s.is_empty())
}

fn opinion_event(kind: &'static str, title: &str, op: Option<&Opinion>, on: Date) -> ProgressEvent {
    ProgressEvent {
        on,
        kind,
        title: match op {
            Some(o) => format!("{title}：{}", o.outcome.zh()),
            None => title.to_owned(),
        },
        unit: None,
        text: op.map(|o| o.opinion.clone()),
        basis: op.map(|o| o.basis.clone()),
    }
}

fn event(e: &TimelineEntry, case: &Case) -> Option<ProgressEvent> {
    let d = &case.detail;
    let simple = |kind: &'static str, title: String, text: Option<String>| ProgressEvent {
        on: e.on,
        kind,
        title,
        unit: None,
        text,
        basis: None,
    };
    let kind = ActionKind::parse(&e.action);
    Some(match (e.action.as_str(), kind) {
        ("register", _) => simple("registered", "网上信访已登记".into(), None),
        (_, Some(ActionKind::Forward | ActionKind::Assign)) => {
            let unit = after(&e.note_zh, "转送至").or_else(|| after(&e.note_zh, "交办至"));
            ProgressEvent {
                unit: unit.map(str::to_owned),
                ..simple("transferred", "转送有权处理机关".into(), None)
            }
        }
        (_, Some(ActionKind::ApproveObjection)) => ProgressEvent {
            unit: after(&e.note_zh, "同意异议，事项退回").map(str::to_owned),
            ..simple("transferred", "转送有权处理机关".into(), None)
        },
        (_, Some(ActionKind::Accept)) => simple("accepted", "受理告知：已受理".into(), None),
        (_, Some(ActionKind::Reject)) => simple(
            "not_accepted",
            "不予受理告知".into(),
            d.notice_reason.clone(),
        ),
        (_, Some(ActionKind::Redirect)) => simple(
            "redirected",
            "告知向有权机关提出".into(),
            d.notice_reason.clone(),
        ),
        (_, Some(ActionKind::Divert)) => simple(
            "diverted",
            format!(
                "告知通过{}等法定途径解决",
                d.diversion.map(|p| p.zh()).unwrap_or("法定")
            ),
            None,
        ),
        (_, Some(ActionKind::Extend)) => simple(
            "extended",
            format!("延期告知：办理期限延长{}日", d.extension_days),
            d.extension_reason.clone(),
        ),
        (_, Some(ActionKind::IssueOpinion)) => {
            opinion_event("opinion", "信访处理意见书", d.opinion.as_ref(), e.on)
        }
        (_, Some(ActionKind::RequestReview)) => ProgressEvent {
            unit: review_unit(&e.note_zh, "信访人申请复查，由", "复查"),
            ..simple("review_requested", "已申请复查".into(), None)
        },
        (_, Some(ActionKind::DecideReview)) => opinion_event(
            "review_opinion",
            "复查意见书",
            d.review_opinion.as_ref(),
            e.on,
        ),
        (_, Some(ActionKind::RequestRereview)) => ProgressEvent {
            unit: review_unit(&e.note_zh, "信访人申请复核，由", "复核"),
            ..simple("rereview_requested", "已申请复核".into(), None)
        },
        (_, Some(ActionKind::DecideRereview)) => opinion_event(
            "rereview_opinion",
            "复核意见书",
            d.rereview_opinion.as_ref(),
            e.on,
        ),
        (_, Some(ActionKind::Evaluate)) => {
            let grade = d
                .evaluations
                .iter()
                .find(|(_, _, on)| *on == e.on)
                .map(|(_, g, _)| g.zh())
                .unwrap_or("");
            simple("evaluated", format!("您的评价：{grade}"), None)
        }
        (_, Some(ActionKind::Close)) => simple("closed", "办结".into(), None),
        // Classification, objections, hearings and anything else are internal.
        _ => return None,
    })
}

fn review_unit(note: &str, prefix: &str, suffix: &str) -> Option<String> {
    after(note, prefix)
        .and_then(|s| s.strip_suffix(suffix))
        .map(str::to_owned)
}

impl App {
    /// The case behind a query code and PIN. A wrong code and a wrong PIN give the same
    /// answer (`not_found`), after the same work (the PIN digest is always computed).
    pub(crate) async fn portal_case(&self, raw_code: &str, pin: &str) -> Result<CaseRecord> {
        let code = secret::normalize_code(raw_code);
        let ring = self.store.keys().map(|k| k.ring());
        let found = self
            .store
            .portal_by_code(&secret::code_key(ring.as_deref(), &code))
            .await?;
        let stored = found.as_ref().map(|f| f.pin_hash.as_str()).unwrap_or("");
        let pin: String = pin.trim().chars().take(32).collect();
        let ok = secret::pin_matches(ring.as_deref(), &code, &pin, stored);
        match found.and_then(|f| f.case_id) {
            Some(id) if ok => self
                .store
                .case(id)
                .await?
                .ok_or(AppError::code(ErrorCode::NotFound)),
            _ => Err(ErrorCode::NotFound.into()),
        }
    }

    /// The disclosed progress of the petition behind `code` and `pin`.
    #[tracing::instrument(name = "app.portal_progress", skip_all)]
    pub async fn portal_progress(&self, code: &str, pin: &str) -> Result<Progress> {
        let rec = self.portal_case(code, pin).await?;
        let timeline = self.store.timeline(rec.case.id).await?;
        Ok(self.disclose(&rec, &timeline))
    }

    pub(crate) fn disclose(&self, rec: &CaseRecord, timeline: &[TimelineEntry]) -> Progress {
        let org = self.org();
        let unit_name = |id: i64| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let case = &rec.case;
        let events: Vec<ProgressEvent> = timeline.iter().filter_map(|e| event(e, case)).collect();
        let (stage_due_on, stage_due_label) = match stage_deadline(case.status) {
            Some((kind, label)) => match rec.deadlines.iter().find(|d| d.kind == kind) {
                Some(d) => (Some(d.due_on), Some(label)),
                None => (None, None),
            },
            None => (None, None),
        };
        let today = self.today();
        let actor = portal_actor(case.handling_unit_id).actor();
        let limits = self.rule_set_for_unit(case.handling_unit_id, today).limits;
        let calendar = self.calendar();
        let ctx = StepContext {
            actor: &actor,
            org: &org,
            today,
            limits: &limits,
            calendar: &calendar,
        };
        let allowed = |k: ActionKind| guard(case, k, &ctx, today).is_ok();
        let request_open = if allowed(ActionKind::RequestReview) {
            Some("review")
        } else if allowed(ActionKind::RequestRereview) {
            Some("rereview")
        } else {
            None
        };
        let request_due_on = request_open.and(stage_due_on);
        Progress {
            received_on: case.received_on,
            receiving_unit: unit_name(case.receiving_unit_id),
            stage: case.status.as_str(),
            stage_label: stage_label(case.status),
            stage_due_on,
            stage_due_label,
            events,
            can_evaluate: allowed(ActionKind::Evaluate),
            request_open,
            request_due_on,
        }
    }
}
