//! 回避 register (issue 15 items 7 and 9): the recusals on the cases of one's scope, as JSON or
//! a workbook.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::RecusalRegisterQuery;
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct RecusalParams {
    /// A unit of one's scope (default: one's scope).
    pub unit_id: Option<String>,
    /// `standing`, `lifted`, or `all` (default).
    pub status: Option<String>,
    /// `xlsx` for a workbook of every matching recusal (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl RecusalParams {
    /// The query, every field that does not read named (the list page reads the same).
    pub fn query(&self, lang: crate::Lang) -> Result<RecusalRegisterQuery, ApiError> {
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
        let lifted = match given(&self.status) {
            None | Some("all") => None,
            Some("standing") => Some(false),
            Some("lifted") => Some(true),
            Some(_) => {
                e = e.clone().with(
                    "status",
                    "状态应为 standing、lifted 或 all",
                    "standing, lifted or all",
                );
                None
            }
        };
        if !e.fields.is_empty() {
            return Err(ApiError::domain(e, lang));
        }
        Ok(RecusalRegisterQuery { unit_id, lifted })
    }
}

/// The recusals (回避) on the cases of one's scope, the latest first, standing or lifted; only
/// recusals on cases one may open.
#[utoipa::path(get, path = "/api/v1/recusals", params(RecusalParams),
    responses((status = 200, description = "`{unit_id, items: [{id, case_id, case_number, case_title, user_id, user_name, unit_name, reason, self_declared, declared_by_name, declared_at, lifted, lifted_by_name, lifted_at, lift_reason}], total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "A unit, status or format that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<RecusalParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    if super::wants_xlsx(given(&p.format), a.lang)? {
        let (app, user, q) = (&s.app, &a.user, &q);
        let all = crate::pages::export::every_page(|n| async move {
            app.recusal_register(user, q, n, 200)
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "recusals.xlsx", all.len());
        return crate::pages::recusals_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    s.app
        .recusal_register(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(|l| Json(l).into_response())
        .map_err(|e| ApiError::new(e, a.lang))
}
