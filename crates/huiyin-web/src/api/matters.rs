//! 信访事项档案 and 并单 (issue 15 item 3): grouping cases into a matter file, reading it as one
//! story, merging a duplicate into a main case of the matter and undoing it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huiyin_app::MatterFile;
use huiyin_core::error::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// `POST /api/v1/matters`.
#[derive(Deserialize, ToSchema)]
pub struct GroupBody {
    /// Two or more cases of one matter, each one you may open; the first one's matter file
    /// takes the others when it has one.
    #[serde(default)]
    pub case_ids: Vec<i64>,
}

fn id_of(raw: &str, code: ErrorCode, lang: crate::Lang) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(code, lang))
}

/// Group cases into a matter file (信访事项档案).
#[utoipa::path(post, path = "/api/v1/matters", request_body = GroupBody,
    responses((status = 201, description = "The matter file"), (status = 404, description = "`case.not_found`: a case out of sight"),
        (status = 409, description = "`matter.case_taken`"), (status = 422, description = "Fewer than two cases")))]
pub async fn group(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(body): ApiJson<GroupBody>,
) -> Result<(StatusCode, Json<MatterFile>), ApiError> {
    s.app
        .group_into_matter(&a.user, &body.case_ids)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A matter file: the cases one may open, their petitioners, channels and years, the 并单 and
/// the story (every step of its cases by date).
#[utoipa::path(get, path = "/api/v1/matters/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The matter file"), (status = 404, description = "`matter.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<MatterFile>, ApiError> {
    let id = id_of(&id, ErrorCode::MatterNotFound, a.lang)?;
    s.app
        .matter_file(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The matter of a case.
#[derive(Serialize)]
pub struct CaseMatter {
    pub matter_id: Option<i64>,
}

/// The matter file a case belongs to (`null` when none).
#[utoipa::path(get, path = "/api/v1/cases/{id}/matter", params(("id" = i64, Path)),
    responses((status = 200, description = "`{matter_id}`"), (status = 404, description = "`case.not_found`")))]
pub async fn of_case(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CaseMatter>, ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    s.app
        .matter_of_case(&a.user, id)
        .await
        .map(|matter_id| Json(CaseMatter { matter_id }))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/matters/{id}/duplicates`.
#[derive(Deserialize, ToSchema)]
pub struct DuplicateBody {
    /// The case that repeats another.
    pub case_id: Option<i64>,
    /// The case it repeats (the one worked on).
    pub main_case_id: Option<i64>,
    /// Why (2 to 500 characters).
    pub reason: Option<String>,
}

/// 并单: record that a case of the matter repeats another; both stay as registered.
#[utoipa::path(post, path = "/api/v1/matters/{id}/duplicates", params(("id" = i64, Path)), request_body = DuplicateBody,
    responses((status = 200, description = "The matter file"), (status = 404, description = "`matter.not_found`"),
        (status = 409, description = "`duplicate.exists`"), (status = 422, description = "Cases not of the matter, or no reason")))]
pub async fn merge_duplicate(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DuplicateBody>,
) -> Result<Json<MatterFile>, ApiError> {
    let id = id_of(&id, ErrorCode::MatterNotFound, a.lang)?;
    s.app
        .merge_duplicate(
            &a.user,
            id,
            (body.case_id, body.main_case_id, body.reason.as_deref()),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/case-duplicates/{id}/undo`.
#[derive(Deserialize, ToSchema)]
pub struct UndoDuplicateBody {
    /// Why the merge was wrong (2 to 500 characters).
    pub reason: Option<String>,
}

/// Undo a 并单 (it stays in the file, marked undone).
#[utoipa::path(post, path = "/api/v1/case-duplicates/{id}/undo", params(("id" = i64, Path)), request_body = UndoDuplicateBody,
    responses((status = 200, description = "The matter file"), (status = 404, description = "`duplicate.not_found`"),
        (status = 409, description = "`duplicate.undone`"), (status = 422, description = "No reason")))]
pub async fn undo_duplicate(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UndoDuplicateBody>,
) -> Result<Json<MatterFile>, ApiError> {
    let id = id_of(&id, ErrorCode::DuplicateNotFound, a.lang)?;
    s.app
        .undo_duplicate(&a.user, id, body.reason.as_deref())
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
