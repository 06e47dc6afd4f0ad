//! What the server tells its operator: one access-log line per request
//! with a request id, and Prometheus metrics.
//!
//! The access line is written when the answer's body has been sent (or the
//! client went away), so it holds the bytes that went out and the whole
//! duration. tower-http's `TraceLayer` gives every request a span carrying
//! its id, so the lines handlers log (a failed save, a sign-in) can be
//! matched to the request; its own `on_eos` is not used for the access
//! line because hyper stops polling a body that says it has ended, and
//! then `on_eos` never runs.

use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Instant;
use tracing_subscriber::EnvFilter;

/// The header carrying the request id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// Logs to standard error, as text or, with `QALAM_LOG_FORMAT=json`, one
/// JSON object per line (for Loki, Elasticsearch, journald's JSON…).
pub fn init_logging() {
    let filter =
        EnvFilter::try_from_env("QALAM_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("QALAM_LOG_FORMAT").is_ok_and(|format| format == "json");
    // Colours on a terminal only: journald and log files get plain text.
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

/// A request's id: the one a proxy in front set (nginx's `$request_id`),
/// when it looks like an id, else a new one.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

/// Middleware: every request has an id, and every answer says it.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .filter(|value| plausible_id(value.as_bytes()))
        .cloned()
        .unwrap_or_else(new_request_id);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

/// Up to 64 letters, digits, `-` and `_`: anything else could forge or
/// break log lines.
fn plausible_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// Unique per process run: the start time, then a counter.
fn new_request_id() -> HeaderValue {
    static START: OnceLock<u64> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let start = START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default()
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    HeaderValue::from_str(&format!("{start:x}-{n:x}"))
        .unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// The span of a request in `TraceLayer`: its id, method and path.
pub fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.0.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
}

/// What the access log may show of a request's target: the query is left
/// out in the workspace (searches of unpublished work, logins in sign-in
/// pages) and wherever a parameter is named like a secret.
pub fn loggable_target(uri: &Uri) -> String {
    let path = uri.path();
    match uri.query() {
        Some(query) if !app::is_workspace(path) && !secret_looking(query) => {
            format!("{path}?{query}")
        }
        Some(_) => format!("{path}?…"),
        None => path.to_string(),
    }
}

fn secret_looking(query: &str) -> bool {
    query.split('&').any(|pair| {
        let name = pair
            .split('=')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        [
            "token", "password", "secret", "key", "session", "login", "email",
        ]
        .iter()
        .any(|word| name.contains(word))
    })
}

/// Route middleware: the route a request matched goes out with its
/// answer, for the access log outside the router.
pub async fn expose_matched_path(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(matched);
    }
    response
}

/// Middleware: the access-log line and the request metrics. Sits outside
/// compression, so it counts the bytes that went out.
pub async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let target = loggable_target(request.uri());
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.0.to_str().ok().map(str::to_string))
        .unwrap_or_default();
    let response = next.run(request).await;
    let matched = response
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string());
    let status = response.status();
    let cache = response
        .headers()
        .get("x-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    if cache == "hit" || cache == "miss" {
        metrics::counter!("qalam_page_cache_requests_total", "result" => cache.clone())
            .increment(1);
    }
    let route = match matched {
        Some(route) => route,
        // The fallback: a file of the site root, or the 404 page.
        None if status.is_success() || status.is_redirection() => "(static)".into(),
        None => "(unmatched)".into(),
    };
    let (parts, body) = response.into_parts();
    let line = AccessLine {
        started,
        method,
        target,
        route,
        status,
        cache,
        id,
        bytes: 0,
    };
    Response::from_parts(
        parts,
        Body::new(LoggedBody {
            inner: body,
            line: Some(line),
        }),
    )
}

struct AccessLine {
    started: Instant,
    method: Method,
    target: String,
    route: String,
    status: StatusCode,
    cache: String,
    id: String,
    bytes: u64,
}

