//! The data layer: every SQL statement of Qalam lives under this module.
//!
//! Queries go through sqlx's `Any` driver so that one binary serves SQLite
//! or PostgreSQL, chosen by the URL's scheme. SQL is written portably
//! (`$1` parameters, standard SQL, BIGINT integers); what differs between
//! the engines is confined to this file (connection set-up, migrations,
//! id sequences, planner statistics) and to `search` (FTS5 against
//! PostgreSQL's tsvector). Longer than most files for that reason: every
//! difference between the engines outside search is here, with its tests.
// Past 500 lines: connecting, migrating and statistics for both engines,
// and their tests; each part is small and shares the pool's setup.

pub mod articles;
pub mod authors;
pub mod backup;
pub mod categories;
pub mod corrections;
pub mod drafts;
pub mod editorial;
pub mod images;
pub mod imports;
pub mod live;
pub mod outbox;
pub mod plans;
pub mod presence;
mod rebuilds;
pub mod search;
pub mod sessions;
pub mod settings;
mod sql;
pub mod stash;
pub mod subscriptions;
pub use sql::Sql;
pub mod tags;
mod types;
pub use types::Flag;
pub mod pages;
pub mod redirects;
pub mod users;
pub mod views;

pub use backup::{snapshot, SnapshotError};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, AnyPool, Executor};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A connection pool, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
    /// Callers waiting in [`Db::conn`] / [`Db::begin`] for a connection
    /// (sqlx does not count them): a full pool shows here first.
    waiting: Arc<AtomicUsize>,
}

/// The database engine behind a [`Db`], from its URL's scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    /// Its name, as metrics and logs show it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }

    /// The engine of a connection (as sqlx's Any driver names it).
    pub fn of(conn: &AnyConnection) -> Engine {
        if conn.backend_name() == "PostgreSQL" {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }
}

