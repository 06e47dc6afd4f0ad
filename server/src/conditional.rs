//! Entity tags and conditional requests: a browser or CDN that holds a
//! representation asks `If-None-Match` and gets a bodiless 304 when it is
//! still current.
//!
//! Every encoding of a body is a different representation, so each gets
//! its own tag: the identity body's hash, then the encoding
//! (`"3f…a1-br"`). Tags are computed once, where the body is kept (the
//! page cache, the static files), never per request.

use crate::compression::Encoding;
use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The part of every tag of `body` that names its content.
pub fn content_hash(body: &[u8]) -> String {
    content_hash_without(body, b"")
}

/// The content hash of `body` with every occurrence of `left_out` taken
/// out (a page's nonce), without copying the body. XXH3: the same bytes
/// give the same tag on every node and every build, so a CDN in front of
/// several nodes revalidates against any; and a page is hashed in a
/// couple of microseconds (SipHash took twenty for a 35 KB page).
pub fn content_hash_without(body: &[u8], left_out: &[u8]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut kept = 0;
    let mut rest = body;
    if !left_out.is_empty() {
        while let Some(at) = memchr::memmem::find(rest, left_out) {
            hasher.update(&rest[..at]);
            kept += at;
            rest = &rest[at + left_out.len()..];
        }
    }
    hasher.update(rest);
    kept += rest.len();
    hasher.update(&(kept as u64).to_le_bytes());
    format!("{:016x}", hasher.digest())
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

/// Bodies the tagging middleware buffers at most; larger answers (none of
/// ours today) go out untagged.
const TAG_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Marks a response tagged by [`tag_uncached`]; `nonce` says the page has
/// a CSP nonce of its own, left out of the tag.
#[derive(Clone, Copy, Debug)]
struct TaggedHere {
    nonce: bool,
}

/// Middleware, inside compression: answers that have no tag of their own
/// (feeds, sitemaps, images, pages rendered per request) get one from
/// their identity body. A page's CSP nonce is new at every render, so it
/// is left out of the hash: the same article renders to the same tag.
/// [`answer_conditionals`], outside compression, adds the encoding to the
/// tag and answers 304s.
///
/// It saves the transfer, not the rendering: what can be kept is kept by
/// the page cache and the static files, which tag their bodies once.
pub async fn tag_uncached(request: Request<Body>, next: Next) -> Response {
    let get = request.method() == Method::GET;
    let response = next.run(request).await;
    if !get || !taggable(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, TAG_MAX_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "an answer could not be read for its tag");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return failed;
        }
    };
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(csp_nonce)
        .map(str::to_string);
    let hash = content_hash_without(&bytes, nonce.as_deref().unwrap_or_default().as_bytes());
    parts
        .headers
        .insert(header::ETAG, etag(&hash, Encoding::Identity));
    parts.extensions.insert(TaggedHere {
        nonce: nonce.is_some(),
    });
    Response::from_parts(parts, Body::from(bytes))
}

/// The nonce of a policy (`script-src 'nonce-…'`).
fn csp_nonce(policy: &str) -> Option<&str> {
    let rest = policy.split("'nonce-").nth(1)?;
    rest.split('\'').next().filter(|nonce| !nonce.is_empty())
}

fn taggable(response: &Response) -> bool {
    let headers = response.headers();
    let no_store = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    // A stream (server-sent events) never ends: never buffered.
    let stream = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    response.status() == StatusCode::OK
        && !stream
        && !headers.contains_key(header::ETAG)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !no_store
        && !headers.contains_key(header::SET_COOKIE)
        && response
            .body()
            .size_hint()
            .upper()
            .is_none_or(|upper| upper <= TAG_MAX_BYTES as u64)
}

