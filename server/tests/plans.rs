//! The plan guard. A database of generated articles (20,000 on SQLite,
//! 100,000 on PostgreSQL: a whole scan or sort shows in the plan at any
//! size, and a scan of these tables costs seconds at a million), then:
//!
//! 1. every reader page, the ticker, the event stream and the background
//!    loops are driven once while the statements they send are recorded
//!    (sqlx's statement log): each must be in `app::db::plans`' list, and
//!    every listed query must have been sent (so the list neither misses
//!    a new hot query nor keeps a dead one);
//! 2. each listed query is explained, on SQLite both without statistics
//!    (a new database, as `qalam generate` or an import leaves it) and
//!    with them, on PostgreSQL after `VACUUM ANALYZE`: no whole scan of a
//!    large table, no sort of rows read from articles. Search's queries
//!    are the search issue's: their plans are printed, not judged.

mod common;

use app::db::plans::{self, Arg, HotQuery, Owner, Sample};
use app::db::{Db, DbOptions, Engine};
use app::domain::accounts::Role;
use app::domain::lang::Lang;
use app::domain::pages::PageForm;
use common::web::Web;
use common::{account, fresh_db, NOW};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use tracing_subscriber::layer::SubscriberExt;

/// Statements recorded while [`RECORDING`] is on.
static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static RECORDING: AtomicBool = AtomicBool::new(false);

/// A tracing layer that keeps the SQL of sqlx's statement events.
struct Statements;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" || !RECORDING.load(Ordering::Acquire) {
            return;
        }
        #[derive(Default)]
        struct Sql {
            summary: String,
            statement: String,
        }
        impl tracing::field::Visit for Sql {
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                match field.name() {
                    "summary" => self.summary = value.to_string(),
                    "db.statement" => self.statement = value.to_string(),
                    _ => {}
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        let mut sql = Sql::default();
        event.record(&mut sql);
        // sqlx logs short statements whole as the summary.
        let text = if sql.statement.trim().is_empty() {
            sql.summary
        } else {
            sql.statement.trim().to_string()
        };
        if let Ok(mut statements) = STATEMENTS.lock() {
            statements.push(text);
        }
    }
}

/// The statement log goes to [`Statements`], for the whole process (the
/// SQLite driver logs from its own threads).
fn record_statements() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(Statements).with(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::TRACE),
        );
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    });
}

/// Runs `work` with the statements it sends recorded.
async fn recorded<T>(work: impl std::future::Future<Output = T>) -> T {
    RECORDING.store(true, Ordering::Release);
    let out = work.await;
    RECORDING.store(false, Ordering::Release);
    out
}

