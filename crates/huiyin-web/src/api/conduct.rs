//! Prohibited conduct at reception sites (Art. 26; issue 15 item 8): recording it about a
//! petitioner record, one record, and the register of a unit's sites. Staff only.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::ConductView;
use huiyin_core::conduct::ConductForm;
use huiyin_core::error::ErrorCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// Record conduct of Art. 26 about a petitioner record one may open, at a reception site of
/// one's unit or a unit below it (default: one's unit), with the measures taken.
#[utoipa::path(post, path = "/api/v1/conduct", request_body = ConductForm,
    responses((status = 201, description = "The record"), (status = 404, description = "`person.not_found`: a petitioner record out of sight"),
        (status = 403, description = "Not case staff who handle cases"), (status = 422, description = "Invalid fields")))]
pub async fn record(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<ConductForm>,
) -> Result<(StatusCode, Json<ConductView>), ApiError> {
    s.app
        .record_conduct(&a.user, form)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConductParams {
    /// A unit of one's scope: its sites and those of the units below it (default: one's scope).
    pub unit_id: Option<String>,
    /// `YYYY-MM-DD`; default 1 January of this year.
    pub from: Option<String>,
    /// `YYYY-MM-DD`; default today.
    pub to: Option<String>,
    /// `xlsx` for a workbook of every matching record (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// The register of conduct at the reception sites of one's scope, newest first.
#[utoipa::path(get, path = "/api/v1/conduct", params(ConductParams),
    responses((status = 200, description = "`{unit_id, from, to, items, total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"), (status = 422, description = "A unit or day that does not read")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ConductParams>,
) -> Result<Response, ApiError> {
    let (unit, from, to) = read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        a.lang,
    )?;
    let format = p.format.as_deref().map(str::trim).filter(|f| !f.is_empty());
    let xlsx = super::wants_xlsx(format, a.lang)?;
    if xlsx {
        let (app, user) = (&s.app, &a.user);
        let all = crate::pages::export::every_page(|n| async move {
            app.conduct_list(user, unit, (from, to), (n, 200))
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "conduct.xlsx", all.len());
        return crate::pages::conduct_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    let list = s
        .app
        .conduct_list(
            &a.user,
            unit,
            (from, to),
            (p.page.unwrap_or(1), p.per_page.unwrap_or(20)),
        )
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(list).into_response())
}

/// One record.
#[utoipa::path(get, path = "/api/v1/conduct/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "The record"), (status = 404, description = "`conduct.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<ConductView>, ApiError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::ConductNotFound, a.lang))?;
    s.app
        .conduct_record(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
