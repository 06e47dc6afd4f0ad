//! Files of the built site (`target/site`): `/pkg/*` (the islands bundle,
//! the stylesheet) and the root's favicon and images.
//!
//! Each file is read once and kept in memory with its brotli and gzip
//! variants, made once (at start-up for `pkg/`, else on first use), so no
//! request compresses anything; a file that changes on disk (a rebuild
//! under `cargo leptos watch`) is read again.
//!
//! Names are checked before the filesystem sees them: tower-http's
//! `ServeDir` (checked up to 0.7.1) answered 500 with an empty body when the
//! filesystem refused a name, e.g. a segment longer than 255 bytes
//! (ENAMETOOLONG). Any other failure to read a file is logged.

use crate::compression::{self, Effort, Encoding};
use crate::conditional;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// The longest file name Linux filesystems hold, in bytes.
pub const NAME_MAX: usize = 255;
/// The longest path we look up, in bytes.
pub const PATH_MAX: usize = 1024;
/// Files larger than this are not kept in memory (none of the build's are).
const MAX_FILE_BYTES: u64 = 16 << 20;

/// Whether `path` (as requested, percent-encoded) could name a file: no
/// decoded segment longer than [`NAME_MAX`] bytes, no NUL byte, and not
/// longer than [`PATH_MAX`] in all.
pub fn plausible_file_path(path: &str) -> bool {
    let decoded = app::text::url::decode_bytes(path);
    decoded.len() <= PATH_MAX
        && !decoded.contains(&0)
        && decoded.split(|b| *b == b'/').all(|s| s.len() <= NAME_MAX)
}

/// The file below `root` that `path` (percent-encoded, from "/") names, if
/// it names one at all: UTF-8, no empty, "." or ".." segment.
fn file_path(root: &Path, path: &str) -> Option<PathBuf> {
    if !plausible_file_path(path) {
        return None;
    }
    let decoded = String::from_utf8(app::text::url::decode_bytes(path)).ok()?;
    let mut file = root.to_path_buf();
    for segment in decoded.trim_start_matches('/').split('/') {
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains('\\') {
            return None;
        }
        file.push(segment);
    }
    Some(file)
}

/// A file's content type, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// A file in memory, with its compressed variants when worth having.
#[derive(Debug)]
struct StaticFile {
    content_type: &'static str,
    identity: Bytes,
    /// What the entity tags of every encoding start with.
    content_hash: String,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    modified: Option<SystemTime>,
}

impl StaticFile {
    fn read(path: &Path) -> std::io::Result<Option<StaticFile>> {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if missing(&error) => return Ok(None),
            Err(error) => return Err(error),
        };
        if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
            return Ok(None);
        }
        let bytes = std::fs::read(path)?;
        let content_type = content_type(path);
        let (brotli, gzip) = if compression::compressible(content_type) && bytes.len() > 256 {
            (
                Some(Bytes::from(compression::brotli(&bytes, Effort::Asset))),
                Some(Bytes::from(compression::gzip(&bytes))),
            )
        } else {
            (None, None)
        };
        Ok(Some(StaticFile {
            content_type,
            content_hash: conditional::content_hash(&bytes),
            identity: Bytes::from(bytes),
            brotli,
            gzip,
            modified: metadata.modified().ok(),
        }))
    }

    fn body(&self, encoding: Encoding) -> (Encoding, Bytes) {
        match encoding {
            Encoding::Brotli if self.brotli.is_some() => {
                (Encoding::Brotli, self.brotli.clone().unwrap_or_default())
            }
            Encoding::Brotli | Encoding::Gzip if self.gzip.is_some() => {
                (Encoding::Gzip, self.gzip.clone().unwrap_or_default())
            }
            _ => (Encoding::Identity, self.identity.clone()),
        }
    }
}

fn missing(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::InvalidInput
    )
}

/// What looking for a file came to.
pub enum Lookup {
    Found(Response),
    /// No such file: the caller answers with the site's 404 page.
    Missing,
    /// The file could not be read; logged already.
    Failed,
}

