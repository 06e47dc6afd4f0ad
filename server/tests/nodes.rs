//! Several app servers on one database: real `qalam` processes, real
//! sockets. Run against PostgreSQL by `scripts/test` (see `common`); the
//! two-node test also holds on one SQLite file.

mod common;

use app::db::articles::{self, NewArticle};
use app::db::editorial;
use app::server::staff::{create_user, NewUser};
use common::node::{eventually, Node};
use common::{fresh_db, postgres_url, seed, TestDb};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "qalamNodesBoundary4f1c";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

fn article_form(version: &str, title: &str, slug: &str) -> (String, Vec<u8>) {
    multipart(&[
        ("version", version),
        ("title", title),
        ("slug", slug),
        ("category", "politika"),
        (
            "lead",
            "Коммунальные службы Қарағанды перешли на зимний режим.",
        ),
        ("body", "Первый абзац.\n\nВторой абзац."),
        ("status", "published"),
    ])
}

async fn editor(t: &TestDb) {
    create_user(
        &t.db,
        &NewUser {
            login: "editor".into(),
            name: "Айгерим Нурланова".into(),
            role: "editor".into(),
            password: "пароль редактора".into(),
        },
        app::server::site::Clock::System.now(),
    )
    .await
    .expect("an editor");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_sessions_edits_caches_and_publish_a_scheduled_article_once() {
    let t = fresh_db().await;
    seed(&t.db).await;
    editor(&t).await;
    // A scheduled article, due in three seconds: both nodes' schedulers
    // will be looking for it every second.
    let due = app::server::site::Clock::System.now() + 3;
    let draft = common::draft("zaplanirovannyy-material");
    let scheduled = NewArticle {
        content: articles::Content {
            title: "Запланированный материал",
            lead: "Выйдет сам, ровно один раз.",
            status: app::domain::articles::Status::Scheduled,
            published_at: Some(due),
            ..draft.content
        },
        created_at: due - 60,
        ..draft
    };
    let scheduled_id = articles::insert(&t.db, &scheduled).await.expect("insert");

    let url = t.url.clone();
    let (a, b) = tokio::task::spawn_blocking(move || {
        let a = Node::start(&url, &[]);
        let b = Node::start(&url, &[]);
        // Signed in through A…
        let body = format!(
            "login=editor&password={}",
            app::text::url::encode_component("пароль редактора")
        );
        let signed_in = a.post(
            "/admin/login",
            None,
            "application/x-www-form-urlencoded",
            body.as_bytes(),
        );
        assert_eq!(signed_in.status, 303, "{}", a.log());
        let session = signed_in.session().expect("a session cookie");
        // …the session is valid on B: it lives in the database.
        assert_eq!(b.get("/admin", Some(&session)).status, 200);
        assert_eq!(b.get("/admin", None).status, 303);

        // A reader looks at A's home page (now in A's page cache).
        assert_eq!(a.get("/", None).status, 200);

        // Written and then edited through B.
        let (content_type, form) = article_form("0", "Алматы готовится к зиме", "");
        let created = b.post("/admin/articles/new", Some(&session), &content_type, &form);
        assert_eq!(created.status, 303, "{}\n{}", created.body, b.log());
        let location = created.header("location").expect("a location").to_string();
        let id = location
            .trim_start_matches("/admin/articles/")
            .split('?')
            .next()
            .expect("an id")
            .to_string();
        let (content_type, form) =
            article_form("1", "Алматы встретила зиму", "almaty-gotovitsya-k-zime");
        let edited = b.post(
            &format!("/admin/articles/{id}"),
            Some(&session),
            &content_type,
            &form,
        );
        assert_eq!(edited.status, 303, "{}", edited.body);

        // A's readers see the edit: its cache followed the database.
        assert!(
            eventually(Duration::from_secs(2), || a
                .get("/", None)
                .body
                .contains("Алматы встретила зиму")),
            "node A still shows the old home page"
        );
        let page = a.get("/news/almaty-gotovitsya-k-zime", None);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Алматы встретила зиму"));

        // The scheduled article appears on both nodes…
        for node in [&a, &b] {
            assert!(
                eventually(Duration::from_secs(10), || node
                    .get("/news/zaplanirovannyy-material", None)
                    .status
                    == 200),
                "the scheduled article was not published:\n{}",
                node.log()
            );
        }
        // …give the slower scheduler a few more ticks to try again.
        std::thread::sleep(Duration::from_secs(2));
        (a, b)
    })
    .await
    .expect("the nodes' checks");

    // Exactly one node published it, exactly once.
    let publications: usize = [&a, &b]
        .iter()
        .map(|node| node.log().matches("published scheduled articles").count())
        .sum();
    assert_eq!(publications, 1, "A:\n{}\nB:\n{}", a.log(), b.log());
    let row = editorial::by_id(&t.db, scheduled_id)
        .await
        .expect("read")
        .expect("the article");
    assert_eq!(row.status, app::domain::articles::Status::Published);
    assert_eq!(row.published_at, Some(due));
}

/// A TCP relay between a node and PostgreSQL that can play a restart: all
/// connections cut, new ones refused, then accepted again on the same port.
struct Relay {
    port: u16,
    upstream: String,
    running: Option<tokio::task::JoinHandle<()>>,
    connections: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(upstream: &str) -> Relay {
        let mut relay = Relay {
            port: 0,
            upstream: upstream.to_string(),
            running: None,
            connections: Arc::default(),
        };
        relay.up().await;
        relay
    }

    async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("the relay listens");
        self.port = listener.local_addr().expect("an address").port();
        let upstream = self.upstream.clone();
        let connections = self.connections.clone();
        self.running = Some(tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let relayed = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                connections.lock().expect("connections").push(relayed);
            }
        }));
    }

    /// Like a database going down: established connections are cut and
    /// nothing listens on the port.
    fn down(&mut self) {
        if let Some(running) = self.running.take() {
            running.abort();
        }
        for connection in self.connections.lock().expect("connections").drain(..) {
            connection.abort();
        }
    }
}

