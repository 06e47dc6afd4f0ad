//! Web Push and IndexNow against local fakes, on a real database (SQLite,
//! and PostgreSQL with `QALAM_TEST_POSTGRES_URL`): subscriptions made as
//! a browser makes them, a push service that decrypts every message with
//! the browser's private key (RFC 8291, written here apart from the
//! server's code) and checks its VAPID signature, breaking news sent by
//! editors only and once, a live story's key updates, subscriptions the
//! service says are gone forgotten, a broadcast that resumes where a dead
//! node left it; IndexNow pings on publish, edit, new address and
//! unpublish; the key file; the AI crawlers' policy.
// Past 500 lines: one fake push service and one browser (its RFC 8291
// decryption) shared by every test of the peers that reach readers.

mod common;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use app::db::{live, outbox, settings, subscriptions};
use app::domain::accounts::Role;
use app::domain::articles::ArticleForm;
use app::server::articles::deliveries::send_breaking_push;
use app::server::articles::save::save_article;
use app::server::site::Clock;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Request, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use base64::Engine;
use common::web::{Web, SITE};
use common::{account, fresh_db, published, saved, seed, NOW, PASSWORD};
use hkdf::Hkdf;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use serde_json::{json, Value};
use server::reach::webpush::Vapid;
use server::reach::{IndexNow, Peers, ReachKeys, Sender, WebPush};
use sha2::Sha256;
use std::sync::{Arc, Mutex};

