//! The server as a service: limits on requests and clients, the search
//! rate limit, metrics, request ids, and a shutdown that finishes what it
//! started. Slow handlers here are real ones: a page whose database pool
//! is held by the test waits for a connection like it would on a busy
//! server.

mod common;

use app::db::{Db, DbOptions};
use app::server::site::{Clock, Site};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::web::{no_cache, state, Web, SITE};
use common::{fresh_db, seed, story, TestDb, NOW};
use server::serve::{self, Limits};
use server::AppState;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A site on its own pool of one connection, so the test can hold it.
async fn one_connection_site(t: &TestDb) -> (AppState, Db) {
    let options = DbOptions {
        max_connections: 1,
        acquire_timeout: Duration::from_secs(30),
        ..DbOptions::default()
    };
    let db = Db::connect(&t.url, &options).await.unwrap();
    let mut state = state(t, SITE, no_cache());
    state.site = Site::new(db.clone(), SITE).with_clock(Clock::Fixed(NOW));
    (state, db)
}

async fn article(t: &TestDb) -> String {
    seed(&t.db).await;
    let slug = story(&t.db, "Маслихат утвердил бюджет", "politika", NOW - 60).await;
    format!("/news/{slug}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_takes_too_long_gets_a_503_page_not_a_hung_request() {
    let t = fresh_db().await;
    let uri = article(&t).await;
    let (mut state, db) = one_connection_site(&t).await;
    state.request_limits.request = Duration::from_secs(1);
    let web = Web::with(state);
    assert_eq!(web.get(&uri).await.status, StatusCode::OK);

    let held = db.conn().await.unwrap();
    let started = Instant::now();
    let reply = web.get(&uri).await;
    let took = started.elapsed();
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(took < Duration::from_secs(5), "answered after {took:?}");
    assert!(reply.is_html(), "{:?}", reply.headers);
    assert!(
        reply.body.contains("Сервер не успел ответить"),
        "{}",
        reply.body
    );
    assert_eq!(reply.header("cache-control"), "no-store");
    drop(held);
    assert_eq!(web.get(&uri).await.status, StatusCode::OK, "it recovers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_gets_a_413_page_and_uploads_are_the_exception() {
    let t = fresh_db().await;
    let web = Web::new(&t);
    let big = "x".repeat(server::limits::BODY_MAX_BYTES + 1);
    let reply = web.post_form("/admin/login", None, &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.body.contains("Слишком большой запрос"),
        "{}",
        reply.body
    );

    // A server function reads its body itself: bounded all the same, also
    // when no Content-Length announces the size.
    let chunks = futures_chunks(big.into_bytes());
    let request = Request::post("/api/admin/save_article")
        .header(header::ORIGIN, SITE)
        .header(header::CONTENT_TYPE, "application/json")
        .body(chunks)
        .unwrap();
    let reply = web.send(request).await;
    assert!(
        reply.status == StatusCode::PAYLOAD_TOO_LARGE || reply.status.is_client_error(),
        "{}",
        reply.status
    );
    assert_ne!(reply.status, StatusCode::OK);

    // An image upload of the same size reaches its handler (which asks for
    // a session: the body was not refused for its size).
    let (content_type, body) =
        common::web::multipart(&[("alt", "Фото")], Some(&vec![0u8; 3 * 1024 * 1024]));
    let request = Request::post("/admin/images")
        .header(header::ORIGIN, SITE)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let reply = web.send(request).await;
    assert_ne!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
}

/// A body that comes in chunks, with no length announced.
fn futures_chunks(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = bytes
        .chunks(64 * 1024)
        .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
        .collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_search_without_pause() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let mut state = state(&t, SITE, no_cache());
    state.search_limiter = server::limits::SearchLimiter::new(6, 2);
    let web = Web::with(state);
    for _ in 0..2 {
        assert_eq!(
            web.get("/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82")
                .await
                .status,
            StatusCode::OK
        );
    }
    for uri in [
        "/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82",
        "/api/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82",
    ] {
        let reply = web.get(uri).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{uri}");
        let retry: u64 = reply.header("retry-after").parse().expect("Retry-After");
        assert!((1..=11).contains(&retry), "{retry}");
        assert!(reply.body.contains("ищут слишком часто"), "{}", reply.body);
        assert!(reply.body.contains("секунд"), "{}", reply.body);
    }
    // The search form without a query, and other pages, are not searches.
    assert_eq!(web.get("/search").await.status, StatusCode::OK);
    assert_eq!(web.get("/").await.status, StatusCode::OK);
}

/// The value of the series of `name` whose labels include all `labels`.
fn metric(page: &str, name: &str, labels: &[&str]) -> f64 {
    page.lines()
        .filter(|line| {
            line.starts_with(&format!("{name}{{")) || line.starts_with(&format!("{name} "))
        })
        .filter(|line| labels.iter().all(|label| line.contains(label)))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_public_and_count_requests() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let closed = Web::new(&t);
    let reply = closed.get("/metrics").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "no token: not there");
    assert!(!reply.body.contains("qalam_"));

    let mut state = state(&t, SITE, no_cache());
    state.metrics_token = Some("s3cret-token".into());
    let web = Web::with(state);
    let scrape = |token: &'static str| {
        let web = web.clone();
        async move {
            let request = Request::get("/metrics")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            web.send(request).await
        }
    };
    assert_eq!(web.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        scrape("wrong-token!").await.status,
        StatusCode::UNAUTHORIZED
    );

    let before = scrape("s3cret-token").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.header("content-type").starts_with("text/plain"));
    // A route no other test of this file asks for (they share the
    // process's registry).
    let series = [
        "route=\"/category/{slug}\"",
        "method=\"GET\"",
        "status=\"200\"",
    ];
    let counted = metric(&before.body, "qalam_http_requests_total", &series);
    assert_eq!(web.get("/category/sport").await.status, StatusCode::OK);
    let after = scrape("s3cret-token").await.body;
    assert_eq!(
        metric(&after, "qalam_http_requests_total", &series),
        counted + 1.0,
        "{after}"
    );
    assert!(
        metric(
            &after,
            "qalam_http_request_duration_seconds_count",
            &["route=\"/category/{slug}\""]
        ) >= 1.0
    );
    for name in [
        "qalam_db_pool_connections",
        "qalam_db_pool_waiting",
        "qalam_build_info",
    ] {
        assert!(after.contains(name), "{name} in\n{after}");
    }
    // Routes are labelled by their pattern, not by the address asked.
    assert!(!after.contains("route=\"/category/sport"), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_a_request_id_and_keeps_a_proxys() {
    let t = fresh_db().await;
    let web = Web::new(&t);
    let first = web.get("/health/live").await;
    let second = web.get("/health/live").await;
    let id = first.header("x-request-id");
    assert!(!id.is_empty());
    assert_ne!(id, second.header("x-request-id"));
    let request = Request::get("/nowhere")
        .header("x-request-id", "nginx-5f2c9a")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        web.send(request).await.header("x-request-id"),
        "nginx-5f2c9a"
    );
    let request = Request::get("/")
        .header("x-request-id", "bad id\"with quotes")
        .body(Body::empty())
        .unwrap();
    assert_ne!(
        web.send(request).await.header("x-request-id"),
        "bad id\"with quotes"
    );
}

