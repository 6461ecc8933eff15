//! 研判 (analysis; issue 13 item 4): the figures of a unit of one's scope over the last complete
//! weeks, and the cases behind any of them.

use axum::Json;
use axum::extract::{Query, State};
use huiyin_app::{AnalysisCasesQuery, AnalysisQuery, AnalysisView, CaseList};
use huiyin_core::Date;
use huiyin_core::error::DomainError;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct AnalysisParams {
    /// The unit whose petitions are read (default: the caller's own scope).
    pub unit_id: Option<String>,
    /// Complete weeks to read, 4 to 104 (default 12).
    pub weeks: Option<String>,
    /// Drill-down: about this unit or any below it.
    pub concerned_unit_id: Option<String>,
    /// Drill-down: in this category or below it.
    pub category: Option<String>,
    /// Drill-down: first and last day received (default: the last 12 weeks).
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

type Problem = (&'static str, &'static str, &'static str);

fn unit(v: &Option<String>, field: &'static str, problems: &mut Vec<Problem>) -> Option<i64> {
    given(v).and_then(|x| {
        let u = x.parse::<i64>().ok().filter(|u| *u > 0);
        if u.is_none() {
            problems.push((field, "单位编号应为正整数", "a positive unit id"));
        }
        u
    })
}

fn date(v: &Option<String>, field: &'static str, problems: &mut Vec<Problem>) -> Option<Date> {
    given(v).and_then(|x| {
        let d = Date::parse(x).ok();
        if d.is_none() {
            problems.push((field, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"));
        }
        d
    })
}

fn refuse(problems: &[Problem]) -> Result<(), DomainError> {
    match problems.split_first() {
        None => Ok(()),
        Some(((f, zh, en), rest)) => {
            let mut e = DomainError::invalid(f, *zh, *en);
            for (f, zh, en) in rest {
                e = e.with(f, *zh, *en);
            }
            Err(e)
        }
    }
}

impl AnalysisParams {
    /// The page's query, or every field that does not read, at once.
    pub(crate) fn query(&self) -> Result<AnalysisQuery, DomainError> {
        let mut problems = Vec::new();
        let unit_id = unit(&self.unit_id, "unit_id", &mut problems);
        let weeks = given(&self.weeks).and_then(|x| {
            let w = x.parse::<u32>().ok().filter(|w| (4..=104).contains(w));
            if w.is_none() {
                problems.push(("weeks", "周数应在 4 到 104 之间", "weeks: 4 to 104"));
            }
            w
        });
        refuse(&problems)?;
        Ok(AnalysisQuery { unit_id, weeks })
    }

    /// The drill-down's query.
    pub(crate) fn cases_query(&self) -> Result<AnalysisCasesQuery, DomainError> {
        let mut problems = Vec::new();
        let q = AnalysisCasesQuery {
            unit_id: unit(&self.unit_id, "unit_id", &mut problems),
            concerned_unit_id: unit(&self.concerned_unit_id, "concerned_unit_id", &mut problems),
            category: given(&self.category).map(str::to_owned),
            from: date(&self.from, "from", &mut problems),
            to: date(&self.to, "to", &mut problems),
        };
        refuse(&problems)?;
        Ok(q)
    }
}

/// The 研判 figures: open warnings by level, weekly trends per category with the expected
/// band, the top schools and matters, and the table by region.
#[utoipa::path(get, path = "/api/v1/analysis", params(AnalysisParams),
    responses((status = 200, description = "`{unit_id, from, to, total, warnings, trends, top_units, top_matters, regions}`"),
        (status = 403, description = "A unit outside one's scope"), (status = 422, description = "Invalid parameters")))]
pub async fn analysis(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<AnalysisParams>,
) -> Result<Json<AnalysisView>, ApiError> {
    let q = p.query().map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .analysis(&a.user, q)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The cases behind a figure of the 研判 page.
#[utoipa::path(get, path = "/api/v1/analysis/cases", params(AnalysisParams),
    responses((status = 200, description = "`{items, total}`: the cases"), (status = 403, description = "A unit outside one's scope"),
        (status = 422, description = "Unknown unit or category, invalid dates")))]
pub async fn cases(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<AnalysisParams>,
) -> Result<Json<CaseList>, ApiError> {
    let q = p.cases_query().map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .analysis_cases(&a.user, q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
