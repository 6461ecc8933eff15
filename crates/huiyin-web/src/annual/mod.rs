//! The annual petition report (Art. 41; CONTRACT `GET /api/v1/reports/annual?unit_id=&year=&format=docx|xlsx|html`):
//! JSON by default, an editable Word document, a workbook, or a printable page whose draft
//! paragraphs a clerk edits before printing; the staff page `/reports/annual` shows the same
//! page, its figures linked to the cases behind them (`/stats/cases`).

mod docx;
mod xlsx;

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use huiyin_app::{AnnualReport, CurrentUser, ReportFigure};
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::Authed;
use crate::pages::i18n::pick;

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct AnnualParams {
    /// A unit of one's scope (default: one's own scope).
    pub unit_id: Option<String>,
    /// The year (default: last year).
    pub year: Option<String>,
    /// `json` (default), `html`, `docx` or `xlsx`.
    pub format: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Html,
    Docx,
    Xlsx,
}

impl AnnualParams {
    /// The unit, year and format, or every parameter that does not read, at once.
    fn read(&self, last_year: i32) -> Result<(Option<i64>, i32, Format), DomainError> {
        let mut e = DomainError::new(ErrorCode::Validation);
        let unit = given(&self.unit_id).and_then(|u| {
            let id = u.parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                e = e
                    .clone()
                    .with("unit_id", "应为单位编号", "expected a unit id");
            }
            id
        });
        let year = match given(&self.year) {
            None => last_year,
            Some(y) => y.parse::<i32>().unwrap_or_else(|_| {
                e = e
                    .clone()
                    .with("year", "年度应为四位数字，如2025", "a year, e.g. 2025");
                last_year
            }),
        };
        let format = match given(&self.format) {
            None | Some("json") => Format::Json,
            Some("html") => Format::Html,
            Some("docx") => Format::Docx,
            Some("xlsx") => Format::Xlsx,
            Some(_) => {
                e = e.clone().with(
                    "format",
                    "格式应为 json、html、docx 或 xlsx",
                    "json, html, docx or xlsx",
                );
                Format::Json
            }
        };
        if e.fields.is_empty() {
            Ok((unit, year, format))
        } else {
            Err(e)
        }
    }
}

#[derive(Template)]
#[template(path = "report/annual.html")]
struct AnnualPage<'a> {
    r: &'a AnnualReport,
    lang: Lang,
    tables: Vec<(&'static str, &'a [ReportFigure])>,
    /// Shown to staff in a browser (figures link to the staff drill-down page).
    staff_page: bool,
    docx_href: String,
    xlsx_href: String,
}

impl AnnualPage<'_> {
    fn pick<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        pick(self.lang, zh, en)
    }

    /// Where a figure's cases are: the staff page, or the API query.
    fn link(&self, f: &ReportFigure) -> String {
        if self.staff_page {
            f.cases
                .replacen("/api/v1/stats/breakdown/cases?", "/stats/cases?", 1)
        } else {
            f.cases.clone()
        }
    }
}

fn download(bytes: Vec<u8>, content_type: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The report in one of its forms.
pub(crate) fn render(
    r: &AnnualReport,
    format: &str,
    lang: Lang,
    staff_page: bool,
) -> Result<Response, String> {
    let base = if staff_page {
        "/reports/annual"
    } else {
        "/api/v1/reports/annual"
    };
    let name = format!("huiyin-annual-report-{}-{}", r.unit_id, r.year);
    match format {
        "docx" => docx::annual_docx(r)
            .map(|b| download(b, crate::docx::CONTENT_TYPE, format!("{name}.docx")))
            .map_err(|e| e.to_string()),
        "xlsx" => xlsx::annual_xlsx(r)
            .map(|b| {
                download(
                    b,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    format!("{name}.xlsx"),
                )
            })
            .map_err(|e| e.to_string()),
        _ => {
            let page = AnnualPage {
                r,
                lang,
                tables: vec![
                    ("附表一 按月份", &r.by_month),
                    ("附表二 按信访渠道", &r.by_channel),
                    ("附表三 按信访类型", &r.by_type),
                    ("附表四 按处理结果", &r.by_outcome),
                    ("附表五 涉及领域", &r.fields),
                    ("附表六 被反映较多的单位", &r.most_complained),
                ],
                staff_page,
                docx_href: format!("{base}?unit_id={}&year={}&format=docx", r.unit_id, r.year),
                xlsx_href: format!("{base}?unit_id={}&year={}&format=xlsx", r.unit_id, r.year),
            };
            page.render()
                .map(|h| Html(h).into_response())
                .map_err(|e| e.to_string())
        }
    }
}

/// Reads the parameters and builds the report for `user`.
pub(crate) async fn report_of(
    s: &AppState,
    user: &CurrentUser,
    p: &AnnualParams,
) -> Result<(AnnualReport, &'static str), huiyin_app::AppError> {
    let (unit, year, format) = p.read(s.app.today().year() - 1)?;
    let r = s.app.annual_report(user, unit, year).await?;
    let what = match format {
        Format::Json => "json",
        Format::Html => "html",
        Format::Docx => "docx",
        Format::Xlsx => "xlsx",
    };
    Ok((r, what))
}

/// The annual petition report (Art. 41) of a unit of one's scope.
#[utoipa::path(get, path = "/api/v1/reports/annual", params(AnnualParams),
    responses((status = 200, description = "The report as JSON, or a .docx, .xlsx or printable HTML with `format`"),
        (status = 403, description = "A unit outside one's scope"), (status = 422, description = "Invalid parameters")))]
pub async fn annual(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<AnnualParams>,
) -> Result<Response, ApiError> {
    let (r, format) = report_of(&s, &a.user, &p)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    if format == "json" {
        return Ok(Json(r).into_response());
    }
    s.app
        .record_export(&a.user, &format!("annual_report.{format}"), 1);
    render(&r, format, a.lang, false).map_err(|e| {
        tracing::error!(error = %e, "the annual report could not be rendered");
        ApiError::code(ErrorCode::Internal, a.lang)
    })
}
