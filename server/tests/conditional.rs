//! Conditional requests through the real router: every encoding of a
//! cached page or a build file has its own ETag, and a request that
//! already holds that representation gets a bodiless 304.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::web::{state, Reply, Web};
use common::{fresh_db, seed, story, NOW};
use server::page_cache::PageCache;
use std::sync::Arc;
use std::time::Duration;

async fn ask(web: &Web, uri: &str, encoding: &str, if_none_match: Option<&str>) -> Reply {
    let mut request = Request::get(uri).header(header::ACCEPT_ENCODING, encoding);
    if let Some(tag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    web.send(request.body(Body::empty()).unwrap()).await
}

fn etag(headers: &HeaderMap) -> String {
    headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_encoding_has_its_etag_and_a_held_one_gets_a_304() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(&t.db, "Әкім жаңа саябақ ашты", "sport", NOW - 120).await;
    let cache = Arc::new(PageCache::new(Duration::from_secs(600), 100));
    cache.sync_version(app::db::content_version(&t.db).await.unwrap());
    let mut state = state(&t, common::web::SITE, cache);
    state.site.clock = app::server::site::Clock::Fixed(NOW);
    let web = Web::with(state);

    for uri in ["/", "/pkg/qalam.js", "/favicon.svg"] {
        let mut tags = Vec::new();
        for encoding in ["br", "gzip", "identity"] {
            let first = ask(&web, uri, encoding, None).await;
            assert_eq!(first.status, StatusCode::OK, "{uri} {encoding}");
            let tag = etag(&first.headers);
            assert!(
                tag.starts_with('"') && tag.ends_with('"'),
                "{uri}: strong, quoted: {tag}"
            );
            // Asked again: the same tag, and with it a 304 without a body.
            let again = ask(&web, uri, encoding, None).await;
            assert_eq!(etag(&again.headers), tag, "{uri} {encoding}: stable");
            let held = ask(&web, uri, encoding, Some(&tag)).await;
            assert_eq!(held.status, StatusCode::NOT_MODIFIED, "{uri} {encoding}");
            assert!(held.body.is_empty(), "{uri}: a 304 has no body");
            assert_eq!(etag(&held.headers), tag);
            assert!(
                held.headers[header::VARY]
                    .to_str()
                    .unwrap()
                    .contains("accept-encoding"),
                "{uri}: Vary on the 304 too"
            );
            assert!(!held.headers.contains_key(header::CONTENT_ENCODING));
            // The browser merges a 304's headers into its copy: the same
            // policy, or the page's scripts are blocked.
            assert_eq!(
                held.headers.get(header::CONTENT_SECURITY_POLICY),
                first.headers.get(header::CONTENT_SECURITY_POLICY),
                "{uri}: the same CSP on the 304"
            );
            // In a list, or weak, it still matches.
            let listed = ask(&web, uri, encoding, Some(&format!("\"old\", W/{tag}"))).await;
            assert_eq!(listed.status, StatusCode::NOT_MODIFIED, "{uri}");
            tags.push(tag);
        }
        assert_ne!(tags[0], tags[1], "{uri}: br and gzip differ");
        assert_ne!(tags[1], tags[2], "{uri}: gzip and identity differ");
        // A tag of another encoding is not this representation.
        let other = ask(&web, uri, "gzip", Some(&tags[0])).await;
        assert_eq!(other.status, StatusCode::OK, "{uri}: br tag, gzip asked");
        assert!(!other.body.is_empty());
    }

    // A changed page has a new tag: the old one gets the page again.
    let before = etag(&ask(&web, "/", "br", None).await.headers);
    story(&t.db, "Новая новость дня", "sport", NOW - 60).await;
    web.state
        .page_cache
        .sync_version(app::db::content_version(&t.db).await.unwrap());
    web.state
        .site
        .shared
        .sync_version(app::db::content_version(&t.db).await.unwrap());
    let changed = ask(&web, "/", "br", Some(&before)).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(etag(&changed.headers), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_answers_wherever_get_does_without_a_body() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = story(&t.db, "Әкім жаңа саябақ ашты", "sport", NOW - 120).await;
    let mut state = state(&t, common::web::SITE, common::web::no_cache());
    state.site.clock = app::server::site::Clock::Fixed(NOW);
    let web = Web::with(state);
    let article = format!("/news/{slug}");
    for (uri, status) in [
        ("/", StatusCode::OK),
        (article.as_str(), StatusCode::OK),
        ("/category/sport", StatusCode::OK),
        ("/search?q=аким", StatusCode::OK),
        ("/feed.xml", StatusCode::OK),
        ("/sitemap.xml", StatusCode::OK),
        ("/robots.txt", StatusCode::OK),
        ("/pkg/qalam.js", StatusCode::OK),
        ("/favicon.svg", StatusCode::OK),
        ("/api/ticker", StatusCode::OK),
        ("/health", StatusCode::OK),
        ("/news/net-takoy", StatusCode::NOT_FOUND),
    ] {
        let get = web
            .send(Request::get(uri).body(Body::empty()).unwrap())
            .await;
        let head = web
            .send(Request::head(uri).body(Body::empty()).unwrap())
            .await;
        assert_eq!(get.status, status, "GET {uri}");
        assert_eq!(head.status, status, "HEAD {uri}");
        assert!(head.body.is_empty(), "HEAD {uri}: no body");
        assert_eq!(
            head.headers.get(header::CONTENT_TYPE),
            get.headers.get(header::CONTENT_TYPE),
            "HEAD {uri}: the same type"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_without_a_tag_of_their_own_get_one_from_the_bytes_sent() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = story(&t.db, "Әкім жаңа саябақ ашты", "sport", NOW - 120).await;
    let account = app::server::staff::create_user(
        &t.db,
        &app::server::staff::NewUser {
            login: "editor".into(),
            name: "Айгерим Нурланова".into(),
            role: "editor".into(),
            password: "пароль редактора".into(),
        },
        NOW,
    )
    .await
    .unwrap();
    let png = b"\x89PNG\r\n\x1a\n".repeat(64);
    let image = app::db::images::insert(&t.db, "image/png", 8, 8, &png, Some(account), NOW)
        .await
        .unwrap();
    // The page cache off: every page is rendered for its request.
    let mut state = state(&t, common::web::SITE, common::web::no_cache());
    state.site.clock = app::server::site::Clock::Fixed(NOW);
    let web = Web::with(state);
    let article = format!("/news/{slug}");
    let media = format!("/media/{image}");
    for uri in [
        article.as_str(),
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/api/ticker",
        media.as_str(),
    ] {
        let br = ask(&web, uri, "br", None).await;
        assert_eq!(br.status, StatusCode::OK, "{uri}");
        let tag = etag(&br.headers);
        let held = ask(&web, uri, "br", Some(&tag)).await;
        assert_eq!(held.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(held.body.is_empty());
        assert_eq!(etag(&held.headers), tag);
        let identity = ask(&web, uri, "identity", None).await;
        let compressed = br.headers.contains_key(header::CONTENT_ENCODING);
        if compressed {
            assert_ne!(etag(&identity.headers), tag, "{uri}: each encoding its tag");
            let other = ask(&web, uri, "identity", Some(&tag)).await;
            assert_eq!(
                other.status,
                StatusCode::OK,
                "{uri}: br tag, identity asked"
            );
        }
        let head = web
            .send(
                Request::head(uri)
                    .header(header::ACCEPT_ENCODING, "br")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(etag(&head.headers), tag, "HEAD {uri}: the GET's tag");
        assert!(head.body.is_empty());
    }
    // A feed says when it last changed, and answers If-Modified-Since.
    let feed = ask(&web, "/feed.xml", "br", None).await;
    let modified = feed.header("last-modified").to_string();
    assert_eq!(
        modified,
        server::conditional::http_date(NOW - 120)
            .unwrap()
            .to_str()
            .unwrap()
    );
    let since = web
        .send(
            Request::get("/feed.xml")
                .header(header::IF_MODIFIED_SINCE, &modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    // The workspace is never tagged: it is not stored anywhere.
    let login = ask(&web, "/admin/login", "br", None).await;
    assert!(!login.headers.contains_key(header::ETAG));
}
