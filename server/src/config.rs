//! Command line and environment (`QALAM_*`) configuration.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "qalam",
    version,
    about = "Qalam: a news site for Russian-language newsrooms",
    long_about = "Qalam: a news site for Russian-language newsrooms.\n\n\
                  Without a command, `qalam` runs the web server (`qalam serve`).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(flatten)]
    pub clock: ClockArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite:PATH (the file and its directory are created if
    /// missing) or postgres://USER@HOST/DATABASE (for several app servers)
    #[arg(
        long,
        env = "QALAM_DATABASE_URL",
        default_value = "sqlite:data/qalam.db",
        global = true
    )]
    pub database_url: String,

    /// Largest number of open database connections
    #[arg(
        long,
        env = "QALAM_DB_MAX_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub db_max_connections: u32,

    /// Milliseconds a request waits for a database connection before it is
    /// answered 503 (e.g. while PostgreSQL restarts)
    #[arg(
        long,
        env = "QALAM_DB_ACQUIRE_TIMEOUT_MS",
        default_value_t = 2000,
        global = true
    )]
    pub db_acquire_timeout_ms: u64,

    /// PostgreSQL: milliseconds after which a statement is cancelled (the
    /// request gets a 503); 0 for none. Maintenance commands never time out.
    #[arg(
        long,
        env = "QALAM_DB_STATEMENT_TIMEOUT_MS",
        default_value_t = 5000,
        global = true
    )]
    pub db_statement_timeout_ms: u64,
}

/// What a process opens the database for: its pool is sized to that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseUse {
    /// The web server: many short queries at once, each with a time limit.
    Serving,
    /// A command that loads many articles at once (`generate`, `import`).
    BulkLoad,
    /// Any other command (`demo`, `publish`, `user`, `backup`, `markup`).
    Maintenance,
}

impl DatabaseArgs {
    /// Pool settings for `purpose`.
    pub fn options(&self, purpose: DatabaseUse) -> app::db::DbOptions {
        let millis = std::time::Duration::from_millis;
        let serving = purpose == DatabaseUse::Serving;
        app::db::DbOptions {
            // A command works one query at a time: two connections, not a
            // server's pool (SQLite keeps a page cache per connection).
            max_connections: if serving {
                self.db_max_connections
            } else {
                self.db_max_connections.min(2)
            },
            acquire_timeout: millis(self.db_acquire_timeout_ms),
            // Commands run long statements (a bulk load's, a merge).
            statement_timeout: (serving && self.db_statement_timeout_ms > 0)
                .then(|| millis(self.db_statement_timeout_ms)),
            sqlite_mmap: serving,
            // A bulk load rewrites indexes and the search index's segments
            // all over a growing file: with 1 GiB (filled only as far as
            // it touches) they stay in memory. A backup on a live node
            // reads the whole file once and keeps the server's 16 MiB.
            sqlite_cache_mib: if purpose == DatabaseUse::BulkLoad {
                1024
            } else {
                app::db::DbOptions::default().sqlite_cache_mib
            },
        }
    }
}

/// The clock, moved for tests and calendar drills only.
#[derive(Debug, Clone, Args)]
pub struct ClockArgs {
    /// For tests only: run this many seconds ahead of (or, negative, behind)
    /// the machine's clock. Give every process of one test run the same
    /// value (the server, `qalam publish`…) so they agree on the time.
    #[arg(
        long,
        env = "QALAM_CLOCK_OFFSET_SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true,
        global = true
    )]
    pub clock_offset_seconds: i64,
}

