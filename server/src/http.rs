//! The HTTP side: the axum router with Leptos pages, server functions,
//! static files, the 404 fallback and response headers.

use crate::compression;
use crate::document;
use crate::freshness;
use crate::limits::{self, SearchGate};
use crate::page_cache;
use crate::security;
use crate::state::AppState;
use crate::static_files;
use crate::telemetry;
use app::{shell, App};
use axum::body::Body;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{
    header, Extensions, HeaderMap, HeaderValue, Method, Request, StatusCode, Version,
};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tower::ServiceBuilder;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody, TimeoutLayer};
use tower_http::trace::TraceLayer;

/// Leptos options for a site built by cargo-leptos into `site_root`.
/// Asset names carry content hashes when the build wrote `hash.txt` next to
/// the executable, so they can be cached forever.
pub fn leptos_options(site_root: &Path, listen: std::net::SocketAddr) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("qalam")
        .site_root(site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(listen)
        .hash_files(hash_files)
        .build()
}

/// The app's routes, generated once per process. Generating renders the
/// app in a special mode flagged in thread-locals; doing it while other
/// requests render on the same threads can starve them (seen as hangs when
/// tests built routers concurrently), so it happens exactly once.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            generate_route_list(App)
                .into_iter()
                .filter(|route| route.path() != STATIC_PAGE_ROUTE)
                .collect()
        })
        .clone()
}

/// `app::STATIC_PAGE_PATH` as axum writes it. Not routed: the fallback
/// serves a file of the site root first, then renders the app, whose
/// router shows the static page (or the 404 page).
const STATIC_PAGE_ROUTE: &str = "/{slug}";

