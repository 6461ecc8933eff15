//! The guide (办事指南) with the deadline calculator, and the disclosure page (信息公开).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::DeadlineAnswer;
use huiyin_app::portal::{Disclosure, GuideLimits, NamedCount, PublishedCase};
use huiyin_core::Date;
use huiyin_core::rules::DayCount;
use serde::Deserialize;

use super::i18n::{Msgs, PageLang, msgs};
use super::{error_text, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "portal/guide.html")]
struct GuidePage {
    t: &'static Msgs,
    nav: &'static str,
    limits: GuideLimits,
    calc: Option<DeadlineAnswer>,
    calc_error: Option<String>,
    start: String,
    days: String,
    unit: String,
}

#[derive(Deserialize)]
pub struct CalcParams {
    start: Option<String>,
    days: Option<String>,
    unit: Option<String>,
}

/// `GET /public`
pub async fn guide(
    State(s): State<AppState>,
    PageLang(lang): PageLang,
    Query(q): Query<CalcParams>,
) -> Response {
    let start = q.start.unwrap_or_default().trim().to_owned();
    let days = q.days.unwrap_or_default().trim().to_owned();
    let unit = q.unit.unwrap_or_default();
    let (mut calc, mut calc_error) = (None, None);
    if !start.is_empty() || !days.is_empty() {
        let count = if unit == "working" {
            DayCount::Working
        } else {
            DayCount::Calendar
        };
        match (Date::parse(&start), days.parse::<u32>()) {
            (Ok(d), Ok(n)) => match s.app.deadline(d, n, count) {
                Ok(a) => calc = Some(a),
                Err(e) => {
                    let (msg, fields) = error_text(&e, lang);
                    calc_error = Some(fields.first().map(|f| f.1.clone()).unwrap_or(msg));
                }
            },
            _ => calc_error = Some(msgs(lang).calc_bad.into()),
        }
    }
    let start = if start.is_empty() {
        s.app.today().to_string()
    } else {
        start
    };
    render(
        StatusCode::OK,
        &GuidePage {
            t: msgs(lang),
            nav: "guide",
            limits: s.app.guide_limits(),
            calc,
            calc_error,
            start,
            days: if days.is_empty() { "30".into() } else { days },
            unit,
        },
    )
}

/// A table row with its bar length (percent of the table's largest count).
pub struct BarRow {
    pub name: String,
    pub count: i64,
    pub pct: i64,
}

fn bars(v: &[NamedCount]) -> Vec<BarRow> {
    let max = v.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    v.iter()
        .map(|c| BarRow {
            name: c.name.clone(),
            count: c.count,
            pct: (c.count * 100 / max).clamp(1, 100),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "portal/disclosure.html")]
struct DisclosurePage {
    t: &'static Msgs,
    nav: &'static str,
    d: Disclosure,
    months: Vec<BarRow>,
    cats: Vec<BarRow>,
    regions: Vec<BarRow>,
    year: i32,
    years: Vec<i32>,
    /// Typical cases confirmed by a person for publication.
    cases: Vec<PublishedCase>,
}

#[derive(Deserialize)]
pub struct YearParam {
    year: Option<String>,
}

/// `GET /public/disclosure?year=`
pub async fn disclosure(
    State(s): State<AppState>,
    PageLang(lang): PageLang,
    Query(q): Query<YearParam>,
) -> Response {
    let t = msgs(lang);
    let today = s.app.today();
    let this_year = today.year();
    let year = q
        .year
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (this_year - 4..=this_year).contains(y))
        .unwrap_or(this_year);
    let from = Date::from_ymd(year, 1, 1).unwrap_or(today);
    let to = Date::from_ymd(year, 12, 31).unwrap_or(today).min(today);
    let cases = s.app.published_cases().await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "published cases failed");
        Vec::new()
    });
    match s.app.public_disclosure(from, to).await {
        Ok(d) => render(
            StatusCode::OK,
            &DisclosurePage {
                t,
                nav: "disclosure",
                months: bars(&d.by_month),
                cats: bars(&d.by_category),
                regions: bars(&d.by_region),
                d,
                year,
                years: (this_year - 4..=this_year).rev().collect(),
                cases,
            },
        ),
        Err(e) => {
            tracing::error!(error = %e, "disclosure failed");
            super::message_page(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                "disclosure",
                t.unavailable_h,
                t.unavailable,
                "/public",
            )
        }
    }
}
