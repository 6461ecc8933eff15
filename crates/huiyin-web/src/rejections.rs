//! Answers the framework gives before a handler runs — a body over the route's limit
//! (tower-http's `RequestBodyLimit`, axum's `DefaultBodyLimit`), a method the route does not
//! take, an unreadable query or path, an unsupported content type — come back on `/api/…`
//! paths as the CONTRACT error body in the request's language. HTML pages keep their own.
//! And the answer when no route matched: a path with a trailing slash is redirected to the
//! path without it, anything else is not found.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_core::error::ErrorCode;

use crate::error::{ApiError, Lang};

/// The longest framework message kept as the detail of a 400 (axum's rejection texts are short).
const DETAIL_LIMIT: usize = 4096;

/// Middleware: rewrites a non-JSON error answer of an `/api/…` path into the error body.
pub async fn api_error_bodies(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let lang = Lang::from_headers(req.headers());
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&res) {
        return res;
    }
    let (parts, body) = res.into_parts();
    // axum's texts of a 400 or 422 name what is wrong ("Failed to deserialize query string:
    // page: invalid digit…", "Failed to parse the request body as JSON: …"): kept as detail.
    let detail = if status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY
    {
        axum::body::to_bytes(body, DETAIL_LIMIT)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let code = match status {
        _ if detail.contains("body") => ErrorCode::BadJson,
        StatusCode::BAD_REQUEST => ErrorCode::BadParameters,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::Validation,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::TooLarge,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadParameters,
    };
    let mut error = ApiError::code(code, lang);
    if !detail.is_empty() {
        error.detail = Some(detail);
    }
    let mut out = error.into_response();
    *out.status_mut() = status;
    // Keep what tells the client how to retry: the methods allowed, when to come back.
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/json") || v.starts_with("application/problem+json")
        })
}

/// The fallback: `/public/` → 308 to `/public` (query kept; the method and body too, as 308
/// requires), anything else 404 with the error body.
pub async fn fallback(lang: Lang, uri: Uri) -> Response {
    if let Some(target) = without_trailing_slash(&uri) {
        return Redirect::permanent(&target).into_response();
    }
    ApiError::code(ErrorCode::NotFound, lang).into_response()
}

/// The same path without its trailing slashes, if it had any and the result is a local path
/// (never `//host`, which a browser would read as another site).
fn without_trailing_slash(uri: &Uri) -> Option<String> {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() || trimmed.is_empty() || !trimmed.starts_with('/') {
        return None;
    }
    if trimmed.starts_with("//") || trimmed.contains('\\') {
        return None;
    }
    Some(match uri.query() {
        Some(q) => format!("{trimmed}?{q}"),
        None => trimmed.to_owned(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn target(u: &str) -> Option<String> {
        without_trailing_slash(&u.parse::<Uri>().unwrap())
    }

    #[test]
    fn trailing_slashes_go_and_nothing_leaves_the_site() {
        assert_eq!(target("/public/").as_deref(), Some("/public"));
        assert_eq!(target("/public//").as_deref(), Some("/public"));
        assert_eq!(
            target("/api/v1/cases/?page=2").as_deref(),
            Some("/api/v1/cases?page=2")
        );
        for u in [
            "/",
            "//",
            "/public",
            "//evil.example/",
            "///evil.example/",
            "/a\\b/",
        ] {
            assert_eq!(target(u), None, "{u}");
        }
    }

    /// A router with axum's own `Json` extractor (which checks the content type) and a
    /// 1 KiB limit, under `/api/` and elsewhere.
    fn app() -> axum::Router {
        use axum::routing::post;
        let take = |axum::Json(v): axum::Json<serde_json::Value>| async move { axum::Json(v) };
        axum::Router::new()
            .route("/api/x", post(take))
            .route("/page", post(take))
            .layer(axum::extract::DefaultBodyLimit::max(1024))
            .layer(axum::middleware::from_fn(api_error_bodies))
    }

    async fn send(path: &str, ct: &str, body: String) -> (StatusCode, String, String) {
        use tower::ServiceExt;
        let req = axum::http::Request::post(path)
            .header(header::CONTENT_TYPE, ct)
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(axum::body::Body::from(body))
            .unwrap();
        let res = app().oneshot(req).await.unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, ct, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn framework_rejections_on_api_paths_get_the_error_body() {
        let big = format!("\"{}\"", "x".repeat(2048));
        for (ct, body, status, code) in [
            (
                "text/plain",
                "{}".to_owned(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request.unsupported_media_type",
            ),
            (
                "application/json",
                big.clone(),
                StatusCode::PAYLOAD_TOO_LARGE,
                "request.too_large",
            ),
            (
                "application/json",
                "[".to_owned(),
                StatusCode::BAD_REQUEST,
                "request.malformed",
            ),
        ] {
            let (s, got_ct, text) = send("/api/x", ct, body).await;
            assert_eq!(s, status, "{text}");
            assert!(got_ct.starts_with("application/json"), "{got_ct}");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["code"], code, "{v}");
            assert!(
                v["message"].as_str().is_some_and(|m| m.is_ascii()),
                "English: {v}"
            );
        }
        // Outside /api/ the framework's answer is left as it is.
        let (s, ct, _) = send("/page", "text/plain", "{}".to_owned()).await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(!ct.starts_with("application/json"), "{ct}");
    }
}
