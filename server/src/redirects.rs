//! Old addresses answer 301 with where they moved: an article or page
//! whose address changed, and everything a WordPress import left behind
//! (permalinks, `?p=ID`, category and tag archives, uploads and their
//! resized copies, feeds). The table is `app::db::redirects`, the keys
//! `app::server::redirects::key`.
//!
//! Only requests that no route answers (404) are looked up, so a live
//! page is never redirected and pages cost nothing; the exceptions are
//! WordPress's `/?p=ID`, which the home page would otherwise answer, and
//! paths with a trailing slash, which only old links have (without a
//! stored redirect, they lead to the same path without the slash).

use app::db::{redirects, Db};
use app::server::redirects::{key, original_upload};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn answer_moved(State(db): State<Db>, request: Request<Body>, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let uri = request.uri().clone();
    let path = uri.path();
    let trailing_slash = path.len() > 1 && path.ends_with('/');
    // Looked up first: `/?p=ID` (the home page would answer it) and
    // WordPress's addresses with a trailing slash (`/category/x/`), which
    // our pages never use but whose route might still match. Every other
    // request (a reader's page, from the page cache or not) goes on
    // without a look at the table.
    if (path == "/" && uri.query().is_some()) || trailing_slash {
        if let Some(key) = key(path, uri.query()).filter(|key| key != "/") {
            if let Some(target) = moved_to(&db, &key).await {
                return moved(&target);
            }
        }
    }
    // Our addresses have no trailing slash: `/category/sport/` is
    // `/category/sport` (old links, hand-typed addresses).
    if trailing_slash && could_be_an_address(path) {
        let bare = path.trim_end_matches('/');
        // Never `//host` or `/\host`, which a browser reads as another site.
        let ours = !bare.is_empty() && !bare.starts_with("//") && !bare.contains('\\');
        if ours {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            return moved(&format!("{bare}{query}"));
        }
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let Some(key) = key(uri.path(), uri.query()) else {
        return response;
    };
    let target = match moved_to(&db, &key).await {
        Some(target) => Some(target),
        None => match original_upload(&key) {
            Some(original) => moved_to(&db, &original).await,
            None => None,
        },
    };
    match target {
        Some(target) => moved(&target),
        None => response,
    }
}

/// Whether a path is short enough to be one of ours or WordPress's
/// (`/2026/11/24/slug/` has four segments); anything deeper is no address
/// and gets the 404 page as it is.
fn could_be_an_address(path: &str) -> bool {
    path.len() <= 512 && path.matches('/').count() <= 8
}

/// Where `key` moved; a failing database leaves the 404 as it was.
async fn moved_to(db: &Db, key: &str) -> Option<String> {
    match redirects::target(db, key).await {
        Ok(target) => target,
        Err(error) => {
            tracing::warn!(%error, "redirect lookup failed");
            None
        }
    }
}

fn moved(target: &str) -> Response {
    let Ok(location) = HeaderValue::from_str(target) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        StatusCode::MOVED_PERMANENTLY,
        [
            (header::LOCATION, location),
            // A redirect may be pointed elsewhere later (a slug edited
            // again): an hour, not forever.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
    )
        .into_response()
}
