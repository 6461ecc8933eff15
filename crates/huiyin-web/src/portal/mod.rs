//! The public portal (issue 4): `/public/…` pages and `/api/v1/public/…` endpoints.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
