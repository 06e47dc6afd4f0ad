//! What every handler of one site shares: the site, its caches and
//! files, and how it is configured to treat clients.
//!
//! Middleware and handlers clone their state for every request, so
//! `AppState` is one pointer to its parts: a clone is one reference count,
//! not a copy of the Leptos options, the site and a dozen handles (that
//! copying was a fifth of a cached page's cost). Before the router is made
//! the parts can be set in place (`state.metrics_token = …`).

use crate::limits::{RequestLimits, SearchLimiter};
use crate::page_cache::PageCache;
use crate::push::Push;
use crate::static_files::StaticFiles;
use crate::views::{BeaconCounter, ViewCounter};
use app::server::site::Site;
use axum::extract::FromRef;
use axum::http::header;
use leptos::prelude::LeptosOptions;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(Arc<StateParts>);

#[derive(Clone)]
pub struct StateParts {
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
    pub views: Arc<ViewCounter>,
    /// Set once shutdown began: `/health` says 503, so that a load
    /// balancer stops sending requests before the listener closes.
    pub draining: Arc<AtomicBool>,
    /// The event streams of the pages readers have open.
    pub push: Arc<Push>,
    /// What readers' browsers and search engines are given: the VAPID
    /// public key, the IndexNow key (both made at first start).
    pub reach: crate::reach::ReachKeys,
}

impl std::ops::Deref for AppState {
    type Target = StateParts;

    fn deref(&self) -> &StateParts {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut StateParts {
        Arc::make_mut(&mut self.0)
    }
}

impl AppState {
    /// The state of a site whose build is in `leptos_options.site_root`.
    pub fn new(leptos_options: LeptosOptions, site: Site, page_cache: Arc<PageCache>) -> AppState {
        let static_files = StaticFiles::new(leptos_options.site_root.as_ref());
        AppState(Arc::new(StateParts {
            leptos_options,
            site,
            page_cache,
            client_ip_header: None,
            static_files,
            request_limits: RequestLimits::default(),
            // Off unless configured (`qalam serve` sets it from its flags).
            search_limiter: SearchLimiter::new(0, 1),
            metrics_token: None,
            views: ViewCounter::new(),
            draining: Arc::default(),
            push: Push::new(),
            reach: Default::default(),
        }))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<Push> {
    fn from_ref(state: &AppState) -> Self {
        state.push.clone()
    }
}

impl FromRef<AppState> for BeaconCounter {
    fn from_ref(state: &AppState) -> Self {
        BeaconCounter(state.site.view_beacon.then(|| state.views.clone()))
    }
}
