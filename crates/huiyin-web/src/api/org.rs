//! Units, users and the category tree.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huiyin_app::{ContactInput, ContactView, NewUnitInput, NewUserInput, UnitView, UserRef};
use huiyin_core::org_input::{UnitForm, UserForm};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// Units visible to the caller.
#[utoipa::path(get, path = "/api/v1/units", responses((status = 200, description = "`[{id, name, kind, level, parent_id, region_code}]`")))]
pub async fn list_units(State(s): State<AppState>, a: Authed) -> Json<Vec<UnitView>> {
    Json(
        s.app
            .visible_units(&a.user)
            .iter()
            .map(UnitView::from)
            .collect(),
    )
}

/// Create a unit (administrators).
#[utoipa::path(post, path = "/api/v1/units", request_body = UnitForm, responses((status = 201, description = "The unit")))]
pub async fn create_unit(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<UnitForm>,
) -> Result<(StatusCode, Json<UnitView>), ApiError> {
    let lang = a.lang;
    let input = NewUnitInput::try_from(b).map_err(|e| ApiError::domain(e, lang))?;
    let unit = s
        .app
        .create_unit(Some(&a.user), input)
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    Ok((StatusCode::CREATED, Json(UnitView::from(&unit))))
}

/// Create a user (administrators).
#[utoipa::path(post, path = "/api/v1/users", request_body = UserForm, responses((status = 201, description = "The user")))]
pub async fn create_user(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<UserForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let lang = a.lang;
    let input = NewUserInput::try_from(b).map_err(|e| ApiError::domain(e, lang))?;
    let user = s
        .app
        .create_user(Some(&a.user), input)
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    Ok((StatusCode::CREATED, Json(json!(user))))
}

/// A user's work contacts for notifications; an empty or missing value clears it.
#[derive(Deserialize, ToSchema)]
pub struct ContactBody {
    /// Mainland mobile number (SMS through the gateway), e.g. `13800138000`.
    #[serde(default)]
    pub phone: Option<String>,
    /// Work e-mail address (e-mail through SMTP).
    #[serde(default)]
    pub email: Option<String>,
}

/// Set a user's work contacts (administrators): stored sealed, answered with the phone masked.
#[utoipa::path(put, path = "/api/v1/users/{id}/contact", params(("id" = i64, Path)), request_body = ContactBody, responses((status = 200, description = "`{user_id, username, phone (masked), email}`"), (status = 422, description = "`validation` with `fields.phone` / `fields.email`")))]
pub async fn set_user_contact(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContactBody>,
) -> Result<Json<ContactView>, ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    let input = ContactInput {
        phone: b.phone,
        email: b.email,
    };
    let done = s
        .app
        .set_user_contact(Some(&a.user), UserRef::Id(id), input)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(done))
}

/// The content-category tree.
#[utoipa::path(get, path = "/api/v1/categories", responses((status = 200, description = "`[{code, name, parent_code, default_petition_type}]`")))]
pub async fn categories(State(s): State<AppState>) -> Json<Vec<Value>> {
    Json(
        s.app
            .categories()
            .all()
            .iter()
            .map(|c| {
                json!({
                    "code": c.code,
                    "name": c.name_zh,
                    "name_en": c.name_en,
                    "parent_code": c.parent_code,
                    "default_petition_type": c.default_petition_type.as_str(),
                    "default_diversion": c.default_diversion.map(|d| d.as_str()),
                })
            })
            .collect(),
    )
}