/// The files of one site root, kept in memory.
#[derive(Debug)]
pub struct StaticFiles {
    root: PathBuf,
    files: RwLock<HashMap<PathBuf, Arc<StaticFile>>>,
}

impl StaticFiles {
    pub fn new(root: impl Into<PathBuf>) -> Arc<StaticFiles> {
        Arc::new(StaticFiles {
            root: root.into(),
            files: RwLock::new(HashMap::new()),
        })
    }

    /// Reads and compresses every file of `dir` (below the root) now, so
    /// the first readers do not wait for it. Off the async threads.
    pub async fn preload(self: &Arc<Self>, dir: &str) {
        let files = self.clone();
        let dir = self.root.join(dir);
        let loaded = tokio::task::spawn_blocking(move || {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                return 0;
            };
            let mut n = 0;
            for entry in entries.flatten() {
                if files.load(&entry.path()).is_ok_and(|f| f.is_some()) {
                    n += 1;
                }
            }
            n
        })
        .await
        .unwrap_or(0);
        tracing::debug!(loaded, "build assets in memory");
    }

    /// The file at `path`, from memory unless it changed on disk.
    fn load(&self, path: &Path) -> std::io::Result<Option<Arc<StaticFile>>> {
        let cached = self.files.read().ok().and_then(|f| f.get(path).cloned());
        if let Some(file) = &cached {
            let modified = std::fs::metadata(path).ok().and_then(|m| m.modified().ok());
            if modified.is_some() && modified == file.modified {
                return Ok(cached);
            }
        }
        let Some(file) = StaticFile::read(path)? else {
            if let Ok(mut files) = self.files.write() {
                files.remove(path);
            }
            return Ok(None);
        };
        let file = Arc::new(file);
        if let Ok(mut files) = self.files.write() {
            files.insert(path.to_path_buf(), file.clone());
        }
        Ok(Some(file))
    }

    /// Answers a GET or HEAD for `path` (percent-encoded, from "/", below
    /// the root) with the request's `headers`.
    pub async fn lookup(self: &Arc<Self>, path: &str, headers: &HeaderMap) -> Lookup {
        let Some(file_path) = file_path(&self.root, path) else {
            return Lookup::Missing;
        };
        let files = self.clone();
        let loaded = tokio::task::spawn_blocking(move || files.load(&file_path)).await;
        let file = match loaded {
            Ok(Ok(Some(file))) => file,
            Ok(Ok(None)) => return Lookup::Missing,
            Ok(Err(error)) => {
                tracing::error!(%error, path, "a static file could not be read");
                return Lookup::Failed;
            }
            Err(error) => {
                tracing::error!(%error, path, "reading a static file failed");
                return Lookup::Failed;
            }
        };
        let request_headers = headers;
        let (encoding, body) = file.body(Encoding::preferred(request_headers));
        let etag = conditional::etag(&file.content_hash, encoding);
        if conditional::none_match_fails(request_headers, &etag) {
            let mut vary = HeaderMap::new();
            if file.brotli.is_some() {
                vary.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            return Lookup::Found(conditional::not_modified(etag, &vary));
        }
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = StatusCode::OK;
        let headers = response.headers_mut();
        headers.insert(header::ETAG, etag);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type),
        );
        if let Some(value) = encoding.header_value() {
            headers.insert(header::CONTENT_ENCODING, value);
        }
        if file.brotli.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if let Some(value) = file.modified.and_then(conditional::system_http_date) {
            headers.insert(header::LAST_MODIFIED, value);
        }
        Lookup::Found(response)
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

    #[test]
    fn paths_stay_below_the_root() {
        let root = Path::new("/site");
        assert_eq!(
            file_path(root, "/pkg/qalam.js"),
            Some(PathBuf::from("/site/pkg/qalam.js"))
        );
        for bad in [
            "/../etc/passwd",
            "/pkg/%2e%2e/x",
            "/a//b",
            "/",
            "/pkg/",
            "/a\\b",
            "/%FF",
        ] {
            assert_eq!(file_path(root, bad), None, "{bad}");
        }
    }
}
