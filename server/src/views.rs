//! Counting reads for «Самое читаемое», without cookies and without
//! storing addresses.
//!
//! A read is a `GET /news/{slug}` or `/kk/news/{slug}` answered 200, whether rendered or served
//! from the page cache (this middleware sits outside the cache), that is
//! not a prefetch or prerender (`Sec-Purpose`) and not from a client that
//! calls itself a bot. Reads are counted in memory, off the request path's
//! database, and added to `article_views` in batches every
//! [`FLUSH_EVERY`]; every server adds its own, so counts from several
//! servers merge by addition.
//!
//! Behind a CDN, cached pages never reach a server: `--view-beacon` then
//! turns the server's counting off and the article page's island reports
//! the read instead (`POST /views` with the article's path,
//! `navigator.sendBeacon`, no cookie).
//!
//! Reads are counted by article address (edition and slug): a slug is
//! unique within an edition only.

use app::db::{articles, views, Db};
use app::domain::lang::Lang;
use app::server::site::Clock;
use axum::body::{to_bytes, Body};
use axum::extract::{FromRef, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often counts go to the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);
/// Reads older than this are dropped (the block looks back a week).
const KEEP_SECONDS: i64 = 8 * 86_400;
/// The most distinct articles one flush holds; more are dropped (a flood
/// of made-up slugs cannot grow memory without bound).
const MAX_PENDING: usize = 10_000;

/// An article's address: its edition and its slug.
pub type ArticleAddress = (Lang, String);

/// Reads counted here and not yet written, by article address.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<ArticleAddress, i64>>,
}

impl ViewCounter {
    pub fn new() -> Arc<ViewCounter> {
        Arc::default()
    }

    pub fn count(&self, lang: Lang, slug: &str) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        let address = (lang, slug.to_string());
        if let Some(n) = pending.get_mut(&address) {
            *n += 1;
        } else if pending.len() < MAX_PENDING {
            pending.insert(address, 1);
        }
    }

    /// Everything counted so far; the counter starts again from zero.
    pub fn take(&self) -> HashMap<ArticleAddress, i64> {
        self.pending
            .lock()
            .map(|mut pending| std::mem::take(&mut *pending))
            .unwrap_or_default()
    }

    /// Puts back counts a failed write did not store.
    pub fn give_back(&self, counts: HashMap<ArticleAddress, i64>) {
        if let Ok(mut pending) = self.pending.lock() {
            merge(&mut pending, counts);
        }
    }
}

/// Adds `from` to `into`: how counts of one article from several flushes
/// or several servers combine.
pub fn merge(into: &mut HashMap<ArticleAddress, i64>, from: HashMap<ArticleAddress, i64>) {
    for (address, n) in from {
        *into.entry(address).or_default() += n;
    }
}

/// Whether a user agent says it is a robot (crawlers, link previews,
/// monitors). Browsers, headless or not, do not say so.
pub fn is_bot(user_agent: &str) -> bool {
    const SIGNS: [&str; 12] = [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "preview",
        "facebookexternalhit",
        "python-requests",
        "curl/",
        "wget/",
        "monitor",
        "lighthouse",
        "http-client",
    ];
    let agent = user_agent.to_ascii_lowercase();
    agent.is_empty() || SIGNS.iter().any(|sign| agent.contains(sign))
}

/// Whether a request is a reader opening the page: not a prefetch or a
/// prerender (`Sec-Purpose`, or the older `Purpose`/`X-Moz`), not a bot.
pub fn counts_as_read(headers: &HeaderMap) -> bool {
    let says = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let speculative = ["sec-purpose", "purpose", "x-purpose", "x-moz"]
        .iter()
        .filter_map(|name| says(name))
        .any(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("prefetch") || v.contains("prerender")
        });
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    !speculative && !is_bot(agent)
}

/// The edition and slug of an article page's path, if it is one.
pub fn article_address(path: &str) -> Option<(Lang, &str)> {
    let (lang, slug) = Lang::of_article_path(path)?;
    app::api::reader::plausible_slug(slug).then_some((lang, slug))
}

/// axum middleware, outside the page cache: counts reads of article pages.
/// `None`: the beacon counts instead.
pub async fn count_reads(
    State(counter): State<Option<Arc<ViewCounter>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(counter) = counter else {
        return next.run(request).await;
    };
    let address = (request.method() == Method::GET && counts_as_read(request.headers()))
        .then(|| article_address(request.uri().path()).map(|(lang, slug)| (lang, slug.to_string())))
        .flatten();
    let response = next.run(request).await;
    if let (Some((lang, slug)), StatusCode::OK) = (address, response.status()) {
        counter.count(lang, &slug);
    }
    response
}

/// Where the beacon reports a read.
pub const BEACON_PATH: &str = "/views";

/// Where the beacon's reads are counted: `None` when the site counts
/// reads on the servers (no beacon: its address is a 404).
#[derive(Clone)]
pub struct BeaconCounter(pub Option<Arc<ViewCounter>>);

/// `POST /views` (the beacon): the body is the article's path
/// (`/news/{slug}`, `/kk/news/{slug}`).
pub fn beacon_router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    BeaconCounter: FromRef<S>,
{
    Router::new().route(BEACON_PATH, post(beacon))
}

