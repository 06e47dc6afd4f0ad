//! Entity tags and conditional requests: a browser or CDN that holds a
//! representation asks `If-None-Match` and gets a bodiless 304 when it is
//! still current.
//!
//! Every encoding of a body is a different representation, so each gets
//! its own tag: the identity body's hash, then the encoding
//! (`"3f…a1-br"`). Tags are computed once, where the body is kept (the
//! page cache, the static files), never per request.

use crate::compression::Encoding;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::hash::Hasher;

/// The part of every tag of `body` that names its content.
pub fn content_hash(body: &[u8]) -> String {
    // SipHash with fixed keys: the same build gives the same tag on every
    // node, so a CDN in front of several nodes revalidates against any.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(body);
    hasher.write_usize(body.len());
    format!("{:016x}", hasher.finish())
}

/// The strong entity tag of the `encoding` representation.
pub fn etag(content_hash: &str, encoding: Encoding) -> HeaderValue {
    let tag = match encoding {
        Encoding::Identity => format!("\"{content_hash}\""),
        other => format!("\"{content_hash}-{}\"", other.tag()),
    };
    // Hex digits, a hyphen and letters only: always a valid header value.
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// Whether the request's `If-None-Match` names `etag` (weak comparison,
/// RFC 9110 §13.1.2), or is `*`.
pub fn none_match_fails(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let wanted = opaque(etag.to_str().unwrap_or_default());
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || (!tag.is_empty() && opaque(tag) == wanted))
}

fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

/// A 304 for a representation: its tag and the headers a cache must
/// update (RFC 9110 §15.4.5), no body. The page's own
/// Content-Security-Policy goes too: a browser merges a 304's headers into
/// the copy it holds, so a 304 with another policy (the site's default,
/// `default-src 'none'`) would block that page's scripts.
pub fn not_modified(etag: HeaderValue, headers: &HeaderMap) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    let out = response.headers_mut();
    out.insert(header::ETAG, etag);
    for name in [
        header::CACHE_CONTROL,
        header::VARY,
        header::LAST_MODIFIED,
        header::EXPIRES,
        header::CONTENT_SECURITY_POLICY,
    ] {
        for value in headers.get_all(&name) {
            out.append(name.clone(), value.clone());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn each_encoding_has_its_own_tag_and_the_tag_follows_the_content() {
        let hash = content_hash("Әкім жаңа саябақ ашты".as_bytes());
        assert_eq!(hash, content_hash("Әкім жаңа саябақ ашты".as_bytes()));
        assert_ne!(hash, content_hash("Әкім жаңа саябақ ашты!".as_bytes()));
        let tags: Vec<HeaderValue> = [Encoding::Identity, Encoding::Brotli, Encoding::Gzip]
            .into_iter()
            .map(|e| etag(&hash, e))
            .collect();
        assert_eq!(tags[0], format!("\"{hash}\"").as_str());
        assert_eq!(tags[1], format!("\"{hash}-br\"").as_str());
        assert_ne!(tags[1], tags[2]);
    }

    #[test]
    fn if_none_match_is_compared_weakly_in_a_list_or_as_a_star() {
        let tag = HeaderValue::from_static("\"abc-br\"");
        assert!(none_match_fails(&asking("\"abc-br\""), &tag));
        assert!(none_match_fails(&asking("W/\"abc-br\""), &tag));
        assert!(none_match_fails(&asking("\"x\", \"abc-br\""), &tag));
        assert!(none_match_fails(&asking("*"), &tag));
        assert!(
            !none_match_fails(&asking("\"abc\""), &tag),
            "another encoding"
        );
        assert!(!none_match_fails(&asking(""), &tag));
        assert!(!none_match_fails(&HeaderMap::new(), &tag));
    }
}