/// Connection settings with sensible defaults.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// Connections this process keeps open at most. With several app
    /// servers on one PostgreSQL, their sum must stay under the server's
    /// `max_connections`.
    pub max_connections: u32,
    /// How long a request waits for a connection before it gets a 503.
    /// While PostgreSQL restarts, new connections are retried within this
    /// time (every acquire_timeout/5 at most), so service resumes that
    /// soon after the database is back.
    pub acquire_timeout: Duration,
    /// PostgreSQL only: statements running longer are cancelled (the
    /// request gets a 503) instead of holding a connection. `None` for
    /// maintenance commands (bulk generation).
    pub statement_timeout: Option<Duration>,
    /// SQLite only: read through a 256 MB memory map per connection (a
    /// server's hot path). Off for maintenance commands, which read a
    /// large file once: each connection's map would count in their memory.
    pub sqlite_mmap: bool,
    /// SQLite only: each connection's page cache, in MiB. A server's
    /// connections keep 16 (a search touches about a thousand rows). A
    /// bulk load (`qalam generate`, an import) keeps more: it rewrites
    /// the indexes and the search index's segments all over a growing
    /// file, and with a small cache every page of that goes through the
    /// kernel again and again.
    pub sqlite_cache_mib: u32,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(2),
            statement_timeout: Some(Duration::from_secs(5)),
            sqlite_mmap: true,
            sqlite_cache_mib: 16,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL (expected sqlite:PATH or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database")]
    Open(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

// Two directories kept in step: the same versions, the same schema, each
// in its engine's dialect.
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Opens a pool for `url` (`sqlite:PATH` or `postgres://…`). For SQLite
    /// the file (and its directory) is created if missing, with WAL,
    /// foreign keys and a busy timeout.
    pub async fn connect(url: &str, options: &DbOptions) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let engine =
            Engine::of_url(url).ok_or_else(|| ConnectError::UnsupportedUrl(url.to_string()))?;
        let url = match engine {
            Engine::Sqlite => sqlite_url(url)?,
            Engine::Postgres => url.to_string(),
        };
        let connect_options = AnyConnectOptions::from_str(&url)?;
        let session_settings = match engine {
            // journal_mode persists in the file; the others are per
            // connection. Reads go through a memory map (no copy per
            // page), and each connection caches its pages (`cache_size`
            // in KiB when negative).
            Engine::Sqlite => format!(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                 PRAGMA mmap_size = {}; PRAGMA cache_size = -{};",
                if options.sqlite_mmap { 268_435_456 } else { 0 },
                u64::from(options.sqlite_cache_mib) * 1024
            ),
            // No parallel workers: a page's queries are small, and starting
            // workers costs milliseconds per query under load.
            Engine::Postgres => format!(
                "SET statement_timeout = {}; SET application_name = 'qalam'; \
                 SET max_parallel_workers_per_gather = 0",
                options.statement_timeout.map_or(0, |t| t.as_millis())
            ),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            // A PostgreSQL connection broken by a database restart is
            // noticed here and replaced, instead of failing the request
            // that gets it. A SQLite file does not restart, and the ping
            // would be one more hand-off to its worker thread per query.
            .test_before_acquire(engine == Engine::Postgres)
            .after_connect(move |conn, _meta| {
                let settings = session_settings.clone();
                Box::pin(async move {
                    conn.execute(settings.as_str()).await?;
                    Ok(())
                })
            })
            .connect_with(connect_options)
            .await?;
        Ok(Db {
            pool,
            engine,
            waiting: Arc::default(),
        })
    }

    /// Applies pending migrations; a failure stops the start. On
    /// PostgreSQL several servers may start at once: sqlx holds an
    /// advisory lock while migrating, so one migrates and the others wait.
    /// A migration that ran is followed by fresh planner statistics (it may
    /// have added an index or rewritten a column).
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        match self.engine {
            Engine::Sqlite => {
                rebuilds::migrate(&self.pool, &SQLITE_MIGRATIONS).await?;
                self.keep_statistics(Statistics::AtStart).await?;
            }
            Engine::Postgres => {
                // A migration may build an index over millions of rows:
                // no statement timeout on this one connection, which is
                // closed afterwards rather than returned with it.
                let mut conn = self.pool.acquire().await?;
                conn.execute("SET statement_timeout = 0").await?;
                let before = applied_migrations(&mut conn).await;
                POSTGRES_MIGRATIONS.run(&mut *conn).await?;
                if applied_migrations(&mut conn).await != before {
                    conn.execute("ANALYZE").await?;
                }
                conn.close().await?;
            }
        }
        Ok(())
    }

    /// Applies the migrations before `version` only: a database as an
    /// older release left it, for the tests of a migration.
    pub async fn migrate_before(&self, version: i64) -> Result<(), ConnectError> {
        let all = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        let older = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(
                all.iter()
                    .filter(|m| m.version < version)
                    .cloned()
                    .collect(),
            ),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        older.run(&self.pool).await?;
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Keeps the planner's statistics current, as each engine's
    /// documentation asks. The hot queries are written so that their plan
    /// does not depend on them (`db::plans`), but every other query (the
    /// editors' lists, search) still does.
    ///
    /// SQLite keeps none of its own: `PRAGMA optimize` at start (with
    /// 0x10000, which looks at every table: a database loaded by an older
    /// server or another program has none yet) and hourly, bounded by
    /// `analysis_limit` so it takes milliseconds at any size; a full
    /// `ANALYZE` after bulk loads. PostgreSQL's autovacuum analyses as
    /// rows change; after a bulk load it is asked at once.
    pub async fn keep_statistics(&self, when: Statistics) -> Result<(), sqlx::Error> {
        let mut conn = self.conn().await?;
        match (self.engine, when) {
            (Engine::Sqlite, Statistics::AtStart) => {
                conn.execute("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002")
                    .await?;
            }
            (Engine::Sqlite, Statistics::Periodic) => {
                conn.execute("PRAGMA analysis_limit = 1000; PRAGMA optimize")
                    .await?;
            }
            (Engine::Sqlite, Statistics::AfterBulkLoad) => {
                // Every row: the limit is per connection, and a pooled one
                // may have kept the start's.
                conn.execute("PRAGMA analysis_limit = 0; ANALYZE").await?;
            }
            (Engine::Postgres, Statistics::AfterBulkLoad) => {
                conn.execute("ANALYZE").await?;
            }
            (Engine::Postgres, Statistics::AtStart | Statistics::Periodic) => {}
        }
        Ok(())
    }

    /// After a bulk load with explicit ids (`qalam generate`): moves
    /// PostgreSQL's id sequences past them, vacuums (so the visibility map
    /// is set and autovacuum does not start on the new rows while the site
    /// serves), and refreshes the planner's statistics on either engine.
    pub async fn after_bulk_load(&self) -> Result<(), sqlx::Error> {
        if self.engine == Engine::Postgres {
            for table in ["articles", "categories", "authors", "tags"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&self.pool)
                .await?;
            }
            sqlx::query("VACUUM (ANALYZE)").execute(&self.pool).await?;
            return Ok(());
        }
        self.keep_statistics(Statistics::AfterBulkLoad).await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection from the pool, counted in [`Db::waiting`] while it is
    /// awaited. Queries run on `&mut *db.conn().await?`.
    pub async fn conn(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        let _waiting = Waiting::enter(&self.waiting);
        self.pool.acquire().await
    }

    /// A transaction, its connection counted like [`Db::conn`]'s.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        let _waiting = Waiting::enter(&self.waiting);
        self.pool.begin().await
    }

    /// How many callers are waiting for a connection now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// How many migrations a PostgreSQL database has applied (none before
/// its first: the table does not exist yet).
async fn applied_migrations(conn: &mut AnyConnection) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
        .unwrap_or(0)
}

