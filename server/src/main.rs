//! `qalam`: the server binary and its maintenance commands.

use anyhow::Context;
use app::db::{Db, DbOptions};
use app::site::Site;
use clap::Parser;
use server::config::{Cli, Command, DatabaseArgs, PublishArgs, ServeArgs};
use server::page_cache::{self, PageCache};
use server::{content, leptos_options, router, AppState};
use std::sync::Arc;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

// mimalloc: page rendering allocates a lot; glibc malloc was ~15% of CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How often each server checks whether content changed (page cache).
const CONTENT_VERSION_POLL: Duration = Duration::from_millis(200);
/// Most pages the cache holds.
const PAGE_CACHE_ENTRIES: usize = 10_000;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("QALAM_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    if let Err(error) = run(cli).await {
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
    let db = open(&cli.database).await?;
    let now = chrono::Utc::now().timestamp();
    match cli.command {
        None => serve(db, cli.serve).await,
        Some(Command::Serve(args)) => serve(db, args).await,
        Some(Command::Demo) => {
            let n = content::load_demo(&db, now).await?;
            println!("Loaded {n} demo articles.");
            Ok(())
        }
        Some(Command::Publish(args)) => publish(&db, args, now).await,
        Some(Command::Generate { count }) => {
            content::generate(&db, count, now).await?;
            println!("Generated {count} articles.");
            Ok(())
        }
    }
}

/// Opens the database and applies migrations; either failing stops here.
async fn open(args: &DatabaseArgs) -> anyhow::Result<Db> {
    let options = DbOptions {
        max_connections: args.db_max_connections,
        ..DbOptions::default()
    };
    let db = Db::connect(&args.database_url, &options)
        .await
        .with_context(|| format!("cannot open the database {}", args.database_url))?;
    db.migrate()
        .await
        .context("the database could not be migrated; the server was not started")?;
    Ok(db)
}

async fn serve(db: Db, args: ServeArgs) -> anyhow::Result<()> {
    if args.demo && app::db::articles::count(&db).await? == 0 {
        let n = content::load_demo(&db, chrono::Utc::now().timestamp()).await?;
        tracing::info!("loaded {n} demo articles into the empty database");
    }
    let page_cache = Arc::new(PageCache::new(
        Duration::from_secs(args.page_cache_ttl),
        PAGE_CACHE_ENTRIES,
    ));
    if page_cache.enabled() {
        tokio::spawn(page_cache::follow_content_version(
            page_cache.clone(),
            db.clone(),
            CONTENT_VERSION_POLL,
        ));
    }
    let state = AppState {
        leptos_options: leptos_options(&args.site_root, args.listen),
        site: Site::new(db.clone(), &args.public_url()),
        page_cache,
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    tracing::info!("Qalam is serving http://{}", args.listen);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    db.close().await;
    Ok(())
}

async fn publish(db: &Db, args: PublishArgs, now: i64) -> anyhow::Result<()> {
    let story = app::content::Story {
        title: &args.title,
        lead: &args.lead,
        body: &args.body,
        category_slug: &args.category,
        author_slug: args.author.as_deref(),
        breaking: args.breaking,
        published_at: now,
    };
    let slug = app::content::publish(db, &story, now).await?;
    println!("/news/{slug}");
    Ok(())
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