impl AccessLine {
    fn write(&self) {
        let seconds = self.started.elapsed().as_secs_f64();
        let method = method_label(&self.method);
        metrics::counter!(
            "qalam_http_requests_total",
            "route" => self.route.clone(),
            "method" => method,
            "status" => self.status.as_str().to_string()
        )
        .increment(1);
        metrics::histogram!(
            "qalam_http_request_duration_seconds",
            "route" => self.route.clone()
        )
        .record(seconds);
        tracing::info!(
            target: "qalam::access",
            method = %self.method,
            path = %self.target,
            status = self.status.as_u16(),
            bytes = self.bytes,
            ms = (seconds * 1000.0 * 10.0).round() / 10.0,
            cache = %self.cache,
            request_id = %self.id,
        );
    }
}

/// Methods as metric labels: a client cannot invent new series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// A response body that counts what it yields and writes the access line
/// when it is dropped: after the last byte, or when the client left.
struct LoggedBody {
    inner: Body,
    line: Option<AccessLine>,
}

impl http_body::Body for LoggedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled {
            if let (Some(data), Some(line)) = (frame.data_ref(), self.line.as_mut()) {
                line.bytes += data.len() as u64;
            }
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for LoggedBody {
    fn drop(&mut self) {
        if let Some(line) = self.line.take() {
            line.write();
        }
    }
}

/// The process's metrics registry (one per process: the `metrics` macros
/// write to a global recorder).
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("qalam_http_request_duration_seconds".into()),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Only when something else installed a recorder first: ours
            // then renders what it records, which is nothing.
            Err(error) => {
                tracing::warn!(%error, "metrics recorder not installed");
                PrometheusBuilder::new().build_recorder().handle()
            }
        }
    })
}

/// The metrics page: counters and histograms, and the gauges read now.
pub fn render_metrics(state: &AppState) -> String {
    let db = &state.site.db;
    let pool = db.pool();
    let size = pool.size() as f64;
    let idle = pool.num_idle() as f64;
    metrics::gauge!("qalam_db_pool_connections", "state" => "in_use").set(size - idle);
    metrics::gauge!("qalam_db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("qalam_db_pool_max_connections").set(pool.options().get_max_connections());
    metrics::gauge!("qalam_db_pool_waiting").set(db.waiting() as f64);
    metrics::gauge!("qalam_page_cache_entries").set(state.page_cache.len() as f64);
    metrics::gauge!(
        "qalam_build_info",
        "version" => env!("CARGO_PKG_VERSION"),
        "engine" => db.engine().name()
    )
    .set(1.0);
    let handle = prometheus();
    handle.run_upkeep();
    handle.render()
}

/// `GET /metrics` on the public listener: only with the configured token
/// (`Authorization: Bearer …`); without a token configured it does not
/// exist there (use `--metrics-listen` for a private address).
pub async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.as_deref() else {
        return crate::error::refusal_page(
            StatusCode::NOT_FOUND,
            app::messages::HttpRefusal::NoSuchPage,
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [
                (header::WWW_AUTHENTICATE, "Bearer"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "metrics need a token\n",
        )
            .into_response();
    }
    metrics_page(&state)
}

/// `GET /metrics` on the private metrics listener.
pub async fn metrics_open(State(state): State<AppState>) -> Response {
    metrics_page(&state)
}

fn metrics_page(state: &AppState) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        render_metrics(state),
    )
        .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The router of the private metrics listener (`--metrics-listen`).
pub fn metrics_router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics_open))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_that_may_hold_secrets_are_left_out_of_the_log() {
        let target = |s: &str| loggable_target(&s.parse::<Uri>().unwrap());
        assert_eq!(target("/search?q=%D2%9B"), "/search?q=%D2%9B");
        assert_eq!(target("/news/x"), "/news/x");
        assert_eq!(target("/admin?q=draft"), "/admin?…");
        assert_eq!(target("/admin/login?login=aliya"), "/admin/login?…");
        assert_eq!(target("/feed?token=abc"), "/feed?…");
        assert_eq!(target("/administrator?q=1"), "/administrator?q=1");
    }

    #[test]
    fn only_plausible_request_ids_are_taken_from_a_proxy() {
        assert!(plausible_id(b"5f2c9a7e-12"));
        assert!(!plausible_id(b""));
        assert!(!plausible_id(b"a b"));
        assert!(!plausible_id(b"x\"y"));
        assert!(!plausible_id(&[b'a'; 65]));
        assert_ne!(new_request_id(), new_request_id());
    }
}