/// Readiness, for load balancers: 200 when this node can serve (it
/// reaches its database and is not shutting down), 503 otherwise, so that
/// traffic moves to nodes that can. Never cached.
async fn health(State(state): State<AppState>) -> Response {
    let (status, text) = if state.draining.load(Ordering::Acquire) {
        (StatusCode::SERVICE_UNAVAILABLE, "shutting down")
    } else {
        match app::db::ping(&state.site.db).await {
            Ok(()) => (StatusCode::OK, "ok"),
            Err(error) => {
                tracing::warn!(%error, "health check: database unreachable");
                (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
            }
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

/// Liveness, for supervisors: 200 while the process answers at all,
/// whatever the database does (restarting the node would not bring the
/// database back).
async fn live() -> Response {
    ([(header::CACHE_CONTROL, "no-store")], "ok").into_response()
}

pub fn router(state: AppState) -> Router {
    let site = state.site.clone();
    let provide_site = move || provide_context(site.clone());
    let options = state.leptos_options.clone();
    let immutable = HeaderValue::from_static(if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    });
    let https = state.site.public_url.starts_with("https://");
    let public_origin: Arc<str> = Arc::from(state.site.origin());
    let limits = state.request_limits;
    // Image uploads: a larger body, and time for it to arrive.
    let uploads = crate::forms::upload_router()
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.upload,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::forms::UPLOAD_MAX_BYTES,
            limits::limit_body,
        ));
    // Word documents: larger still (their photos inside).
    let documents = crate::forms::docx_router()
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.upload,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::forms::DOCX_UPLOAD_MAX_BYTES,
            limits::limit_body,
        ));
    // The routes, with only what differs between them: the body limit
    // and the handler timeout (longer for uploads).
    let routes = Router::new()
        .merge(crate::forms::router())
        .merge(crate::media::router())
        .merge(crate::views::beacon_router())
        .merge(crate::push::router())
        .merge(crate::notifications::router())
        .merge(crate::presence::router())
        .merge(crate::ticker::router())
        .merge(crate::feeds::router())
        .merge(crate::sitemaps::router())
        .route("/health", get(health))
        .route("/health/live", get(live))
        .route("/metrics", get(telemetry::metrics_with_token))
        .route(
            "/api/{*function}",
            get(server_function).post(server_function),
        )
        .leptos_routes_with_context(&state, route_list(), provide_site, move || {
            shell(options.clone())
        })
        .route(
            "/pkg/{*file}",
            get({
                let immutable = immutable.clone();
                move |state: State<AppState>, request: Request<Body>| {
                    build_asset(state, request, immutable.clone())
                }
            }),
        )
        // The workspace's editor bundle (app/editor/), content-hashed by
        // its build like the site's own bundle.
        .route(
            "/editor/{*file}",
            get(move |state: State<AppState>, request: Request<Body>| {
                build_asset(state, request, immutable.clone())
            }),
        )
        .fallback(static_file_or_not_found)
        .layer(axum::middleware::from_fn(finish_renders))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request,
        ))
        .layer(axum::middleware::from_fn_with_state(
            limits::BODY_MAX_BYTES,
            limits::limit_body,
        ))
        .merge(uploads)
        .merge(documents)
        // The access log names the route a request matched.
        .route_layer(axum::middleware::from_fn(telemetry::expose_matched_path))
        .with_state(state.clone());
    telemetry::prometheus();
    // What every request goes through, outermost first, around the
    // routes as one service: a layer added to the router itself wraps each
    // route apart, and every layer then cloned the boxed stack under it
    // for every request (a deep copy of twenty layers, Leptos' options
    // included, even for a cached page). Here a clone is a few pointers.
    let everything = ServiceBuilder::new()
        // Every answer, whatever made it, is logged and counted with the
        // bytes that went out, under its request id.
        .layer(axum::middleware::from_fn(telemetry::request_id))
        .layer(axum::middleware::from_fn(telemetry::access_log))
        // Cached pages are counted too; with the beacon the page reports
        // its reads itself.
        .layer(axum::middleware::from_fn_with_state(
            (!state.site.view_beacon).then(|| state.views.clone()),
            crate::views::count_reads,
        ))
        // A cached 404 is still an old address.
        .layer(axum::middleware::from_fn_with_state(
            state.site.db.clone(),
            crate::redirects::answer_moved,
        ))
        // A cached page is answered here: everything below is for pages
        // rendered now, and the cache keeps what they put on a page,
        // headers included.
        .layer(axum::middleware::from_fn_with_state(
            state.page_cache.clone(),
            page_cache::middleware,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        .layer(axum::middleware::from_fn(
            crate::conditional::answer_conditionals,
        ))
        .layer(axum::middleware::map_response_with_state(
            https,
            security::security_headers,
        ))
        // Everything compressible that is not compressed already (build
        // files come with their variants): per response, so at a level
        // that costs little CPU. Pages kept by the page cache are rendered
        // identity (it asks so) and compressed once, there.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(SizeAbove::new(256).and(
                    |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
                        headers
                            .get(header::CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .is_some_and(compression::compressible)
                    },
                )),
        )
        .layer(axum::middleware::from_fn(crate::conditional::tag_uncached))
        .layer(axum::middleware::from_fn(log_server_errors))
        .layer(RequestBodyTimeoutLayer::new(limits::BODY_TIMEOUT))
        // The layers under it read an axum body again.
        .map_request(|request: Request<TimeoutBody<Body>>| request.map(Body::new))
        .layer(axum::middleware::from_fn(limits::refusals_as_pages))
        .layer(axum::middleware::from_fn_with_state(
            SearchGate {
                limiter: state.search_limiter.clone(),
                client_ip_header: state.client_ip_header.clone(),
            },
            limits::limit_searches,
        ))
        .layer(axum::middleware::from_fn_with_state(
            public_origin,
            security::require_same_origin,
        ))
        .layer(axum::middleware::from_fn(security::private_workspace))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::session::resolve_session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            freshness::Caches {
                pages: state.page_cache.clone(),
                reads: state.site.shared.clone(),
            },
            freshness::forget_after_changes,
        ))
        .layer(axum::middleware::from_fn(document::scripts_inside_body))
        .service(routes);
    Router::new().fallback_service(everything)
}

/// Every request inside runs to its end in a task of its own, even when
/// the client leaves or the handler timeout answers first: a page render
/// abandoned halfway dropped its reactive owner while Leptos' Suspense
/// still walked the view on another thread (`dry_resolve` in the spawned
/// effect that waits for resources), which panicked on the disposed
/// signals ("Tried to access a reactive value that has already been
/// disposed", seen under load on the article form). Finishing costs the
/// rest of a render, a few milliseconds; what reached the database is
/// done anyway.
async fn finish_renders(request: Request<Body>, next: Next) -> Response {
    let running = RunningRender::start();
    let render = async move {
        let _running = running;
        next.run(request).await
    };
    match tokio::spawn(render).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "a request's task failed");
            server_error_page()
        }
    }
}

