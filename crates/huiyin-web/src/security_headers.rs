//! Security headers on every response (等保 2.0 web hardening): a strict content security
//! policy, no sniffing, no framing, no referrer leakage.

use axum::http::{HeaderName, HeaderValue, Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Layer, Service};

const HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
];

#[derive(Clone, Copy)]
pub struct SecurityHeaders;

pub fn layer() -> SecurityHeaders {
    SecurityHeaders
}

impl<S> Layer<S> for SecurityHeaders {
    type Service = WithHeaders<S>;
    fn layer(&self, inner: S) -> Self::Service {
        WithHeaders { inner }
    }
}

#[derive(Clone)]
pub struct WithHeaders<S> {
    inner: S,
}

impl<S, B, R> Service<Request<B>> for WithHeaders<S>
where
    S: Service<Request<B>, Response = Response<R>> + Send,
    S::Future: Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let fut = self.inner.call(req);
        Box::pin(async move {
            let mut res = fut.await?;
            let h = res.headers_mut();
            for (name, value) in HEADERS {
                if !h.contains_key(*name) {
                    h.insert(
                        HeaderName::from_static(name),
                        HeaderValue::from_static(value),
                    );
                }
            }
            if !h.contains_key("cache-control") {
                h.insert("cache-control", HeaderValue::from_static("no-store"));
            }
            Ok(res)
        })
    }
}
