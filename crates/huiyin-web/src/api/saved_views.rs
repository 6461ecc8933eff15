//! `GET/POST /api/v1/saved-views`, `PATCH/DELETE /api/v1/saved-views/{id}`: the user's saved
//! views of the case list (我的视图, issue 12 item 4). A view is a name and the list's query
//! string, read back through the list's own parameters (unknown keys and the page dropped); it
//! never carries cases. Only the owner reaches a view: another user's id is
//! `saved_view.not_found`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huiyin_app::SavedView;
use huiyin_core::error::ErrorCode;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// A view to save: its name (1–40 characters) and the list's query string
/// (`status=handling&sort=due_asc`, with or without the leading `?`).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SavedViewForm {
    pub name: String,
    pub query: String,
}

/// A new name for a view.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RenameForm {
    pub name: String,
}

/// The list's query string as the list reads it: only its own parameters, without the page.
pub(crate) fn list_query(raw: &str) -> String {
    let raw = raw.trim().trim_start_matches('?');
    format!("/cases?{raw}")
        .parse::<axum::http::Uri>()
        .ok()
        .and_then(|uri| {
            axum::extract::Query::<crate::pages::ListParams>::try_from_uri(&uri)
                .ok()
                .map(|q| q.0.query_string())
        })
        .unwrap_or_default()
}

fn view_id(raw: &str, lang: crate::Lang) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::SavedViewNotFound, lang))
}

/// The user's saved views, oldest first.
#[utoipa::path(get, path = "/api/v1/saved-views",
    responses((status = 200, description = "`{items: [{id, name, query}], max}`")))]
pub async fn list(State(s): State<AppState>, a: Authed) -> Result<Json<Value>, ApiError> {
    let items = s
        .app
        .saved_views(&a.user)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(
        json!({ "items": items, "max": huiyin_app::MAX_SAVED_VIEWS }),
    ))
}

/// Saves a view of the list.
#[utoipa::path(post, path = "/api/v1/saved-views", request_body = SavedViewForm,
    responses((status = 201, description = "The view `{id, name, query}`"),
        (status = 409, description = "`saved_view.full`: 20 views already"),
        (status = 422, description = "`saved_view.name`: the name is not 1–40 characters")))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<SavedViewForm>,
) -> Result<(StatusCode, Json<SavedView>), ApiError> {
    s.app
        .save_view(&a.user, &form.name, &list_query(&form.query))
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Renames one of the user's views.
#[utoipa::path(patch, path = "/api/v1/saved-views/{id}", params(("id" = i64, Path)),
    request_body = RenameForm,
    responses((status = 200, description = "`{renamed: true}`"),
        (status = 404, description = "`saved_view.not_found`: no such view of this user"),
        (status = 422, description = "`saved_view.name`")))]
pub async fn rename(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<RenameForm>,
) -> Result<Json<Value>, ApiError> {
    let id = view_id(&id, a.lang)?;
    s.app
        .rename_view(&a.user, id, &form.name)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "renamed": true })))
}

/// Deletes one of the user's views.
#[utoipa::path(delete, path = "/api/v1/saved-views/{id}", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"),
        (status = 404, description = "`saved_view.not_found`: no such view of this user")))]
pub async fn delete(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = view_id(&id, a.lang)?;
    s.app
        .delete_view(&a.user, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, a.lang))
}
