//! 信访听证 as records (issue 15 item 5): a case's hearings, scheduling one, each hearing and
//! its steps (`notify`, `hold`, `cancel`), and the hearings of one's scope (JSON or xlsx).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::{CaseHearings, HearingQuery, HearingView};
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::hearing::{HearingForm, HearingStatus};
use huiyin_core::hearing_step::HearingActionForm;
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct HearingParams {
    /// Only hearings at this unit and the units below it.
    pub unit_id: Option<String>,
    /// First day (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day (default: 31 December of next year, so hearings ahead are listed).
    pub to: Option<String>,
    /// Only `scheduled`, `held` or `cancelled` hearings.
    pub status: Option<String>,
    /// `xlsx` for a workbook of every matching hearing (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

/// The list's query, every problem named by field (the pages read the same).
pub(crate) fn hearing_query(
    p: &HearingParams,
    today: Date,
    lang: crate::Lang,
) -> Result<HearingQuery, ApiError> {
    let status = given(&p.status).map(|s| (s, HearingStatus::parse(s)));
    let last = format!("{}-12-31", today.year() + 1);
    let period = read_period(
        given(&p.unit_id),
        given(&p.from),
        Some(given(&p.to).unwrap_or(&last)),
        today,
        lang,
    );
    let bad_status = matches!(status, Some((_, None)));
    match period {
        Ok((unit_id, from, to)) if !bad_status => Ok(HearingQuery {
            unit_id,
            from,
            to,
            status: status.and_then(|(_, s)| s),
        }),
        Ok(_) => Err(ApiError::domain(
            DomainError::invalid(
                "status",
                "状态应为 scheduled、held 或 cancelled",
                "scheduled, held or cancelled",
            ),
            lang,
        )),
        Err(e) => Err(e),
    }
}

fn not_found(lang: crate::Lang) -> ApiError {
    ApiError::code(ErrorCode::HearingNotFound, lang)
}

/// Schedule a hearing (信访听证) on a case in handling or under 复核; the case's clock is not
/// paused by this (the `start_hearing` step does that).
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings", params(("id" = i64, Path)),
    request_body = HearingForm,
    responses((status = 201, description = "The hearing"), (status = 403, description = "Not a handler of the case's unit"),
        (status = 404, description = "`case.not_found`"),
        (status = 409, description = "`hearing.case_state`: the case is not in handling or under re-review"),
        (status = 422, description = "Invalid fields, each named")))]
pub async fn schedule(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<HearingForm>,
) -> Result<(StatusCode, Json<HearingView>), ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .schedule_hearing(&a.user, id, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A case's hearings, and whether the caller may schedule one.
#[utoipa::path(get, path = "/api/v1/cases/{id}/hearings", params(("id" = i64, Path)),
    responses((status = 200, description = "`{case_id, case_number, case_status, items, may_schedule, clock_paused}`"),
        (status = 404, description = "`case.not_found`")))]
pub async fn of_case(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CaseHearings>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .case_hearings(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The hearings at units of one's scope, latest day first (only those on cases one may open).
#[utoipa::path(get, path = "/api/v1/hearings", params(HearingParams),
    responses((status = 200, description = "`{items, total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 422, description = "A date, unit, status or format that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<HearingParams>,
) -> Result<Response, ApiError> {
    let q = hearing_query(&p, s.app.today(), a.lang)?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    if !xlsx {
        return s
            .app
            .hearings(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
            .await
            .map(|l| Json(l).into_response())
            .map_err(|e| ApiError::new(e, a.lang));
    }
    let all = crate::pages::all_hearings(&s, &a.user, &q)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    s.app.record_export(&a.user, "hearings.xlsx", all.len());
    crate::pages::hearings_workbook(&all, a.lang)
        .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang))
}

/// One hearing: its officers, participants, notice, minutes and conclusion.
#[utoipa::path(get, path = "/api/v1/hearings/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The hearing"), (status = 404, description = "`hearing.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<HearingView>, ApiError> {
    let id = parse_id(&id, a.lang).map_err(|_| not_found(a.lang))?;
    s.app
        .hearing(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Record the notice to the participants (`notify`, once), the hearing as held with its
/// minutes and conclusion (`hold`), or its cancellation with a reason (`cancel`).
#[utoipa::path(post, path = "/api/v1/hearings/{id}/actions", params(("id" = i64, Path)),
    request_body = HearingActionForm,
    responses((status = 200, description = "The hearing after the step"), (status = 403, description = "Not a handler of the hearing's unit"),
        (status = 404, description = "`hearing.not_found`"),
        (status = 409, description = "`hearing.step_not_allowed`: held or cancelled already, or the notice recorded"),
        (status = 422, description = "Invalid fields, each named")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<HearingActionForm>,
) -> Result<Json<HearingView>, ApiError> {
    let id = parse_id(&id, a.lang).map_err(|_| not_found(a.lang))?;
    s.app
        .act_on_hearing(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