/// Requests running in [`finish_renders`]' tasks, their clients gone or
/// not. A shutdown waits for them ([`renders_finished`]) before the pool
/// closes: the drain only waits for connections, and a render whose
/// client had left then failed on a closed pool and logged an error.
static RENDERS_RUNNING: AtomicUsize = AtomicUsize::new(0);

struct RunningRender;

impl RunningRender {
    fn start() -> RunningRender {
        RENDERS_RUNNING.fetch_add(1, Ordering::AcqRel);
        RunningRender
    }
}

impl Drop for RunningRender {
    fn drop(&mut self) {
        RENDERS_RUNNING.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Completes once no request is running any more (checked every 10 ms:
/// this is the shutdown path, not a hot one).
pub async fn renders_finished() {
    while RENDERS_RUNNING.load(Ordering::Acquire) > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

async fn server_function(
    State(state): State<AppState>,
    request: Request<Body>,
) -> impl IntoResponse {
    let site = state.site.clone();
    handle_server_fns_with_context(move || provide_context(site.clone()), request).await
}

/// Every 5xx answer leaves an error line in the log, whichever handler
/// gave it, so no failure is silent (handlers log their causes too).
pub async fn log_server_errors(request: Request<Body>, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if status.is_server_error() {
        tracing::error!(%method, %path, status = status.as_u16(), "request failed");
    }
    response
}

/// A file of the build (`/pkg/…`): cacheable for a year when names carry
/// content hashes.
async fn build_asset(
    State(state): State<AppState>,
    request: Request<Body>,
    cache_control: HeaderValue,
) -> Response {
    let (parts, _body) = request.into_parts();
    match state
        .static_files
        .lookup(parts.uri.path(), &parts.headers)
        .await
    {
        static_files::Lookup::Found(mut response) => {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, cache_control);
            response
        }
        static_files::Lookup::Missing => render_unrouted(&state, parts, Unrouted::Missing).await,
        static_files::Lookup::Failed => server_error_page(),
    }
}

/// A file from the site root (favicon, images…), or else the app: a
/// static page (`/o-redaktsii`) or the 404 page, rendered with all its
/// data so it works without JavaScript.
async fn static_file_or_not_found(
    State(state): State<AppState>,
    request: Request<Body>,
) -> Response {
    let (parts, _body) = request.into_parts();
    let reading = parts.method == Method::GET || parts.method == Method::HEAD;
    if reading {
        if let Some(key_file) = crate::notifications::indexnow_key_file(&state, parts.uri.path()) {
            return key_file;
        }
        match state
            .static_files
            .lookup(parts.uri.path(), &parts.headers)
            .await
        {
            static_files::Lookup::Found(mut response) => {
                response.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                );
                return response;
            }
            static_files::Lookup::Missing => {}
            static_files::Lookup::Failed => return server_error_page(),
        }
    }
    let unrouted = if reading {
        Unrouted::MaybePage
    } else {
        Unrouted::Missing
    };
    render_unrouted(&state, parts, unrouted).await
}

/// What a request that no axum route answered may still be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unrouted {
    /// A static page, if the app's router finds one at this address.
    MaybePage,
    /// Nothing: the 404 page (a missing build file, a post to nowhere).
    Missing,
}

/// The app rendered at an address no axum route answers: its router's
/// static page, or its 404 page.
async fn render_unrouted(state: &AppState, mut parts: Parts, unrouted: Unrouted) -> Response {
    let site = state.site.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || provide_context(site.clone()),
        move || shell(options.clone()),
    );
    // Rendered as the page at this address, whatever the method was.
    parts.method = Method::GET;
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    if unrouted == Unrouted::Missing && response.status() == StatusCode::OK {
        // The router's fallback sets 404 itself; this is a second guard.
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

fn server_error_page() -> Response {
    crate::error::refusal_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        app::messages::HttpRefusal::ServerError,
    )
}
