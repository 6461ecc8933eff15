//! `POST /api/v1/cases/{id}/actions`: one body shape for every step, read into the domain's
//! [`StepInput`] and converted once into its [`StepCommand`] (the pages do the same).

use axum::Json;
use axum::extract::{Path, State};
use huiyin_app::{ActionInput, CaseView};
use huiyin_core::workflow::{StepCommand, StepInput};
use serde_json::{Map, Value};

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

/// Take a workflow step on a case; answers the case after the step.
#[utoipa::path(post, path = "/api/v1/cases/{id}/actions", params(("id" = i64, Path)), request_body = StepInput,
    responses((status = 200, description = "The case after the step"), (status = 409, description = "The rules forbid this step now"),
              (status = 422, description = "Invalid parameters, each named in `fields`")))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<Value>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let body: StepInput = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::malformed(e.to_string(), a.lang))?;
    let command = StepCommand::try_from(body).map_err(|e| ApiError::domain(e, a.lang))?;
    // The step's parameters as sent, kept on the timeline.
    let mut params = raw.as_object().cloned().unwrap_or_else(Map::new);
    params.remove("action");
    let input = ActionInput {
        action: command.action,
        on: command.on,
        params_json: Value::Object(params).to_string(),
        remark: None,
    };
    s.app
        .act(&a.user, id, input)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