impl ClockArgs {
    pub fn clock(&self) -> app::server::site::Clock {
        app::server::site::Clock::shifted(self.clock_offset_seconds)
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "QALAM_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Directory with the built site (pkg/, favicon…), as made by cargo-leptos
    #[arg(long, env = "QALAM_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Public base URL of the site, for absolute links [default: http://LISTEN]
    #[arg(long, env = "QALAM_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Seconds a rendered reader page may be served from memory; 0 turns the
    /// page cache off. Any content change empties it at once.
    #[arg(long, env = "QALAM_PAGE_CACHE_TTL", default_value_t = 10)]
    pub page_cache_ttl: u64,

    /// Fill the database with demo content first, if it has no articles
    #[arg(long, env = "QALAM_DEMO")]
    pub demo: bool,

    /// Minutes of inactivity after which an editor's session ends
    #[arg(long, env = "QALAM_SESSION_IDLE_MINUTES", default_value_t = 480)]
    pub session_idle_minutes: i64,

    /// Hours after sign-in at which a session ends however busy it is
    #[arg(long, env = "QALAM_SESSION_LIFETIME_HOURS", default_value_t = 168)]
    pub session_lifetime_hours: i64,

    /// Header with the client's address set by a trusted reverse proxy
    /// (e.g. X-Real-IP), used for sign-in throttling. Leave unset when
    /// clients connect directly: anyone could send such a header.
    #[arg(long, env = "QALAM_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,

    /// Seconds a page, form or API request may take before it gets a 503
    /// (image uploads get 60 more, for their bodies)
    #[arg(long, env = "QALAM_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,

    /// Seconds requests in flight may take to finish after SIGTERM/Ctrl-C
    #[arg(long, env = "QALAM_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// Searches a minute one client address may run (after a burst of 10);
    /// 0 turns the limit off
    #[arg(long, env = "QALAM_SEARCHES_PER_MINUTE", default_value_t = 30)]
    pub searches_per_minute: u32,

    /// Count article reads from a beacon the page sends (for a site behind
    /// a CDN, whose cached pages never reach us) instead of on the server
    #[arg(long, env = "QALAM_VIEW_BEACON", default_value_t = false)]
    pub view_beacon: bool,

    /// A private address for Prometheus metrics (`GET /metrics`), e.g.
    /// 127.0.0.1:9100
    #[arg(long, env = "QALAM_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// A token that opens `/metrics` on the public address
    /// (`Authorization: Bearer TOKEN`); without it `/metrics` is not there
    #[arg(long, env = "QALAM_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// The Telegram bot's token; without it nothing goes to Telegram
    /// (deliveries wait in the outbox)
    #[arg(long, env = "QALAM_TELEGRAM_BOT_TOKEN", hide_env_values = true)]
    pub telegram_bot_token: Option<String>,

    /// Each edition's Telegram channels, e.g. "ru=@qalam_news,kk=@qalam_kz"
    /// (admins add more, and per category, in the workspace)
    #[arg(long, env = "QALAM_TELEGRAM_CHANNELS", default_value = "",
          value_parser = parse_telegram_channels)]
    pub telegram_channels: TelegramChannels,

    /// The Bot API's address (a local fake in tests)
    #[arg(
        long,
        env = "QALAM_TELEGRAM_API_URL",
        default_value = "https://api.telegram.org"
    )]
    pub telegram_api_url: String,

    /// An IndexNow endpoint that publishes, updates and unpublishes are
    /// pinged to, e.g. https://yandex.com/indexnow (it shares pings with
    /// Bing and the others); without it no pings are sent
    #[arg(long, env = "QALAM_INDEXNOW_URL")]
    pub indexnow_url: Option<String>,

    /// A push service address allowed besides the browsers' own (Google,
    /// Mozilla, Apple, Microsoft): a local one in tests, e.g.
    /// http://127.0.0.1:9300/push/
    #[arg(long, env = "QALAM_PUSH_SERVICE_URL")]
    pub push_service_url: Option<String>,
}

/// `--telegram-channels`, parsed.
#[derive(Clone, Debug, Default)]
pub struct TelegramChannels(pub Vec<(app::domain::lang::Lang, String)>);