async fn beacon(State(counter): State<BeaconCounter>, request: Request<Body>) -> Response {
    let Some(views) = counter.0 else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let counts = counts_as_read(request.headers());
    let Ok(body) = to_bytes(request.into_body(), 256).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = std::str::from_utf8(&body).unwrap_or_default().trim();
    let Some((lang, slug)) = article_address(path) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if counts {
        views.count(lang, slug);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Writes what `counter` holds to the hour of `now`. Addresses that name
/// no article are dropped; on a database error the counts are kept for the
/// next flush.
pub async fn flush(db: &Db, counter: &ViewCounter, now: i64) -> Result<usize, sqlx::Error> {
    let counts = counter.take();
    if counts.is_empty() {
        return Ok(0);
    }
    let written = async {
        let mut rows = Vec::new();
        for lang in Lang::ALL {
            let slugs: Vec<String> = counts
                .keys()
                .filter(|(edition, _)| *edition == lang)
                .map(|(_, slug)| slug.clone())
                .collect();
            for chunk in slugs.chunks(500) {
                for (id, slug) in articles::holders(db, lang, chunk).await? {
                    if let Some(n) = counts.get(&(lang, slug)) {
                        rows.push((id, *n));
                    }
                }
            }
        }
        views::add(db, views::hour_of(now), &rows).await?;
        Ok::<usize, sqlx::Error>(rows.len())
    }
    .await;
    match written {
        Ok(n) => {
            metrics::counter!("qalam_views_flushed_total").increment(n as u64);
            Ok(n)
        }
        Err(error) => {
            counter.give_back(counts);
            Err(error)
        }
    }
}

/// Once an hour: forgets reads nobody will ask for.
pub async fn hourly(db: &Db, now: i64) {
    if let Err(error) = views::forget_before(db, now - KEEP_SECONDS).await {
        tracing::warn!(%error, "forgetting old read counts failed");
    }
}

/// Flushes every [`FLUSH_EVERY`] until `stop`, and once more at the end, so
/// a restart loses no reads.
pub async fn run(db: Db, counter: Arc<ViewCounter>, clock: Clock, stop: CancellationToken) {
    let mut ticks = tokio::time::interval(FLUSH_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut runs: u64 = 0;
    loop {
        let stopping = tokio::select! {
            _ = ticks.tick() => false,
            () = stop.cancelled() => true,
        };
        let now = clock.now();
        if let Err(error) = flush(&db, &counter, now).await {
            tracing::warn!(%error, "writing read counts failed; will retry");
        }
        if runs.is_multiple_of(360) {
            hourly(&db, now).await;
        }
        runs += 1;
        if stopping {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header value"));
        }
        map
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    #[test]
    fn bots_that_say_so_are_not_readers() {
        for agent in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "TelegramBot (like TwitterBot)",
            "facebookexternalhit/1.1",
            "WhatsApp/2.23 LinkPreview",
            "curl/8.5.0",
            "python-requests/2.31",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "UptimeRobot/2.0",
            "",
        ] {
            assert!(is_bot(agent), "{agent}");
        }
        for agent in [
            FIREFOX,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        ] {
            assert!(!is_bot(agent), "{agent}");
        }
    }

    #[test]
    fn prefetches_and_prerenders_are_not_reads() {
        assert!(counts_as_read(&headers(&[("user-agent", FIREFOX)])));
        for (name, value) in [
            ("sec-purpose", "prefetch"),
            ("sec-purpose", "prefetch;prerender"),
            ("purpose", "prefetch"),
            ("x-moz", "prefetch"),
        ] {
            let with = headers(&[("user-agent", FIREFOX), (name, value)]);
            assert!(!counts_as_read(&with), "{name}: {value}");
        }
    }

    fn at(slug: &str) -> ArticleAddress {
        (Lang::Ru, slug.to_string())
    }

    #[test]
    fn counts_add_up_and_merge() {
        let counter = ViewCounter::default();
        for _ in 0..3 {
            counter.count(Lang::Ru, "a");
        }
        counter.count(Lang::Ru, "b");
        let mut first = counter.take();
        assert_eq!(first, HashMap::from([(at("a"), 3), (at("b"), 1)]));
        assert!(counter.take().is_empty(), "taking starts again from zero");
        // Another server's counts of the same articles.
        merge(&mut first, HashMap::from([(at("a"), 2), (at("c"), 5)]));
        assert_eq!(
            first,
            HashMap::from([(at("a"), 5), (at("b"), 1), (at("c"), 5)])
        );
        counter.count(Lang::Ru, "a");
        counter.give_back(first);
        assert_eq!(counter.take().get(&at("a")), Some(&6));
    }

    #[test]
    fn one_slug_in_two_editions_is_two_articles() {
        let counter = ViewCounter::default();
        counter.count(Lang::Ru, "almaty");
        counter.count(Lang::Kk, "almaty");
        counter.count(Lang::Kk, "almaty");
        let counts = counter.take();
        assert_eq!(counts.get(&at("almaty")), Some(&1));
        assert_eq!(counts.get(&(Lang::Kk, "almaty".to_string())), Some(&2));
    }

    #[test]
    fn only_article_pages_are_counted() {
        assert_eq!(
            article_address("/news/almaty-sneg"),
            Some((Lang::Ru, "almaty-sneg"))
        );
        assert_eq!(
            article_address("/kk/news/almaty-qar"),
            Some((Lang::Kk, "almaty-qar"))
        );
        assert_eq!(article_address("/news/"), None);
        assert_eq!(article_address("/kk/news/"), None);
        assert_eq!(article_address("/kknews/x"), None);
        assert_eq!(article_address("/news/../admin"), None);
        assert_eq!(article_address("/category/sport"), None);
        assert_eq!(article_address("almaty-sneg"), None);
    }
}
