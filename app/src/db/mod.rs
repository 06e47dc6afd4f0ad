//! The data layer: every SQL statement of Qalam lives under this module.
//!
//! Queries go through sqlx's `Any` driver so that one binary serves SQLite
//! or PostgreSQL, chosen by the URL's scheme. SQL is written portably
//! (`$1` parameters, standard SQL); anything engine-specific is confined to
//! this file (connection set-up, migrations).

pub mod articles;
pub mod authors;
pub mod categories;
pub mod editorial;
pub mod images;
pub mod search;
pub mod sessions;
pub mod tags;
pub mod users;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// A connection pool, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
}

/// Connection settings with sensible defaults.
#[derive(Clone, Debug)]
pub struct DbOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL (expected sqlite:…): {0}")]
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

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl Db {
    /// Opens a pool for `url`. For SQLite the file (and its directory) is
    /// created if missing, with WAL, foreign keys and a busy timeout.
    pub async fn connect(url: &str, options: &DbOptions) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let url = if url.starts_with("sqlite:") {
            sqlite_url(url)?
        } else {
            return Err(ConnectError::UnsupportedUrl(url.to_string()));
        };
        let connect_options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    // journal_mode persists in the file; the others are per
                    // connection. Reads go through a memory map (no copy
                    // per page), and each connection caches 16 MB of pages:
                    // a search touches about a thousand rows.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                         PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16000;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect_with(connect_options)
            .await?;
        Ok(Db { pool })
    }

    /// Applies pending migrations; a failure stops the start.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        SQLITE_MIGRATIONS.run(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Adds `mode=rwc` (create if missing) and creates the file's directory.
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
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.published_at, self.id)
    }
}

/// The counter that every change to readers' content moves (see the
/// `content_version` migration); caches compare it to know they are stale.
pub async fn content_version(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM content_version WHERE id = 1")
        .fetch_one(db.pool())
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
