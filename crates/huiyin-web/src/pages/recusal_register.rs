//! `GET /recusals`: the 回避 register of the user's scope — every recusal on a case the user
//! may open, the latest first, standing or lifted — 20 a page, with an xlsx download
//! (`GET /recusals.xlsx`, the same workbook as `GET /api/v1/recusals?format=xlsx`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::{AppError, RecusalRegisterItem};
use huiyin_core::error::ErrorCode;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::api::recusal_register::RecusalParams;
use crate::error::Lang;

const PER_PAGE: u32 = 20;

/// The query string as typed, echoed back into the filters and links.
#[derive(Deserialize, Default, Clone)]
pub struct RegisterQuery {
    pub unit_id: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl RegisterQuery {
    fn params(&self) -> RecusalParams {
        RecusalParams {
            unit_id: self.unit_id.clone(),
            status: self.status.clone(),
            ..RecusalParams::default()
        }
    }

    /// The filters as a query string (for the pager and the download).
    fn as_query(&self) -> String {
        [("unit_id", &self.unit_id), ("status", &self.status)]
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Template)]
#[template(path = "staff/recusal_register.html")]
struct RegisterPage {
    c: Chrome,
    items: Vec<RecusalRegisterItem>,
    total: i64,
    page: u32,
    pages: u32,
    units: Vec<Opt>,
    status: String,
    filter_query: String,
    error_message: Option<String>,
    errors: Vec<String>,
}

/// `GET /recusals`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<RegisterQuery>,
) -> Response {
    let lang = staff.lang;
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let answer = match q.params().query(lang) {
        Ok(query) => {
            s.app
                .recusal_register(&staff.user, &query, page, PER_PAGE)
                .await
        }
        Err(e) => Err(e.error),
    };
    let (list, error, status) = match answer {
        Ok(l) => (Some(l), None, StatusCode::OK),
        Err(e) if e.error_code() == ErrorCode::Validation => (
            None,
            Some(error_text(&e, lang)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => return error_page(&s, &staff, &e),
    };
    let (items, total) = list.map_or((Vec::new(), 0), |l| (l.items, l.total));
    let (error_message, errors) = error.unzip();
    let view = RegisterPage {
        c: Chrome::new(&s, &staff, "recusals", pick(lang, "回避登记", "Recusals")),
        pages: u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items,
        total,
        page,
        units: super::units::filter_unit_options(&s, &staff.user, blank(&q.unit_id)),
        status: blank(&q.status).unwrap_or("").to_owned(),
        filter_query: q.as_query(),
        error_message,
        errors: errors.unwrap_or_default(),
    };
    render_status(status, &view)
}

/// `GET /recusals.xlsx`: every recusal the register's filters match.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<RegisterQuery>,
) -> Response {
    let query = match q.params().query(staff.lang) {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let query = &query;
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.recusal_register(user, query, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app.record_export(&staff.user, "recusals.xlsx", all.len());
    recusals_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

/// The register as an Excel workbook (`GET /api/v1/recusals?format=xlsx` and the page's
/// download).
pub fn recusals_workbook(
    items: &[RecusalRegisterItem],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "信访事项编号", "Case number"),
        pick(lang, "标题", "Title"),
        pick(lang, "回避人员", "Recused"),
        pick(lang, "所在单位", "Unit"),
        pick(lang, "回避事由", "Reason"),
        pick(lang, "提出方式", "How"),
        pick(lang, "登记人", "Recorded by"),
        pick(lang, "状态", "Status"),
        pick(lang, "解除事由", "Lift reason"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let r = &i.recusal;
            vec![
                i.case_number.clone(),
                i.case_title.clone(),
                r.user_name.clone(),
                i.unit_name.clone(),
                r.reason.clone(),
                if r.self_declared {
                    pick(lang, "本人申请", "Declared")
                } else {
                    pick(lang, "领导决定", "Given by a leader")
                }
                .to_owned(),
                r.declared_by_name.clone(),
                if r.lifted {
                    pick(lang, "已解除", "Lifted")
                } else {
                    pick(lang, "回避中", "Standing")
                }
                .to_owned(),
                r.lift_reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(pick(lang, "回避登记", "Recusals"), &headers, &rows, None)?;
    Ok(super::export::xlsx_download(bytes, "huiyin-recusals.xlsx"))
}
