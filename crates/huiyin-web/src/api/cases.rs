//! Registering, listing and reading cases.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use huiyin_app::{CaseList, CaseQuery, CaseView, Registered, TimelineView};
use huiyin_core::intake::RegistrationInput;
use huiyin_core::intake_input::RegistrationForm;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// Register a petition received by the caller's unit.
#[utoipa::path(post, path = "/api/v1/cases", request_body = RegistrationForm,
    responses((status = 201, description = "The case, with `warnings`"), (status = 422, description = "Invalid fields")))]
pub async fn register(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<RegistrationForm>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let wants_code = b.query_code.given() == Some(&true);
    let input = RegistrationInput::try_from(b).map_err(|e| ApiError::domain(e, a.lang))?;
    let mut reg = s
        .app
        .register(&a.user, input)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if wants_code {
        let receipt = s
            .app
            .issue_query_code(&a.user, reg.case.id)
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        reg.query_code = Some(receipt.query_code);
        reg.pin = Some(receipt.pin);
    }
    Ok((StatusCode::CREATED, Json(reg)))
}

/// Issue the query code and PIN of a case registered by staff (shown once).
#[utoipa::path(post, path = "/api/v1/cases/{id}/query-code",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "`{case_id, number, query_code, pin, received_on}`"),
        (status = 409, description = "`case.query_code_issued`")))]
pub async fn query_code(
    State(s): State<AppState>,
    a: Authed,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<(StatusCode, Json<huiyin_app::portal::StaffReceipt>), ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    let receipt = s
        .app
        .issue_query_code(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// The list's filters: one input with the list page's (`huiyin_core::case_list`).
pub use huiyin_core::case_list::CaseListForm as ListParams;

/// List and search the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/cases", params(ListParams), responses((status = 200, description = "`{items, total}`")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ListParams>,
) -> Result<Json<CaseList>, ApiError> {
    let q = CaseQuery::try_from(p).map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .list_cases(&a.user, q)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// One case (404 when absent or not visible to the caller).
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), responses((status = 200, description = "The case"), (status = 404, description = "Not found")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .get_case(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Every step of a case: who, what, when.
#[utoipa::path(get, path = "/api/v1/cases/{id}/timeline", params(("id" = i64, Path)), responses((status = 200, description = "The timeline")))]
pub async fn timeline(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Vec<TimelineView>>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    s.app
        .timeline(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
