//! Staff pages (issue 3): the workbench at `/`.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
