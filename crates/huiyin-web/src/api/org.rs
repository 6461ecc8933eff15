//! Units, users and the category tree.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use huiyin_app::{NewUnitInput, NewUserInput, UnitView};
use huiyin_core::error::DomainError;
use huiyin_core::org::UnitKind;
use huiyin_core::role::Role;
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

#[derive(Deserialize, ToSchema)]
pub struct NewUnitBody {
    pub name: String,
    /// ministry, provincial_department, city_bureau, county_bureau, school, university,
    /// university_department, petition_office, discipline_body, political_legal, hotline
    pub kind: String,
    pub parent_id: Option<i64>,
    /// GB/T 2260 code, six digits.
    pub region_code: String,
}

/// Create a unit (administrators).
#[utoipa::path(post, path = "/api/v1/units", request_body = NewUnitBody, responses((status = 201, description = "The unit")))]
pub async fn create_unit(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<NewUnitBody>,
) -> Result<(StatusCode, Json<UnitView>), ApiError> {
    let lang = a.lang;
    let kind = UnitKind::parse(b.kind.trim()).ok_or_else(|| {
        ApiError::domain(
            DomainError::invalid("kind", "不是有效的单位类型", "not a known unit kind"),
            lang,
        )
    })?;
    let unit = s
        .app
        .create_unit(
            Some(&a.user),
            NewUnitInput {
                name: b.name,
                kind,
                parent_id: b.parent_id,
                region_code: b.region_code,
            },
        )
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    Ok((StatusCode::CREATED, Json(UnitView::from(&unit))))
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub unit_id: i64,
    /// registrar, handler, leader, supervisor, admin, auditor
    pub roles: Vec<String>,
}

/// Create a user (administrators).
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserBody, responses((status = 201, description = "The user")))]
pub async fn create_user(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let lang = a.lang;
    let mut roles = Vec::new();
    for r in &b.roles {
        roles.push(Role::parse(r.trim()).ok_or_else(|| {
            ApiError::domain(
                DomainError::invalid(
                    "roles",
                    format!("未知角色：{r}"),
                    format!("unknown role: {r}"),
                ),
                lang,
            )
        })?);
    }
    let user = s
        .app
        .create_user(
            Some(&a.user),
            NewUserInput {
                username: b.username,
                password: b.password,
                display_name: b.display_name,
                unit_id: b.unit_id,
                roles,
            },
        )
        .await
        .map_err(|e| ApiError::new(e, lang))?;
    Ok((StatusCode::CREATED, Json(json!(user))))
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
