//! Headline rates.

use axum::Json;
use axum::extract::{Query, State};
use huiyin_app::RatesView;
use huiyin_core::Date;
use huiyin_core::error::DomainError;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesParams {
    /// A unit; its subtree is counted (default: everything the caller sees).
    pub unit_id: Option<String>,
    /// First day of receipt counted (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day of receipt counted (default: today).
    pub to: Option<String>,
}

/// 及时受理率, 按期办结率, 群众满意率 and 参评率 with their formulas and counts.
#[utoipa::path(get, path = "/api/v1/stats/rates", params(RatesParams), responses((status = 200, description = "`{counts, rates}`")))]
pub async fn rates(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<RatesParams>,
) -> Result<Json<RatesView>, ApiError> {
    let bad = |f: &str| ApiError::domain(DomainError::invalid(f, "格式有误", "invalid"), a.lang);
    let today = s.app.today();
    let date = |v: &Option<String>, f: &str, default: Date| match v
        .as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        Some(x) => Date::parse(x).map_err(|_| bad(f)),
        None => Ok(default),
    };
    let from = date(
        &p.from,
        "from",
        Date::from_ymd(today.year(), 1, 1).unwrap_or(today),
    )?;
    let to = date(&p.to, "to", today)?;
    let unit = match p
        .unit_id
        .as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        Some(x) => Some(x.parse::<i64>().map_err(|_| bad("unit_id"))?),
        None => None,
    };
    s.app
        .rates(&a.user, unit, from, to)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