/// `url` with its host and port replaced by `address`.
fn via(url: &str, address: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, path) = rest.split_once('/').expect("a database name");
    let (user, host) = authority.rsplit_once('@').unwrap_or(("", authority));
    let host = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:5432")
    };
    let user = if user.is_empty() {
        String::new()
    } else {
        format!("{user}@")
    };
    (format!("{scheme}://{user}{address}/{path}"), host)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_get_a_503_while_postgres_is_away_and_service_resumes_within_a_second() {
    if postgres_url().is_none() {
        eprintln!("skipped: this test plays a PostgreSQL restart (set QALAM_TEST_POSTGRES_URL)");
        return;
    }
    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = common::story(&t.db, "Новости Шымкента", "politika", common::NOW).await;
    let article = format!("/news/{slug}");
    let (_, upstream) = via(&t.url, "unused");
    let mut relay = Relay::start(&upstream).await;
    let (url, _) = via(&t.url, &format!("127.0.0.1:{}", relay.port));
    // No page cache, so every request needs the database.
    let node = Arc::new(
        tokio::task::spawn_blocking(move || {
            Node::start(
                &url,
                &["--page-cache-ttl", "0", "--db-acquire-timeout-ms", "1000"],
            )
        })
        .await
        .expect("the node starts"),
    );
    // An article page: it needs the database for every render. (The home
    // page of a one-story site is drawn from the shared reads alone, so it
    // keeps answering from memory while the database is away.)
    let get_article = {
        let node = node.clone();
        move || {
            let node = node.clone();
            let article = article.clone();
            async move {
                tokio::task::spawn_blocking(move || node.get(&article, None))
                    .await
                    .expect("a reply")
            }
        }
    };
    assert_eq!(get_article().await.status, 200);

    relay.down();
    let asked = Instant::now();
    let away = get_article().await;
    assert_eq!(away.status, 503, "{}", away.body);
    assert!(
        away.body.contains("Сервис временно недоступен"),
        "{}",
        away.body
    );
    assert_eq!(away.header("retry-after"), Some("5"));
    assert!(!away.body.contains("sqlx") && !away.body.contains("Connection refused"));
    // Answered within the acquire timeout, not left hanging.
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );

    // Requests keep arriving while the database is away, and the load
    // balancer's health check takes the node out…
    let during = get_article().await;
    assert_eq!(during.status, 503);
    let health = {
        let node = node.clone();
        move || {
            let node = node.clone();
            async move {
                tokio::task::spawn_blocking(move || node.get("/health", None).status)
                    .await
                    .expect("a reply")
            }
        }
    };
    assert_eq!(health().await, 503);
    // …and once it is back, service resumes by itself, within a second.
    relay.up().await;
    let back = Instant::now();
    loop {
        if get_article().await.status == 200 {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(1),
            "still unavailable {:?} after the database returned:\n{}",
            back.elapsed(),
            node.log()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("service resumed {:?} after the database", back.elapsed());
    assert_eq!(health().await, 200);
}

/// An event stream opened on a node: the lines it sends, as they come.
struct Stream {
    lines: std::sync::mpsc::Receiver<String>,
    _socket: TcpStream,
}

impl Stream {
    fn open(node: &Node, path: &str) -> Stream {
        let mut socket = TcpStream::connect(node.address).expect("connect");
        let head =
            format!("GET {path} HTTP/1.1\r\nHost: news.test\r\nAccept: text/event-stream\r\n\r\n");
        socket.write_all(head.as_bytes()).expect("write");
        let reader = socket.try_clone().expect("a second handle");
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                match line {
                    Ok(line) => {
                        if send.send(line).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                }
            }
            // The connection closed.
            let _ = send.send("<closed>".to_string());
        });
        Stream {
            lines,
            _socket: socket,
        }
    }

    /// Lines until one contains `wanted` (true), or `limit` passes.
    fn wait_for(&self, wanted: &str, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(wanted) => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
        false
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_update_saved_through_node_a_reaches_a_stream_on_node_b_which_ends_at_sigterm() {
    let t = fresh_db().await;
    seed(&t.db).await;
    editor(&t).await;
    let url = t.url.clone();
    tokio::task::spawn_blocking(move || {
        let a = Node::start(&url, &[]);
        let b = Node::start(&url, &[]);
        let body = format!(
            "login=editor&password={}",
            app::text::url::encode_component("пароль редактора")
        );
        let session = a
            .post(
                "/admin/login",
                None,
                "application/x-www-form-urlencoded",
                body.as_bytes(),
            )
            .session()
            .expect("signed in");
        let (content_type, form) = article_form("0", "Выборы: прямая трансляция", "vybory-live");
        let created = a.post("/admin/articles/new", Some(&session), &content_type, &form);
        assert_eq!(created.status, 303, "{}", created.body);
        let id = created
            .header("location")
            .and_then(|l| l.trim_start_matches("/admin/articles/").split('?').next())
            .expect("an id")
            .to_string();
        let form = "application/x-www-form-urlencoded";
        let started = a.post(
            &format!("/admin/articles/{id}/action"),
            Some(&session),
            form,
            b"do=live-start",
        );
        assert_eq!(started.status, 303, "{}", started.body);

        // A reader of the story, connected to B.
        let stream = Stream::open(&b, &format!("/events?live={id}"));
        assert!(
            stream.wait_for("HTTP/1.1 200", Duration::from_secs(5)),
            "{}",
            b.log()
        );
        assert!(
            stream.wait_for(": ready", Duration::from_secs(5)),
            "{}",
            b.log()
        );
        // Another reader elsewhere on the site, also on B.
        let elsewhere = Stream::open(&b, "/events");
        assert!(elsewhere.wait_for(": ready", Duration::from_secs(5)));

        // An update saved through A.
        let sent = Instant::now();
        let update = format!(
            "headline={}&body={}",
            app::text::url::encode_component("Явка к полудню — 24,8%"),
            app::text::url::encode_component(
                "По данным ЦИК, к 12:00 проголосовали 24,8% избирателей."
            )
        );
        let posted = a.post(
            &format!("/admin/articles/{id}/updates"),
            Some(&session),
            form,
            update.as_bytes(),
        );
        assert_eq!(posted.status, 303, "{}", posted.body);
        assert!(
            stream.wait_for("Явка к полудню — 24,8%", Duration::from_secs(2)),
            "the update did not reach node B's stream within 2 s:\n{}",
            b.log()
        );
        eprintln!(
            "an update from A reached B's stream in {:?}",
            sent.elapsed()
        );
        assert!(
            !elsewhere.wait_for("Явка к полудню", Duration::from_millis(800)),
            "a stream for no live story gets no updates"
        );

        // SIGTERM: the stream ends at once, and so does the node.
        let stopping = Instant::now();
        b.terminate();
        assert!(
            stream.wait_for("<closed>", Duration::from_secs(3)),
            "the stream stayed open after SIGTERM"
        );
        let mut b = b;
        assert!(
            eventually(Duration::from_secs(5), || b.exited()),
            "node B did not stop:\n{}",
            b.log()
        );
        eprintln!(
            "node B stopped {:?} after SIGTERM, streams open",
            stopping.elapsed()
        );
    })
    .await
    .expect("the nodes' test");
}