/// Middleware, outside compression: the tags [`tag_uncached`] gave get
/// the encoding that went out (`"…-br"`: each representation its own),
/// and a request that holds one (`If-None-Match`, or `If-Modified-Since`
/// against `Last-Modified`) gets a 304.
///
/// HEAD runs as GET here, so its headers (the tag, the type) are the
/// GET's; the body is left out at the end.
pub async fn answer_conditionals(mut request: Request<Body>, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    if head {
        *request.method_mut() = Method::GET;
    }
    let asked = request.headers().clone();
    let mut response = next.run(request).await;
    if let Some(tagged) = response.extensions().get::<TaggedHere>().copied() {
        if let Some(answer) = conditional_answer(&mut response, &asked, tagged) {
            response = answer;
        }
    }
    if head {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

fn conditional_answer(
    response: &mut Response,
    asked: &HeaderMap,
    tagged: TaggedHere,
) -> Option<Response> {
    let headers = response.headers_mut();
    let encoding = match headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
    {
        Some("br") => Encoding::Brotli,
        Some("gzip") => Encoding::Gzip,
        _ => Encoding::Identity,
    };
    let identity = headers.get(header::ETAG)?.to_str().ok()?;
    let hash = identity.trim_matches('"').to_string();
    let tag = etag(&hash, encoding);
    headers.insert(header::ETAG, tag.clone());
    let current = if asked.contains_key(header::IF_NONE_MATCH) {
        none_match_fails(asked, &tag)
    } else {
        // Only without If-None-Match (RFC 9110 §13.1.3).
        unmodified_since(asked, headers)
    };
    if !current {
        return None;
    }
    let mut answer = not_modified(tag, headers);
    if tagged.nonce {
        // The copy the client holds has its own nonce and its own policy:
        // a 304 without a policy leaves that one in place.
        answer.headers_mut().remove(header::CONTENT_SECURITY_POLICY);
    }
    Some(answer)
}

/// Whether `Last-Modified` is no later than the request's
/// `If-Modified-Since`.
fn unmodified_since(asked: &HeaderMap, answer: &HeaderMap) -> bool {
    let date = |headers: &HeaderMap, name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
    };
    match (
        date(asked, header::IF_MODIFIED_SINCE),
        date(answer, header::LAST_MODIFIED),
    ) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

/// A `Last-Modified` value for a Unix time.
pub fn http_date(unix_seconds: i64) -> Option<HeaderValue> {
    let time =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix_seconds.try_into().ok()?);
    system_http_date(time)
}

/// A `Last-Modified` value for a file's time.
pub fn system_http_date(time: std::time::SystemTime) -> Option<HeaderValue> {
    HeaderValue::from_str(&httpdate::fmt_http_date(time)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_hashes_the_same_whatever_its_nonce() {
        let page = |nonce: &str| {
            format!(
                "<script nonce=\"{nonce}\">a()</script><p>Қазақстан</p><script nonce=\"{nonce}\">"
            )
        };
        let one = content_hash_without(page("n0nceAAA").as_bytes(), b"n0nceAAA");
        let other = content_hash_without(page("n0nceBBB").as_bytes(), b"n0nceBBB");
        assert_eq!(one, other);
        assert_eq!(one, content_hash(page("").as_bytes()), "as if it had none");
        assert_ne!(one, content_hash(b"<p>another page</p>"));
        assert_eq!(one.len(), 16);
    }

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

    #[test]
    fn if_modified_since_compares_whole_seconds() {
        let mut asked = HeaderMap::new();
        let mut answer = HeaderMap::new();
        answer.insert(header::LAST_MODIFIED, http_date(1_795_000_000).unwrap());
        assert!(!unmodified_since(&asked, &answer), "not asked");
        asked.insert(header::IF_MODIFIED_SINCE, http_date(1_795_000_000).unwrap());
        assert!(unmodified_since(&asked, &answer));
        asked.insert(header::IF_MODIFIED_SINCE, http_date(1_794_999_999).unwrap());
        assert!(!unmodified_since(&asked, &answer));
        asked.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("yesterday"),
        );
        assert!(!unmodified_since(&asked, &answer), "a bad date is ignored");
        assert_eq!(
            http_date(1_795_000_000).unwrap(),
            "Wed, 18 Nov 2026 11:06:40 GMT"
        );
    }
}
