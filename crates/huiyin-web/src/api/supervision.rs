//! Supervision orders (督办, 催办; CONTRACT.md "Second stage"): a supervisor issues one about a
//! case, the supervised unit answers it, both list the orders of the cases they may see.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use huiyin_app::{SupervisionList, SupervisionStats, SupervisionView};
use huiyin_core::error::DomainError;
use huiyin_core::supervision::{SupervisionOrderForm, SupervisionResponseForm, SupervisionStatus};
use huiyin_core::supervision_grounds::SupervisionGround;
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupervisionParams {
    /// open | overdue | answered (every order when absent)
    pub status: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// Issue a 督办 or 催办 about a case to the unit handling it (a supervisor of a body above it).
#[utoipa::path(post, path = "/api/v1/cases/{id}/supervisions", params(("id" = i64, Path)),
    request_body = SupervisionOrderForm,
    responses((status = 201, description = "The order"), (status = 403, description = "`supervision.not_below` or not a supervisor"),
        (status = 404, description = "No such case in sight"), (status = 422, description = "Invalid fields")))]
pub async fn issue(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<SupervisionOrderForm>,
) -> Result<(StatusCode, Json<SupervisionView>), ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .issue_supervision(&a.user, id, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The orders on the cases the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/supervisions", params(SupervisionParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"), (status = 422, description = "Unknown status")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<SupervisionParams>,
) -> Result<Json<SupervisionList>, ApiError> {
    let status = match p.status.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(SupervisionStatus::parse(v).ok_or_else(|| {
            ApiError::domain(
                DomainError::invalid(
                    "status",
                    "状态应为 open、overdue 或 answered",
                    "one of open, overdue, answered",
                ),
                a.lang,
            )
        })?),
    };
    s.app
        .supervisions(
            &a.user,
            status,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The supervised unit's written answer (反馈).
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/response", params(("id" = i64, Path)),
    request_body = SupervisionResponseForm,
    responses((status = 200, description = "The answered order"), (status = 403, description = "`supervision.not_addressed`"),
        (status = 404, description = "No such order in sight"), (status = 409, description = "`supervision.answered`"),
        (status = 422, description = "Invalid fields")))]
pub async fn respond(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<SupervisionResponseForm>,
) -> Result<Json<SupervisionView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .respond_supervision(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// Only orders to this unit and the units below it.
    pub unit_id: Option<String>,
    /// First day of issue counted (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day of issue counted (default: today).
    pub to: Option<String>,
}

/// Orders, answers, on-time answers, adoption and escalation per supervised unit, over the
/// orders on the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/supervisions/stats", params(StatsParams),
    responses((status = 200, description = "`{from, to, items: [{unit_id, unit_name, orders, supervise, urge, listed, by_person, answered, answered_on_time, adopted, overdue, escalated}], total}`"),
        (status = 422, description = "A date or unit that does not read")))]
pub async fn stats(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<StatsParams>,
) -> Result<Json<SupervisionStats>, ApiError> {
    let (unit, from, to) = super::period::read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        a.lang,
    )?;
    s.app
        .supervision_stats(&a.user, unit, from, to)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The grounds (督办事由) an order may name: Art. 40 and the 2005 list.
#[utoipa::path(get, path = "/api/v1/supervisions/grounds",
    responses((status = 200, description = "`[{code, zh, en, source}]`")))]
pub async fn grounds(_a: Authed) -> Json<&'static [SupervisionGround]> {
    Json(huiyin_core::supervision_grounds::GROUNDS)
}
