//! Huiyin's HTTP edge: the `/api/v1` JSON API, its OpenAPI document, health and metrics.
//! A handler parses, calls one app function, and renders; no SQL and no business rules here.

mod annual;
mod api;
mod client_addr;
mod docx;
mod error;
mod extract;
mod metrics_endpoint;
mod notice_doc;
mod observability;
mod openapi;
mod pages;
mod portal;
mod rejections;
mod security_headers;

use axum::Router;
use axum::routing::get;
use huiyin_app::App;
use std::sync::Arc;

pub use error::{ApiError, Lang};
pub use observability::{Metrics, REQUEST_ID};

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub web: WebConfig,
    pub metrics: Arc<Metrics>,
    /// The workbench's headline rates, kept a minute per user.
    pub(crate) rates: Arc<pages::RatesCache>,
}

/// The body limit of every route that takes no files.
pub(crate) const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How the server is reached, as far as the web layer cares.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Reached over plain HTTP (no TLS in front of it): the staff pages' cookies go without
    /// `Secure`, which a browser would not send back over HTTP. Off by default: cookies are
    /// `Secure`. `huiyin serve --demo` and the testkit turn it on.
    pub plain_http: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`trusted_proxies`); none by
    /// default: the TCP peer is the client.
    pub trusted_proxies: huiyin_core::trusted_proxies::TrustedProxies,
    /// The bearer token that lets a client on another host read `/metrics` (`metrics_token`);
    /// none: only loopback clients may.
    pub metrics_token: Option<String>,
}

/// The whole HTTP application, with `Secure` cookies.
pub fn router(app: App) -> Router {
    router_with(app, WebConfig::default())
}

/// The whole HTTP application as configured.
pub fn router_with(app: App, web: WebConfig) -> Router {
    let state = AppState {
        app,
        web,
        metrics: Arc::new(Metrics::default()),
        rates: Arc::new(pages::RatesCache::default()),
    };
    // 2 MiB for every body, except the few routes that take files.
    let limited = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_endpoint::metrics))
        .nest("/api/v1", api::routes())
        .merge(pages::routes())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT));
    let uploads = pages::upload_routes().merge(api::upload_routes()).layer(
        tower_http::limit::RequestBodyLimitLayer::new(pages::UPLOAD_BODY_LIMIT),
    );
    Router::new()
        .merge(limited)
        .merge(uploads)
        // The portal sets its own limits (its submission form takes files).
        .merge(portal::routes())
        .fallback(rejections::fallback)
        .layer(axum::middleware::from_fn(rejections::api_error_bodies))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observability::count_requests,
        ))
        .layer(security_headers::layer())
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(observability::request_span)
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .layer(tower_http::request_id::PropagateRequestIdLayer::new(
            axum::http::HeaderName::from_static(REQUEST_ID),
        ))
        .layer(tower_http::request_id::SetRequestIdLayer::new(
            axum::http::HeaderName::from_static(REQUEST_ID),
            observability::RequestIds::new(),
        ))
        .with_state(state)
}

async fn healthz(
    axum::extract::State(s): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match s.app.database_answers().await {
        true => (axum::http::StatusCode::OK, "ok").into_response(),
        false => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "database unavailable",
        )
            .into_response(),
    }
}

/// Ready to take traffic: the database answers and carries every migration of this build
/// (`{"status": "ready", "migration": 34}`); 503 otherwise.
async fn readyz(
    axum::extract::State(s): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let r = s.app.readiness().await;
    let status = if r.is_ready() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if r.is_ready() { "ready" } else { "not_ready" },
        "database": r.database,
        "migration": r.migration,
        "expected_migration": r.expected,
    });
    (status, axum::Json(body)).into_response()
}
