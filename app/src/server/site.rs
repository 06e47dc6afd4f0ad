//! What server functions need from the server: the database, the public
//! base URL, the session policy and the clock. Provided as Leptos context by
//! the server for every request.

use crate::db::Db;
use crate::error::AppError;
use crate::server::shared::SharedReads;
use std::sync::Arc;

/// How long sessions live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, however busy.
    pub lifetime_seconds: i64,
    /// Mark the cookie `Secure` (the site is served over HTTPS).
    pub secure_cookie: bool,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_seconds: 8 * 3600,
            lifetime_seconds: 7 * 24 * 3600,
            secure_cookie: false,
        }
    }
}

/// The site a request is served for: cloned for every request and every
/// background task, so it is one pointer (`SiteParts` behind an `Arc`);
/// fields read through it as if it were the parts, and a `Site` not yet
/// shared can be changed in place (a clone is made only if it is).
#[derive(Clone, Debug)]
pub struct Site(Arc<SiteParts>);

#[derive(Clone, Debug)]
pub struct SiteParts {
    pub db: Db,
    /// Public base URL without a trailing slash, e.g. "https://qalam.kz".
    pub public_url: String,
    pub sessions: SessionPolicy,
    /// Where "now" comes from; shifted or fixed in tests.
    pub clock: Clock,
    /// Reads every reader page repeats, kept between content changes.
    pub shared: Arc<SharedReads>,
    /// Article reads are reported by the page's beacon (a site behind a
    /// CDN, whose cached pages never reach a server) instead of counted
    /// by the servers.
    pub view_beacon: bool,
}

impl std::ops::Deref for Site {
    type Target = SiteParts;

    fn deref(&self) -> &SiteParts {
        &self.0
    }
}

impl std::ops::DerefMut for Site {
    fn deref_mut(&mut self) -> &mut SiteParts {
        Arc::make_mut(&mut self.0)
    }
}

/// The server's clock. Everything that asks for "now" on the server asks
/// it (pages, feeds, forms, the scheduler, the command line), so tests can
/// fix it and calendar drills can move a whole running site in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The machine's clock.
    #[default]
    System,
    /// The machine's clock moved by this many seconds. Every process of one
    /// test run gets the same offset (`QALAM_CLOCK_OFFSET_SECONDS`), so the
    /// server, the command line and the browser agree on the time.
    Shifted(i64),
    /// Always this instant (Unix seconds): integration tests.
    Fixed(i64),
}

impl Clock {
    /// Unix seconds.
    pub fn now(self) -> i64 {
        match self {
            Clock::System => system_now(),
            Clock::Shifted(offset) => system_now() + offset,
            Clock::Fixed(at) => at,
        }
    }

    /// A clock shifted by `offset` seconds; no offset is the system clock.
    pub fn shifted(offset: i64) -> Clock {
        if offset == 0 {
            Clock::System
        } else {
            Clock::Shifted(offset)
        }
    }
}

impl Site {
    /// A site with the default session policy; cookies are `Secure` when
    /// the public URL is HTTPS.
    pub fn new(db: Db, public_url: &str) -> Site {
        Site(Arc::new(SiteParts {
            db,
            public_url: public_url.trim_end_matches('/').to_string(),
            sessions: SessionPolicy {
                secure_cookie: public_url.starts_with("https://"),
                ..SessionPolicy::default()
            },
            clock: Clock::System,
            shared: Arc::new(SharedReads::new()),
            view_beacon: false,
        }))
    }

    /// The same site on another clock.
    pub fn with_clock(mut self, clock: Clock) -> Site {
        self.clock = clock;
        self
    }

    /// Now on this site's clock, Unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The public URL's scheme and authority ("https://qalam.kz"), as
    /// browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        let authority_start = self.public_url.find("://").map_or(0, |i| i + 3);
        match self.public_url[authority_start..].find('/') {
            Some(path_start) => &self.public_url[..authority_start + path_start],
            None => &self.public_url,
        }
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }
}

/// The machine's clock, Unix seconds (a clock set before 1970 reads as 0).
fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The request's site context.
pub fn site() -> Result<Site, AppError> {
    leptos::prelude::use_context::<Site>().ok_or_else(|| {
        tracing::error!("Site context missing: the server did not provide it");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn clocks_shift_or_stand_still() {
        assert_eq!(Clock::Fixed(1_795_000_000).now(), 1_795_000_000);
        assert_eq!(Clock::shifted(0), Clock::System);
        let system = Clock::System.now();
        let ahead = Clock::shifted(86_400).now();
        assert!((ahead - system - 86_400).abs() <= 1);
    }
}
