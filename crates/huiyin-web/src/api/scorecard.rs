//! 考评 scorecards (CONTRACT.md "Scorecards"): the units of a level scored and ranked for a
//! period, the cases behind any figure, and the scheme in force.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::{CaseList, FractionPart, ScorecardQuery};
use huiyin_core::Date;
use huiyin_core::error::DomainError;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardParams {
    /// The unit whose units are scored (default: the caller's own body).
    pub unit_id: Option<String>,
    /// Score the units at this level under it: 2 province, 3 city, 4 county, 5 school
    /// (default: the bodies directly under it).
    pub level: Option<String>,
    /// First day of the period (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day of the period (default: today).
    pub to: Option<String>,
    /// A completed month, `YYYY-MM`: its frozen scorecard (frozen the first time asked for),
    /// instead of `from`/`to`.
    pub month: Option<String>,
    /// `xlsx` for a workbook (default JSON).
    pub format: Option<String>,
    /// The drill-down's figure: timely_acceptance | on_time_conclusion | participation |
    /// satisfaction | supervision_on_time | repeat | overdue.
    pub kpi: Option<String>,
    /// The drill-down's side: numerator | denominator.
    pub part: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl ScorecardParams {
    /// The query, or every field that does not read, at once.
    fn query(&self, today: Date) -> Result<ScorecardQuery, DomainError> {
        let mut problems: Vec<(&str, &str, &str)> = Vec::new();
        let mut date = |v: &Option<String>, field: &'static str, default: Date| match given(v) {
            None => default,
            Some(x) => Date::parse(x).unwrap_or_else(|_| {
                problems.push((field, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"));
                default
            }),
        };
        let from = date(
            &self.from,
            "from",
            Date::from_ymd(today.year(), 1, 1).unwrap_or(today),
        );
        let to = date(&self.to, "to", today);
        let unit_id = given(&self.unit_id).and_then(|x| {
            let u = x.parse::<i64>().ok().filter(|u| *u > 0);
            if u.is_none() {
                problems.push(("unit_id", "单位编号应为正整数", "a positive unit id"));
            }
            u
        });
        let level = given(&self.level).and_then(|x| {
            let l = x.parse::<u8>().ok().filter(|l| (1..=6).contains(l));
            if l.is_none() {
                problems.push(("level", "层级应为1至6", "a level from 1 to 6"));
            }
            l
        });
        let month = given(&self.month).and_then(|x| {
            let d = Date::parse(&format!("{x}-01")).ok();
            if d.is_none() {
                problems.push(("month", "月份格式应为YYYY-MM", "expected YYYY-MM"));
            }
            d
        });
        if let Some((f, zh, en)) = problems.first() {
            let mut e = DomainError::invalid(f, *zh, *en);
            for (f, zh, en) in &problems[1..] {
                e = e.with(f, *zh, *en);
            }
            return Err(e);
        }
        Ok(ScorecardQuery {
            unit_id,
            level,
            from,
            to,
            month,
        })
    }
}

/// Scores and ranks of the units of a level for a period, each part with its numerator and
/// denominator.
#[utoipa::path(get, path = "/api/v1/stats/scorecard", params(ScorecardParams),
    responses((status = 200, description = "`{items: [{unit_id, score, rank, parts: [{kpi, value, weight, points, numerator, denominator}]}]}` (with `month` and `frozen_at` for a frozen month), or a workbook with `format=xlsx`"),
        (status = 403, description = "A unit outside one's scope"), (status = 422, description = "Invalid parameters")))]
pub async fn scorecard(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ScorecardParams>,
) -> Result<Response, ApiError> {
    let q = p
        .query(s.app.today())
        .map_err(|e| ApiError::domain(e, a.lang))?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    let view = s
        .app
        .scorecard(&a.user, q)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if xlsx {
        s.app
            .record_export(&a.user, "scorecard.xlsx", view.items.len());
        return crate::pages::scorecard_workbook(&view, a.lang)
            .map_err(|_| ApiError::code(huiyin_core::error::ErrorCode::Internal, a.lang));
    }
    Ok(Json(view).into_response())
}

/// The cases behind the numerator or the denominator of a unit's figure.
#[utoipa::path(get, path = "/api/v1/stats/rates/cases", params(ScorecardParams),
    responses((status = 200, description = "`{items, total}`: the cases"), (status = 403, description = "A unit outside one's scope"),
        (status = 422, description = "Unknown kpi or part, invalid dates")))]
pub async fn rate_cases(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ScorecardParams>,
) -> Result<Json<CaseList>, ApiError> {
    let q = p
        .query(s.app.today())
        .map_err(|e| ApiError::domain(e, a.lang))?;
    let part = match given(&p.part) {
        Some("numerator") => FractionPart::Numerator,
        Some("denominator") | None => FractionPart::Denominator,
        Some(_) => {
            return Err(ApiError::domain(
                DomainError::invalid(
                    "part",
                    "应为 numerator（分子）或 denominator（分母）",
                    "numerator or denominator",
                ),
                a.lang,
            ));
        }
    };
    s.app
        .scorecard_cases(
            &a.user,
            q,
            given(&p.kpi).unwrap_or(""),
            part,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The scheme in force (TOML text in `toml`).
#[utoipa::path(get, path = "/api/v1/stats/scorecard/scheme", responses((status = 200, description = "`{toml}`")))]
pub async fn scheme(State(s): State<AppState>, a: Authed) -> Result<Json<Value>, ApiError> {
    s.app
        .scorecard_scheme_text()
        .await
        .map(|t| Json(json!({ "toml": t })))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// A scheme as sent: TOML text.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SchemeBody {
    /// The scheme in the format of `GET /api/v1/stats/scorecard/scheme`.
    pub toml: String,
}

/// Replace the scheme (administrators); one that does not parse changes nothing.
#[utoipa::path(put, path = "/api/v1/stats/scorecard/scheme", request_body = SchemeBody,
    responses((status = 200, description = "`{toml}`"), (status = 403, description = "Not an administrator"),
        (status = 422, description = "`scorecard.invalid`")))]
pub async fn put_scheme(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<SchemeBody>,
) -> Result<Json<Value>, ApiError> {
    s.app
        .update_scorecard_scheme(&a.user, &b.toml)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "toml": b.toml })))
}
