//! The client's address: the TCP peer, or — when the peer is a configured trusted proxy — the
//! address its `X-Forwarded-For` header names (`huiyin_core::trusted_proxies`). Used by the
//! sign-in history and audit trail and by the portal's rate limits.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

use crate::{AppState, WebConfig};

/// The client's address as text ("unknown" without a TCP peer, as in some tests).
pub struct ClientAddr(pub String);

/// The client of a request with these headers and extensions.
pub(crate) fn client_of(headers: &HeaderMap, extensions: &Extensions, web: &WebConfig) -> String {
    let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_owned();
    };
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    web.trusted_proxies
        .client(peer.ip(), &forwarded)
        .to_string()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_of(
            &parts.headers,
            &parts.extensions,
            &s.web,
        )))
    }
}
