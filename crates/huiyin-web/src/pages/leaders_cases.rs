//! `GET /leaders/cases`: the cases behind one side of a figure of the 领导督查 page's scorecard
//! (the same use case as `GET /api/v1/stats/rates/cases`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::ScorecardQuery;
use huiyin_core::Date;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::rows::{CaseRow, case_row};
use super::scorecard_export::kpi_label;
use super::session::Staff;
use crate::AppState;
use crate::error::Lang;

#[derive(Deserialize)]
pub struct DrillParams {
    pub kpi: Option<String>,
    pub unit_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub part: Option<String>,
    pub page: Option<u32>,
}

#[derive(Template)]
#[template(path = "staff/leaders_cases.html")]
struct CasesPage {
    c: Chrome,
    what: String,
    rows: Vec<CaseRow>,
    total: i64,
    page: u32,
    pages: i64,
    qs: String,
}

/// `GET /leaders/cases`: the cases behind one side of a scorecard figure.
pub async fn cases(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<DrillParams>,
) -> Response {
    let lang: Lang = staff.lang;
    let today = s.app.today();
    let date = |v: &Option<String>| v.as_deref().and_then(|d| Date::parse(d.trim()).ok());
    let (from, to) = (date(&p.from).unwrap_or(today), date(&p.to).unwrap_or(today));
    let part = match p.part.as_deref() {
        Some("numerator") => huiyin_app::FractionPart::Numerator,
        _ => huiyin_app::FractionPart::Denominator,
    };
    let kpi = p.kpi.clone().unwrap_or_default();
    let q = ScorecardQuery {
        unit_id: p.unit_id,
        level: None,
        from,
        to,
        month: None,
    };
    let page = p.page.unwrap_or(1).max(1);
    let found = match s
        .app
        .scorecard_cases(&staff.user, q, &kpi, part, page, 20)
        .await
    {
        Ok(f) => f,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let org = s.app.org();
    let unit = p
        .unit_id
        .and_then(|u| org.get(u).map(|u| u.name.clone()))
        .unwrap_or_default();
    let side = match part {
        huiyin_app::FractionPart::Numerator => pick(lang, "分子", "numerator"),
        huiyin_app::FractionPart::Denominator => pick(lang, "分母", "denominator"),
    };
    let view = CasesPage {
        c: Chrome::new(
            &s,
            &staff,
            "leaders",
            pick(lang, "考评 · 事项", "Scorecard · cases"),
        ),
        what: format!(
            "{unit} · {} · {side} · {from} — {to}",
            kpi_label(&kpi, lang)
        ),
        rows: found
            .items
            .iter()
            .map(|v| case_row(v, &org, today, lang))
            .collect(),
        total: found.total,
        page: found.page,
        pages: ((found.total + 19) / 20).max(1),
        qs: format!(
            "kpi={kpi}&unit_id={}&from={from}&to={to}&part={}",
            p.unit_id.unwrap_or(0),
            p.part.as_deref().unwrap_or("denominator")
        ),
    };
    render(&view)
}
