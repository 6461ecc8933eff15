//! `GET /analysis`: 研判 (issue 13 item 4) — open warnings by level, the weekly trend of each
//! matter category with its expected band (charts drawn in the browser by the vendored
//! `static/analysis.js` from the tables beside them), the schools and matters petitioned about
//! most, and the table by region; every figure links to its cases at `GET /analysis/cases`.
//! Both read through the same use cases as the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::{AnalysisView, AppError};
use huiyin_core::Date;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::list::Opt;
use super::rows::{CaseRow, case_row};
use super::session::{Staff, url_escape};
use super::units::unit_options;
use crate::AppState;
use crate::api::analysis::AnalysisParams;
use crate::error::Lang;

const PER_PAGE: u32 = 20;
const WEEK_CHOICES: [u32; 5] = [4, 8, 12, 26, 52];

/// A drill-down link: the cases of `unit` (the page's) about `concerned` in `category`,
/// received in `[from, to]`.
fn cases_link(
    unit: i64,
    concerned: Option<i64>,
    category: Option<&str>,
    from: Date,
    to: Date,
) -> String {
    let mut href = format!("/analysis/cases?unit_id={unit}&from={from}&to={to}");
    if let Some(u) = concerned {
        href.push_str(&format!("&concerned_unit_id={u}"));
    }
    if let Some(c) = category {
        href.push_str(&format!("&category={}", url_escape(c)));
    }
    href
}

pub struct LevelCard {
    pub level: &'static str,
    pub label: &'static str,
    pub open: i64,
    pub escalated: i64,
    pub href: String,
}

pub struct TrendRow {
    pub week: String,
    pub count: i64,
    pub expected: String,
    pub upper: String,
    pub above: bool,
    pub href: String,
}

pub struct Trend {
    pub name: String,
    pub total: i64,
    pub href: String,
    pub rows: Vec<TrendRow>,
}

pub struct FigureRow {
    pub name: String,
    pub count: i64,
    pub href: String,
}

pub struct RegionLine {
    pub name: String,
    pub count: i64,
    pub href: String,
    pub previous: i64,
    pub previous_href: String,
    /// "+3", "−2" or "0".
    pub change: String,
    pub rising: bool,
    pub top_category: String,
}

#[derive(Template)]
#[template(path = "staff/analysis.html")]
struct AnalysisPage {
    c: Chrome,
    unit_name: String,
    from: String,
    to: String,
    total: i64,
    total_href: String,
    units: Vec<Opt>,
    weeks: Vec<Opt>,
    levels: Vec<LevelCard>,
    trends: Vec<Trend>,
    top_units: Vec<FigureRow>,
    top_matters: Vec<FigureRow>,
    regions: Vec<RegionLine>,
}

fn fmt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn page(s: &AppState, staff: &Staff, p: &AnalysisParams, v: &AnalysisView) -> AnalysisPage {
    let lang = staff.lang;
    let unit = v.unit_id;
    let (from, to) = (v.from, v.to);
    let weeks_now = p
        .weeks
        .as_deref()
        .and_then(|w| w.trim().parse::<u32>().ok())
        .unwrap_or(huiyin_app::DEFAULT_WEEKS);
    AnalysisPage {
        c: Chrome::new(s, staff, "analysis", pick(lang, "研判", "Analysis")),
        unit_name: v.unit_name.clone(),
        from: from.to_string(),
        to: to.to_string(),
        total: v.total,
        total_href: cases_link(unit, None, None, from, to),
        units: unit_options(s, &staff.user, &[], Some(unit)),
        weeks: WEEK_CHOICES
            .iter()
            .map(|w| Opt {
                value: w.to_string(),
                label: format!("{w} {}", pick(lang, "周", "weeks")),
                selected: *w == weeks_now,
            })
            .collect(),
        levels: v
            .warnings
            .iter()
            .map(|l| LevelCard {
                level: l.level.as_str(),
                label: pick(lang, l.level.zh(), l.level.en()),
                open: l.open,
                escalated: l.escalated,
                href: format!("/warnings?status=open&level={}", l.level.as_str()),
            })
            .collect(),
        trends: v
            .trends
            .iter()
            .map(|t| Trend {
                name: pick(lang, &t.name_zh, &t.name_en).to_owned(),
                total: t.total,
                href: cases_link(unit, None, Some(&t.category), from, to),
                rows: t
                    .points
                    .iter()
                    .map(|p| TrendRow {
                        week: p.week.to_string(),
                        count: p.count,
                        expected: fmt(p.expected),
                        upper: fmt(p.upper),
                        above: p.above,
                        href: cases_link(unit, None, Some(&t.category), p.week, p.week.add_days(6)),
                    })
                    .collect(),
            })
            .collect(),
        top_units: v
            .top_units
            .iter()
            .map(|f| FigureRow {
                name: pick(lang, &f.name_zh, &f.name_en).to_owned(),
                count: f.count,
                href: cases_link(unit, f.key.parse().ok(), None, from, to),
            })
            .collect(),
        top_matters: v
            .top_matters
            .iter()
            .map(|f| FigureRow {
                name: pick(lang, &f.name_zh, &f.name_en).to_owned(),
                count: f.count,
                href: cases_link(unit, None, Some(&f.key), from, to),
            })
            .collect(),
        regions: v
            .regions
            .iter()
            .map(|r| {
                let diff = r.count - r.previous;
                RegionLine {
                    name: r.unit_name.clone(),
                    count: r.count,
                    href: cases_link(unit, Some(r.unit_id), None, from, to),
                    previous: r.previous,
                    previous_href: cases_link(
                        unit,
                        Some(r.unit_id),
                        None,
                        v.previous_from,
                        from.add_days(-1),
                    ),
                    change: match diff {
                        d if d > 0 => format!("+{d}"),
                        d if d < 0 => format!("−{}", -d),
                        _ => "0".to_owned(),
                    },
                    rising: diff > 0,
                    top_category: r.top_category.clone().unwrap_or_default(),
                }
            })
            .collect(),
    }
}

