//! What a server forgets when readers' content changes, and how it learns
//! that it did: the one place where the page cache and the shared reads
//! (`app::server::shared`) are invalidated.
//!
//! Every change to articles, categories or authors moves
//! `content_version` (database triggers, migration 0002), from any process:
//! every server polls that row (and on PostgreSQL is nudged at once by a
//! NOTIFY) and empties both caches when it moved; then the push follower
//! (`push::follow`) tells the open pages. A
//! change made through this server (a successful POST) empties them at
//! once, so the editor who made it sees it on their next page.

use crate::page_cache::PageCache;
use app::server::shared::SharedReads;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The caches of one server that hold readers' content.
#[derive(Clone, Debug)]
pub struct Caches {
    pub pages: Arc<PageCache>,
    pub reads: Arc<SharedReads>,
}

impl Caches {
    pub fn sync_version(&self, version: i64) {
        self.pages.sync_version(version);
        self.reads.sync_version(version);
    }

    pub fn clear(&self) {
        self.pages.clear();
        self.reads.clear();
    }
}

/// axum middleware: a change through this server is visible here at once.
pub async fn forget_after_changes(
    State(caches): State<Caches>,
    request: Request,
    next: Next,
) -> Response {
    // A read reported by the beacon changes no page.
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && request.uri().path() != crate::views::BEACON_PATH;
    let response = next.run(request).await;
    if changes && (response.status().is_success() || response.status().is_redirection()) {
        caches.clear();
    }
    response
}

/// How often expired pages leave the page cache.
const SWEEP_EVERY: Duration = Duration::from_secs(10);

/// How a node learns of changes: it polls the version every so often, or
/// sooner when nudged (PostgreSQL's NOTIFY, `push::listen_postgres`), and
/// tells who follows it (`push::follow`) the version it saw.
pub struct Following {
    pub every: Duration,
    pub nudge: Arc<tokio::sync::Notify>,
    pub version: tokio::sync::watch::Sender<i64>,
}

/// Polls the content version and empties stale caches, until `stop` is
/// cancelled (before the pool closes). Errors are logged and retried: a
/// cache never stops the server.
pub async fn follow_content_version(
    caches: Caches,
    db: app::db::Db,
    following: Following,
    stop: CancellationToken,
) {
    let mut ticker = tokio::time::interval(following.every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut swept = std::time::Instant::now();
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            () = following.nudge.notified() => {}
            () = stop.cancelled() => return,
        }
        if swept.elapsed() >= SWEEP_EVERY {
            caches.pages.sweep();
            swept = std::time::Instant::now();
        }
        match app::db::content_version(&db).await {
            Ok(version) => {
                caches.sync_version(version);
                // After the caches: whoever follows reads fresh content.
                following.version.send_if_modified(|seen| {
                    let moved = *seen != version;
                    *seen = version;
                    moved
                });
            }
            Err(error) => {
                // Without a version we cannot know the caches are fresh.
                caches.clear();
                tracing::warn!(%error, "cannot read the content version; caches cleared");
            }
        }
    }
}
