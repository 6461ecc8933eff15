//! Observability at the door. Every request gets an id (`x-request-id`: the caller's, or one
//! made here), answered in the response and carried by the request's tracing span, so every
//! log line of the request — the app's use-case spans included — names it. `/metrics` is the
//! Prometheus text of a `metrics-exporter-prometheus` recorder owned by the router (not a
//! process-global one: two apps in one process, as in tests, count apart).
//!
//! Spans and metrics carry the method, the route's template (`/api/v1/cases/{id}`) and the
//! status, never a query string: search words and portal codes stay out of the logs.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusRecorder};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::AppState;

/// The request header (and response header) of the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// Request ids: a random prefix per process and a counter, e.g. `5f1c09a2-1b`.
#[derive(Clone)]
pub struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    pub fn new() -> RequestIds {
        let mut b = [0u8; 4];
        // Without randomness the ids are still unique within the process.
        let _ = getrandom::fill(&mut b);
        RequestIds {
            prefix: hex::encode(b).into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The span of one request.
pub fn request_span<B>(req: &axum::http::Request<B>) -> tracing::Span {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|i| i.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
    )
}

/// The recorder behind `/metrics`.
pub struct Metrics {
    recorder: PrometheusRecorder,
}

const REQUESTS: &str = "huiyin_http_requests_total";
const CLIENT_ERRORS: &str = "huiyin_http_client_errors_total";
const SERVER_ERRORS: &str = "huiyin_http_server_errors_total";
const DURATION: &str = "huiyin_http_request_duration_seconds";

/// Histogram buckets in seconds: the list targets are 0.1 s (docs/PERFORMANCE.md).
const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        metrics::with_local_recorder(&recorder, || {
            metrics::describe_counter!(REQUESTS, "HTTP requests served, by status class.");
            metrics::describe_counter!(CLIENT_ERRORS, "Responses with a 4xx status.");
            metrics::describe_counter!(SERVER_ERRORS, "Responses with a 5xx status.");
            metrics::describe_histogram!(
                DURATION,
                metrics::Unit::Seconds,
                "Time to answer, by route template."
            );
        });
        Metrics { recorder }
    }
}

impl Metrics {
    /// Counts one answered request.
    fn record(&self, method: &str, route: String, status: u16, seconds: f64) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        metrics::with_local_recorder(&self.recorder, || {
            metrics::counter!(REQUESTS, "status" => class).increment(1);
            if (400..500).contains(&status) {
                metrics::counter!(CLIENT_ERRORS).increment(1);
            } else if status >= 500 {
                metrics::counter!(SERVER_ERRORS).increment(1);
            }
            metrics::histogram!(DURATION, "method" => method.to_owned(), "route" => route)
                .record(seconds);
        });
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        self.recorder.handle().render()
    }
}

/// Middleware: counts and times every request under its route template.
pub async fn count_requests(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    s.metrics.record(
        &method,
        route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}
