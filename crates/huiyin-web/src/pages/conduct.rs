//! Prohibited conduct at reception sites (Art. 26): `GET /conduct`, the register of the user's
//! scope for a period with an xlsx download (`GET /conduct.xlsx`), and
//! `POST /persons/{id}/conduct`, the person page's form (the same use case as
//! `POST /api/v1/conduct`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, ConductList, ConductView};
use huiyin_core::Date;
use huiyin_core::conduct::ConductForm;
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::session::{Staff, StaffForm};
use crate::AppState;
use crate::error::Lang;

#[derive(Deserialize, Default)]
pub struct ConductQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The period asked for (default: this year so far), or the field that does not read.
fn period(q: &ConductQuery, today: Date) -> Result<(Date, Date), AppError> {
    let day = |v: &Option<String>, field: &str, default: Date| match blank(v) {
        None => Ok(default),
        Some(x) => Date::parse(x).map_err(|_| {
            AppError::from(DomainError::invalid(
                field,
                "日期格式应为YYYY-MM-DD",
                "expected YYYY-MM-DD",
            ))
        }),
    };
    let from = day(
        &q.from,
        "from",
        Date::from_ymd(today.year(), 1, 1).unwrap_or(today),
    )?;
    Ok((from, day(&q.to, "to", today)?))
}

#[derive(Template)]
#[template(path = "staff/conduct.html")]
struct ConductPage {
    c: Chrome,
    list: ConductList,
    pages: u32,
    error_message: Option<String>,
}

/// `GET /conduct`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ConductQuery>,
) -> Response {
    let today = s.app.today();
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let (answer, error_message) = match period(&q, today) {
        Ok(p) => (
            s.app.conduct_list(&staff.user, None, p, (page, 20)).await,
            None,
        ),
        Err(e) => {
            let message = error_text(&e, staff.lang).0;
            let fallback = (Date::from_ymd(today.year(), 1, 1).unwrap_or(today), today);
            (
                s.app
                    .conduct_list(&staff.user, None, fallback, (1, 20))
                    .await,
                Some(message),
            )
        }
    };
    let list = match answer {
        Ok(l) => l,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let status = if error_message.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ConductPage {
        c: Chrome::new(
            &s,
            &staff,
            "persons",
            pick(staff.lang, "违规行为记录", "Prohibited conduct"),
        ),
        pages: u32::try_from((list.total + 19) / 20).unwrap_or(1).max(1),
        list,
        error_message,
    };
    render_status(status, &view)
}

/// `GET /conduct.xlsx`: every record of the period.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ConductQuery>,
) -> Response {
    let p = match period(&q, s.app.today()) {
        Ok(p) => p,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.conduct_list(user, None, p, (n, 200))
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app.record_export(&staff.user, "conduct.xlsx", all.len());
    conduct_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

/// `POST /persons/{id}/conduct`: records conduct about the file's record, then shows the file
/// again (303) or the refusal with what was typed.
pub async fn record(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::PersonNotFound));
    };
    let mut input: ConductForm = fields.read(&["kinds"]);
    input.petitioner_id = huiyin_core::wire::Field::Given(id);
    match s.app.record_conduct(&staff.user, input).await {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=conduct")).into_response(),
        Err(e) => {
            super::person_page::refused(&s, staff, id, e, ("conduct".to_owned(), fields)).await
        }
    }
}

/// The records as an Excel workbook (`GET /api/v1/conduct?format=xlsx` and the page's download).
pub fn conduct_workbook(
    items: &[ConductView],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "发生日期", "Day"),
        pick(lang, "信访人", "Petitioner"),
        pick(lang, "信访事项", "Case"),
        pick(lang, "接待场所所属单位", "Site of"),
        pick(lang, "地点", "Place"),
        pick(lang, "行为", "Conduct"),
        pick(lang, "经过", "What happened"),
        pick(lang, "处置措施", "Measures"),
        pick(lang, "移交公安机关", "Referred to the police"),
        pick(lang, "记录人", "Recorded by"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.on.to_string(),
                r.person_name.clone(),
                r.case_number.clone(),
                r.unit_name.clone(),
                r.place.clone(),
                r.kinds
                    .iter()
                    .map(|k| pick(lang, k.label, k.label_en))
                    .collect::<Vec<_>>()
                    .join("；"),
                r.description.clone(),
                r.measures.clone(),
                if r.police_referred {
                    r.police_unit.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                r.recorded_by_name.clone(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "违规行为记录", "Prohibited conduct"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(bytes, "huiyin-conduct.xlsx"))
}
