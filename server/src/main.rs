//! `qalam`: the server binary. This file is wiring: it parses the command
//! line, opens the database, and either serves (below) or runs one of the
//! maintenance commands in `commands/`.

use anyhow::Context;
use app::db::Db;
use app::server::site::Clock;
use app::server::site::Site;
use clap::Parser;
use server::config::{BackupCommand, Cli, Command, DatabaseArgs, DatabaseUse, ServeArgs};
use server::page_cache::PageCache;
use server::{commands, leptos_options, router, AppState};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

// mimalloc: page rendering allocates a lot; glibc malloc was ~15% of CPU.
// The `system-allocator` feature leaves it out, for heap profilers.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How often each server checks whether content changed (page cache).
const CONTENT_VERSION_POLL: Duration = Duration::from_millis(200);
/// Most pages the cache holds.
const PAGE_CACHE_ENTRIES: usize = 10_000;

fn main() {
    // Logs go to standard error: standard output carries what commands
    // answer (`qalam publish` prints the new article's path).
    server::telemetry::init_logging();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("qalam: cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(run(cli));
    // Whatever runs still off the async threads (compressing the bundle
    // at start-up) is not waited for: a node that was told to stop exits
    // once its requests are done, so a restart is quick.
    runtime.shutdown_timeout(Duration::from_millis(100));
    if let Err(error) = result {
        // The message, then the root cause: sqlx's errors repeat their
        // sources in their own text, so the full chain would say it 4 times.
        eprintln!("qalam: {error}");
        let cause = error.root_cause().to_string();
        if cause != error.to_string() {
            eprintln!("cause: {cause}");
        }
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Checking a backup never opens (or migrates) the configured database.
    if let Some(Command::Backup {
        check: Some(BackupCommand::Verify { file }),
        ..
    }) = &cli.command
    {
        return commands::backup::verify(file).await;
    }
    let purpose = match cli.command {
        None | Some(Command::Serve(_)) => DatabaseUse::Serving,
        Some(Command::Generate { .. } | Command::Import(_)) => DatabaseUse::BulkLoad,
        Some(_) => DatabaseUse::Maintenance,
    };
    let db = open(&cli.database, purpose).await?;
    let clock = cli.clock.clock();
    if clock != Clock::System {
        tracing::warn!(
            ?clock,
            "the clock is shifted (QALAM_CLOCK_OFFSET_SECONDS): for tests only"
        );
    }
    let now = clock.now();
    match cli.command {
        None => serve(db, &cli.database.database_url, cli.serve, clock).await,
        Some(Command::Serve(args)) => serve(db, &cli.database.database_url, args, clock).await,
        Some(Command::Demo) => {
            let n = commands::demo::load_demo(&db, now).await?;
            println!("Loaded {n} demo articles.");
            Ok(())
        }
        Some(Command::Publish(args)) => commands::publish::run(&db, args, now).await,
        Some(Command::User(command)) => commands::user::run(&db, command, now).await,
        Some(Command::Backup { to, keep, .. }) => {
            let to = to.context("--to FILE is required")?;
            commands::backup::write(&db, &cli.database.database_url, &to, keep).await
        }
        Some(Command::Import(command)) => commands::import::run(&db, command, now).await,
        Some(Command::Markup(command)) => commands::markup::run(&db, command).await,
        Some(Command::Generate { count }) => {
            commands::generate::generate(&db, count, now).await?;
            println!("Generated {count} articles.");
            Ok(())
        }
    }
}

/// Opens the database and applies migrations; either failing stops here.
async fn open(args: &DatabaseArgs, purpose: DatabaseUse) -> anyhow::Result<Db> {
    let db = Db::connect(&args.database_url, &args.options(purpose))
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                app::db::redacted_url(&args.database_url)
            )
        })?;
    db.migrate()
        .await
        .context("the database could not be migrated; the server was not started")?;
    Ok(db)
}

