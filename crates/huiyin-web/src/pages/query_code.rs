//! `POST /cases/{id}/query-code`: issues the query code and PIN of a case registered by staff
//! and shows them once on a printable receipt (issue 10 item 10).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use huiyin_app::AppError;
use huiyin_app::portal::StaffReceipt;
use huiyin_core::error::ErrorCode;

use super::chrome::{Chrome, error_page, render};
use super::session::StaffForm;
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/query_code.html")]
struct ReceiptPage {
    c: Chrome,
    r: StaffReceipt,
}

pub async fn issue(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let staff = form.staff;
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::NotFound));
    };
    match s.app.issue_query_code(&staff.user, id).await {
        Ok(r) => render(&ReceiptPage {
            c: Chrome::new(&s, &staff, "cases", ""),
            r,
        }),
        Err(e) => error_page(&s, &staff, &e),
    }
}
