//! Who is asking: the client's address, as a trusted proxy reports it or
//! as the connection shows it (sign-in throttling, the search limit).

use axum::http::{HeaderMap, HeaderName};
use std::net::SocketAddr;

/// The request's client address: from `proxy_header` when one is
/// configured and present, else the connection's peer.
pub fn client_address(
    proxy_header: Option<&HeaderName>,
    request_headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> String {
    if let Some(name) = proxy_header {
        if let Some(value) = request_headers.get(name).and_then(|v| v.to_str().ok()) {
            if let Some(first) = value.split(',').next() {
                return first.trim().to_string();
            }
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}
