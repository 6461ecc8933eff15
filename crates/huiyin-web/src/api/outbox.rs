//! The outbox (issue 13 item 2): the messages of notifications with their delivery status, for
//! the system administrator and the petition offices of a scope, and a retry of a failed one.

use axum::Json;
use axum::extract::{Path, Query, State};
use huiyin_app::{OutboxList, OutboxView};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::outbox::{Channel, OutboxStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// pending | sent | failed (every message when absent)
    pub status: Option<String>,
    /// in_app | sms | email (every channel when absent)
    pub channel: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// A filter's value as given: none when absent or blank.
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

impl OutboxParams {
    pub(crate) fn status(&self) -> Result<Option<OutboxStatus>, DomainError> {
        match given(self.status.as_deref()) {
            None => Ok(None),
            Some(v) => OutboxStatus::parse(v).map(Some).ok_or_else(|| {
                DomainError::invalid(
                    "status",
                    "状态应为 pending、sent 或 failed",
                    "one of pending, sent, failed",
                )
            }),
        }
    }

    pub(crate) fn channel(&self) -> Result<Option<Channel>, DomainError> {
        match given(self.channel.as_deref()) {
            None => Ok(None),
            Some(v) => Channel::parse(v).map(Some).ok_or_else(|| {
                DomainError::invalid(
                    "channel",
                    "渠道应为 in_app、sms 或 email",
                    "one of in_app, sms, email",
                )
            }),
        }
    }
}

/// The messages the caller sees, newest first, with the counts by status.
#[utoipa::path(get, path = "/api/v1/outbox", params(OutboxParams),
    responses((status = 200, description = "`{items, total, page, per_page, pending, sent, failed}`"),
        (status = 403, description = "Neither an administrator nor a case worker"), (status = 422, description = "Unknown status or channel")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<OutboxParams>,
) -> Result<Json<OutboxList>, ApiError> {
    let status = p.status().map_err(|e| ApiError::domain(e, a.lang))?;
    let channel = p.channel().map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .outbox(
            &a.user,
            status,
            channel,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// Sends a failed message again at the worker's next pass.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", params(("id" = i64, Path)),
    responses((status = 200, description = "The message, pending again"), (status = 404, description = "`outbox.not_found`"),
        (status = 409, description = "`outbox.not_failed`")))]
pub async fn retry(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<OutboxView>, ApiError> {
    let id =
        parse_id(&id, a.lang).map_err(|_| ApiError::code(ErrorCode::OutboxNotFound, a.lang))?;
    s.app
        .retry_outbox(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
