//! A micro-cache of rendered reader pages.
//!
//! Server-side rendering costs a few hundred microseconds of CPU per page;
//! most readers ask for the same few pages. Anonymous GET pages (never
//! `/api`, never requests with cookies or responses that set one) are kept
//! for a short time and dropped at once when content changes (see
//! `freshness.rs`).
//!
//! The cache sits near the outside of the middleware (`http::router`):
//! after the request id, the access log, read counting and old addresses,
//! before everything that only matters to a rendered page. A page is kept
//! as it went out of all the layers inside (security headers, its CSP and
//! nonce, HSTS), so a hit replays exactly that, and costs a map lookup.
//!
//! Each page keeps its brotli and gzip variants beside the original, each
//! made the first time a reader asks for it, so a hot page costs no
//! compression work. A page that is missing (expired, or dropped by a
//! change) is rendered once: readers asking for it meanwhile wait for that
//! render instead of rendering it too (a stampede of hundreds of renders
//! at each expiry was the drill's slowest one per cent).
//!
//! Longer than most files: what a page keeps, when it may be served, and
//! the one render of a missing page share the cache's state; the tests
//! follow.

use crate::compression::{self, Effort, Encoding};
use crate::conditional;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Largest page body we cache; bigger responses pass through.
const MAX_BODY_BYTES: usize = 1 << 20;

/// How browsers and shared caches (a CDN) may keep an anonymous reader
/// page. Browsers revalidate every time (`max-age=0`; a 304 by ETag costs
/// little), so an unpublished or corrected article is gone from a
/// reader's next page at once; a CDN keeps a page a minute (and may serve
/// it 30 s longer while it revalidates, and a day if Qalam is down). A CDN
/// that is purged on publishing can be given longer (docs/deploy.md).
pub const READER_PAGE_CACHING: &str =
    "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400";
/// A missing page may appear soon (an article about to be published).
pub const MISSING_PAGE_CACHING: &str = "public, max-age=0, s-maxage=30";

/// The `Cache-Control` of an anonymous reader page with `status`.
fn caching(status: StatusCode) -> HeaderValue {
    HeaderValue::from_static(if status == StatusCode::OK {
        READER_PAGE_CACHING
    } else {
        MISSING_PAGE_CACHING
    })
}

#[derive(Debug)]
pub struct PageCache {
    ttl: Duration,
    max_entries: usize,
    entries: RwLock<HashMap<String, Arc<CachedPage>>>,
    /// The content version the entries were rendered at.
    version: AtomicI64,
    /// Moves at every `clear`: a page whose rendering began before one may
    /// hold the old content, so it is not kept (see `put`).
    generation: AtomicU64,
    /// Bodies compressed so far (tests check that a hit compresses nothing).
    compressions: AtomicU64,
    /// Pages being rendered now, by key: who asks for one waits for it.
    rendering: Mutex<HashMap<String, Arc<Notify>>>,
}

/// How long a reader waits for another's render of the same page before
/// rendering it too (a render is milliseconds; this bounds a stuck one).
const WAIT_FOR_RENDER: Duration = Duration::from_secs(2);

#[derive(Debug)]
struct CachedPage {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// What the entity tags of every encoding start with.
    content_hash: String,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
    stored_at: Instant,
}

impl CachedPage {
    fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> CachedPage {
        CachedPage {
            status,
            headers,
            content_hash: conditional::content_hash(&body),
            body,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
            stored_at: Instant::now(),
        }
    }

    /// The body in `encoding`, compressed the first time it is asked for.
    fn body_in(&self, encoding: Encoding, compressions: &AtomicU64) -> Bytes {
        let made = |compress: fn(&[u8]) -> Vec<u8>| {
            compressions.fetch_add(1, Ordering::Relaxed);
            Bytes::from(compress(&self.body))
        };
        match encoding {
            Encoding::Identity => self.body.clone(),
            Encoding::Brotli => self
                .brotli
                .get_or_init(|| made(|b| compression::brotli(b, Effort::Page)))
                .clone(),
            Encoding::Gzip => self.gzip.get_or_init(|| made(compression::gzip)).clone(),
        }
    }
}

