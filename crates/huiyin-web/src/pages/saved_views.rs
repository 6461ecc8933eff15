//! 我的视图 on the case list (issue 12 item 4): `POST /cases/views` saves the list's current
//! query string under a name, `POST /cases/views/{id}/rename` and `…/delete` manage the user's
//! own views. A view is only a query string: opening it is the list, under the user's
//! visibility of that day.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_core::error::ErrorCode;

use super::chrome::error_page;
use super::session::StaffForm;
use crate::AppState;
use crate::api::saved_views::list_query;

/// A view link as the list shows it.
pub struct ViewLink {
    pub id: i64,
    pub name: String,
    pub href: String,
    /// The list shown is this view (same query string).
    pub current: bool,
}

/// The user's views as links, the one matching `qs` marked.
pub async fn links(s: &AppState, user: &huiyin_app::CurrentUser, qs: &str) -> Vec<ViewLink> {
    s.app
        .saved_views(user)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|v| ViewLink {
            id: v.id,
            current: v.query == qs,
            href: format!("/cases?{}", v.query),
            name: v.name,
        })
        .collect()
}

fn id_of(raw: &str) -> Result<i64, huiyin_app::AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ErrorCode::SavedViewNotFound.into())
}

/// Saves the list's query string under the typed name, then shows that view.
pub async fn save(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let query = list_query(fields.get("query").unwrap_or(""));
    match s
        .app
        .save_view(&staff.user, fields.get("name").unwrap_or(""), &query)
        .await
    {
        Ok(v) => Redirect::to(&format!("/cases?{}", v.query)).into_response(),
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// Renames one of the user's views.
pub async fn rename(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let done = match id_of(&id) {
        Ok(id) => {
            s.app
                .rename_view(&staff.user, id, fields.get("name").unwrap_or(""))
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Redirect::to(&back(&fields)).into_response(),
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// Deletes one of the user's views (the form asks first).
pub async fn delete(
    State(s): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let StaffForm { staff, fields } = form;
    let done = match id_of(&id) {
        Ok(id) => s.app.delete_view(&staff.user, id).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Redirect::to(&back(&fields)).into_response(),
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// The list page the form came from (only a list link: no open redirect).
fn back(fields: &super::session::Fields) -> String {
    fields
        .get("back")
        .filter(|b| b.starts_with("/cases") && !b.starts_with("//"))
        .unwrap_or("/cases")
        .to_owned()
}
