//! 信访事项档案 and 并单 (issue 15 item 3): grouping cases into a matter file, reading it as one
//! story, merging a duplicate into a main case of the matter and undoing it.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::{MatterFile, MatterQuery};
use huiyin_core::error::{DomainError, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct MatterParams {
    /// A unit of one's scope (default: one's scope).
    pub unit_id: Option<String>,
    /// `open` for files with a case not yet concluded, `all` (default) for every file.
    pub status: Option<String>,
    /// `latest` (default: the latest case first) or `cases` (most cases first).
    pub sort: Option<String>,
    /// `xlsx` for a workbook of every matching file (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl MatterParams {
    /// The query, every field that does not read named (the list page reads the same).
    pub fn query(&self, lang: crate::Lang) -> Result<MatterQuery, ApiError> {
        let mut e = DomainError::new(ErrorCode::Validation);
        let unit_id = given(&self.unit_id).and_then(|u| {
            let id = u.parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                e = e
                    .clone()
                    .with("unit_id", "应为单位编号", "expected a unit id");
            }
            id
        });
        let open_only = match given(&self.status) {
            None | Some("all") => false,
            Some("open") => true,
            Some(_) => {
                e = e
                    .clone()
                    .with("status", "状态应为 open 或 all", "open or all");
                false
            }
        };
        let most_cases = match given(&self.sort) {
            None | Some("latest") => false,
            Some("cases") => true,
            Some(_) => {
                e = e
                    .clone()
                    .with("sort", "排序应为 latest 或 cases", "latest or cases");
                false
            }
        };
        if !e.fields.is_empty() {
            return Err(ApiError::domain(e, lang));
        }
        Ok(MatterQuery {
            unit_id,
            open_only,
            most_cases,
        })
    }
}

/// The matter files (信访事项档案) of one's scope, the latest case first (or most cases first),
/// each with the cases of it one may open; counted through one's firewall.
#[utoipa::path(get, path = "/api/v1/matters", params(MatterParams),
    responses((status = 200, description = "`{unit_id, items: [{id, name, cases, open_cases, first_received_on, last_received_on, case_numbers, petitioners}], total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "A unit, status, sort or format that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<MatterParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    if super::wants_xlsx(given(&p.format), a.lang)? {
        let (app, user, q) = (&s.app, &a.user, &q);
        let all = crate::pages::export::every_page(|n| async move {
            app.matter_files(user, q, n, 200)
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "matters.xlsx", all.len());
        return crate::pages::matters_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    s.app
        .matter_files(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(|l| Json(l).into_response())
        .map_err(|e| ApiError::new(e, a.lang))
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
