//! The HTTP router in-process (no socket): pages, statuses, the ticker API.

mod common;

use app::server::site::Clock;
use axum::http::StatusCode;
use common::web::{no_cache, state, Reply, Web};
use common::{fresh_db, seed, story, TestDb, NOW};
use server::page_cache::PageCache;
use server::AppState;
use std::sync::Arc;
use std::time::Duration;

const SITE: &str = "https://qalam.example";

/// The site at a fixed moment, [`NOW`], with `page_cache`.
fn site(t: &TestDb, page_cache: Arc<PageCache>) -> AppState {
    let mut state = state(t, SITE, page_cache);
    state.site.clock = Clock::Fixed(NOW);
    state
}

async fn get(t: &TestDb, uri: &str) -> Reply {
    Web::with(site(t, no_cache())).get(uri).await
}

async fn site_with_articles() -> (TestDb, String) {
    let t = fresh_db().await;
    seed(&t.db).await;
    for i in 0..25 {
        story(
            &t.db,
            &format!("Новость политики номер {i}"),
            "politika",
            NOW - 3600 - i * 60,
        )
        .await;
    }
    let slug = story(&t.db, "Әкім жаңа саябақ ашты", "sport", NOW - 120).await;
    (t, slug)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_has_the_lead_story_and_the_ticker() {
    let (t, _) = site_with_articles().await;
    let reply = get(&t, "/").await;
    // A block per category, after the stories already shown above it.
    assert!(reply
        .body
        .contains(r#"<a href="/category/politika">Политика</a></h2>"#));
    assert!(
        reply.body.contains("Новость политики номер 10"),
        "a politika block item"
    );
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(r#"<html lang="ru""#));
    assert!(reply
        .body
        .contains("<title>Qalam — новости Казахстана</title>"));
    assert!(reply.body.contains("Әкім жаңа саябақ ашты"));
    assert!(reply.body.contains("Последние новости"));
    assert!(
        reply.body.contains("2 минуты назад"),
        "the ticker's relative time"
    );
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
}

/// The `<section>` of the home page's block for `category` (its name).
fn home_block<'a>(page: &'a str, category: &str) -> &'a str {
    let heading = format!(">{category}</a></h2>");
    let start = page
        .find(&heading)
        .unwrap_or_else(|| panic!("no block {category}"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_whose_stories_are_older_than_the_newest_fifty_still_has_its_block() {
    let t = fresh_db().await;
    seed(&t.db).await;
    // Five sport stories, then sixty newer politika ones: the site's
    // newest fifty (kept in memory) hold no sport story at all.
    for i in 0..5 {
        story(
            &t.db,
            &format!("Спорт номер {i}"),
            "sport",
            NOW - 90_000 + i * 60,
        )
        .await;
    }
    for i in 0..60 {
        story(
            &t.db,
            &format!("Политика номер {i}"),
            "politika",
            NOW - 3600 - i * 60,
        )
        .await;
    }
    let page = get(&t, "/").await.body;
    let sport = home_block(&page, "Спорт");
    for i in 1..5 {
        assert!(
            sport.contains(&format!("Спорт номер {i}<")),
            "newest four: {sport}"
        );
    }
    assert!(!sport.contains("Спорт номер 0<"), "only four: {sport}");
    // Politika's block skips the lead and the ten latest above it.
    let politika = home_block(&page, "Политика");
    for i in 11..15 {
        assert!(
            politika.contains(&format!("Политика номер {i}<")),
            "{politika}"
        );
    }
    assert!(
        !politika.contains("Политика номер 10<"),
        "shown above: {politika}"
    );
    assert!(!politika.contains("Политика номер 15<"), "{politika}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_articles_come_from_the_category_even_when_it_is_not_among_the_newest() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let mut sport = Vec::new();
    for i in 0..6 {
        sport.push(
            story(
                &t.db,
                &format!("Спорт номер {i}"),
                "sport",
                NOW - 90_000 + i * 60,
            )
            .await,
        );
    }
    for i in 0..60 {
        story(
            &t.db,
            &format!("Политика номер {i}"),
            "politika",
            NOW - 3600 - i * 60,
        )
        .await;
    }
    let page = get(&t, &format!("/news/{}", sport[2])).await.body;
    let related = page
        .split("Читайте также")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a related block");
    for i in [5, 4, 3, 1] {
        assert!(related.contains(&format!("Спорт номер {i}<")), "{related}");
    }
    assert!(
        !related.contains("Спорт номер 2<"),
        "never itself: {related}"
    );
    assert!(!related.contains("Политика"), "{related}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_small_site_a_block_holds_what_its_category_has() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(
        &t.db,
        "Единственная спортивная новость",
        "sport",
        NOW - 7200,
    )
    .await;
    for i in 0..12 {
        story(
            &t.db,
            &format!("Политика номер {i}"),
            "politika",
            NOW - 60 - i * 60,
        )
        .await;
    }
    let page = get(&t, "/").await.body;
    assert!(home_block(&page, "Спорт").contains("Единственная спортивная новость"));
    // Lead 0, latest 1–10: one politika story is left for its block.
    let politika = home_block(&page, "Политика");
    assert!(politika.contains("Политика номер 11<"), "{politika}");
    assert!(!politika.contains("Политика номер 10<"), "{politika}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_page_sets_title_description_and_canonical_on_the_server() {
    let (t, slug) = site_with_articles().await;
    let reply = get(&t, &format!("/news/{slug}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .body
            .contains("<title>Әкім жаңа саябақ ашты — Qalam</title>"),
        "{}",
        reply.body
    );
    assert!(reply
        .body
        .contains(r#"<meta name="description" content="Лид материала"#));
    assert!(
        reply.body.contains(&format!(
            r#"<link href="https://qalam.example/news/{slug}" rel="canonical">"#
        )),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<blockquote>"));
    assert!(reply
        .body
        .contains("t.me/share/url?url=https%3A%2F%2Fqalam.example"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_article_and_unknown_path_are_real_404_pages() {
    let (t, _) = site_with_articles().await;
    for uri in [
        "/news/net-takoy-novosti",
        "/news/%D0%BA%D0%B8%D1%80",
        "/no/such/page",
        "/category/net-takoy",
    ] {
        let reply = get(&t, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.body.contains("Страница не найдена"), "{uri}");
        assert!(reply.body.contains(r#"href="/""#), "{uri}: a way back");
        assert!(
            reply.body.contains("Последние новости"),
            "{uri}: the ticker is there too"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn category_pages_paginate_and_refuse_bad_page_numbers() {
    let (t, _) = site_with_articles().await;
    let first = get(&t, "/category/politika").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("<h1>Политика</h1>"));
    assert!(first.body.contains("Новость политики номер 0"));
    assert!(!first.body.contains("Новость политики номер 20<"));
    assert!(first
        .body
        .contains(r#"rel="next" href="/category/politika?page=2&amp;after="#));

    let second = get(&t, "/category/politika?page=2").await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.contains("Новость политики номер 24"));
    assert!(second
        .body
        .contains(r#"rel="prev" href="/category/politika""#));

    for bad in [
        "?page=3",
        "?page=999",
        "?page=0",
        "?page=-1",
        "?page=abc",
        "?page=1.5",
        "?page=2&after=x.y",
    ] {
        let reply = get(&t, &format!("/category/politika{bad}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_pages_get_the_ticker_items_as_the_page_renders_them() {
    let (t, _) = site_with_articles().await;
    let items = get(&t, "/api/ticker/items").await;
    assert_eq!(items.status, StatusCode::OK);
    assert_eq!(items.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(items.body.matches("<li class=\"ticker__item\"").count(), 6);
    assert!(
        items.body.contains("Әкім жаңа саябақ ашты"),
        "{}",
        items.body
    );
    // The very items the home page's ticker shows.
    let home = get(&t, "/").await;
    let list = home
        .body
        .split("id=\"ticker-list\" class=\"ticker__list\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_else(|| panic!("no ticker list in {}", home.body));
    assert_eq!(list, items.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticker_api_has_a_stable_url_and_checks_its_limit() {
    let (t, _) = site_with_articles().await;
    let reply = get(&t, "/api/ticker?limit=3").await;
    assert_eq!(reply.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert_eq!(json["items"][0]["title"], "Әкім жаңа саябақ ашты");

    let default = get(&t, "/api/ticker").await;
    let json: serde_json::Value = serde_json::from_str(&default.body).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 6);

    for bad in ["0", "51", "-1", "abc", "1e3", "6;"] {
        let reply = get(&t, &format!("/api/ticker?limit={bad}")).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "limit={bad}: {}",
            reply.body
        );
        assert!(!reply.body.contains("sqlx"), "{}", reply.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_cached_until_content_changes() {
    let (t, _) = site_with_articles().await;
    let cache = Arc::new(PageCache::new(Duration::from_secs(60), 100));
    let state = site(&t, cache.clone());
    // What the server's poller empties: the pages and the shared reads.
    let caches = server::freshness::Caches {
        pages: cache.clone(),
        reads: state.site.shared.clone(),
    };
    caches.sync_version(app::db::content_version(&t.db).await.unwrap());
    let web = Web::with(state);

    let first = web.get("/").await;
    assert_eq!(first.headers["x-cache"], "miss");
    let second = web.get("/").await;
    assert_eq!(second.headers["x-cache"], "hit");
    // A CDN may keep anonymous pages briefly, missing ones briefly still.
    for reply in [&first, &second] {
        assert_eq!(
            reply.headers["cache-control"],
            server::page_cache::READER_PAGE_CACHING
        );
    }
    assert_eq!(
        web.get("/news/net-takoy").await.headers["cache-control"],
        server::page_cache::MISSING_PAGE_CACHING
    );
    // The same without the page cache; the workspace stays private.
    let uncached = get(&t, "/category/politika").await;
    assert_eq!(
        uncached.headers["cache-control"],
        server::page_cache::READER_PAGE_CACHING
    );
    assert_eq!(
        get(&t, "/admin/login").await.headers["cache-control"],
        "private, no-store"
    );
    assert_eq!(second.body, first.body);
    assert_eq!(second.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        web.get("/news/net-takoy").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(web.get("/news/net-takoy").await.headers["x-cache"], "hit");

    // The API and requests with cookies are never served from the cache.
    let api = web.get("/api/ticker").await;
    assert!(!api.headers.contains_key("x-cache"));

    // Publishing (here by another process) moves the content version; the
    // next sync drops the pages and the newest articles read for them.
    story(&t.db, "Только что опубликованная новость", "sport", NOW).await;
    let version = app::db::content_version(&t.db).await.unwrap();
    caches.sync_version(version);
    let fresh = web.get("/").await;
    assert_eq!(fresh.headers["x-cache"], "miss");
    assert!(fresh.body.contains("Только что опубликованная новость"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_page_carries_every_header_the_rendered_one_had() {
    let (t, slug) = site_with_articles().await;
    let cache = Arc::new(PageCache::new(Duration::from_secs(60), 100));
    let web = Web::with(site(&t, cache));
    let path = format!("/news/{slug}");
    let miss = web.get(&path).await;
    let hit = web.get(&path).await;
    assert_eq!(miss.headers["x-cache"], "miss");
    assert_eq!(hit.headers["x-cache"], "hit");
    assert_eq!(hit.body, miss.body);
    // The page's own policy with its nonce (the body's scripts carry it),
    // the security headers, HSTS (the site is HTTPS), the tag, Vary.
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "strict-transport-security",
        "cache-control",
        "content-type",
        "etag",
        "vary",
    ] {
        assert!(
            miss.headers.contains_key(name),
            "the rendered page has {name}"
        );
        assert_eq!(
            hit.headers.get_all(name).iter().collect::<Vec<_>>(),
            miss.headers.get_all(name).iter().collect::<Vec<_>>(),
            "{name}"
        );
    }
    let nonce = hit.nonce().expect("a nonce in the policy");
    assert!(hit.body.contains(&format!("nonce=\"{nonce}\"")));
    assert!(hit.header("x-request-id") != miss.header("x-request-id"));
    // A reader who holds it gets a 304, from the cache too.
    let mut again = common::web::get(&path, None);
    again
        .headers_mut()
        .insert("if-none-match", hit.headers["etag"].clone());
    let not_modified = web.send(again).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.header("x-cache"), "hit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_who_ask_for_a_missing_page_at_once_wait_for_one_render() {
    let (t, _) = site_with_articles().await;
    let cache = Arc::new(PageCache::new(Duration::from_secs(60), 100));
    let web = Web::with(site(&t, cache));
    let replies = futures_util::future::join_all((0..24).map(|_| {
        let web = web.clone();
        async move { web.get("/category/politika").await }
    }))
    .await;
    let misses = replies
        .iter()
        .filter(|reply| reply.headers["x-cache"] == "miss")
        .count();
    assert_eq!(misses, 1, "one render for 24 readers");
    assert!(replies
        .iter()
        .all(|reply| reply.status == StatusCode::OK && reply.body == replies[0].body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_edited_after_publishing_says_when() {
    let (t, slug) = site_with_articles().await;
    let fresh = get(&t, &format!("/news/{slug}")).await;
    assert!(!fresh.body.contains("Обновлено"), "not edited yet");
    // No editing path exists yet (it comes with the editors' forms), so the
    // test moves updated_at itself: two hours after publishing.
    sqlx::query("UPDATE articles SET updated_at = published_at + 7200 WHERE slug = $1")
        .bind(&slug)
        .execute(t.db.pool())
        .await
        .unwrap();
    let edited = get(&t, &format!("/news/{slug}")).await;
    assert!(edited.body.contains("Обновлено"), "{}", edited.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_no_file_can_have_get_the_404_page_not_a_500() {
    let (t, _) = site_with_articles().await;
    // The tests' site root is a real directory, so names reach the
    // filesystem (which refuses one over 255 bytes with ENAMETOOLONG).
    let web = Web::with(site(&t, no_cache()));
    assert_eq!(web.get("/favicon.svg").await.status, StatusCode::OK);
    let script = web.get("/pkg/qalam.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script
        .header("cache-control")
        .starts_with("public, max-age="));
    let arabic = common::web::encode(&"مرحبا".repeat(30));
    let zalgo = common::web::encode(&"Z\u{0351}\u{036b}\u{0343}\u{036a}\u{0302}".repeat(30));
    let long = "a".repeat(300);
    for uri in [
        format!("/{long}"),
        format!("/{arabic}"),
        format!("/{zalgo}"),
        format!("/pkg/{long}"),
        format!("/pkg/{long}.wasm"),
        format!("/news/{long}"),
        format!("/{long}/{long}"),
        "/a%00b".to_string(),
        "/pkg/a%00b.js".to_string(),
        format!("/{}", "x/".repeat(2000)),
    ] {
        let reply = web.get(&uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", &uri[..40]);
        assert!(reply.body.contains("Страница не найдена"), "{}", &uri[..40]);
    }
}
