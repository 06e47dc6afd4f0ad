//! Background work every server does: publishing scheduled articles when
//! their time comes, and hourly: removing expired sessions, forgetting
//! pushed events every node has read, and keeping the planner's
//! statistics current.
//!
//! Search's upkeep runs beside it ([`search_upkeep`]): indexing what the
//! index lacks at start (a database from before it), merging SQLite's
//! index segments a little every few minutes, and rebuilding the typo
//! vocabulary from the index every few hours (one node of several).
//!
//! Safe with several servers on one database: publishing is a single
//! conditional UPDATE (`status = 'scheduled' AND published_at <= now`), so
//! each article is switched by exactly one of them, and the content
//! version trigger tells every server's page cache at once.

use app::db::{editorial, live, search, sessions, Db, Statistics};
use app::server::accounts::SessionPolicy;
use app::server::site::Clock;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often due articles are looked for: an article appears at most this
/// long after its time.
pub const PUBLISH_EVERY: Duration = Duration::from_secs(1);
/// How often (in runs, one a second) the hourly upkeep runs.
const HOURLY: u32 = 3600;
/// Pushed events older than this are forgotten: a node reads them within
/// a second, and a page that was away longer reloads its story.
const KEEP_EVENTS_SECONDS: i64 = 86_400;

/// Publishes everything due at `now`; returns the ids published here.
pub async fn publish_due(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let ids = editorial::publish_due(db, now).await?;
    metrics::counter!("qalam_scheduler_runs_total").increment(1);
    metrics::counter!("qalam_scheduler_published_total").increment(ids.len() as u64);
    if !ids.is_empty() {
        tracing::info!(?ids, "published scheduled articles");
    }
    Ok(ids)
}

/// Runs until `stop` is cancelled. A run in progress finishes first: the
/// token is only looked at between runs, so shutdown never cuts a publish.
pub async fn run(db: Db, policy: SessionPolicy, clock: Clock, stop: CancellationToken) {
    let mut ticks = tokio::time::interval(PUBLISH_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut tick: u32 = 0;
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = stop.cancelled() => return,
        }
        let now = clock.now();
        if let Err(error) = publish_due(&db, now).await {
            tracing::warn!(%error, "scheduled publishing failed; will retry");
        }
        if tick.is_multiple_of(HOURLY) {
            hourly(&db, policy, now).await;
        }
        tick = tick.wrapping_add(1);
    }
}

/// The hourly upkeep; each part logs its own failure and the others go on.
pub async fn hourly(db: &Db, policy: SessionPolicy, now: i64) {
    let swept =
        sessions::delete_expired(db, now - policy.idle_seconds, now - policy.lifetime_seconds)
            .await;
    match swept {
        Ok(0) => {}
        Ok(n) => tracing::info!("removed {n} expired sessions"),
        Err(error) => tracing::warn!(%error, "session sweep failed"),
    }
    if let Err(error) = live::prune_events(db, now - KEEP_EVENTS_SECONDS).await {
        tracing::warn!(%error, "forgetting old live events failed");
    }
    if let Err(error) = db.keep_statistics(Statistics::Periodic).await {
        tracing::warn!(%error, "keeping the planner's statistics failed");
    }
}

/// How often SQLite's index segments are merged a little.
const MERGE_EVERY: Duration = Duration::from_secs(300);
/// How often the typo vocabulary is rebuilt from the index.
const VOCABULARY_EVERY_SECONDS: i64 = 6 * 3600;

/// Search's upkeep, until `stop` is cancelled: the vocabulary at once when
/// it is due (a new database's first start), then every
/// [`VOCABULARY_EVERY_SECONDS`]; a merge step every [`MERGE_EVERY`]. Its
/// own task, so a rebuild that reads a million articles never delays
/// publishing.
pub async fn search_upkeep(db: Db, clock: Clock, stop: CancellationToken) {
    // Newest first while the site serves; a stop midway is resumed at the
    // next start.
    tokio::select! {
        indexed = search::index_missing(&db) => match indexed {
            Ok(0) => {}
            Ok(n) => tracing::info!("indexed {n} articles for search"),
            Err(error) => tracing::warn!(%error, "indexing articles for search failed"),
        },
        () = stop.cancelled() => return,
    }
    let mut ticks = tokio::time::interval(MERGE_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = stop.cancelled() => return,
        }
        match search::claim_vocabulary_refresh(&db, clock.now(), VOCABULARY_EVERY_SECONDS).await {
            Ok(true) => match search::refresh_vocabulary(&db).await {
                Ok(terms) => tracing::info!("search vocabulary rebuilt: {terms} terms"),
                Err(error) => tracing::warn!(%error, "rebuilding the search vocabulary failed"),
            },
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "claiming the search vocabulary's rebuild failed"),
        }
        if let Err(error) = search::merge_some(&db).await {
            tracing::warn!(%error, "merging the search index failed");
        }
    }
}
