//! 矛盾纠纷排查 (issue 15 item 1; CONTRACT `/api/v1/risks`): the screening register.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::{CampaignList, CampaignReport, CampaignView, RiskDetail, RiskQuery};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::risk::{RiskActionForm, RiskForm, risk_level};
use huiyin_core::risk_campaign::CampaignForm;
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskParams {
    /// `open` (化解中), `resolved` (已化解) or `overdue` (open and past the deadline).
    pub status: Option<String>,
    /// Only this level (`blue`, `yellow`, `orange`, `red`).
    pub level: Option<String>,
    /// Only entries of this unit and the units below it.
    pub unit_id: Option<String>,
    /// Only entries found in this screening campaign.
    pub campaign_id: Option<String>,
    /// `xlsx` for a workbook of every matching entry (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl RiskParams {
    fn query(&self, lang: crate::Lang) -> Result<RiskQuery, ApiError> {
        let mut e = DomainError::new(ErrorCode::Validation);
        let level = given(&self.level).and_then(|l| {
            let level = risk_level(l);
            if level.is_none() {
                e = e.clone().with(
                    "level",
                    "风险等级应为 blue、yellow、orange 或 red",
                    "blue, yellow, orange or red",
                );
            }
            level
        });
        let unit_id = given(&self.unit_id).and_then(|u| {
            let id = u.parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                e = e
                    .clone()
                    .with("unit_id", "应为单位编号", "expected a unit id");
            }
            id
        });
        let campaign_id = given(&self.campaign_id).and_then(|u| {
            let id = u.parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                e = e
                    .clone()
                    .with("campaign_id", "应为排查活动编号", "expected a campaign id");
            }
            id
        });
        if !e.fields.is_empty() {
            return Err(ApiError::domain(e, lang));
        }
        Ok(RiskQuery {
            status: given(&self.status).map(str::to_owned),
            level,
            unit_id,
            campaign_id,
        })
    }
}

/// Register a potential dispute found by screening.
#[utoipa::path(post, path = "/api/v1/risks", request_body = RiskForm,
    responses((status = 201, description = "The entry with its steps"), (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "Invalid fields, a responsible person who does not work there, or a case out of sight")))]
pub async fn record(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<RiskForm>,
) -> Result<(StatusCode, Json<RiskDetail>), ApiError> {
    s.app
        .record_risk(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The register of one's scope, open entries first and the nearest deadline first.
#[utoipa::path(get, path = "/api/v1/risks", params(RiskParams),
    responses((status = 200, description = "`{items, total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 422, description = "A status, level or unit that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<RiskParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    let (page, per_page) = if xlsx {
        (1, 200)
    } else {
        (p.page.unwrap_or(1), p.per_page.unwrap_or(20))
    };
    let mut list = s
        .app
        .risks(&a.user, &q, page, per_page)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if !xlsx {
        return Ok(Json(list).into_response());
    }
    // The workbook holds every entry, page after page.
    let mut all = std::mem::take(&mut list.items);
    let mut page = 1;
    while (all.len() as i64) < list.total {
        page += 1;
        let more = s
            .app
            .risks(&a.user, &q, page, 200)
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        if more.items.is_empty() {
            break;
        }
        all.extend(more.items);
    }
    s.app.record_export(&a.user, "risks.xlsx", all.len());
    crate::pages::risks_workbook(&all, a.lang)
        .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang))
}

/// One entry with every step taken on it.
#[utoipa::path(get, path = "/api/v1/risks/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The entry with its steps"), (status = 404, description = "`risk.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<RiskDetail>, ApiError> {
    let id = parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::RiskNotFound, a.lang))?;
    s.app
        .risk(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Record progress (`update`, optionally a new level, deadline or linked cases), resolve
/// (`resolve`, 化解销号) or reopen (`reopen`, optionally with a new deadline), with a note.
#[utoipa::path(post, path = "/api/v1/risks/{id}/actions", params(("id" = i64, Path)),
    request_body = RiskActionForm,
    responses((status = 200, description = "The entry after the step"), (status = 404, description = "`risk.not_found`"),
        (status = 409, description = "`risk.step_not_allowed`: the step does not fit the entry's state"),
        (status = 422, description = "Invalid fields")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<RiskActionForm>,
) -> Result<Json<RiskDetail>, ApiError> {
    let id = parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::RiskNotFound, a.lang))?;
    s.app
        .act_on_risk(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Organise a screening campaign (排查活动) for a unit of one's scope and the units below it.
#[utoipa::path(post, path = "/api/v1/risk-campaigns", request_body = CampaignForm,
    responses((status = 201, description = "The campaign"), (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "Invalid fields")))]
pub async fn record_campaign(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<CampaignForm>,
) -> Result<(StatusCode, Json<CampaignView>), ApiError> {
    s.app
        .record_campaign(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The campaigns covering one's scope or organised within it, newest first.
#[utoipa::path(get, path = "/api/v1/risk-campaigns", responses((status = 200, description = "`{items, total}`")))]
pub async fn campaigns(
    State(s): State<AppState>,
    a: Authed,
) -> Result<Json<CampaignList>, ApiError> {
    s.app
        .campaigns(&a.user)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A campaign with its report: entries found, resolved, open and overdue per unit.
#[utoipa::path(get, path = "/api/v1/risk-campaigns/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The campaign with `rows` and `total`"), (status = 404, description = "`not_found`")))]
pub async fn campaign(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CampaignReport>, ApiError> {
    let id = parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::NotFound, a.lang))?;
    s.app
        .campaign_report(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
