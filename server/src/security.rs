//! Request checks and response headers that protect editors and readers:
//! the same-origin rule for every state-changing request, and the security
//! headers (the page's own CSP with a nonce is set in `app::shell`).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Sent with every response unless a handler set its own. Pages replace the
/// CSP with one that allows their nonce-tagged scripts and the WebAssembly.
pub const SECURITY_HEADERS: [(header::HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// For sites served over HTTPS.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// True when a state-changing request comes from the site's own pages.
/// Browsers send `Sec-Fetch-Site` (which a page cannot forge); older ones
/// send `Origin`, compared with the public origin and the `Host` the
/// request was sent to. A request with neither is refused.
pub fn same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    if origin == public_origin {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// Refuses (403) any request other than GET, HEAD or OPTIONS that does not
/// come from the site itself, so a page elsewhere cannot act for a
/// signed-in editor.
/// The headers every answer gets unless it set its own (a page sets its
/// CSP with its nonce), and HSTS when the site is served over HTTPS.
pub async fn security_headers<B>(
    State(https): State<bool>,
    mut response: Response<B>,
) -> Response<B> {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

pub async fn require_same_origin(
    State(public_origin): State<std::sync::Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_origin(request.headers(), &public_origin) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-origin request refused");
    crate::error::refusal_page(
        StatusCode::FORBIDDEN,
        app::messages::HttpRefusal::CrossOrigin,
    )
}

/// The workspace is private: never stored by browsers or proxies.
pub async fn private_workspace(request: Request<Body>, next: Next) -> Response {
    let private = app::is_workspace(request.uri().path());
    let mut response = next.run(request).await;
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let public = "https://qalam.kz";
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        for site in ["cross-site", "same-site", "none"] {
            let h = headers(&[("sec-fetch-site", site), ("origin", public)]);
            assert!(!same_origin(&h, public), "{site}");
        }
    }

    #[test]
    fn origin_must_match_the_site_or_the_host() {
        let public = "https://qalam.kz";
        assert!(same_origin(&headers(&[("origin", public)]), public));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example"), ("host", "qalam.kz")]),
            public
        ));
        assert!(!same_origin(&headers(&[("origin", "null")]), public));
        assert!(!same_origin(&headers(&[]), public), "no evidence, no entry");
    }
}
