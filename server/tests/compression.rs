//! What readers download is compressed: brotli or gzip by Accept-Encoding,
//! with `Vary`, decompressing to exactly the uncompressed answer; cached
//! pages keep their compressed variants (a hit compresses nothing); and a
//! page ends at `</html>`.

mod common;

use axum::http::{header, Request, StatusCode};
use common::web::{state, Web};
use common::{fresh_db, seed, story, TestDb, NOW};
use server::page_cache::PageCache;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

/// The site on a fixed clock with a page cache, so that a page's bytes are
/// the same from one request to the next (a fresh render has a new nonce).
async fn site() -> (TestDb, Web, Arc<PageCache>) {
    let t = fresh_db().await;
    seed(&t.db).await;
    for i in 0..12 {
        story(
            &t.db,
            &format!("Новость о тарифах №{i}"),
            "politika",
            NOW - 600 * i,
        )
        .await;
    }
    let cache = Arc::new(PageCache::new(Duration::from_secs(600), 100));
    cache.sync_version(app::db::content_version(&t.db).await.unwrap());
    let mut state = state(&t, common::web::SITE, cache.clone());
    state.site.clock = app::server::site::Clock::Fixed(NOW);
    (t, Web::with(state), cache)
}

struct Answer {
    status: StatusCode,
    encoding: Option<String>,
    vary: String,
    bytes: Vec<u8>,
}

async fn fetch(web: &Web, uri: &str, accept: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_ENCODING, accept);
    }
    let response = web
        .raw(request.body(axum::body::Body::empty()).unwrap())
        .await;
    let headers = response.headers().clone();
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    let text = |name: header::HeaderName| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Answer {
        status,
        encoding: headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        vary: text(header::VARY).to_ascii_lowercase(),
        bytes,
    }
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_compressible_type_comes_compressed_and_decompresses_to_the_same_bytes() {
    let (_t, web, _cache) = site().await;
    for uri in [
        "/",
        "/category/politika",
        "/news/novost-o-tarifakh-3",
        "/feed.xml",
        "/sitemap.xml",
        "/sitemaps/articles-1.xml",
        "/api/ticker?limit=12",
        "/pkg/qalam.js",
        "/pkg/qalam.css",
        "/pkg/qalam.wasm",
        "/favicon.svg",
    ] {
        let plain = fetch(&web, uri, None).await;
        assert_eq!(plain.status, StatusCode::OK, "{uri}");
        assert_eq!(plain.encoding, None, "{uri}: uncompressed when not asked");
        assert!(
            plain.vary.contains("accept-encoding"),
            "{uri}: Vary {:?}",
            plain.vary
        );
        let br = fetch(&web, uri, Some("gzip, deflate, br, zstd")).await;
        assert_eq!(br.encoding.as_deref(), Some("br"), "{uri}");
        assert!(br.vary.contains("accept-encoding"), "{uri}");
        assert_eq!(
            unbrotli(&br.bytes),
            plain.bytes,
            "{uri}: brotli decodes to the same bytes"
        );
        assert!(br.bytes.len() < plain.bytes.len(), "{uri}");
        let gz = fetch(&web, uri, Some("gzip")).await;
        assert_eq!(gz.encoding.as_deref(), Some("gzip"), "{uri}");
        assert!(gz.vary.contains("accept-encoding"), "{uri}");
        assert_eq!(
            ungzip(&gz.bytes),
            plain.bytes,
            "{uri}: gzip decodes to the same bytes"
        );
    }
    // A few bytes are not worth compressing; images are compressed already.
    assert_eq!(fetch(&web, "/robots.txt", Some("br")).await.encoding, None);
    let image = fetch(&web, "/og-image.png", Some("br")).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.encoding, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_cache_compresses_a_page_once_per_encoding() {
    let (_t, web, cache) = site().await;
    let before = cache.compressions();
    let first = fetch(&web, "/", Some("br")).await;
    assert_eq!(first.encoding.as_deref(), Some("br"));
    assert_eq!(cache.compressions(), before + 1, "the miss compresses once");
    for _ in 0..5 {
        let again = fetch(&web, "/", Some("br")).await;
        assert_eq!(again.bytes, first.bytes);
    }
    assert_eq!(cache.compressions(), before + 1, "hits compress nothing");
    fetch(&web, "/", Some("gzip")).await;
    fetch(&web, "/", Some("gzip")).await;
    assert_eq!(cache.compressions(), before + 2, "gzip made once too");
    fetch(&web, "/", None).await;
    assert_eq!(cache.compressions(), before + 2, "identity needs nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_end_at_their_closing_html_tag() {
    let (_t, web, _cache) = site().await;
    for uri in [
        "/",
        "/news/novost-o-tarifakh-3",
        "/no/such/page",
        "/admin/login",
    ] {
        let page = web.get(uri).await;
        assert!(
            page.body.trim_end().ends_with("</body></html>"),
            "{uri}: {}",
            page.body
                .chars()
                .rev()
                .take(200)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
        );
        assert_eq!(page.body.matches("</html>").count(), 1, "{uri}");
    }
}