/// `GET /analysis`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<AnalysisParams>,
) -> Response {
    let found = match p.query() {
        Ok(q) => s.app.analysis(&staff.user, q).await,
        Err(e) => Err(AppError::Domain(e)),
    };
    match found {
        Ok(v) => render(&page(&s, &staff, &p, &v)),
        Err(e) => error_page(&s, &staff, &e),
    }
}

#[derive(Template)]
#[template(path = "staff/analysis_cases.html")]
struct CasesPage {
    c: Chrome,
    what: String,
    rows: Vec<CaseRow>,
    total: i64,
    page: u32,
    pages: i64,
    qs: String,
}

/// What a drill-down lists, in words.
fn describe(s: &AppState, p: &AnalysisParams, lang: Lang) -> String {
    let org = s.app.org();
    let name = |v: &Option<String>| {
        v.as_deref()
            .and_then(|u| u.trim().parse::<i64>().ok())
            .and_then(|u| org.get(u).map(|u| u.name.clone()))
    };
    let mut parts = Vec::new();
    if let Some(u) = name(&p.concerned_unit_id) {
        parts.push(format!("{}{u}", pick(lang, "涉及", "about ")));
    }
    if let Some(c) = p.category.as_deref().and_then(|c| {
        s.app
            .categories()
            .get(c.trim())
            .map(|c| pick(lang, &c.name_zh, &c.name_en).to_owned())
    }) {
        parts.push(c);
    }
    if let (Some(f), Some(t)) = (&p.from, &p.to) {
        parts.push(format!("{f} — {t}"));
    }
    parts.join(" · ")
}

/// `GET /analysis/cases`
pub async fn cases(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<AnalysisParams>,
) -> Response {
    let lang = staff.lang;
    let page = p.page.unwrap_or(1).max(1);
    let found = match p.cases_query() {
        Ok(q) => s.app.analysis_cases(&staff.user, q, page, PER_PAGE).await,
        Err(e) => Err(AppError::Domain(e)),
    };
    let found = match found {
        Ok(f) => f,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let org = s.app.org();
    let today = s.app.today();
    let per_page = i64::from(found.per_page.max(1));
    let qs = [
        ("unit_id", &p.unit_id),
        ("concerned_unit_id", &p.concerned_unit_id),
        ("category", &p.category),
        ("from", &p.from),
        ("to", &p.to),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| format!("{k}={}", url_escape(v)))
    })
    .collect::<Vec<_>>()
    .join("&");
    let view = CasesPage {
        c: Chrome::new(
            &s,
            &staff,
            "analysis",
            pick(lang, "研判 · 事项", "Analysis · cases"),
        ),
        what: describe(&s, &p, lang),
        rows: found
            .items
            .iter()
            .map(|v| case_row(v, &org, today, lang))
            .collect(),
        total: found.total,
        page: found.page,
        pages: ((found.total + per_page - 1) / per_page).max(1),
        qs,
    };
    render(&view)
}
