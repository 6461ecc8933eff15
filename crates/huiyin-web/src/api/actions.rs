//! `POST /api/v1/cases/{id}/actions`: one body shape for every step.

use axum::Json;
use axum::extract::{Path, State};
use huiyin_app::{ActionInput, CaseView};
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use huiyin_core::workflow::{Action, ActionKind, Decision};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// A step. Which other fields are needed depends on `action`.
#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// forward, assign, accept, reject, redirect, divert, object, approve_objection,
    /// deny_objection, classify, extend, start_hearing, end_hearing, issue_opinion, evaluate,
    /// request_review, decide_review, request_rereview, decide_rereview, close, serve
    pub action: String,
    /// The day the step happened (default today; never in the future or before the previous step).
    #[serde(default)]
    pub on: Option<String>,
    pub to_unit_id: Option<i64>,
    pub report_due_on: Option<String>,
    pub reason: Option<String>,
    /// `accept` of an after-final case, or `object`/`request_review`/`request_rereview`
    /// recorded after its window closed: a leader's reason.
    pub override_reason: Option<String>,
    pub procedure: Option<String>,
    pub days: Option<u32>,
    pub outcome: Option<String>,
    pub opinion: Option<String>,
    pub basis: Option<String>,
    pub grade: Option<String>,
    pub petition_type: Option<String>,
    /// `serve`: direct, post, electronic or sms.
    pub method: Option<String>,
}

fn missing(field: &str) -> DomainError {
    DomainError::invalid(field, "缺少此项", "required")
}

fn bad(field: &str, zh: &str, en: &str) -> DomainError {
    DomainError::invalid(field, zh, en)
}

fn text(v: &Option<String>, field: &str) -> Result<String, DomainError> {
    v.clone().ok_or_else(|| missing(field))
}

fn decision(b: &ActionBody) -> Result<Decision, DomainError> {
    let outcome = b.outcome.as_deref().ok_or_else(|| missing("outcome"))?;
    let outcome = Outcome::parse(outcome.trim()).ok_or_else(|| {
        bad(
            "outcome",
            "处理结果应为 supported、explained 或 not_supported",
            "one of supported, explained, not_supported",
        )
    })?;
    Ok(Decision {
        outcome,
        opinion: text(&b.opinion, "opinion")?,
        basis: text(&b.basis, "basis")?,
    })
}

fn parse_action(b: &ActionBody) -> Result<Action, DomainError> {
    let kind = ActionKind::parse(b.action.trim())
        .ok_or(DomainError::new(ErrorCode::UnknownAction).field("action"))?;
    let date = |v: &Option<String>, f: &str| -> Result<Option<Date>, DomainError> {
        v.as_deref()
            .map(|s| {
                Date::parse(s.trim())
                    .map_err(|_| bad(f, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"))
            })
            .transpose()
    };
    Ok(match kind {
        ActionKind::Classify => {
            let t = b
                .petition_type
                .as_deref()
                .ok_or_else(|| missing("petition_type"))?;
            Action::Classify {
                petition_type: PetitionType::parse(t.trim())
                    .ok_or_else(|| bad("petition_type", "未知的信访类型", "unknown type"))?,
                reason: b.reason.clone(),
            }
        }
        ActionKind::Forward => Action::Forward {
            to_unit_id: b.to_unit_id.ok_or_else(|| missing("to_unit_id"))?,
        },
        ActionKind::Assign => Action::Assign {
            to_unit_id: b.to_unit_id.ok_or_else(|| missing("to_unit_id"))?,
            report_due_on: date(&b.report_due_on, "report_due_on")?,
        },
        ActionKind::Accept => Action::Accept {
            override_reason: b.override_reason.clone().or_else(|| b.reason.clone()),
        },
        ActionKind::Reject => Action::Reject {
            reason: text(&b.reason, "reason")?,
        },
        ActionKind::Redirect => Action::Redirect {
            reason: text(&b.reason, "reason")?,
        },
        ActionKind::Object => Action::Object {
            reason: text(&b.reason, "reason")?,
            late_reason: b.override_reason.clone(),
        },
        ActionKind::Divert => {
            let p = b.procedure.as_deref().ok_or_else(|| missing("procedure"))?;
            Action::Divert {
                procedure: DiversionProcedure::parse(p.trim())
                    .ok_or_else(|| bad("procedure", "未知的法定途径", "unknown procedure"))?,
            }
        }
        ActionKind::ApproveObjection => Action::ApproveObjection,
        ActionKind::DenyObjection => Action::DenyObjection,
        ActionKind::Extend => Action::Extend {
            days: b.days.ok_or_else(|| missing("days"))?,
            reason: text(&b.reason, "reason")?,
        },
        ActionKind::StartHearing => Action::StartHearing,
        ActionKind::EndHearing => Action::EndHearing,
        ActionKind::IssueOpinion => Action::IssueOpinion(decision(b)?),
        ActionKind::Evaluate => {
            let g = b.grade.as_deref().ok_or_else(|| missing("grade"))?;
            Action::Evaluate {
                grade: Grade::parse(g.trim()).ok_or_else(|| {
                    bad(
                        "grade",
                        "评价应为 satisfied、basically_satisfied 或 dissatisfied",
                        "unknown grade",
                    )
                })?,
            }
        }
        ActionKind::RequestReview => Action::RequestReview {
            late_reason: b.override_reason.clone(),
        },
        ActionKind::DecideReview => Action::DecideReview(decision(b)?),
        ActionKind::RequestRereview => Action::RequestRereview {
            late_reason: b.override_reason.clone(),
        },
        ActionKind::DecideRereview => Action::DecideRereview(decision(b)?),
        ActionKind::Close => Action::Close {
            reason: b.reason.clone(),
        },
        ActionKind::Serve => {
            let m = b.method.as_deref().ok_or_else(|| missing("method"))?;
            Action::Serve {
                method: ServiceMethod::parse(m.trim()).ok_or_else(|| {
                    bad(
                        "method",
                        "送达方式应为 direct、post、electronic 或 sms",
                        "one of direct, post, electronic, sms",
                    )
                })?,
            }
        }
    })
}

/// Take a workflow step on a case; answers the case after the step.
#[utoipa::path(post, path = "/api/v1/cases/{id}/actions", params(("id" = i64, Path)), request_body = ActionBody,
    responses((status = 200, description = "The case after the step"), (status = 409, description = "The rules forbid this step now"),
              (status = 422, description = "Invalid parameters")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<Value>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let body: ActionBody = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::malformed(e.to_string(), a.lang))?;
    let action = parse_action(&body).map_err(|e| ApiError::domain(e, a.lang))?;
    let on = match body.on.as_deref() {
        Some(v) => Some(Date::parse(v.trim()).map_err(|_| {
            ApiError::domain(
                bad("on", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"),
                a.lang,
            )
        })?),
        None => None,
    };
    let mut params = raw.as_object().cloned().unwrap_or_else(Map::new);
    params.remove("action");
    let input = ActionInput {
        action,
        on,
        params_json: Value::Object(params).to_string(),
    };
    s.app
        .act(&a.user, id, input)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