/// When [`Db::keep_statistics`] is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistics {
    /// A server starts (after its migrations).
    AtStart,
    /// Every hour of a running server.
    Periodic,
    /// Many rows were just written (`qalam generate`, `qalam import`).
    AfterBulkLoad,
}

/// Counts a caller in [`Db::waiting`] until dropped (also when the wait
/// is cancelled).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(counter: &'a AtomicUsize) -> Waiting<'a> {
        counter.fetch_add(1, Ordering::Relaxed);
        Waiting(counter)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Whether `error` means the database cannot serve right now (restarting,
/// unreachable, overloaded, a statement over its time limit) rather than a
/// fault in a query: readers get a 503 "try again" page, not a 500.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL's SQLSTATE classes 08 (connection exception), 53
        // (insufficient resources), 57 (operator intervention: shutdown,
        // restart, statement timeout) and 40 (serialization failure,
        // deadlock: retrying later works); SQLite's BUSY (5) and LOCKED (6).
        sqlx::Error::Database(db_error) => db_error.code().is_some_and(|code| {
            ["08", "53", "57", "40"]
                .iter()
                .any(|class| code.starts_with(class))
                || code == "5"
                || code == "6"
        }),
        _ => false,
    }
}

/// `url` with any password replaced by `***`, fit for logs and messages.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            let slash = if rest.contains('/') { "/" } else { "" };
            format!("{scheme}://{user}:***@{host}{slash}{path}")
        }
        _ => url.to_string(),
    }
}

/// Adds `mode=rwc` (create if missing) and creates the file's directory.
/// The file of a `sqlite:` URL; `None` for PostgreSQL or `:memory:`.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    if Engine::of_url(url)? != Engine::Sqlite {
        return None;
    }
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn sqlite_url(url: &str) -> Result<String, ConnectError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|source| ConnectError::Directory {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }
    }
    let mut url = format!("sqlite://{path}");
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if !params.iter().any(|p| p.starts_with("mode=")) {
        params.push("mode=rwc");
    }
    url.push('?');
    url.push_str(&params.join("&"));
    Ok(url)
}

/// A position in a newest-first list: the (published_at, id) of an article.
/// Travels in page links as "1732440000.1234".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub published_at: i64,
    pub id: i64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let (ts, id) = text.split_once('.')?;
        Some(Cursor {
            published_at: ts.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    /// This cursor, or if it lies after `now`, the one just after every
    /// article published by `now`: as an upper bound, it never reaches a
    /// scheduled article.
    pub fn no_later_than(self, now: i64) -> Cursor {
        if self.published_at > now {
            Cursor {
                published_at: now,
                id: i64::MAX,
            }
        } else {
            self
        }
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.published_at, self.id)
    }
}

/// One round trip to the database (health checks).
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1")
        .execute(&mut *db.conn().await?)
        .await
        .map(|_| ())
}

pub const CONTENT_VERSION_SQL: &str = "SELECT version FROM content_version WHERE id = 1";

/// The counter that every change to readers' content moves (see the
/// `content_version` migration); caches compare it to know they are stale.
pub async fn content_version(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(CONTENT_VERSION_SQL)
        .fetch_one(&mut *db.conn().await?)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor {
            published_at: 1_732_440_000,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in ["", "1", "a.b", "1.", ".2", "1.2.3", "1;DROP.2"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn engines_come_from_the_url_scheme() {
        assert_eq!(Engine::of_url("sqlite:data/q.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://q@db/q"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("postgresql://db/q"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://db/q"), None);
        assert_eq!(Engine::of_url("data/q.db"), None);
    }

    #[test]
    fn outages_are_unavailable_and_faults_are_not() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(is_unavailable(&sqlx::Error::Io(refused)));
        assert!(is_unavailable(&sqlx::Error::PoolClosed));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
        assert!(!is_unavailable(&sqlx::Error::ColumnNotFound("x".into())));
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redacted_url("postgres://qalam:s3cr@t@db.local:5432/news?sslmode=require"),
            "postgres://qalam:***@db.local:5432/news?sslmode=require"
        );
        assert_eq!(
            redacted_url("postgres://qalam@db/news"),
            "postgres://qalam@db/news"
        );
        assert_eq!(redacted_url("sqlite:data/q.db"), "sqlite:data/q.db");
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join("qalam-url-test");
        let file = dir.join("x.db");
        let url = sqlite_url(&format!("sqlite:{}", file.display())).unwrap();
        assert_eq!(url, format!("sqlite://{}?mode=rwc", file.display()));
        assert!(dir.is_dir());
        assert_eq!(
            sqlite_url("sqlite::memory:").unwrap(),
            "sqlite://:memory:?mode=rwc"
        );
        assert_eq!(
            sqlite_url("sqlite:a.db?mode=ro").unwrap(),
            "sqlite://a.db?mode=ro"
        );
    }
}
