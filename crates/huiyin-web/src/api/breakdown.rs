//! Statistics breakdowns (issue 16 item 1): counts by one dimension with the same period a year
//! before, as JSON or a workbook, and the cases behind any figure.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::{BreakdownQuery, CaseList};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::{BreakdownBy, Channel, PetitionType};
use serde::Deserialize;
use utoipa::IntoParams;

use super::period::read_period;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BreakdownParams {
    /// `month`, `category`, `field` (top-level category), `region`, `unit` (被反映单位),
    /// `handling_unit`, `channel`, `type`, `outcome` or `stage`.
    pub by: Option<String>,
    /// A unit of one's scope; its petitions are counted (default: one's own scope).
    pub unit_id: Option<String>,
    /// First day of receipt counted (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day of receipt counted (default: today).
    pub to: Option<String>,
    /// Only this petition type (`suggestion`, `accusation`, `appeal`).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub petition_type: Option<String>,
    /// Only this channel.
    pub channel: Option<String>,
    /// Only this category or those below it.
    pub category: Option<String>,
    /// `xlsx` for a workbook (default JSON).
    pub format: Option<String>,
    /// Drill-down: the figure's key.
    pub key: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl BreakdownParams {
    /// The query, or every parameter that does not read, at once.
    pub(crate) fn query(
        &self,
        s: &AppState,
        lang: crate::Lang,
    ) -> Result<BreakdownQuery, ApiError> {
        let (unit_id, from, to) = read_period(
            self.unit_id.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            s.app.today(),
            lang,
        )?;
        let mut e = DomainError::new(ErrorCode::Validation);
        let by = match given(&self.by).map(BreakdownBy::parse) {
            Some(Some(by)) => Some(by),
            _ => {
                e = e.with(
                    "by",
                    "请指定统计维度：month、category、field、region、unit、handling_unit、channel、type、outcome 或 stage",
                    "by: month, category, field, region, unit, handling_unit, channel, type, outcome or stage",
                );
                None
            }
        };
        let petition_type = given(&self.petition_type).and_then(|t| {
            let p = PetitionType::parse(t);
            if p.is_none() {
                e = e.clone().with(
                    "type",
                    "信访类型应为 suggestion、accusation 或 appeal",
                    "suggestion, accusation or appeal",
                );
            }
            p
        });
        let channel = given(&self.channel).and_then(|c| {
            let p = Channel::parse(c);
            if p.is_none() {
                e = e
                    .clone()
                    .with("channel", "信访渠道不存在", "no such channel");
            }
            p
        });
        match (by, e.fields.is_empty()) {
            (Some(by), true) => Ok(BreakdownQuery {
                by,
                unit_id,
                from,
                to,
                petition_type,
                channel,
                category: given(&self.category).map(str::to_owned),
            }),
            _ => Err(ApiError::domain(e, lang)),
        }
    }
}

/// Petitions counted by month, category, region, unit, handling unit, channel, type, outcome
/// or stage, each beside the same period a year before.
#[utoipa::path(get, path = "/api/v1/stats/breakdown", params(BreakdownParams),
    responses((status = 200, description = "`{by, unit_id, from, to, total, last_year_total, items: [{key, label, label_en, count, last_year}]}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "A unit outside one's scope"), (status = 422, description = "Invalid parameters")))]
pub async fn breakdown(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<BreakdownParams>,
) -> Result<Response, ApiError> {
    let q = p.query(&s, a.lang)?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    let view = s
        .app
        .breakdown(&a.user, &q)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if xlsx {
        s.app
            .record_export(&a.user, "breakdown.xlsx", view.items.len());
        return crate::pages::breakdown_workbook(&view, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    Ok(Json(view).into_response())
}

/// The cases behind one figure of a breakdown (`by` and `key`, with the same filters).
#[utoipa::path(get, path = "/api/v1/stats/breakdown/cases", params(BreakdownParams),
    responses((status = 200, description = "`{items, total}`: the cases"), (status = 403, description = "A unit outside one's scope"),
        (status = 422, description = "Invalid parameters or no key")))]
pub async fn breakdown_cases(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<BreakdownParams>,
) -> Result<Json<CaseList>, ApiError> {
    let q = p.query(&s, a.lang)?;
    let Some(key) = given(&p.key) else {
        return Err(ApiError::domain(
            DomainError::invalid("key", "请指定要查看的统计项（key）", "the figure's key"),
            a.lang,
        ));
    };
    s.app
        .breakdown_cases(
            &a.user,
            &q,
            key,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
