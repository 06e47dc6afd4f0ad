//! What reaches the pages readers have open: live stories' updates, the
//! breaking-news bar and the ticker, over one Server-Sent Events stream
//! per tab (`GET /events`, `?live=ID` on a live story).
//!
//! Across nodes through the database, with no broker of our own: every
//! change moves `content_version` (and, on PostgreSQL, NOTIFYs
//! `qalam_content`); [`follow`] wakes when `freshness` sees the version
//! move, reads the live stories' new events (`db::live`), and looks again
//! at the breaking bar and the newest articles. What changed goes to
//! every stream of this node through a broadcast channel. So an update
//! saved through node A reaches readers connected to node B.
//!
//! A stream costs a subscription and its connection: no per-stream task.
//! It ends as soon as the tab closes (the next write fails, and the
//! connection is polled for its end meanwhile) and at once when the node
//! begins to stop, so a graceful shutdown never waits for it; the browser
//! reconnects, to another node behind the balancer.

use app::db::{live, Db};
use app::domain::lang::Lang;
use app::domain::live::{BreakingNews, Push as PushEvent};
use app::server::site::Site;
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderValue, Request};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;

/// The stream's address.
pub const EVENTS_PATH: &str = "/events";
/// A comment this often keeps proxies from closing an idle stream, and
/// tells the node when a reader has gone.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Messages a slow stream may fall behind before it skips some.
const BACKLOG: usize = 256;

/// One message for the streams: its event name, the live story it is
/// about (if any), and its JSON, serialised once for every stream.
#[derive(Debug)]
pub struct Message {
    name: &'static str,
    article: Option<i64>,
    data: String,
}

/// This node's streams.
#[derive(Debug)]
pub struct Push {
    sender: broadcast::Sender<Arc<Message>>,
    /// Cancelled when the node begins to stop: every stream ends.
    pub closing: CancellationToken,
    open: Arc<AtomicUsize>,
}

impl Push {
    pub fn new() -> Arc<Push> {
        let (sender, _) = broadcast::channel(BACKLOG);
        Arc::new(Push {
            sender,
            closing: CancellationToken::new(),
            open: Arc::default(),
        })
    }

    /// Sends `event` down every stream that wants it.
    pub fn send(&self, event: &PushEvent) {
        let data = match serde_json::to_string(event) {
            Ok(data) => data,
            Err(error) => {
                tracing::error!(%error, "push event not serialisable");
                return;
            }
        };
        // No stream open: nothing to do (an error only says so).
        let _ = self.sender.send(Arc::new(Message {
            name: event.name(),
            article: event.article(),
            data,
        }));
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }
}

/// Counts a stream while it is open.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn new(counter: &Arc<AtomicUsize>) -> Open {
        counter.fetch_add(1, Ordering::Relaxed);
        metrics::gauge!("qalam_event_streams").increment(1.0);
        Open(counter.clone())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
        metrics::gauge!("qalam_event_streams").decrement(1.0);
    }
}

/// The stream's route, for any router whose state holds this node's
/// [`Push`].
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Arc<Push>: FromRef<S>,
{
    Router::new().route(EVENTS_PATH, get(events))
}

/// The `live` story a stream is for: a number, else none.
fn live_story(query: Option<&str>) -> Option<i64> {
    app::text::url::Query::parse(query.unwrap_or(""))
        .get("live")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
}

