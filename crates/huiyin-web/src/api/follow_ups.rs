//! Follow-through of decisions (issue 15 item 6): the 落实 and 疏导 tasks a decision creates,
//! one task with its steps, and the steps taken on it.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::{FollowUpDetail, FollowUpQuery};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::follow_up::FollowUpActionForm;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpParams {
    /// `open`, `done`, `superseded` or `overdue` (open and past due).
    pub status: Option<String>,
    /// Only the tasks of this case.
    pub case_id: Option<String>,
    /// `xlsx` for a workbook of every matching task (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl FollowUpParams {
    pub fn query(&self, lang: crate::Lang) -> Result<FollowUpQuery, ApiError> {
        let case_id = match given(&self.case_id) {
            None => None,
            Some(c) => Some(c.parse::<i64>().ok().filter(|i| *i > 0).ok_or_else(|| {
                ApiError::domain(
                    DomainError::invalid(
                        "case_id",
                        "应为信访事项编号（数字）",
                        "expected a case id",
                    ),
                    lang,
                )
            })?),
        };
        Ok(FollowUpQuery {
            status: given(&self.status).map(str::to_owned),
            case_id,
        })
    }
}

/// The tasks of one's scope, open ones first and the nearest due date first.
#[utoipa::path(get, path = "/api/v1/follow-ups", params(FollowUpParams),
    responses((status = 200, description = "`{items, total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 422, description = "A status or case id that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<FollowUpParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    if xlsx {
        let (app, user, q) = (&s.app, &a.user, &q);
        let all = crate::pages::export::every_page(|n| async move {
            app.follow_ups(user, q, n, 200)
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "follow-ups.xlsx", all.len());
        return crate::pages::follow_ups_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    let list = s
        .app
        .follow_ups(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(list).into_response())
}

fn task_id(raw: &str, lang: crate::Lang) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::FollowUpNotFound, lang))
}

/// One task with its steps.
#[utoipa::path(get, path = "/api/v1/follow-ups/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The task with its steps"), (status = 404, description = "`follow_up.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<FollowUpDetail>, ApiError> {
    let id = task_id(&id, a.lang)?;
    s.app
        .follow_up(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Record progress (`progress`), move the due date (`extend`, `due_on`) or complete the task
/// (`done`, `resolution`: `executed` | `persuaded` | `mediated` | `settled`; mediation and
/// settlement need `agreement` and `consent: true`).
#[utoipa::path(post, path = "/api/v1/follow-ups/{id}/actions", params(("id" = i64, Path)),
    request_body = FollowUpActionForm,
    responses((status = 200, description = "The task after the step"), (status = 404, description = "`follow_up.not_found`"),
        (status = 403, description = "Not case staff of the task's unit or above"),
        (status = 409, description = "`follow_up.step_not_allowed`: done or superseded"),
        (status = 422, description = "Invalid fields")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<FollowUpActionForm>,
) -> Result<Json<FollowUpDetail>, ApiError> {
    let id = task_id(&id, a.lang)?;
    s.app
        .act_on_follow_up(&a.user, id, form)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
