//! `GET /persons`: the 信访人档案 list of the user's scope — the people behind its petitions
//! since a day, most cases first, or a lookup by ID number or by name and phone — 20 a page,
//! with an xlsx download (`GET /persons.xlsx`); `GET /cases/{id}/petitioners/{position}` opens
//! the file of one petitioner of a case.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, PersonListItem, PersonQuery};
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::error::Lang;

const PER_PAGE: u32 = 20;

/// The query string as typed, echoed back into the filters and links.
#[derive(Deserialize, Default, Clone)]
pub struct PersonListQuery {
    pub from: Option<String>,
    pub min_cases: Option<String>,
    pub id_number: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PersonListQuery {
    /// The use case's query; a day or number that does not read is refused with its field.
    fn query(&self) -> Result<PersonQuery, AppError> {
        let mut e = DomainError::new(ErrorCode::Validation);
        let from = blank(&self.from).and_then(|d| {
            let day = Date::parse(d).ok();
            if day.is_none() {
                e = e
                    .clone()
                    .with("from", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
            }
            day
        });
        let min_cases = blank(&self.min_cases).and_then(|n| {
            let n = n.parse::<i64>().ok();
            if n.is_none() {
                e = e
                    .clone()
                    .with("min_cases", "应为整数", "expected a whole number");
            }
            n
        });
        if !e.fields.is_empty() {
            return Err(e.into());
        }
        Ok(PersonQuery {
            unit_id: None,
            from,
            min_cases,
            id_number: blank(&self.id_number).map(str::to_owned),
            name: blank(&self.name).map(str::to_owned),
            phone: blank(&self.phone).map(str::to_owned),
        })
    }

    /// The filters as a query string (for the pager and the download).
    fn as_query(&self) -> String {
        [
            ("from", &self.from),
            ("min_cases", &self.min_cases),
            ("id_number", &self.id_number),
            ("name", &self.name),
            ("phone", &self.phone),
        ]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[derive(Template)]
#[template(path = "staff/persons.html")]
struct PersonsPage {
    c: Chrome,
    items: Vec<PersonListItem>,
    total: i64,
    page: u32,
    pages: u32,
    from: String,
    min_cases: i64,
    lookup: bool,
    q: PersonListQuery,
    filter_query: String,
    error_message: Option<String>,
    errors: Vec<String>,
}

impl PersonsPage {
    fn typed<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// `GET /persons`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<PersonListQuery>,
) -> Response {
    let lang = staff.lang;
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let answer = match q.query() {
        Ok(query) => s.app.persons(&staff.user, &query, page, PER_PAGE).await,
        Err(e) => Err(e),
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
    let lookup = blank(&q.id_number).is_some() || blank(&q.name).is_some();
    let (items, total, from, min_cases) = match list {
        Some(l) => (l.items, l.total, l.from.to_string(), l.min_cases),
        None => (Vec::new(), 0, String::new(), 2),
    };
    let (error_message, errors) = error.unzip();
    let view = PersonsPage {
        c: Chrome::new(
            &s,
            &staff,
            "persons",
            pick(lang, "信访人档案", "Petitioners"),
        ),
        pages: u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items,
        total,
        page,
        from,
        min_cases,
        lookup,
        filter_query: q.as_query(),
        q,
        error_message,
        errors: errors.unwrap_or_default(),
    };
    render_status(status, &view)
}

/// `GET /persons.xlsx`: every person the list's filters match.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<PersonListQuery>,
) -> Response {
    let query = match q.query() {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let query = &query;
    let (app, user) = (&s.app, &staff.user);
    let all = match super::export::every_page(|n| async move {
        app.persons(user, query, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
    {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app.record_export(&staff.user, "persons.xlsx", all.len());
    persons_workbook(&all, staff.lang)
        .unwrap_or_else(|_| error_page(&s, &staff, &AppError::code(ErrorCode::Internal)))
}

/// `GET /cases/{id}/petitioners/{position}`: the file of a case's petitioner (0 first).
pub async fn of_case(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, position)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(position)) = (
        id.parse::<i64>().ok().filter(|i| *i > 0),
        position.parse::<i64>().ok(),
    ) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::PersonNotFound));
    };
    match s.app.petitioners_of_case(&staff.user, id).await {
        Ok(rows) => match rows.iter().find(|(p, _)| *p == position) {
            Some((_, pid)) => Redirect::to(&format!("/persons/{pid}")).into_response(),
            None => error_page(&s, &staff, &AppError::code(ErrorCode::PersonNotFound)),
        },
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// The list as an Excel workbook (`GET /api/v1/persons?format=xlsx` and the page's download).
pub fn persons_workbook(
    items: &[PersonListItem],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "档案编号", "File no."),
        pick(lang, "信访人", "Petitioner"),
        pick(lang, "信访件数", "Cases"),
        pick(lang, "最近一次信访", "Last petition"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            vec![
                p.petitioner_id.to_string(),
                p.name.clone(),
                p.cases.to_string(),
                p.last_received_on.to_string(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "信访人档案", "Petitioners"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(bytes, "huiyin-persons.xlsx"))
}
