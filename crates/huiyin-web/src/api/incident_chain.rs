//! The incident reporting chain (issue 13 item 3): read by case staff, replaced or restored to
//! the documented default by system administrators; a chain that does not read or make sense
//! answers 422 `incident.chain_invalid` with every problem, and nothing changes.

use axum::Json;
use axum::extract::State;
use huiyin_app::{ChainInput, IncidentChainView, chain_input_missing};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// A chain as sent: `rules` (an array of duties) or `toml` (the text of `GET`'s `toml`).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChainBody {
    /// `[{"min_level": "general"|"major"|"serious"|"especially_serious", "to": "own_unit"|
    /// "one_level_up"|"province", "kind": "first"|"written", "within_minutes": 1..=10080}]`
    #[schema(value_type = Option<Vec<Object>>)]
    pub rules: Option<serde_json::Value>,
    /// The same as TOML `[[rule]]` tables.
    pub toml: Option<String>,
}

/// The chain in force: `{rules: [{min_level, to, kind, within_minutes, …_label}], is_default, toml}`.
#[utoipa::path(get, path = "/api/v1/incident-chain",
    responses((status = 200, description = "`{rules, is_default, toml}`"), (status = 403, description = "Not case staff")))]
pub async fn get_chain(
    State(s): State<AppState>,
    a: Authed,
) -> Result<Json<IncidentChainView>, ApiError> {
    s.app
        .incident_chain(&a.user)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Replace the chain (system administrators). Incidents already recorded keep the reports
/// they owe; new ones owe the new chain's.
#[utoipa::path(put, path = "/api/v1/incident-chain", request_body = ChainBody,
    responses((status = 200, description = "The chain now in force"), (status = 403, description = "Not a system administrator"),
        (status = 422, description = "`incident.chain_invalid`, each problem on `rules` or `toml`")))]
pub async fn put_chain(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<ChainBody>,
) -> Result<Json<IncidentChainView>, ApiError> {
    let input = match (&b.rules, &b.toml) {
        (Some(rules), None) => ChainInput::Json(rules),
        (None, Some(text)) => ChainInput::Toml(text),
        _ => return Err(ApiError::new(chain_input_missing().into(), a.lang)),
    };
    s.app
        .update_incident_chain(&a.user, input)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Restore the documented default (system administrators).
#[utoipa::path(delete, path = "/api/v1/incident-chain",
    responses((status = 200, description = "The default chain, now in force"), (status = 403, description = "Not a system administrator")))]
pub async fn restore_chain(
    State(s): State<AppState>,
    a: Authed,
) -> Result<Json<IncidentChainView>, ApiError> {
    s.app
        .restore_incident_chain(&a.user)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
