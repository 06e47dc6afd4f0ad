//! What one request, or one client, may cost: handler time, body size
//! and time, and how often an address may search. The connection-level
//! limits (slow headers, idle keep-alive) are in `serve`.

use crate::error::refusal_page;
use app::messages::HttpRefusal;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most a request body may hold, except for uploads (axum's own
/// default, applied to everything, server functions included).
pub const BODY_MAX_BYTES: usize = 2 * 1024 * 1024;
/// How long a request body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long handlers may take before the client gets a 503.
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    /// Pages, server functions, forms.
    pub request: Duration,
    /// Image uploads: their bodies may take [`BODY_TIMEOUT`] to arrive.
    pub upload: Duration,
}

impl RequestLimits {
    /// Handlers get `request`; uploads that, plus the time for their body.
    pub fn with_request(request: Duration) -> RequestLimits {
        RequestLimits {
            request,
            upload: request + BODY_TIMEOUT,
        }
    }
}

impl Default for RequestLimits {
    fn default() -> RequestLimits {
        RequestLimits::with_request(Duration::from_secs(30))
    }
}

/// Middleware: a body over `max` bytes gets our 413 page: at once when
/// its `Content-Length` says so, else when reading it passes `max` (the
/// handler's extractor then fails). Server functions read bodies
/// themselves, past axum's `DefaultBodyLimit`; this bounds them too.
pub async fn limit_body(State(max): State<usize>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max as u64) {
        return too_large();
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, max)));
    next.run(request).await
}

/// Our 413 page.
pub fn too_large() -> Response {
    refusal_page(StatusCode::PAYLOAD_TOO_LARGE, HttpRefusal::TooLarge)
}

/// Middleware: the bare refusal of tower's `TimeoutLayer` (a 503 with no
/// body) becomes our Russian page, so no reader meets an empty answer.
pub async fn refusals_as_pages(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let refusal = match status {
        StatusCode::SERVICE_UNAVAILABLE => HttpRefusal::TooSlow,
        StatusCode::PAYLOAD_TOO_LARGE => return too_large(),
        StatusCode::REQUEST_TIMEOUT => HttpRefusal::BodyTooSlow,
        _ => HttpRefusal::Failed,
    };
    let mut page = refusal_page(status, refusal);
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        page.headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    page
}

/// A token bucket per client address: `burst` searches at once, then one
/// every `every`. A search is the dearest reader request (full-text over
/// the archive, never cached), so one client cannot keep the database busy.
#[derive(Debug)]
pub struct SearchLimiter {
    burst: f64,
    every: Duration,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Addresses remembered at most; beyond it, full buckets are forgotten.
const MAX_TRACKED: usize = 50_000;

impl SearchLimiter {
    /// `per_minute` searches a minute on average, up to `burst` at once;
    /// 0 turns the limit off.
    pub fn new(per_minute: u32, burst: u32) -> Arc<SearchLimiter> {
        let every = if per_minute == 0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(60.0 / f64::from(per_minute))
        };
        Arc::new(SearchLimiter {
            burst: f64::from(burst.max(1)),
            every,
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Takes a search for `client` at `now`: Ok, or Err with how long to
    /// wait for the next one.
    pub fn take(&self, client: &str, now: Instant) -> Result<(), Duration> {
        if self.every.is_zero() {
            return Ok(());
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_TRACKED {
            let (burst, every) = (self.burst, self.every);
            buckets.retain(|_, b| refilled(*b, now, burst, every) < burst);
            // Still full (that many addresses searching at once): start
            // afresh rather than scan the map at every search.
            if buckets.len() >= MAX_TRACKED {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(client.to_string()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let tokens = refilled(*bucket, now, self.burst, self.every);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(self.every.mul_f64(1.0 - tokens))
        }
    }
}

fn refilled(bucket: Bucket, now: Instant, burst: f64, every: Duration) -> f64 {
    let earned = now.saturating_duration_since(bucket.at).as_secs_f64() / every.as_secs_f64();
    (bucket.tokens + earned).min(burst)
}

/// Whether a request runs a search: the search page with a query, or the
/// search API.
fn is_search(request: &Request) -> bool {
    let uri = request.uri();
    match uri.path() {
        "/search" => uri.query().is_some_and(|q| !q.is_empty()),
        path => path.starts_with("/api/search"),
    }
}

/// What the search limit needs of the site's state.
#[derive(Clone, Debug)]
pub struct SearchGate {
    pub limiter: Arc<SearchLimiter>,
    /// The trusted proxy's client-address header, if any.
    pub client_ip_header: Option<HeaderName>,
}

/// Middleware: searches over an address's share get a 429 page saying
/// when to try again.
pub async fn limit_searches(
    State(gate): State<SearchGate>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if !is_search(&request) {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let client =
        crate::client::client_address(gate.client_ip_header.as_ref(), request.headers(), peer);
    match gate.limiter.take(&client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + 1;
            metrics::counter!("qalam_search_rate_limited_total").increment(1);
            tracing::info!(%client, seconds, "search rate limit");
            let mut page = refusal_page(
                StatusCode::TOO_MANY_REQUESTS,
                HttpRefusal::TooManySearches(seconds),
            );
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                page.headers_mut().insert(header::RETRY_AFTER, value);
            }
            page
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_one_search_per_interval() {
        let limiter = SearchLimiter::new(30, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take("10.0.0.1", t0).is_ok());
        }
        let wait = limiter.take("10.0.0.1", t0).unwrap_err();
        assert!(
            wait <= Duration::from_secs(2) && wait > Duration::ZERO,
            "{wait:?}"
        );
        // Another address has its own bucket.
        assert!(limiter.take("10.0.0.2", t0).is_ok());
        // Two seconds later (30 a minute): one more, not two.
        let later = t0 + Duration::from_secs(2);
        assert!(limiter.take("10.0.0.1", later).is_ok());
        assert!(limiter.take("10.0.0.1", later).is_err());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limiter = SearchLimiter::new(0, 1);
        let now = Instant::now();
        for _ in 0..100 {
            assert!(limiter.take("10.0.0.1", now).is_ok());
        }
    }
}
