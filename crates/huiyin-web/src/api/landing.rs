//! 件件有着落 (issue 16 item 3): every case of a period and where it stands now, the cases in
//! hands that nobody has been allotted counted and listed on request.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::{LandingFilter, LandingReport};
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;

use super::period::read_period;
use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::Authed;

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct LandingParams {
    /// Cases handled in this unit and the units below it (default: one's whole scope).
    pub unit_id: Option<String>,
    /// First and last day of receipt (default: 1 January of this year to today).
    pub from: Option<String>,
    pub to: Option<String>,
    /// `all` (default), `open` (in hands), `unowned` (in hands, allotted to nobody) or
    /// `overdue` (in hands, past a staff deadline).
    pub only: Option<String>,
    /// `json` (default) or `xlsx` (every listed case).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 50.
    pub per_page: Option<u32>,
}

/// The parameters read: unit, period, filter, workbook or not.
pub(crate) fn read(
    p: &LandingParams,
    s: &AppState,
    lang: Lang,
) -> Result<
    (
        Option<i64>,
        huiyin_core::Date,
        huiyin_core::Date,
        LandingFilter,
        bool,
    ),
    ApiError,
> {
    let (unit, from, to) = read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        lang,
    )?;
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
    };
    let filter = match given(&p.only) {
        None => LandingFilter::All,
        Some(x) => LandingFilter::parse(&x).ok_or_else(|| {
            ApiError::domain(
                DomainError::invalid(
                    "only",
                    "应为 all、open（在办）、unowned（无人承办）或 overdue（已超期）",
                    "all, open, unowned or overdue",
                ),
                lang,
            )
        })?,
    };
    let xlsx = super::wants_xlsx(given(&p.format).as_deref(), lang)?;
    Ok((unit, from, to, filter, xlsx))
}

/// Every listed case of the report as a workbook.
pub(crate) fn workbook(
    r: &LandingReport,
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let bytes = crate::pages::landing_workbook(r, lang)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"huiyin-landing-{}-{}.xlsx\"",
                    r.from, r.to
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Every case received in a period and where it stands now (unit, 承办人, stage, deadline),
/// with the cases in hands allotted to nobody counted.
#[utoipa::path(get, path = "/api/v1/reports/landing", params(LandingParams),
    responses((status = 200, description = "`{total, by_stage, open, unowned, overdue, items: [{number, status, handling_unit_name, handler_name, unowned, next_due_on, overdue}], items_total}`, or a workbook with `format=xlsx`"),
        (status = 422, description = "Invalid parameters")))]
pub async fn landing(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<LandingParams>,
) -> Result<Response, ApiError> {
    let (unit, from, to, filter, xlsx) = read(&p, &s, a.lang)?;
    let paging = if xlsx {
        (1, 200)
    } else {
        (p.page.unwrap_or(1), p.per_page.unwrap_or(50))
    };
    let mut r = s
        .app
        .landing_report(&a.user, unit, (from, to), filter, paging)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if !xlsx {
        return Ok(Json(r).into_response());
    }
    // The workbook lists every case the filter asks for, page after page.
    let mut page = 1;
    while (r.items.len() as i64) < r.items_total {
        page += 1;
        let more = s
            .app
            .landing_report(&a.user, unit, (from, to), filter, (page, 200))
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        if more.items.is_empty() {
            break;
        }
        r.items.extend(more.items);
    }
    s.app.record_export(&a.user, "landing.xlsx", r.items.len());
    workbook(&r, a.lang).map_err(|_| ApiError::code(ErrorCode::Internal, a.lang))
}
