//! The HTTP router in-process (no socket): pages, statuses, the ticker API.

mod common;

use app::site::Site;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{fresh_db, seed, story, TestDb};
use http_body_util::BodyExt;
use server::page_cache::PageCache;
use server::{leptos_options, router, AppState};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

fn state(t: &TestDb, page_cache: Arc<PageCache>) -> AppState {
    AppState {
        leptos_options: leptos_options(
            std::path::Path::new("target/site"),
            "127.0.0.1:3000".parse().unwrap(),
        ),
        site: Site::new(t.db.clone(), "https://qalam.example"),
        page_cache,
        client_ip_header: None,
    }
}

fn no_cache() -> Arc<PageCache> {
    Arc::new(PageCache::new(Duration::ZERO, 0))
}

async fn get(t: &TestDb, uri: &str) -> Reply {
    get_with(router(state(t, no_cache())), uri).await
}

async fn get_with(app: axum::Router, uri: &str) -> Reply {
    let response = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn site_with_articles() -> (TestDb, String) {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = chrono::Utc::now().timestamp();
    for i in 0..25 {
        story(
            &t.db,
            &format!("Новость политики номер {i}"),
            "politika",
            now - 3600 - i * 60,
        )
        .await;
    }
    let slug = story(&t.db, "Әкім жаңа саябақ ашты", "sport", now - 120).await;
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
    cache.sync_version(app::db::content_version(&t.db).await.unwrap());
    let app = router(state(&t, cache.clone()));

    let first = get_with(app.clone(), "/").await;
    assert_eq!(first.headers["x-cache"], "miss");
    let second = get_with(app.clone(), "/").await;
    assert_eq!(second.headers["x-cache"], "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(second.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        get_with(app.clone(), "/news/net-takoy").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get_with(app.clone(), "/news/net-takoy").await.headers["x-cache"],
        "hit"
    );

    // The API and requests with cookies are never served from the cache.
    let api = get_with(app.clone(), "/api/ticker").await;
    assert!(!api.headers.contains_key("x-cache"));

    // Publishing moves the content version; the next sync drops the pages.
    let now = chrono::Utc::now().timestamp();
    story(&t.db, "Только что опубликованная новость", "sport", now).await;
    assert!(cache.sync_version(app::db::content_version(&t.db).await.unwrap()));
    let fresh = get_with(app, "/").await;
    assert_eq!(fresh.headers["x-cache"], "miss");
    assert!(fresh.body.contains("Только что опубликованная новость"));
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
