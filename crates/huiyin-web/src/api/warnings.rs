//! Early warnings (预警; CONTRACT.md "Warnings"): the list a reader may see, one warning with
//! its history, and the steps acknowledge / escalate / resolve.

use axum::Json;
use axum::extract::{Path, Query, State};
use huiyin_app::{WarningDetail, WarningList};
use huiyin_core::error::DomainError;
use huiyin_core::warning::{
    WarningActionForm, WarningFilter, WarningKind, WarningLevel, WarningStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::Lang;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningParams {
    /// open | acknowledged | escalated | resolved (every warning when absent)
    pub status: Option<String>,
    /// collective | cluster | spike | repeat | skip_level | beijing | sensitive | dissatisfied | overdue
    pub kind: Option<String>,
    /// blue | yellow | orange | red
    pub level: Option<String>,
    /// Warnings the unit is responsible for now.
    pub unit_id: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl WarningParams {
    /// The filter, or every problem of the query at once.
    pub(crate) fn filter(&self) -> Result<WarningFilter, DomainError> {
        let mut problems = Vec::new();
        let status = given(&self.status).and_then(|v| {
            let s = WarningStatus::parse(v);
            if s.is_none() {
                problems.push((
                    "status",
                    "状态应为 open、acknowledged、escalated 或 resolved",
                    "one of open, acknowledged, escalated, resolved",
                ));
            }
            s
        });
        let kind = given(&self.kind).and_then(|v| {
            let k = WarningKind::parse(v);
            if k.is_none() {
                problems.push(("kind", "预警类型不存在", "not a warning kind"));
            }
            k
        });
        let level = given(&self.level).and_then(|v| {
            let l = WarningLevel::parse(v);
            if l.is_none() {
                problems.push((
                    "level",
                    "级别应为 blue、yellow、orange 或 red",
                    "one of blue, yellow, orange, red",
                ));
            }
            l
        });
        let unit_id = given(&self.unit_id).and_then(|v| {
            let u = v.parse::<i64>().ok().filter(|u| *u > 0);
            if u.is_none() {
                problems.push(("unit_id", "单位编号应为正整数", "a positive unit id"));
            }
            u
        });
        if let Some((field, zh, en)) = problems.first() {
            let mut e = DomainError::invalid(field, *zh, *en);
            for (field, zh, en) in &problems[1..] {
                e = e.with(field, *zh, *en);
            }
            return Err(e);
        }
        Ok(WarningFilter {
            status,
            kind,
            level,
            unit_id,
        })
    }
}

/// The warnings the caller may see, most urgent first: a warning shows only to those who may
/// see every case behind it (the whistleblower firewall).
#[utoipa::path(get, path = "/api/v1/warnings", params(WarningParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"), (status = 422, description = "Unknown status, kind or unit")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<WarningParams>,
) -> Result<Json<WarningList>, ApiError> {
    let filter = p.filter().map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .warnings(
            &a.user,
            filter,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One warning with its history.
#[utoipa::path(get, path = "/api/v1/warnings/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The warning"), (status = 404, description = "`warning.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<WarningDetail>, ApiError> {
    let id = warning_id(&id, a.lang)?;
    s.app
        .warning(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A step: acknowledge (签收), escalate one level up (上报上级) or resolve with a note (处置完毕).
#[utoipa::path(post, path = "/api/v1/warnings/{id}/actions", params(("id" = i64, Path)),
    request_body = WarningActionForm,
    responses((status = 200, description = "The warning after the step"), (status = 403, description = "Not the responsible unit or above"),
        (status = 404, description = "`warning.not_found`"), (status = 409, description = "`warning.acknowledged`, `warning.resolved`, `warning.no_unit_above`"),
        (status = 422, description = "Invalid fields")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<WarningActionForm>,
) -> Result<Json<WarningDetail>, ApiError> {
    let id = warning_id(&id, a.lang)?;
    s.app
        .act_on_warning(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A path id; one that is not a number names no warning.
fn warning_id(id: &str, lang: Lang) -> Result<i64, ApiError> {
    parse_id(id, lang)
        .map_err(|_| ApiError::code(huiyin_core::error::ErrorCode::WarningNotFound, lang))
}
