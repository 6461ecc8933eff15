//! 协办任务 (issue 15 items 4 and 9): the co-handling parts owed by the units of one's scope,
//! as JSON or a workbook.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::CoHandlingTaskQuery;
use huiyin_core::co_handling::CoHandlingStatus;
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct CoHandlingTaskParams {
    /// A unit of one's scope (default: one's scope).
    pub unit_id: Option<String>,
    /// `open`, `done`, or `all` (default: every part, open ones first).
    pub status: Option<String>,
    /// `xlsx` for a workbook of every matching part (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl CoHandlingTaskParams {
    /// The query, every field that does not read named (the list page reads the same).
    pub fn query(&self, lang: crate::Lang) -> Result<CoHandlingTaskQuery, ApiError> {
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
        let status = match given(&self.status) {
            None | Some("all") => None,
            Some(v) => {
                let s = CoHandlingStatus::parse(v);
                if s.is_none() {
                    e = e
                        .clone()
                        .with("status", "状态应为 open、done 或 all", "open, done or all");
                }
                s
            }
        };
        if !e.fields.is_empty() {
            return Err(ApiError::domain(e, lang));
        }
        Ok(CoHandlingTaskQuery { unit_id, status })
    }
}

/// The co-handling parts (协办任务) the units of one's scope owe on other units' cases, open ones
/// first with the earliest deadline; only parts of cases one may open.
#[utoipa::path(get, path = "/api/v1/co-handlings", params(CoHandlingTaskParams),
    responses((status = 200, description = "`{unit_id, items: [{id, case_id, case_number, case_title, lead_unit_name, unit_id, unit_name, task, due_on, status, overdue, contribution, added_by_name, added_at}], total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "A unit, status or format that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<CoHandlingTaskParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    if super::wants_xlsx(given(&p.format), a.lang)? {
        let (app, user, q) = (&s.app, &a.user, &q);
        let all = crate::pages::export::every_page(|n| async move {
            app.co_handling_tasks(user, q, n, 200)
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "co-handlings.xlsx", all.len());
        return crate::pages::co_handling_tasks_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    s.app
        .co_handling_tasks(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(|l| Json(l).into_response())
        .map_err(|e| ApiError::new(e, a.lang))
}