impl PageCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` disables it.
    pub fn new(ttl: Duration, max_entries: usize) -> PageCache {
        PageCache {
            ttl,
            max_entries,
            entries: RwLock::new(HashMap::new()),
            version: AtomicI64::new(i64::MIN),
            generation: AtomicU64::new(0),
            compressions: AtomicU64::new(0),
            rendering: Mutex::new(HashMap::new()),
        }
    }

    /// How many bodies this cache has compressed.
    pub fn compressions(&self) -> u64 {
        self.compressions.load(Ordering::Relaxed)
    }

    /// How many pages it holds now.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .map(|entries| entries.len())
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    /// Drops every page if `version` differs from the one they were
    /// rendered at. Returns true when it dropped them.
    pub fn sync_version(&self, version: i64) -> bool {
        let previous = self.version.swap(version, Ordering::AcqRel);
        if previous != version {
            self.clear();
            return true;
        }
        false
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.clear();
        }
    }

    /// Drops the pages that have expired: they would only be replaced
    /// when the cache fills up, and a busy hour leaves thousands (each
    /// with its compressed copies) in memory.
    pub fn sweep(&self) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, page| page.stored_at.elapsed() < self.ttl);
            if entries.is_empty() {
                entries.shrink_to_fit();
            }
        }
    }

    /// Where the cache stands now; hand it back to `put` with the page
    /// rendered after this call.
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let entries = self.entries.read().ok()?;
        let page = entries.get(key)?;
        (page.stored_at.elapsed() < self.ttl).then(|| page.clone())
    }

    /// Keeps `page`, rendered since `rendered_from` (`generation()`),
    /// unless the cache was cleared meanwhile: the rendering may have read
    /// content from before the change, and keeping it would serve the old
    /// page until it expires.
    fn put(&self, key: String, page: CachedPage, rendered_from: u64) {
        if let Ok(mut entries) = self.entries.write() {
            if self.generation.load(Ordering::Acquire) != rendered_from {
                return;
            }
            if entries.len() >= self.max_entries {
                entries.retain(|_, p| p.stored_at.elapsed() < self.ttl);
                if entries.len() >= self.max_entries {
                    entries.clear();
                }
            }
            entries.insert(key, Arc::new(page));
        }
    }
}

/// Requests whose answer may come from the cache: anonymous GETs of
/// pages. A file's name (`/feed.xml`, `/favicon.ico`) has a dot; no
/// page's address does.
fn cacheable_request(request: &Request) -> bool {
    let path = request.uri().path();
    let file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    matches!(*request.method(), Method::GET | Method::HEAD)
        && !file
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !app::is_workspace(path)
        && !path.starts_with("/media/")
        && path != crate::push::EVENTS_PATH
        && !request.headers().contains_key(header::COOKIE)
        && !request.headers().contains_key(header::AUTHORIZATION)
}

fn cacheable_response(response: &Response) -> bool {
    matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

/// The page as a response in the best encoding `request_headers` accept,
/// or a 304 when the request already holds that representation.
fn respond(
    cache: &PageCache,
    page: &CachedPage,
    request_headers: &HeaderMap,
    state: &'static str,
) -> Response {
    let encoding = Encoding::preferred(request_headers);
    let etag = conditional::etag(&page.content_hash, encoding);
    let mut headers = page.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    if let Some(value) = encoding.header_value() {
        headers.insert(header::CONTENT_ENCODING, value);
    }
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.insert("x-cache", HeaderValue::from_static(state));
    headers.insert(header::CACHE_CONTROL, caching(page.status));
    if page.status == StatusCode::OK && conditional::none_match_fails(request_headers, &etag) {
        let mut response = conditional::not_modified(etag, &headers);
        response
            .headers_mut()
            .insert("x-cache", HeaderValue::from_static(state));
        return response;
    }
    headers.insert(header::ETAG, etag);
    let mut response = Response::new(Body::from(page.body_in(encoding, &cache.compressions)));
    *response.status_mut() = page.status;
    *response.headers_mut() = headers;
    response
}

/// What a reader who missed the cache does.
enum Miss {
    /// Renders the page; others wait until this is dropped.
    Render(Rendering),
    /// Waits for another's render, then looks again.
    Wait(Arc<Notify>),
}

/// A render in progress: when it ends (kept or not, finished or
/// abandoned) the readers waiting for it look again.
struct Rendering {
    cache: Arc<PageCache>,
    key: String,
    done: Arc<Notify>,
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if let Ok(mut rendering) = self.cache.rendering.lock() {
            rendering.remove(&self.key);
        }
        self.done.notify_waiters();
    }
}

impl PageCache {
    /// Whether this reader renders `key` or waits for the one who does.
    fn miss(self: &Arc<Self>, key: &str) -> Miss {
        let Ok(mut rendering) = self.rendering.lock() else {
            // A poisoned map: everyone renders for themselves.
            return Miss::Render(Rendering {
                cache: self.clone(),
                key: String::new(),
                done: Arc::default(),
            });
        };
        if let Some(done) = rendering.get(key) {
            return Miss::Wait(done.clone());
        }
        let done = Arc::new(Notify::new());
        rendering.insert(key.to_string(), done.clone());
        Miss::Render(Rendering {
            cache: self.clone(),
            key: key.to_string(),
            done,
        })
    }

    /// Waits until the render of `key` (announced by `done`) ends.
    async fn wait_for(&self, key: &str, done: &Notify) {
        let ended = done.notified();
        tokio::pin!(ended);
        // Registered before looking: an end between the look and the wait
        // is not missed.
        ended.as_mut().enable();
        let still_rendering = self
            .rendering
            .lock()
            .map(|rendering| rendering.contains_key(key))
            .unwrap_or(false);
        if still_rendering {
            let _ = tokio::time::timeout(WAIT_FOR_RENDER, ended).await;
        }
    }
}

/// axum middleware: answer from the cache, or render and remember.
pub async fn middleware(
    State(cache): State<Arc<PageCache>>,
    request: Request,
    next: Next,
) -> Response {
    if !cacheable_request(&request) {
        return next.run(request).await;
    }
    if !cache.enabled() {
        let mut response = next.run(request).await;
        if cacheable_response(&response) {
            let value = caching(response.status());
            response.headers_mut().insert(header::CACHE_CONTROL, value);
        }
        return response;
    }
    let key = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_default();
    let head = request.method() == Method::HEAD;
    if let Some(page) = cache.get(&key) {
        let response = respond(&cache, &page, request.headers(), "hit");
        if head {
            let (parts, _) = response.into_parts();
            return Response::from_parts(parts, Body::empty());
        }
        return response;
    }
    if head {
        // Rendered as a GET inside (`conditional::answer_conditionals`),
        // without the body to keep.
        return next.run(request).await;
    }
    let rendering = match cache.miss(&key) {
        Miss::Render(rendering) => rendering,
        Miss::Wait(done) => {
            cache.wait_for(&key, &done).await;
            if let Some(page) = cache.get(&key) {
                return respond(&cache, &page, request.headers(), "hit");
            }
            // Not kept (an error, a change meanwhile): render it here.
            match cache.miss(&key) {
                Miss::Render(rendering) => rendering,
                Miss::Wait(_) => {
                    return render(&cache, key, request, next, None).await;
                }
            }
        }
    };
    render(&cache, key, request, next, Some(rendering)).await
}

/// Renders the page for `request` through the layers inside, keeps it if
/// it may be kept, and answers in the encoding the reader accepts.
async fn render(
    cache: &PageCache,
    key: String,
    request: Request,
    next: Next,
    rendering: Option<Rendering>,
) -> Response {
    let request_headers = request.headers().clone();
    // The cache negotiates the encoding and answers If-None-Match itself:
    // the layers inside make the identity body, whole.
    let (mut parts, body) = request.into_parts();
    for name in [
        header::ACCEPT_ENCODING,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
    ] {
        parts.headers.remove(name);
    }
    let rendered_from = cache.generation();
    let response = next.run(Request::from_parts(parts, body)).await;
    if !cacheable_response(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "could not buffer a page for the cache");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let mut headers = parts.headers;
    // The inner layers' tag of the identity body: the cache tags each
    // encoding itself.
    headers.remove(header::ETAG);
    let page = CachedPage::new(parts.status, headers, body);
    let response = respond(cache, &page, &request_headers, "miss");
    cache.put(key, page, rendered_from);
    drop(rendering);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &'static str) -> CachedPage {
        CachedPage::new(
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from_static(body.as_bytes()),
        )
    }

    #[test]
    fn a_new_version_drops_every_page() {
        let cache = PageCache::new(Duration::from_secs(10), 100);
        assert!(cache.sync_version(1));
        cache.put("/".into(), page("a"), cache.generation());
        assert!(cache.get("/").is_some());
        assert!(!cache.sync_version(1));
        assert!(cache.get("/").is_some());
        assert!(cache.sync_version(2));
        assert!(cache.get("/").is_none());
    }

    #[test]
    fn a_page_rendered_across_a_change_is_not_kept() {
        let cache = PageCache::new(Duration::from_secs(10), 100);
        cache.sync_version(1);
        let rendered_from = cache.generation();
        // The content changes while the page renders.
        assert!(cache.sync_version(2));
        cache.put("/".into(), page("old"), rendered_from);
        assert!(cache.get("/").is_none(), "a page that may be stale");
        cache.put("/".into(), page("new"), cache.generation());
        assert!(cache.get("/").is_some());
    }

    #[test]
    fn pages_expire_and_the_cache_stays_bounded() {
        let cache = PageCache::new(Duration::from_millis(30), 3);
        cache.put("/a".into(), page("a"), cache.generation());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get("/a").is_none(), "expired");
        for key in ["/1", "/2", "/3", "/4", "/5"] {
            cache.put(key.into(), page("x"), cache.generation());
        }
        assert!(cache.len() <= 3);
    }
}
