//! What readers' browsers and search engines ask of the site for reach
//! (docs/reach.md): the VAPID public key a browser subscribes with, the
//! subscriptions themselves (no cookie, no account: the browser's
//! endpoint and keys per topic), and IndexNow's key file.
//!
//! A subscription names the address the server will write to, so only
//! the known push services' addresses are taken (`webpush::allowed_endpoint`).

use crate::error::HttpError;
use crate::reach::webpush::{allowed_endpoint, BrowserKeys};
use crate::reach::IndexNow;
use crate::state::AppState;
use app::db::{live, subscriptions};
use app::domain::notifications::Topic;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/push/key", get(vapid_key))
        .route("/push/subscriptions", post(subscribe))
        .route("/push/subscriptions/delete", post(unsubscribe))
}

/// `/{key}.txt` when `path` names IndexNow's key file: the key itself.
pub fn indexnow_key_file(state: &AppState, path: &str) -> Option<Response> {
    let key = state.reach.indexnow_key.as_deref()?;
    let asked = path.strip_prefix('/')?.strip_suffix(".txt")?;
    (asked == key && IndexNow::valid_key(key)).then(|| {
        (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            key.to_string(),
        )
            .into_response()
    })
}

async fn vapid_key(State(state): State<AppState>) -> Response {
    match &state.reach.vapid {
        Some(vapid) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            vapid.public_key().to_string(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// What `PushSubscription.toJSON()` gives, with the topic.
#[derive(Deserialize)]
struct SubscriptionJson {
    topic: String,
    endpoint: String,
    #[serde(default)]
    keys: KeysJson,
}

#[derive(Default, Deserialize)]
struct KeysJson {
    #[serde(default)]
    p256dh: String,
    #[serde(default)]
    auth: String,
}

/// A refusal the subscribe control shows as it is (Russian, no detail
/// of the server's).
fn refused(status: StatusCode, why: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        why.to_string(),
    )
        .into_response()
}

async fn subscribe(State(state): State<AppState>, body: Bytes) -> Result<Response, HttpError> {
    let Ok(asked) = serde_json::from_slice::<SubscriptionJson>(&body) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Неверная подписка."));
    };
    let Some(topic) = Topic::parse(&asked.topic) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Неизвестная рассылка."));
    };
    if !allowed_endpoint(&asked.endpoint, state.reach.push_service.as_deref()) {
        return Ok(refused(
            StatusCode::BAD_REQUEST,
            "Браузер дал адрес неизвестной службы уведомлений.",
        ));
    }
    if BrowserKeys::parse(&asked.keys.p256dh, &asked.keys.auth).is_err() {
        return Ok(refused(StatusCode::BAD_REQUEST, "Неверные ключи подписки."));
    }
    let db = &state.site.db;
    if let Topic::Live(id) = topic {
        // Only a story being covered live has updates to follow.
        let live_now = matches!(live::coverage(db, id).await?, Some((Some(_), None)));
        if !live_now {
            return Ok(refused(StatusCode::NOT_FOUND, "Трансляция не идёт."));
        }
    }
    subscriptions::subscribe(
        db,
        &topic.key(),
        &asked.endpoint,
        asked.keys.p256dh.trim(),
        asked.keys.auth.trim(),
        state.site.now(),
    )
    .await?;
    Ok(StatusCode::CREATED.into_response())
}

#[derive(Deserialize)]
struct UnsubscribeJson {
    topic: String,
    endpoint: String,
}

async fn unsubscribe(State(state): State<AppState>, body: Bytes) -> Result<Response, HttpError> {
    let Ok(asked) = serde_json::from_slice::<UnsubscribeJson>(&body) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Неверная подписка."));
    };
    let Some(topic) = Topic::parse(&asked.topic) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Неизвестная рассылка."));
    };
    subscriptions::unsubscribe(&state.site.db, &topic.key(), &asked.endpoint).await?;
    // Gone either way: the control shows «unsubscribed».
    Ok(StatusCode::NO_CONTENT.into_response())
}
