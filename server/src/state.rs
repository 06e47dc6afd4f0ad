//! What every handler of one site shares: the site, its caches and
//! files, and how it is configured to treat clients.

use crate::limits::{RequestLimits, SearchLimiter};
use crate::page_cache::PageCache;
use crate::static_files::StaticFiles;
use app::server::site::Site;
use axum::extract::FromRef;
use axum::http::header;
use leptos::prelude::LeptosOptions;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub site: Site,
    pub page_cache: Arc<PageCache>,
    /// The header a trusted reverse proxy puts the client's address in
    /// (e.g. `X-Real-IP`), for sign-in throttling; None: the peer address.
    pub client_ip_header: Option<header::HeaderName>,
    /// The build's files, in memory with their compressed variants.
    pub static_files: Arc<StaticFiles>,
    /// How long handlers may run.
    pub request_limits: RequestLimits,
    /// Searches per client address.
    pub search_limiter: Arc<SearchLimiter>,
    /// The token that opens `/metrics` here; None: `/metrics` is not here.
    pub metrics_token: Option<String>,
    /// Article reads counted here and not yet written.
    pub views: Arc<crate::views::ViewCounter>,
    /// Set once shutdown began: `/health` says 503, so that a load
    /// balancer stops sending requests before the listener closes.
    pub draining: Arc<AtomicBool>,
    /// The event streams of the pages readers have open.
    pub push: Arc<crate::push::Push>,
}

impl AppState {
    /// The state of a site whose build is in `leptos_options.site_root`.
    pub fn new(leptos_options: LeptosOptions, site: Site, page_cache: Arc<PageCache>) -> AppState {
        let static_files = StaticFiles::new(leptos_options.site_root.as_ref());
        AppState {
            leptos_options,
            site,
            page_cache,
            client_ip_header: None,
            static_files,
            request_limits: RequestLimits::default(),
            // Off unless configured (`qalam serve` sets it from its flags).
            search_limiter: SearchLimiter::new(0, 1),
            metrics_token: None,
            views: crate::views::ViewCounter::new(),
            draining: Arc::default(),
            push: crate::push::Push::new(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
