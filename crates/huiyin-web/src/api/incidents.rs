//! Incidents (突发事件、群体性事件; CONTRACT.md "Incidents"): record one with the reports its
//! level owes, report to a unit, read one or the list of one's scope.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use huiyin_app::{IncidentList, IncidentView};
use huiyin_core::error::ErrorCode;
use huiyin_core::incident::{IncidentForm, IncidentReportForm};
use huiyin_core::incident_list::IncidentQuery;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// The list's filters: one input with the list page's (`huiyin_core::incident_list`).
pub use huiyin_core::incident_list::IncidentListForm as IncidentParams;

/// Record an incident at a unit of one's scope; the answer lists the reports its level owes
/// (`reports`: `to_unit_id`, `due_at`, `reported_at`, `late`, `missing`).
#[utoipa::path(post, path = "/api/v1/incidents", request_body = IncidentForm,
    responses((status = 201, description = "The incident with its reports"), (status = 403, description = "Not a unit of one's scope"),
        (status = 404, description = "A linked case out of sight"), (status = 422, description = "Invalid fields, `incident.future`")))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<IncidentForm>,
) -> Result<(StatusCode, Json<IncidentView>), ApiError> {
    s.app
        .create_incident(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The incidents of one's scope, newest first; narrowed by the period they occurred in
/// (`from`, `to`: Beijing days), the unit (`unit_id`: exactly; `under`: with the units below)
/// and their reports (`report=owed|on_time|late|missing|pending`: those with a report of that
/// standing, judged as the statistics are).
#[utoipa::path(get, path = "/api/v1/incidents", params(IncidentParams),
    responses((status = 200, description = "`{items, total, page, per_page}`"),
        (status = 403, description = "A unit outside the caller's scope"),
        (status = 422, description = "A filter that does not read (`validation`, by field), or `unit.not_found`")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<IncidentParams>,
) -> Result<Json<IncidentList>, ApiError> {
    let q = IncidentQuery::try_from(p).map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .incidents(&a.user, &q)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One incident with its reports, late (迟报) and missing (漏报) ones flagged.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The incident"), (status = 404, description = "`incident.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<IncidentView>, ApiError> {
    let id =
        parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::IncidentNotFound, a.lang))?;
    s.app
        .incident(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Report to a unit: fills the report owed to it (timestamped by the server, in the audit
/// chain), or adds a follow-up (续报).
#[utoipa::path(post, path = "/api/v1/incidents/{id}/reports", params(("id" = i64, Path)),
    request_body = IncidentReportForm,
    responses((status = 201, description = "The incident after the report"), (status = 404, description = "`incident.not_found`"),
        (status = 422, description = "Invalid fields")))]
pub async fn report(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<IncidentReportForm>,
) -> Result<(StatusCode, Json<IncidentView>), ApiError> {
    let id =
        parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::IncidentNotFound, a.lang))?;
    s.app
        .report_incident(&a.user, id, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}