fn parse_telegram_channels(spec: &str) -> Result<TelegramChannels, String> {
    app::domain::telegram::parse_channels(spec).map(TelegramChannels)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default command)
    Serve(ServeArgs),
    /// Fill an empty database with demo content: 60+ articles in 6 categories
    Demo,
    /// Publish one article now, e.g. from a script or a test
    Publish(PublishArgs),
    /// Manage editors' accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Write a consistent copy of a SQLite database to a new file, safe
    /// while the server runs (PostgreSQL: use pg_dump); `backup verify
    /// FILE` checks a copy
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        check: Option<BackupCommand>,
        /// The new file, e.g. backups/qalam-2026-11-25.db (must not exist)
        #[arg(long, required = true)]
        to: Option<PathBuf>,
        /// Then keep only the N newest backups beside it (same name up to
        /// the first digit, same extension)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
    },
    /// Fill an empty scratch database with generated articles (for benchmarks)
    Generate {
        /// How many articles to generate
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
    /// Move a site's content here from another system
    #[command(subcommand)]
    Import(ImportCommand),
    /// The articles' markup and its renderer, for tools outside Rust (the
    /// visual editor's round-trip test)
    #[command(subcommand)]
    Markup(MarkupCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum MarkupCommand {
    /// Print every article's address and body markup as JSON
    Export,
    /// Read a JSON array of markup on stdin; print the rendered HTML of each
    Render,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ImportCommand {
    /// Import a WordPress export (WXR, from Tools → Export → All content):
    /// authors, categories, tags, posts, pages and their images, with
    /// redirects from every old address. Safe to run again: it updates
    /// what changed and duplicates nothing.
    Wordpress {
        /// The export file (.xml)
        file: PathBuf,
        /// A copy of the old site's wp-content/uploads, where images are taken from
        #[arg(long)]
        uploads: Option<PathBuf>,
        /// Report what would happen; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    /// Headline
    #[arg(long)]
    pub title: String,
    /// Category slug, e.g. "politika"
    #[arg(long)]
    pub category: String,
    /// Lead paragraph
    #[arg(long, default_value = "")]
    pub lead: String,
    /// Body in the editors' markup (paragraphs, ## subheadings, > quotes, [links](…))
    #[arg(long, default_value = "")]
    pub body: String,
    /// Author slug; the first author when not given
    #[arg(long)]
    pub author: Option<String>,
    /// Mark as breaking news
    #[arg(long)]
    pub breaking: bool,
    /// Tags, comma-separated: "выборы, Мажилис"
    #[arg(long, default_value = "")]
    pub tags: String,
    /// The edition: "ru" or "kk"
    #[arg(long, default_value = "ru", value_parser = parse_edition)]
    pub lang: app::domain::lang::Lang,
}

/// An edition's code, for `--lang`.
fn parse_edition(code: &str) -> Result<app::domain::lang::Lang, String> {
    app::domain::lang::Lang::from_code(code).ok_or_else(|| format!("{code:?}: ru or kk"))
}

impl ServeArgs {
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; the password is read from standard input (a prompt
    /// on a terminal), never from the command line
    Add {
        /// Login: 3-40 lower-case Latin letters, digits, dots, hyphens
        #[arg(long)]
        login: String,
        /// Full name, shown as the byline, e.g. "Айгерим Нурланова"
        #[arg(long)]
        name: String,
        /// admin, editor or author
        #[arg(long, default_value = "author")]
        role: String,
    },
    /// Set a new password for an account (read from standard input) and end
    /// its sessions
    Password {
        #[arg(long)]
        login: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Open a backup read-only, run SQLite's integrity check and count
    /// its articles: whether it can be restored from
    Verify {
        /// The backup file
        file: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_writes_with_to_or_verifies_a_file() {
        let parsed = Cli::try_parse_from(["qalam", "backup", "verify", "b.db"]).unwrap();
        assert!(matches!(
            parsed.command,
            Some(Command::Backup {
                check: Some(BackupCommand::Verify { .. }),
                ..
            })
        ));
        let parsed =
            Cli::try_parse_from(["qalam", "backup", "--to", "b.db", "--keep", "7"]).unwrap();
        assert!(matches!(
            parsed.command,
            Some(Command::Backup {
                keep: Some(7),
                check: None,
                ..
            })
        ));
        assert!(
            Cli::try_parse_from(["qalam", "backup"]).is_err(),
            "--to or verify"
        );
        assert!(Cli::try_parse_from(["qalam", "backup", "--to", "b.db", "--keep", "0"]).is_err());
    }
}
