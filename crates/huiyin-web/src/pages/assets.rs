//! Static assets compiled into the binary and served under `/static/…` (see static/MANIFEST.md).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/htmx.min.js"),
    ),
    (
        "analysis.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/analysis.js"),
    ),
    (
        "echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/echarts.min.js"),
    ),
    (
        "stats.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/stats.js"),
    ),
    (
        "staff.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/staff.js"),
    ),
    (
        "session.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/session.js"),
    ),
    (
        "staff.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/staff.css"),
    ),
    (
        "portal.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/portal.css"),
    ),
    (
        "portal.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/portal.js"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/print.css"),
    ),
];

/// `GET /static/{name}`: an embedded asset, cacheable for a day.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