fn articles_at_scale(engine: Engine) -> u64 {
    match engine {
        Engine::Sqlite => 20_000,
        Engine::Postgres => 100_000,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hot_query_is_listed_and_served_by_an_index() {
    record_statements();
    let t = fresh_db().await;
    let engine = t.db.engine();
    let started = std::time::Instant::now();
    // Short bodies: plans depend on how many articles there are, not on
    // their length, and a hundred thousand long ones take minutes.
    server::commands::generate::generate_sized(&t.db, articles_at_scale(engine), NOW, 300)
        .await
        .expect("generate");
    println!(
        "generated {} articles in {:.1} s",
        articles_at_scale(engine),
        started.elapsed().as_secs_f64()
    );
    let sample = extras(&t.db).await;

    // 1. What the reader pages and loops send, against the list.
    let web = Web::at(&t, NOW + 60);
    recorded(sweep(&web, &t.db, &sample)).await;
    let sent: Vec<String> = std::mem::take(&mut *STATEMENTS.lock().unwrap());
    let list = plans::hot_queries(&sample);
    let listed: BTreeSet<String> = list.iter().map(|q| plans::shape(&q.sql)).collect();
    let sent_shapes: BTreeSet<String> = sent
        .iter()
        .filter(|sql| !plans::is_housekeeping(sql))
        .map(|sql| plans::shape(sql))
        .collect();
    let unlisted: Vec<&String> = sent_shapes
        .iter()
        .filter(|shape| !listed.contains(*shape) && !plans::is_search(shape))
        .collect();
    assert!(
        unlisted.is_empty(),
        "hot queries missing from app::db::plans (add each with the index that serves it):\n{}",
        unlisted
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let unsent: Vec<&str> = list
        .iter()
        .filter(|q| !sent_shapes.contains(&plans::shape(&q.sql)))
        .map(|q| q.name.as_str())
        .collect();
    assert!(
        unsent.is_empty(),
        "listed queries that no reader page or loop sent (changed or gone?): {unsent:?}"
    );
    let search: Vec<&String> = sent_shapes.iter().filter(|s| plans::is_search(s)).collect();
    assert!(!search.is_empty(), "the sweep searched");

    // 2. Their plans.
    let mut problems = Vec::new();
    match engine {
        Engine::Sqlite => {
            problems.extend(sqlite_plans(&t.url, &list, "with statistics").await);
            let conn = single_connection(&t.url).await;
            sqlx::query("DROP TABLE IF EXISTS sqlite_stat1")
                .execute(conn.pool())
                .await
                .unwrap();
            sqlx::query("DROP TABLE IF EXISTS sqlite_stat4")
                .execute(conn.pool())
                .await
                .unwrap();
            conn.close().await;
            problems.extend(sqlite_plans(&t.url, &list, "without statistics").await);
        }
        Engine::Postgres => problems.extend(postgres_plans(&t.db, &list).await),
    }
    for shape in &search {
        println!("search (the search issue's, not judged here): {shape}");
    }
    assert!(
        problems.is_empty(),
        "hot queries that would read or sort the whole archive:\n{}",
        problems.join("\n")
    );
}

/// What the generated archive lacks for the sweep: an editor, a static
/// page, an image, a correction, reads, a category whose newest are not
/// among the site's newest; and the sample's ids.
async fn extras(db: &Db) -> Sample {
    let editor = account(db, "plans", Role::Admin).await;
    let archive = app::db::categories::insert(db, "arkhiv", "Архив", 99)
        .await
        .unwrap();
    app::db::categories::name_in_kazakh(db, archive, "Мұрағат", Some("muragat"))
        .await
        .unwrap();
    for (title, lang) in [
        ("Материал из архива", Lang::Ru),
        ("Мұрағаттағы материал", Lang::Kk),
    ] {
        let slug = app::server::articles::store::publish(
            db,
            &app::server::articles::store::Story {
                title,
                lead: "Лид архивного материала.",
                body: "Текст.",
                category_slug: "arkhiv",
                published_at: NOW - 400 * 86_400,
                ..Default::default()
            },
            NOW,
        )
        .await
        .unwrap();
        let id = app::db::articles::id_by_slug(db, Lang::Ru, &slug)
            .await
            .unwrap()
            .unwrap();
        app::db::articles::set_edition(db, id, lang, None)
            .await
            .unwrap();
    }
    let article_slug = "material-7".to_string();
    let article_id = app::db::articles::id_by_slug(db, Lang::Ru, &article_slug)
        .await
        .unwrap()
        .unwrap();
    // Its translation (generated articles 9, 19, … are Kazakh).
    let translation = app::db::articles::id_by_slug(db, Lang::Kk, "material-9")
        .await
        .unwrap()
        .unwrap();
    app::db::articles::set_edition(db, translation, Lang::Kk, Some(article_id))
        .await
        .unwrap();
    app::server::articles::corrections::add_correction(
        db,
        &editor,
        article_id,
        "Исправлено название ведомства.",
        NOW,
    )
    .await
    .unwrap();
    let page = PageForm {
        id: None,
        title: "О редакции".into(),
        slug: "o-redaktsii".into(),
        body: "Редакция Qalam.".into(),
        published: true,
        in_footer: true,
        ..PageForm::default()
    };
    app::server::pages::save_page(db, &editor, &page, NOW)
        .await
        .unwrap();
    let image = app::server::media::store_image(db, &editor, &photo(), NOW)
        .await
        .unwrap();
    let live_article_id = app::db::articles::id_by_slug(db, Lang::Ru, "material-1")
        .await
        .unwrap()
        .unwrap();
    let update_id = app::db::live::for_article(db, live_article_id)
        .await
        .unwrap()
        .first()
        .map(|u| u.id)
        .unwrap();
    // Read in the last hour: «Самое читаемое» has a day to show.
    let read: Vec<(i64, i64)> = newest_ids(db, 8)
        .await
        .into_iter()
        .map(|id| (id, 3))
        .collect();
    app::db::views::add(db, app::db::views::hour_of(NOW), &read)
        .await
        .unwrap();
    let categories = app::db::categories::list(db).await.unwrap();
    let tags = app::db::tags::for_article(db, article_id).await.unwrap();
    let author = app::db::authors::list(db).await.unwrap().remove(0);
    let newest = app::db::articles::latest(db, app::domain::lang::Lang::Ru, NOW, 100)
        .await
        .unwrap();
    let cursor = newest.last().unwrap().cursor();
    Sample {
        now: NOW,
        article_id,
        article_slug,
        category_ids: categories.iter().map(|c| c.id).collect(),
        author_id: author.id,
        author_slug: author.slug,
        tag_ids: tags.iter().map(|t| t.id).collect(),
        tag_slug: tags[0].slug.clone(),
        cursor: (cursor.published_at, cursor.id),
        live_article_id,
        update_id,
        image_id: image.id,
        page_slug: "o-redaktsii".into(),
    }
}

async fn newest_ids(db: &Db, n: i64) -> Vec<i64> {
    app::db::articles::latest(db, app::domain::lang::Lang::Ru, NOW, n)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect()
}

/// A PNG photo big enough for every size (a gradient).
fn photo() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(1700, 960, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The `after=` or `before=` link of a list page.
fn link(body: &str, key: &str) -> String {
    let start = body
        .find(&format!("&amp;{key}="))
        .unwrap_or_else(|| panic!("a {key} link"));
    let from = body[..start].rfind('"').unwrap() + 1;
    let to = start + body[start..].find('"').unwrap();
    body[from..to].replace("&amp;", "&")
}

/// Every reader page, the ticker, the event stream, the background loops
/// and an open form's presence stream, once each.
async fn sweep(web: &Web, db: &Db, s: &Sample) {
    let ok = |reply: &common::web::Reply, what: &str| {
        assert!(
            reply.status.is_success(),
            "{what}: {} {}",
            reply.status,
            reply.body.chars().take(300).collect::<String>()
        );
    };
    for path in [
        "/".to_string(),
        format!("/news/{}", s.article_slug),
        "/news/material-1".to_string(),
        "/search?q=%D1%82%D0%B0%D1%80%D0%B8%D1%84%D1%8B".to_string(),
        "/api/ticker?limit=6".to_string(),
        "/api/ticker/items".to_string(),
        "/api/ticker/items?lang=kk".to_string(),
        "/kk".to_string(),
        "/kk/news/material-9".to_string(),
        "/kk/feed.xml".to_string(),
        "/corrections".to_string(),
        "/kk/corrections".to_string(),
        format!("/{}", s.page_slug),
        "/feed.xml".to_string(),
        format!("/media/{}/800.webp", s.image_id),
        format!("/media/{}", s.image_id),
    ] {
        ok(&web.get(&path).await, &path);
    }
    // A reader's read, counted (a browser says who it is).
    let mut read = common::web::get(&format!("/news/{}", s.article_slug), None);
    read.headers_mut().insert(
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
            .parse()
            .unwrap(),
    );
    ok(&web.send(read).await, "a read");
    let missing = web.get("/2019/05/old-post").await;
    assert_eq!(missing.status, 404);
    let category = s.category_ids[0];
    let category = app::db::categories::list(db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == category)
        .unwrap();
    let (category_slug, category_kk) = (category.slug, category.slug_kk.unwrap());
    for base in [
        format!("/category/{category_slug}"),
        format!("/kk/category/{category_kk}"),
        format!("/author/{}", s.author_slug),
        format!("/kk/author/{}", s.author_slug),
        format!("/tag/{}", s.tag_slug),
        format!("/kk/tag/{}", s.tag_slug),
    ] {
        let first = web.get(&base).await;
        ok(&first, &base);
        let second = web.get(&link(&first.body, "after")).await;
        ok(&second, "the next page");
        let third = web.get(&link(&second.body, "after")).await;
        ok(&third, "the page after");
        let back = web.get(&link(&third.body, "before")).await;
        ok(&back, "the previous page");
        let typed = web.get(&format!("{base}?page=3")).await;
        ok(&typed, "a typed page number");
        ok(&web.get(&format!("{base}/feed.xml")).await, "a feed");
    }

    // The loops, one round each.
    let site = web.state.site.clone();
    server::scheduler::publish_due(db, NOW + 60).await.unwrap();
    server::scheduler::hourly(db, site.sessions, NOW + 60).await;
    server::views::flush(db, &web.state.views, NOW + 60)
        .await
        .unwrap();
    server::views::hourly(db, NOW + 60).await;
    // The outbox's senders, idle: a claim each (every second), and a
    // push broadcast's page of subscriptions.
    let vapid = server::reach::webpush::Vapid::from_stored(
        &server::reach::webpush::Vapid::generate(),
        "http://qalam.test",
    )
    .unwrap();
    let peers = server::reach::Peers {
        push: Some(server::reach::WebPush::new(std::sync::Arc::new(vapid), None).unwrap()),
        ..Default::default()
    };
    let mut sender = server::reach::Sender::new(
        db.clone(),
        peers,
        "http://qalam.test",
        app::server::site::Clock::Fixed(NOW + 60),
    );
    assert_eq!(sender.run_once().await.unwrap(), 0, "nothing to send");
    app::db::subscriptions::page(db, "breaking:ru", 0, 500)
        .await
        .unwrap();
    // The content version's poll and the event stream's follower, woken by
    // a live update written meanwhile (the write itself is not recorded).
    let stop = tokio_util::sync::CancellationToken::new();
    let (version, versions) = tokio::sync::watch::channel(0i64);
    let follower = tokio::spawn(server::push::follow(
        site.clone(),
        web.state.push.clone(),
        versions,
        stop.clone(),
    ));
    let poll = tokio::spawn(server::freshness::follow_content_version(
        server::freshness::Caches {
            pages: web.state.page_cache.clone(),
            reads: site.shared.clone(),
        },
        db.clone(),
        server::freshness::Following {
            every: Duration::from_millis(50),
            nudge: std::sync::Arc::new(tokio::sync::Notify::new()),
            version: tokio::sync::watch::channel(0).0,
        },
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    RECORDING.store(false, Ordering::Release);
    let body = "Новое обновление.";
    app::db::live::insert(
        db,
        s.live_article_id,
        &app::db::live::UpdateContent {
            headline: "",
            body,
            body_html: body,
            pinned: false,
            important: false,
        },
        s.author_id,
        None,
        NOW + 61,
    )
    .await
    .unwrap();
    RECORDING.store(true, Ordering::Release);
    version.send(1).unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.cancel();
    follower.await.unwrap();
    poll.await.unwrap();

    // An open article form's workspace stream: one poll and a heartbeat
    // (opening the form is the editor's request, not recorded).
    RECORDING.store(false, Ordering::Release);
    let editor = account(db, "presence", Role::Editor).await;
    let tab = app::server::presence::open_form(db, &editor, s.article_id, NOW + 62)
        .await
        .unwrap();
    RECORDING.store(true, Ordering::Release);
    let news = app::server::presence::news(db, &editor, s.article_id, &tab, NOW + 64)
        .await
        .unwrap();
    assert!(news.is_some(), "the stream sees its own tab");
    app::server::presence::still_open(db, &editor, s.article_id, &tab, NOW + 82)
        .await
        .unwrap();
}

/// A connection of its own (SQLite keeps statistics per connection).
async fn single_connection(url: &str) -> Db {
    let options = DbOptions {
        max_connections: 1,
        ..DbOptions::default()
    };
    Db::connect(url, &options).await.expect("connect")
}

fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(n) => query.bind(*n),
            Arg::Text(text) => query.bind(text.as_str()),
        };
    }
    query
}

async fn sqlite_plans(url: &str, list: &[HotQuery], when: &str) -> Vec<String> {
    let db = single_connection(url).await;
    let mut problems = Vec::new();
    for query in list.iter().filter(|q| q.owner == Owner::Checked) {
        let sql = format!("{}{}", plans::explain_prefix(Engine::Sqlite), query.sql);
        let rows: Vec<(i64, i64, i64, String)> = bind(sqlx::query(&sql), &query.args)
            .fetch_all(db.pool())
            .await
            .map(|rows| {
                use sqlx::Row;
                rows.iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
                    .collect()
            })
            .unwrap_or_else(|error| panic!("{}: {error}", query.name));
        let plan: Vec<String> = rows.into_iter().map(|(.., detail)| detail).collect();
        // An INSERT of values reads nothing: SQLite shows no plan for it.
        assert!(
            !plan.is_empty() || query.sql.starts_with("INSERT"),
            "{}: no plan",
            query.name
        );
        println!("SQLite {when}: {}: {}", query.name, plan.join(" | "));
        for problem in plans::sqlite_problems(&query.sql, &plan) {
            problems.push(format!(
                "SQLite {when}: {} (should use {}): {problem}\n    plan: {}",
                query.name,
                query.index,
                plan.join(" | ")
            ));
        }
    }
    db.close().await;
    problems
}

async fn postgres_plans(db: &Db, list: &[HotQuery]) -> Vec<String> {
    let sizes: Vec<(String, f64)> =
        sqlx::query_as("SELECT relname::text, reltuples::float8 FROM pg_class WHERE relkind = 'r'")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let rows_of = |table: &str| {
        sizes
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0.0, |(_, rows)| *rows)
    };
    let mut problems = Vec::new();
    for query in list.iter().filter(|q| q.owner == Owner::Checked) {
        let sql = format!("{}{}", plans::explain_prefix(Engine::Postgres), query.sql);
        let plan: Vec<String> = {
            use sqlx::Row;
            bind(sqlx::query(&sql), &query.args)
                .fetch_all(db.pool())
                .await
                .map(|rows| rows.iter().map(|row| row.get::<String, _>(0)).collect())
                .unwrap_or_else(|error| panic!("{}: {error}", query.name))
        };
        let nodes = plans::pg_nodes(&plan);
        assert!(
            !nodes.is_empty(),
            "{}: no plan read from {plan:?}",
            query.name
        );
        println!(
            "PostgreSQL: {}: {}",
            query.name,
            nodes
                .iter()
                .map(|n| format!("{} {}", n.node_type, n.relation.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(" > ")
        );
        for problem in plans::pg_problems(&nodes, rows_of, 10_000.0) {
            problems.push(format!(
                "PostgreSQL: {} (should use {}): {problem}\n    plan: {}",
                query.name,
                query.index,
                nodes
                    .iter()
                    .map(|n| format!("{} {}", n.node_type, n.relation.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(" > ")
            ));
        }
    }
    problems
}
