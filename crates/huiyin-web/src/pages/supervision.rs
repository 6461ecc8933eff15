//! The case page's 督办 forms: a supervisor issues an order, the supervised unit answers it.
//! Both read their form as the API reads its body, through the same use cases.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::AppError;
use huiyin_core::error::ErrorCode;
use huiyin_core::supervision::{SupervisionOrderForm, SupervisionResponseForm};

use super::case_page::after_refusal;
use super::chrome::error_page;
use super::session::StaffForm;
use crate::AppState;

fn case_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|i| *i > 0)
}

/// `POST /cases/{id}/supervise`
pub async fn issue(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = case_id(&id) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let order: SupervisionOrderForm = fields.read(&[]);
    match s.app.issue_supervision(&staff.user, id, order).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=supervise")).into_response(),
        Err(e) => after_refusal(&s, &staff, id, &e, "supervise", fields).await,
    }
}

/// `POST /cases/{id}/supervisions/{order}/response`
pub async fn respond(
    State(s): State<AppState>,
    Path((id, order)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let (Some(id), Some(order)) = (case_id(&id), case_id(&order)) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::NotFound));
    };
    let answer: SupervisionResponseForm = fields.read(&[]);
    match s.app.respond_supervision(&staff.user, order, answer).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=supervision_response")).into_response(),
        Err(e) => {
            let failed = format!("answer-{order}");
            after_refusal(&s, &staff, id, &e, &failed, fields).await
        }
    }
}