async fn serve(db: Db, database_url: &str, args: ServeArgs, clock: Clock) -> anyhow::Result<()> {
    if args.demo && app::db::articles::count(&db).await? == 0 {
        let n = commands::demo::load_demo(&db, clock.now()).await?;
        tracing::info!("loaded {n} demo articles into the empty database");
    }
    let page_cache = Arc::new(PageCache::new(
        Duration::from_secs(args.page_cache_ttl),
        PAGE_CACHE_ENTRIES,
    ));
    let public_url = args.public_url();
    let mut site = Site::new(db.clone(), &public_url).with_clock(clock);
    // Background work stops between runs, after the last request and
    // before the pool closes.
    let stop = CancellationToken::new();
    let nudge = Arc::new(tokio::sync::Notify::new());
    let (version, versions) = tokio::sync::watch::channel(0i64);
    let versions_for_reach = versions.clone();
    let follower = tokio::spawn(server::freshness::follow_content_version(
        server::freshness::Caches {
            pages: page_cache.clone(),
            reads: site.shared.clone(),
        },
        db.clone(),
        server::freshness::Following {
            every: CONTENT_VERSION_POLL,
            nudge: nudge.clone(),
            version,
        },
        stop.clone(),
    ));
    // PostgreSQL tells every node of a change at once (NOTIFY).
    if db.engine() == app::db::Engine::Postgres {
        tokio::spawn(server::push::listen_postgres(
            database_url.to_string(),
            nudge,
            stop.clone(),
        ));
    }
    site.view_beacon = args.view_beacon;
    site.sessions.idle_seconds = args.session_idle_minutes * 60;
    site.sessions.lifetime_seconds = args.session_lifetime_hours * 3600;
    let scheduler = tokio::spawn(server::scheduler::run(
        db.clone(),
        site.sessions,
        clock,
        stop.clone(),
    ));
    let search_upkeep = tokio::spawn(server::scheduler::search_upkeep(
        db.clone(),
        clock,
        stop.clone(),
    ));
    let client_ip_header = match &args.client_ip_header {
        Some(name) => Some(
            axum::http::HeaderName::from_bytes(name.as_bytes())
                .with_context(|| format!("invalid header name {name:?}"))?,
        ),
        None => None,
    };
    let mut state = AppState::new(
        leptos_options(&args.site_root, args.listen),
        site,
        page_cache,
    );
    state.client_ip_header = client_ip_header;
    state.request_limits = server::limits::RequestLimits::with_request(Duration::from_secs(
        args.request_timeout.max(1),
    ));
    state.search_limiter = server::limits::SearchLimiter::new(args.searches_per_minute, 10);
    state.metrics_token = args.metrics_token.clone().filter(|token| !token.is_empty());
    let pusher = tokio::spawn(server::push::follow(
        state.site.clone(),
        state.push.clone(),
        versions,
        stop.clone(),
    ));
    let views = tokio::spawn(server::views::run(
        db.clone(),
        state.views.clone(),
        clock,
        stop.clone(),
    ));
    // The outbox (docs/reach.md): the environment's channels and the keys
    // made at first start, then a sender for messages (Telegram with the
    // environment's bot token or the one entered in the workspace,
    // IndexNow with an endpoint; without them, deliveries wait) and one
    // for push broadcasts.
    let (messages, broadcasts) = start_reach(&db, &args, &public_url, clock, &mut state).await?;
    let senders = [messages, broadcasts].map(|sender| {
        tokio::spawn(server::reach::run(
            sender,
            versions_for_reach.clone(),
            stop.clone(),
        ))
    });
    // The bundle and stylesheet, compressed before most readers ask: in
    // the background, since brotli at its best takes seconds for the
    // WebAssembly and a restarting node should be ready at once (a file
    // asked for meanwhile is compressed by whoever asks first).
    let static_files = state.static_files.clone();
    tokio::spawn(async move { static_files.preload("pkg").await });
    let listener = server::serve::listener(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    if let Some(address) = args.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address} for metrics"))?;
        tracing::info!("metrics at http://{address}/metrics");
        let app = server::telemetry::metrics_router(state.clone());
        let stop = stop.clone();
        tokio::spawn(async move {
            let _ = axum::serve(metrics, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await;
        });
    }
    tracing::info!("Qalam is serving http://{}", args.listen);
    let limits = server::serve::Limits {
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
        ..server::serve::Limits::default()
    };
    let draining = state.draining.clone();
    let closing = state.push.closing.clone();
    let shutdown = async move {
        shutdown_signal().await;
        draining.store(true, std::sync::atomic::Ordering::Release);
        // Event streams end now: a graceful drain does not wait for them,
        // and browsers reconnect to a node that stays.
        closing.cancel();
    };
    server::serve::serve(listener, router(state), limits, shutdown).await;
    // Renders whose clients left before the end are still finishing; the
    // pool stays open for them (bounded like the drain).
    if tokio::time::timeout(limits.shutdown_grace, server::http::renders_finished())
        .await
        .is_err()
    {
        tracing::warn!("renders still running after {:?}", limits.shutdown_grace);
    }
    stop.cancel();
    let _ = tokio::join!(scheduler, search_upkeep, follower, views, pusher);
    for sender in senders {
        let _ = sender.await;
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The outbox's start on this node: the environment's Telegram channels,
/// IndexNow's key and the VAPID key pair (made by the first node to
/// start, then read by every node), and the two senders.
async fn start_reach(
    db: &Db,
    args: &ServeArgs,
    public_url: &str,
    clock: Clock,
    state: &mut AppState,
) -> anyhow::Result<(server::reach::Sender, server::reach::Sender)> {
    use app::db::{outbox, settings};
    use server::reach::{webpush::Vapid, IndexNow, Peers, Sender, TelegramBot, WebPush};
    let now = clock.now();
    outbox::sync_env_channels(db, &args.telegram_channels.0, now).await?;
    let indexnow_key =
        settings::get_or_make(db, settings::INDEXNOW_KEY, IndexNow::generate_key, now).await?;
    let indexnow_url = args.indexnow_url.as_deref().filter(|url| !url.is_empty());
    let indexnow_on = if indexnow_url.is_some() { "1" } else { "0" };
    settings::put(db, outbox::INDEXNOW_ON, indexnow_on, now).await?;
    let vapid =
        settings::get_or_make(db, settings::VAPID_PRIVATE_KEY, Vapid::generate, now).await?;
    let vapid = std::sync::Arc::new(
        Vapid::from_stored(&vapid, public_url)
            .context("the stored VAPID key (site_settings) is not a P-256 key")?,
    );
    let push_service = args.push_service_url.clone().filter(|url| !url.is_empty());
    state.reach = server::reach::ReachKeys {
        vapid: Some(vapid.clone()),
        indexnow_key: Some(indexnow_key.clone()),
        push_service: push_service.clone(),
    };
    let env_token = args.telegram_bot_token.as_deref().filter(|t| !t.is_empty());
    let token_in_env = if env_token.is_some() { "1" } else { "0" };
    settings::put(db, settings::TELEGRAM_TOKEN_IN_ENV, token_in_env, now).await?;
    let telegram = match env_token {
        Some(token) => Some(TelegramBot::new(&args.telegram_api_url, token)?),
        None => None,
    };
    let indexnow = match indexnow_url {
        Some(url) => Some(IndexNow::new(url, &indexnow_key)?),
        None => None,
    };
    let messages = Peers {
        telegram,
        indexnow,
        push: None,
    };
    let broadcasts = Peers {
        push: Some(WebPush::new(vapid, push_service)?),
        ..Peers::default()
    };
    let mut messages = Sender::new(db.clone(), messages, public_url, clock);
    // Without the environment's token, the one admins enter is used.
    if env_token.is_none() {
        messages.stored_token_api = Some(args.telegram_api_url.clone());
    }
    let broadcasts = Sender::new(db.clone(), broadcasts, public_url, clock);
    Ok((messages, broadcasts))
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