async fn events(State(push): State<Arc<Push>>, request: Request<axum::body::Body>) -> Response {
    let live = live_story(request.uri().query());
    let receiver = push.sender.subscribe();
    let open = Open::new(&push.open);
    let closing = push.closing.clone();
    // The first event says the stream is live (and lets a test wait for it).
    let hello = futures_util::stream::once(async { Ok(Event::default().comment("ready")) });
    let messages = futures_util::stream::unfold(
        (receiver, closing, open),
        move |(mut receiver, closing, open)| async move {
            loop {
                let received = tokio::select! {
                    () = closing.cancelled() => return None,
                    received = receiver.recv() => received,
                };
                match received {
                    Ok(message) if message.article.is_none() || message.article == live => {
                        let event = Event::default().event(message.name).data(&message.data);
                        return Some((Ok::<_, Infallible>(event), (receiver, closing, open)));
                    }
                    Ok(_) => continue,
                    // Fell behind: the page catches up with a fresh ticker
                    // (and a live story's page with its next update).
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let event = Event::default()
                            .event("ticker")
                            .data("{\"kind\":\"ticker\"}");
                        return Some((Ok(event), (receiver, closing, open)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    use futures_util::StreamExt;
    let mut response = Sse::new(hello.chain(messages))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx would otherwise buffer the stream.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// What the follower last told the streams.
#[derive(Default)]
struct Seen {
    event: i64,
    /// Per edition, in `Lang::ALL`'s order.
    breaking: [Option<BreakingNews>; 2],
    newest: [Vec<(String, String, bool)>; 2],
}

/// Follows the database for what open pages should see, until `stop`.
/// Live stories' events are read when the content version moves
/// (`version`); the breaking bar and the ticker's newest items are looked
/// at every second too (a bar's time running out changes no version), but
/// through the shared reads, which read nothing while nothing changed: an
/// idle node asks the database for them every ten seconds at most.
pub async fn follow(
    site: Site,
    push: Arc<Push>,
    mut version: watch::Receiver<i64>,
    stop: CancellationToken,
) {
    let db = site.db.clone();
    let mut seen = Seen::default();
    match live::last_event(&db).await {
        Ok(last) => seen.event = last,
        Err(error) => tracing::warn!(%error, "push: cannot read the last live event"),
    }
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        seen.breaking[i] = breaking(&site, lang).await.ok().flatten();
        seen.newest[i] = newest(&site, lang).await;
    }
    let mut every_second = tokio::time::interval(Duration::from_secs(1));
    every_second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let moved = tokio::select! {
            () = stop.cancelled() => return,
            changed = version.changed() => {
                if changed.is_err() {
                    return;
                }
                true
            }
            _ = every_second.tick() => false,
        };
        if let Err(error) = catch_up(&site, &db, &push, &mut seen, moved).await {
            tracing::warn!(%error, "push: reading changes failed; will retry");
        }
    }
}

/// `lang`'s breaking bar as the shared reads hold it.
async fn breaking(site: &Site, lang: Lang) -> Result<Option<BreakingNews>, sqlx::Error> {
    Ok((*site.shared.breaking(&site.db, lang, site.now()).await?).clone())
}

/// `lang`'s newest articles as the ticker shows them (slug, title, live).
async fn newest(site: &Site, lang: Lang) -> Vec<(String, String, bool)> {
    match site.shared.newest(&site.db, lang, site.now(), 12).await {
        Ok(rows) => rows
            .iter()
            .map(|r| (r.slug.clone(), r.title.clone(), r.live))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Tells the streams what changed since `seen`; live events are read only
/// when the content version `moved`.
async fn catch_up(
    site: &Site,
    db: &Db,
    push: &Push,
    seen: &mut Seen,
    moved: bool,
) -> Result<(), sqlx::Error> {
    if moved {
        loop {
            let events = live::events_after(db, seen.event, 100).await?;
            for event in &events {
                seen.event = seen.event.max(event.id);
                if let Some(message) = app::server::live::push_of(db, event, site.now()).await? {
                    push.send(&message);
                }
            }
            if events.len() < 100 {
                break;
            }
        }
    }
    let mut ticker_moved = false;
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        let breaking = breaking(site, lang).await?;
        if breaking != seen.breaking[i] {
            push.send(&app::components::breaking::breaking_push(
                lang,
                breaking.clone(),
            ));
            seen.breaking[i] = breaking;
        }
        let newest = newest(site, lang).await;
        if !newest.is_empty() && newest != seen.newest[i] {
            ticker_moved = true;
            seen.newest[i] = newest;
        }
    }
    // One event for both editions: each page fetches its own items.
    if ticker_moved {
        push.send(&PushEvent::Ticker);
    }
    Ok(())
}

/// PostgreSQL: LISTEN for `qalam_content` and nudge the version poll at
/// once, so a change made through another node is seen without waiting
/// for the poll. Reconnects after an error; ends at `stop`.
pub async fn listen_postgres(
    url: String,
    nudge: Arc<tokio::sync::Notify>,
    stop: CancellationToken,
) {
    use sqlx::postgres::PgListener;
    loop {
        let listener = async {
            let mut listener = PgListener::connect(&url).await?;
            listener.listen("qalam_content").await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            () = stop.cancelled() => return,
            connected = listener => match connected {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "push: cannot LISTEN; polling only, will retry");
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = tokio::time::sleep(Duration::from_secs(5)) => continue,
                    }
                }
            },
        };
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                received = listener.recv() => match received {
                    Ok(_) => nudge.notify_one(),
                    Err(error) => {
                        tracing::warn!(%error, "push: LISTEN connection lost; reconnecting");
                        break;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::live_story;

    #[test]
    fn a_stream_is_for_one_live_story_or_none() {
        assert_eq!(live_story(Some("live=42")), Some(42));
        assert_eq!(live_story(Some("live=abc")), None);
        assert_eq!(live_story(Some("live=-1")), None);
        assert_eq!(live_story(Some("live=99999999999999999999")), None);
        assert_eq!(live_story(None), None);
    }
}