/// A message as the push service received it.
#[derive(Clone, Debug)]
struct Received {
    endpoint: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A push service on loopback: keeps what it is sent; an endpoint whose
/// name starts with "gone" answers 410, as for a browser that left.
#[derive(Clone, Default)]
struct FakePushService {
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakePushService {
    /// The service and its endpoints' prefix ("http://127.0.0.1:PORT/push/").
    async fn start() -> (FakePushService, String) {
        let service = FakePushService::default();
        let app = axum::Router::new()
            .route("/push/{name}", axum::routing::post(receive))
            .with_state(service.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let prefix = format!("http://{}/push/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (service, prefix)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn receive(
    State(service): State<FakePushService>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    service.received.lock().unwrap().push(Received {
        endpoint: name.clone(),
        headers,
        body: body.to_vec(),
    });
    if name.starts_with("gone") {
        StatusCode::GONE
    } else {
        StatusCode::CREATED
    }
}

/// A browser's subscription: its own P-256 key pair and auth secret, as
/// `PushManager.subscribe` makes them.
struct Browser {
    endpoint: String,
    key: SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new(prefix: &str, name: &str) -> Browser {
        let mut auth = [0u8; 16];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut auth);
        Browser {
            endpoint: format!("{prefix}{name}"),
            key: SecretKey::random(&mut rand_core::OsRng),
            auth,
        }
    }

    fn public(&self) -> Vec<u8> {
        self.key
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec()
    }

    /// `PushSubscription.toJSON()` with the topic.
    fn subscription(&self, topic: &str) -> Value {
        json!({
            "topic": topic,
            "endpoint": self.endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": BASE64URL.encode(self.public()),
                "auth": BASE64URL.encode(self.auth),
            },
        })
    }

    /// What the browser does with a message (RFC 8291 §3.4, RFC 8188):
    /// the plaintext, or `None` when it does not decrypt.
    fn decrypt(&self, body: &[u8]) -> Option<Vec<u8>> {
        let salt = body.get(..16)?;
        let key_length = usize::from(*body.get(20)?);
        let sender = PublicKey::from_sec1_bytes(body.get(21..21 + key_length)?).ok()?;
        let sealed = body.get(21 + key_length..)?;
        let shared = p256::ecdh::diffie_hellman(self.key.to_nonzero_scalar(), sender.as_affine());
        let mut info = b"WebPush: info\0".to_vec();
        info.extend(self.public());
        info.extend(sender.to_encoded_point(false).as_bytes());
        let mut ikm = [0u8; 32];
        Hkdf::<Sha256>::new(Some(&self.auth), shared.raw_secret_bytes())
            .expand(&info, &mut ikm)
            .ok()?;
        let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
        let (mut key, mut nonce) = ([0u8; 16], [0u8; 12]);
        prk.expand(b"Content-Encoding: aes128gcm\0", &mut key)
            .ok()?;
        prk.expand(b"Content-Encoding: nonce\0", &mut nonce).ok()?;
        let mut record = Aes128Gcm::new(&key.into())
            .decrypt(Nonce::from_slice(&nonce), sealed)
            .ok()?;
        // Padding, then the last record's delimiter.
        while record.last() == Some(&0) {
            record.pop();
        }
        (record.pop() == Some(2)).then_some(record)
    }

    /// The notification in a message sent to this browser.
    fn notification(&self, received: &Received) -> Value {
        let plain = self.decrypt(&received.body).expect("the message decrypts");
        serde_json::from_slice(&plain).expect("JSON")
    }
}

/// The VAPID header verifies with the key it names, for the push
/// service's origin.
fn assert_vapid(received: &Received, vapid: &Vapid, prefix: &str) {
    let authorization = received.headers[header::AUTHORIZATION].to_str().unwrap();
    let (token, key) = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .expect("vapid t=…, k=…");
    assert_eq!(key, vapid.public_key());
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let claims: Value =
        serde_json::from_slice(&BASE64URL.decode(signed.split('.').nth(1).unwrap()).unwrap())
            .unwrap();
    let origin = prefix.trim_end_matches("/push/");
    assert_eq!(claims["aud"], origin);
    let verifying = VerifyingKey::from_sec1_bytes(&BASE64URL.decode(key).unwrap()).unwrap();
    let signature = Signature::from_slice(&BASE64URL.decode(signature).unwrap()).unwrap();
    assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
}

/// The site with its keys, the push service allowed, at a fixed time.
fn site(t: &common::TestDb, vapid: &Arc<Vapid>, prefix: &str) -> Web {
    let mut state = common::web::state(t, SITE, common::web::no_cache());
    state.site.clock = Clock::Fixed(NOW);
    state.reach = ReachKeys {
        vapid: Some(vapid.clone()),
        indexnow_key: Some("0123456789abcdef0123456789abcdef".into()),
        push_service: Some(prefix.to_string()),
    };
    Web::with(state)
}

fn vapid() -> Arc<Vapid> {
    Arc::new(Vapid::from_stored(&Vapid::generate(), SITE).unwrap())
}

/// A JSON post from the site's own page (as `push.js` sends it).
async fn post_json(web: &Web, uri: &str, body: &Value, origin: &str) -> (StatusCode, String) {
    let request = Request::post(uri)
        .header(header::ORIGIN, origin)
        .header(header::HOST, "qalam.test")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let reply = web.send(request).await;
    (reply.status, reply.body)
}

fn push_sender(t: &common::TestDb, vapid: &Arc<Vapid>, prefix: &str, now: i64) -> Sender {
    let peers = Peers {
        push: Some(WebPush::new(vapid.clone(), Some(prefix.to_string())).unwrap()),
        ..Peers::default()
    };
    let mut sender = Sender::new(t.db.clone(), peers, SITE, Clock::Fixed(now));
    sender.node = "node-a".into();
    sender
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn breaking_news_reaches_every_follower_once_and_gone_browsers_are_forgotten() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let (service, prefix) = FakePushService::start().await;
    let vapid = vapid();
    let web = site(&t, &vapid, &prefix);
    let (reader, other, gone, kazakh) = (
        Browser::new(&prefix, "reader"),
        Browser::new(&prefix, "other"),
        Browser::new(&prefix, "gone-1"),
        Browser::new(&prefix, "kazakh"),
    );
    for browser in [&reader, &other, &gone] {
        let asked = browser.subscription("breaking:ru");
        let (status, _) = post_json(&web, "/push/subscriptions", &asked, SITE).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // The same browser again (new keys after a rotation): still one row.
    let again = reader.subscription("breaking:ru");
    assert_eq!(
        post_json(&web, "/push/subscriptions", &again, SITE).await.0,
        StatusCode::CREATED
    );
    let asked = kazakh.subscription("breaking:kk");
    assert_eq!(
        post_json(&web, "/push/subscriptions", &asked, SITE).await.0,
        StatusCode::CREATED
    );
    assert_eq!(subscriptions::count(&t.db, "breaking:ru").await.unwrap(), 3);

    let id = saved(
        save_article(&t.db, &editor, &published("Землетрясение в Алматы"), NOW)
            .await
            .unwrap(),
    )
    .id;
    // Authors cannot send a breaking push; editors can, once.
    assert!(send_breaking_push(&t.db, &author, id, NOW).await.is_err());
    assert!(send_breaking_push(&t.db, &editor, id, NOW).await.unwrap());
    assert!(!send_breaking_push(&t.db, &editor, id, NOW + 5)
        .await
        .unwrap());

    let mut sender = push_sender(&t, &vapid, &prefix, NOW);
    assert_eq!(sender.run_once().await.unwrap(), 1);
    assert_eq!(sender.run_once().await.unwrap(), 0, "sent once");
    let received = service.received();
    let mut endpoints: Vec<&str> = received.iter().map(|r| r.endpoint.as_str()).collect();
    endpoints.sort();
    assert_eq!(
        endpoints,
        ["gone-1", "other", "reader"],
        "not the Kazakh edition's"
    );
    let slug = app::db::editorial::by_id(&t.db, id)
        .await
        .unwrap()
        .unwrap()
        .slug;
    for message in &received {
        assert_eq!(message.headers["urgency"], "high");
        assert_eq!(message.headers["ttl"], "21600");
        assert_eq!(message.headers["content-encoding"], "aes128gcm");
        assert_vapid(message, &vapid, &prefix);
        if message.endpoint == "gone-1" {
            continue;
        }
        let browser = if message.endpoint == "reader" {
            &reader
        } else {
            &other
        };
        let shown = browser.notification(message);
        assert_eq!(shown["title"], "⚡️ Срочно");
        assert_eq!(shown["body"], "Землетрясение в Алматы");
        assert_eq!(shown["url"], format!("/news/{slug}"));
        // Another browser's key does not open it.
        assert!(kazakh.decrypt(&message.body).is_none());
    }
    // The browser that left is forgotten; the workspace says what it reached.
    assert_eq!(subscriptions::count(&t.db, "breaking:ru").await.unwrap(), 2);
    let rows = outbox::for_article(&t.db, id).await.unwrap();
    let push = rows.iter().find(|d| d.peer == "push").unwrap();
    assert_eq!(
        (push.state.as_str(), push.outcome.as_str()),
        ("sent", "доставлено: 2, отписались: 1, ошибок: 0")
    );

    // A node that died after its first page: the next one goes on from
    // the page kept, and only the browsers after it get the message.
    let second = saved(
        save_article(&t.db, &editor, &published("Второе срочное"), NOW)
            .await
            .unwrap(),
    )
    .id;
    assert!(send_breaking_push(&t.db, &editor, second, NOW)
        .await
        .unwrap());
    let first_row: i64 = subscriptions::page(&t.db, "breaking:ru", 0, 1)
        .await
        .unwrap()[0]
        .id;
    sqlx::query("UPDATE deliveries SET peer_ref = $1 WHERE article_id = $2 AND peer = 'push'")
        .bind(format!("{first_row}:1:0:0"))
        .bind(second)
        .execute(&mut *t.db.conn().await.unwrap())
        .await
        .unwrap();
    sender.run_once().await.unwrap();
    let resumed: Vec<String> = service.received()[3..]
        .iter()
        .map(|r| r.endpoint.clone())
        .collect();
    assert_eq!(resumed.len(), 1, "{resumed:?}");
    let rows = outbox::for_article(&t.db, second).await.unwrap();
    assert_eq!(rows[0].outcome, "доставлено: 2, отписались: 0, ошибок: 0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_refuse_strangers_and_unsubscribe() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let (_service, prefix) = FakePushService::start().await;
    let vapid = vapid();
    let web = site(&t, &vapid, &prefix);
    let browser = Browser::new(&prefix, "reader");
    // The key a browser subscribes with.
    let key = web.get("/push/key").await;
    assert_eq!(
        (key.status, key.body.as_str()),
        (StatusCode::OK, vapid.public_key())
    );
    let mut cases: Vec<(Value, StatusCode)> = Vec::new();
    let good = browser.subscription("breaking:ru");
    let with = |field: &str, value: Value| {
        let mut changed = good.clone();
        changed[field] = value;
        changed
    };
    cases.push((with("topic", json!("breaking:en")), StatusCode::BAD_REQUEST));
    cases.push((with("topic", json!("live:1")), StatusCode::NOT_FOUND));
    cases.push((
        with("endpoint", json!("https://evil.example/x")),
        StatusCode::BAD_REQUEST,
    ));
    cases.push((
        with("endpoint", json!("http://10.0.0.1/x")),
        StatusCode::BAD_REQUEST,
    ));
    cases.push((
        with("keys", json!({"p256dh": "AAAA", "auth": "BBBB"})),
        StatusCode::BAD_REQUEST,
    ));
    cases.push((json!({"topic": "breaking:ru"}), StatusCode::BAD_REQUEST));
    cases.push((json!("не подписка"), StatusCode::BAD_REQUEST));
    for (asked, status) in cases {
        let (got, words) = post_json(&web, "/push/subscriptions", &asked, SITE).await;
        assert_eq!(got, status, "{asked}");
        assert!(!words.to_lowercase().contains("sql"), "{words}");
    }
    // Another site's page cannot subscribe a reader.
    let (status, _) = post_json(&web, "/push/subscriptions", &good, "https://evil.example").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(subscriptions::count(&t.db, "breaking:ru").await.unwrap(), 0);
    // Subscribe, then unsubscribe from the same control.
    assert_eq!(
        post_json(&web, "/push/subscriptions", &good, SITE).await.0,
        StatusCode::CREATED
    );
    let leave = json!({"topic": "breaking:ru", "endpoint": browser.endpoint});
    let (status, _) = post_json(&web, "/push/subscriptions/delete", &leave, SITE).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(subscriptions::count(&t.db, "breaking:ru").await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_storys_key_updates_reach_its_followers() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let (service, prefix) = FakePushService::start().await;
    let vapid = vapid();
    let web = site(&t, &vapid, &prefix);
    let story = saved(
        save_article(&t.db, &editor, &published("Выборы: трансляция"), NOW)
            .await
            .unwrap(),
    )
    .id;
    live::start(&t.db, story, NOW).await.unwrap();
    let follower = Browser::new(&prefix, "follower");
    let asked = follower.subscription(&format!("live:{story}"));
    assert_eq!(
        post_json(&web, "/push/subscriptions", &asked, SITE).await.0,
        StatusCode::CREATED
    );
    let update = |headline: &'static str, pinned: bool, important: bool| {
        let form = app::domain::live::UpdateForm {
            headline: headline.into(),
            body: "Подробности записи.".into(),
            pinned,
            important,
        };
        let (db, editor) = (t.db.clone(), editor.clone());
        async move {
            app::server::live::add_update(&db, &editor, story, &form, NOW)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    update("Обычная запись", false, false).await;
    let important = update("Явка превысила 60%", false, true).await;
    let pinned = update("Главное к этому часу", true, false).await;
    let mut sender = push_sender(&t, &vapid, &prefix, NOW + 1);
    while sender.run_once().await.unwrap() > 0 {}
    let received = service.received();
    assert_eq!(
        received.len(),
        2,
        "the important and the pinned update only"
    );
    let shown: Vec<Value> = received.iter().map(|r| follower.notification(r)).collect();
    let slug = app::db::editorial::by_id(&t.db, story)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let mut urls: Vec<String> = shown
        .iter()
        .map(|s| s["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    let mut expected = vec![
        format!("/news/{slug}#update-{important}"),
        format!("/news/{slug}#update-{pinned}"),
    ];
    expected.sort();
    assert_eq!(urls, expected);
    assert!(shown.iter().all(|s| s["title"] == "Выборы: трансляция"));
    assert!(received.iter().all(|r| r.headers["urgency"] == "normal"));
    // Saved again, it is not sent again; an ended story takes no followers.
    let again = app::domain::live::UpdateForm {
        headline: "Явка превысила 60%".into(),
        body: "Уточнено.".into(),
        pinned: false,
        important: true,
    };
    app::server::live::edit_update(&t.db, &editor, story, important, &again, NOW + 2)
        .await
        .unwrap();
    assert_eq!(sender.run_once().await.unwrap(), 0);
    live::end(&t.db, story, NOW + 3).await.unwrap();
    let late = Browser::new(&prefix, "late").subscription(&format!("live:{story}"));
    assert_eq!(
        post_json(&web, "/push/subscriptions", &late, SITE).await.0,
        StatusCode::NOT_FOUND
    );
}

/// An IndexNow endpoint on loopback: keeps every request's JSON.
async fn fake_indexnow() -> (Arc<Mutex<Vec<Value>>>, String) {
    let pings: Arc<Mutex<Vec<Value>>> = Arc::default();
    let kept = pings.clone();
    let app = axum::Router::new().route(
        "/indexnow",
        axum::routing::post(move |body: axum::Json<Value>| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push(body.0);
                StatusCode::ACCEPTED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/indexnow", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (pings, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_engines_hear_of_every_change_to_an_address() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let (pings, url) = fake_indexnow().await;
    let key = "0123456789abcdef0123456789abcdef";
    // Off: nothing is written.
    let quiet = saved(
        save_article(&t.db, &editor, &published("Без IndexNow"), NOW)
            .await
            .unwrap(),
    )
    .id;
    assert!(outbox::for_article(&t.db, quiet).await.unwrap().is_empty());
    settings::put(&t.db, outbox::INDEXNOW_ON, "1", NOW)
        .await
        .unwrap();
    let peers = Peers {
        indexnow: Some(IndexNow::new(&url, key).unwrap()),
        ..Peers::default()
    };
    let mut sender = Sender::new(t.db.clone(), peers, SITE, Clock::Fixed(NOW));
    let form = published("Бюджет на 2027 год");
    let saved_article = saved(save_article(&t.db, &editor, &form, NOW).await.unwrap());
    let slug = app::db::editorial::by_id(&t.db, saved_article.id)
        .await
        .unwrap()
        .unwrap()
        .slug;
    sender.run_once().await.unwrap();
    // A body edit, a new address, an unpublish: each is told.
    let edited = ArticleForm {
        body: "Новый абзац.".into(),
        id: Some(saved_article.id),
        version: saved_article.version,
        ..form.clone()
    };
    let edited = saved(
        save_article(&t.db, &editor, &edited, NOW + 10)
            .await
            .unwrap(),
    );
    sender.clock = Clock::Fixed(NOW + 10);
    sender.run_once().await.unwrap();
    let moved = ArticleForm {
        slug: "byudzhet-2027".into(),
        body: "Новый абзац.".into(),
        id: Some(saved_article.id),
        version: edited.version,
        ..form.clone()
    };
    let moved = saved(
        save_article(&t.db, &editor, &moved, NOW + 20)
            .await
            .unwrap(),
    );
    sender.clock = Clock::Fixed(NOW + 20);
    sender.run_once().await.unwrap();
    let withdrawn = ArticleForm {
        slug: "byudzhet-2027".into(),
        status: "draft".into(),
        id: Some(saved_article.id),
        version: moved.version,
        ..form
    };
    saved(
        save_article(&t.db, &editor, &withdrawn, NOW + 30)
            .await
            .unwrap(),
    );
    sender.clock = Clock::Fixed(NOW + 30);
    sender.run_once().await.unwrap();
    let pings = pings.lock().unwrap().clone();
    let lists: Vec<Vec<String>> = pings
        .iter()
        .map(|p| {
            let mut urls: Vec<String> = p["urlList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().to_string())
                .collect();
            urls.sort();
            urls
        })
        .collect();
    let (old, new) = (
        format!("{SITE}/news/{slug}"),
        format!("{SITE}/news/byudzhet-2027"),
    );
    assert_eq!(
        lists,
        [
            vec![old.clone()],
            vec![old.clone()],
            vec![new.clone(), old],
            vec![new]
        ]
    );
    assert!(pings
        .iter()
        .all(|p| p["key"] == key && p["host"] == "qalam.test"));
    assert_eq!(pings[0]["keyLocation"], format!("{SITE}/{key}.txt"));

    // The key file proves the pings are the site's.
    let (_service, prefix) = FakePushService::start().await;
    let web = site(&t, &vapid(), &prefix);
    let file = web.get(&format!("/{key}.txt")).await;
    assert_eq!((file.status, file.body.as_str()), (StatusCode::OK, key));
    assert_eq!(
        web.get("/00000000000000000000000000000000.txt")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn admins_choose_whether_ai_crawlers_may_read_the_site() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "admin", Role::Admin).await;
    account(&t.db, "editor", Role::Editor).await;
    let web = Web::at(&t, NOW);
    let robots = web.get("/robots.txt").await;
    assert!(
        !robots.body.contains("GPTBot"),
        "allowed by default:\n{}",
        robots.body
    );
    let editor = web.sign_in("editor", PASSWORD).await;
    let refused = web
        .post_form(
            "/admin/telegram/ai-crawlers",
            Some(&editor),
            "policy=refuse",
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = web.sign_in("admin", PASSWORD).await;
    let bad = web
        .post_form(
            "/admin/telegram/ai-crawlers",
            Some(&admin),
            "policy=%3Cscript%3E",
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let done = web
        .post_form("/admin/telegram/ai-crawlers", Some(&admin), "policy=refuse")
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let robots = web.get("/robots.txt").await.body;
    for crawler in [
        "GPTBot",
        "ClaudeBot",
        "Google-Extended",
        "PerplexityBot",
        "CCBot",
    ] {
        assert!(
            robots.contains(&format!("User-agent: {crawler}\n")),
            "{robots}"
        );
    }
    // Search engines still crawl; the sitemap is still named.
    let (ai, rest) = robots.split_once("\n\n").unwrap();
    assert!(ai.ends_with("Disallow: /"), "{ai}");
    assert!(
        rest.starts_with("User-agent: *\nDisallow: /admin"),
        "{rest}"
    );
    assert!(robots.contains("Sitemap: http://qalam.test/sitemap.xml"));
    let page = web.get_as("/admin/telegram", &admin).await;
    assert!(page.body.contains("Поисковые системы и ИИ"));
}

#[tokio::test]
async fn editors_confirm_a_breaking_push_and_authors_are_not_offered_one() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    account(&t.db, "author", Role::Author).await;
    let id = saved(
        save_article(&t.db, &editor, &published("Паводок в Атырау"), NOW)
            .await
            .unwrap(),
    )
    .id;
    let web = Web::at(&t, NOW);
    let session = web.sign_in("editor", PASSWORD).await;
    let page = web.get_as(&format!("/admin/articles/{id}"), &session).await;
    assert!(page
        .body
        .contains("На срочные новости русской версии пока никто не подписан."));
    assert!(!page.body.contains("Отправить push-уведомление"));
    for endpoint in [
        "https://fcm.googleapis.com/fcm/send/a",
        "https://fcm.googleapis.com/fcm/send/b",
    ] {
        subscriptions::subscribe(&t.db, "breaking:ru", endpoint, "key", "auth", NOW)
            .await
            .unwrap();
    }
    let editor = web.sign_in("editor", PASSWORD).await;
    let page = web.get_as(&format!("/admin/articles/{id}"), &editor).await;
    assert!(page
        .body
        .contains("Подписки на срочные новости русской версии: 2 браузера."));
    let confirm = web
        .get_as(&format!("/admin/articles/{id}?push=confirm"), &editor)
        .await;
    assert!(
        confirm.body.contains(
            "уйдёт на все подписки русской версии: 2 браузера. Отменить отправку нельзя."
        ),
        "{}",
        confirm.body
    );
    let author = web.sign_in("author", PASSWORD).await;
    let theirs = web.get_as(&format!("/admin/articles/{id}"), &author).await;
    assert!(!theirs.body.contains("Срочное push-уведомление"));
    let uri = format!("/admin/articles/{id}/push");
    assert_eq!(
        web.post_form(&uri, Some(&author), "").await.status,
        StatusCode::FORBIDDEN
    );
    let sent = web.post_form(&uri, Some(&editor), "").await;
    assert_eq!(
        sent.location(),
        format!("/admin/articles/{id}?notice=push-queued#deliveries")
    );
    let again = web.post_form(&uri, Some(&editor), "").await;
    assert_eq!(
        again.location(),
        format!("/admin/articles/{id}?notice=push-sent-before#deliveries")
    );
    // Not an article, not a number: 404, never 500.
    assert_eq!(
        web.post_form("/admin/articles/999999/push", Some(&editor), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        web.post_form("/admin/articles/x/push", Some(&editor), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
