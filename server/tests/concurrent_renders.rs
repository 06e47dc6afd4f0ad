//! The editors' pages (and the readers') rendered many at a time by a real
//! `qalam` process,
//! half of them abandoned by their client halfway (as a load tester
//! ends, or an editor clicks on): no render may panic.
//!
//! Under `wrk -c8` on the article form the server once logged "Tried to
//! access a reactive value that has already been disposed" from a
//! Suspense still walking a form whose request had gone
//! (`server::http::finish_renders`).

mod common;

use app::domain::accounts::Role;
use app::server::staff::{create_user, NewUser};
use common::node::{eventually, Node};
use common::{fresh_db, TestDb, NOW};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Requests in all, and at once.
const REQUESTS: usize = 960;
const AT_ONCE: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editors_pages_render_eight_at_a_time_without_a_panic() {
    let t = generated_newsroom().await;
    create_user(
        &t.db,
        &NewUser {
            login: "editor".into(),
            name: "Редактор Нагрузки".into(),
            role: Role::Admin.as_str().into(),
            password: common::PASSWORD.into(),
        },
        NOW,
    )
    .await
    .expect("an editor");
    // Every request comes from one address: the search limit is off.
    let node = Node::start(&t.url, &["--searches-per-minute", "0"]);
    let body = format!(
        "login=editor&password={}",
        common::web::encode(common::PASSWORD)
    );
    let signed_in = node.post(
        "/admin/login",
        None,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    );
    let session = signed_in.session().expect("signed in");
    let ids = app::db::articles::latest(&t.db, app::domain::lang::Lang::Ru, i64::MAX, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect::<Vec<_>>();
    let mut paths: Vec<String> = ids
        .iter()
        .map(|id| format!("/admin/articles/{id}"))
        .collect();
    paths.extend(
        [
            "/admin/articles/new",
            "/admin",
            "/admin/pages",
            "/admin/pages/new",
            "/admin/users",
            "/admin/categories",
            "/admin/profile",
        ]
        .map(String::from),
    );
    paths.push(format!("/admin/articles/{}/revisions", ids[0]));
    // The live story's desk (generate made one).
    let live = app::db::articles::id_by_slug(&t.db, app::domain::lang::Lang::Ru, "material-1")
        .await
        .unwrap()
        .unwrap();
    paths.push(format!("/admin/articles/{live}"));
    // Every other page has the same Suspense under it: the reader's pages
    // too (a signed-in reader's are rendered, never cached).
    paths.extend(
        [
            "/",
            "/news/material-1",
            "/news/material-42",
            "/category/politika",
            "/search?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D0%B0%D1%85",
            "/corrections",
        ]
        .map(String::from),
    );

    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..AT_ONCE)
        .map(|_| {
            let (next, failures, paths, session) = (
                next.clone(),
                failures.clone(),
                paths.clone(),
                session.clone(),
            );
            let address = node.address;
            std::thread::spawn(move || loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= REQUESTS {
                    return;
                }
                let path = &paths[n % paths.len()];
                let mut stream = TcpStream::connect(address).expect("connect");
                // Every other reader leaves while the page renders, 0 to 6
                // ms after asking, as a load tester's connections do when
                // it stops: on a kept-alive connection, which the server
                // watches for its end while the answer is being made.
                let leaves = n % 2 == 0;
                let connection = if leaves { "keep-alive" } else { "close" };
                let request = format!(
                    "GET {path} HTTP/1.1\r\nHost: news.test\r\nConnection: {connection}\r\n\
                     Cookie: qalam_session={session}\r\n\r\n"
                );
                stream.write_all(request.as_bytes()).expect("write");
                if leaves {
                    std::thread::sleep(Duration::from_micros((n as u64 * 7919) % 6000));
                    drop(stream);
                    continue;
                }
                let mut raw = Vec::new();
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .expect("timeout");
                let _ = stream.read_to_end(&mut raw);
                let status = String::from_utf8_lossy(&raw)
                    .split(' ')
                    .nth(1)
                    .unwrap_or("-")
                    .to_string();
                if status != "200" {
                    failures.lock().unwrap().push(format!("{path}: {status}"));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker");
    }
    // What was abandoned finishes on the server.
    std::thread::sleep(Duration::from_millis(500));
    let log = node.log();
    let failures = failures.lock().unwrap().clone();
    assert!(failures.is_empty(), "pages that failed: {failures:?}");
    assert!(
        !log.contains("panicked"),
        "the server panicked while rendering:\n{}",
        log.lines()
            .filter(|line| line.contains("panicked") || line.contains("disposed"))
            .take(10)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(log.contains("GET"), "the access log shows the requests");
}

/// Readers who leave while their pages render, then a SIGTERM at once, as
/// when a load test ends and the node is restarted: the renders still
/// running finish before the database pool closes, and the log shows no
/// error (each used to log "attempted to acquire a connection on a closed
/// pool").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_stopped_amid_abandoned_renders_lets_them_finish_first() {
    let t = generated_newsroom().await;
    let mut node = Node::start(
        &t.url,
        &["--searches-per-minute", "0", "--page-cache-ttl", "0"],
    );
    assert_eq!(node.get("/", None).status, 200);
    // Searches for a common word: each reads and ranks many matches.
    let asked: Vec<TcpStream> = (0..32)
        .map(|_| {
            let mut stream = TcpStream::connect(node.address).expect("connect");
            let request = "GET /search?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D0%B0%D1%85 HTTP/1.1\r\n\
                 Host: news.test\r\nConnection: keep-alive\r\n\r\n";
            stream.write_all(request.as_bytes()).expect("write");
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(5));
    drop(asked);
    node.terminate();
    assert!(
        eventually(Duration::from_secs(20), || node.exited()),
        "the node did not stop:\n{}",
        node.log()
    );
    let log = node.log();
    assert!(log.contains("stopped"), "a clean stop:\n{log}");
    assert!(
        !log.contains("ERROR") && !log.contains("closed pool"),
        "errors while stopping:\n{log}"
    );
}

/// A fresh database with 300 generated articles (and their live story).
async fn generated_newsroom() -> TestDb {
    let t = fresh_db().await;
    server::commands::generate::generate(&t.db, 300, NOW)
        .await
        .expect("generate");
    t
}
