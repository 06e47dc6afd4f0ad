//! Files of the built site (`target/site`): `/pkg/*` and the root's
//! favicon, images and the like.
//!
//! tower-http's `ServeDir` (checked up to 0.7.1) answers 500 with an empty
//! body when the filesystem refuses a name, e.g. a path segment longer than
//! 255 bytes (ENAMETOOLONG): it treats only `InvalidInput` as a bad name.
//! Names no file can have are therefore answered as missing before the
//! filesystem sees them, and any other failure to read a file is logged and
//! answered with our own page.

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The longest file name Linux filesystems hold, in bytes.
pub const NAME_MAX: usize = 255;
/// The longest path we look up, in bytes.
pub const PATH_MAX: usize = 1024;

/// Whether `path` (as requested, percent-encoded) could name a file: no
/// decoded segment longer than [`NAME_MAX`] bytes, no NUL byte, and not
/// longer than [`PATH_MAX`] in all.
pub fn plausible_file_path(path: &str) -> bool {
    let decoded = app::text::url::decode_bytes(path);
    decoded.len() <= PATH_MAX
        && !decoded.contains(&0)
        && decoded.split(|b| *b == b'/').all(|s| s.len() <= NAME_MAX)
}

/// What looking for a file came to.
pub enum Lookup {
    /// The file (or a 304, a range, a redirect to add a slash).
    Found(Response),
    /// No such file: the caller answers with the site's 404 page.
    Missing,
    /// The file could not be read; logged already.
    Failed,
}

/// Looks up `path` (percent-encoded, starting with "/") below `root` for a
/// GET or HEAD request with the headers of `parts`.
pub async fn lookup(root: &Path, parts: &Parts, path: &str) -> Lookup {
    if !plausible_file_path(path) {
        return Lookup::Missing;
    }
    let mut probe = Request::builder()
        .method(parts.method.clone())
        .uri(path)
        .body(Body::empty())
        .unwrap_or_default();
    *probe.headers_mut() = parts.headers.clone();
    let response = match ServeDir::new(root).oneshot(probe).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    match response.status() {
        StatusCode::NOT_FOUND => Lookup::Missing,
        status if status.is_server_error() => {
            tracing::error!(%status, path = %parts.uri.path(), "a static file could not be read");
            Lookup::Failed
        }
        _ => Lookup::Found(response.map(Body::new)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_no_file_can_have_are_refused_before_the_filesystem() {
        assert!(plausible_file_path("/favicon.svg"));
        assert!(plausible_file_path(&format!("/{}", "a".repeat(255))));
        assert!(!plausible_file_path(&format!("/{}", "a".repeat(256))));
        // 128 Arabic letters are 256 bytes.
        let arabic = app::text::url::encode_component(&"ع".repeat(128));
        assert!(!plausible_file_path(&format!("/{arabic}")));
        assert!(!plausible_file_path("/a%00b"));
        assert!(!plausible_file_path(&"/a".repeat(600)));
    }
}