/// Starts the real connection loop on a free port; returns its address,
/// the trigger of its shutdown and its task.
async fn start(
    state: AppState,
    limits: Limits,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = server::router(state);
    let task = tokio::spawn(serve::serve(listener, app, limits, async {
        let _ = stopped.await;
    }));
    (address, stop, task)
}

/// Reads until the peer closes; returns what came and when it closed.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut all = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => all.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("still open after {within:?}"),
        }
    }
    (
        String::from_utf8_lossy(&all).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight_and_accepts_no_new_one() {
    let t = fresh_db().await;
    let uri = article(&t).await;
    let (state, db) = one_connection_site(&t).await;
    let (address, stop, task) = start(state, Limits::default()).await;

    // A request that waits for the database when the signal comes.
    let held = db.conn().await.unwrap();
    let mut client = TcpStream::connect(address).await.unwrap();
    let head = format!("GET {uri} HTTP/1.1\r\nHost: qalam.test\r\n\r\n");
    client.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        TcpStream::connect(address).await.is_err(),
        "the listener closed at the signal"
    );
    assert!(!task.is_finished(), "it waits for the request in flight");
    drop(held);

    let (answer, _) = read_to_close(&mut client, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(answer.contains("Маслихат утвердил бюджет"));
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "keep-alive ends with the shutdown"
    );
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the server stops once the request is done")
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut_but_idle_keep_alive_lasts_its_own_time() {
    let t = fresh_db().await;
    let limits = Limits {
        header_read: Duration::from_secs(1),
        idle: Duration::from_secs(3),
        shutdown_grace: Duration::from_secs(1),
    };
    let (address, stop, _task) = start(Web::new(&t).state, limits).await;

    // A client that starts a request and never finishes its head.
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: qal")
        .await
        .unwrap();
    let (answer, after) = read_to_close(&mut slow, Duration::from_secs(10)).await;
    assert!(after >= Duration::from_millis(900), "cut after {after:?}");
    assert!(after < Duration::from_secs(3), "cut after {after:?}");
    assert!(!answer.contains("200 OK"), "{answer}");

    // A keep-alive client that asked once and then waits: more than the
    // header limit, up to the idle limit.
    let mut idle = TcpStream::connect(address).await.unwrap();
    idle.write_all(b"GET /health/live HTTP/1.1\r\nHost: qalam.test\r\n\r\n")
        .await
        .unwrap();
    let (answer, after) = read_to_close(&mut idle, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        after >= Duration::from_millis(2500),
        "closed after {after:?}"
    );
    assert!(after < Duration::from_secs(6), "closed after {after:?}");
    let _ = stop.send(());
}

/// A bulk load (`qalam generate`, `qalam import`) gives each SQLite
/// connection a page cache of 1 GiB; a server and the other commands (a
/// backup on a live node) keep 16 MiB a connection. The bulk load's
/// indexes and FTS5's merge then stay in memory: the merge after
/// generating 100,000 articles took 37 s instead of 193.
#[tokio::test]
async fn bulk_loads_give_sqlite_a_larger_page_cache_than_a_server_or_a_backup() {
    use clap::Parser;
    use server::config::DatabaseUse;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("cache.db").display());
    let cli = server::config::Cli::parse_from(["qalam", "--database-url", url.as_str()]);
    for (purpose, mib) in [
        (DatabaseUse::Serving, 16),
        (DatabaseUse::Maintenance, 16),
        (DatabaseUse::BulkLoad, 1024),
    ] {
        let db = Db::connect(&url, &cli.database.options(purpose))
            .await
            .unwrap();
        let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *db.conn().await.unwrap())
            .await
            .unwrap();
        // Negative: KiB, not pages.
        assert_eq!(cache, -mib * 1024, "{purpose:?}");
        db.close().await;
    }
}
