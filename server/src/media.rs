//! `GET /media/{id}`: the images editors uploaded. Images never change
//! (a new upload is a new id), so browsers and CDNs may keep them a year.

use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{id}", get(image))
}

async fn image(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::db::images::file(&state.site.db, id).await {
        Ok(Some(file)) => {
            let mut response = file.bytes.into_response();
            let headers = response.headers_mut();
            if let Ok(content_type) = HeaderValue::from_str(&file.content_type) {
                headers.insert(header::CONTENT_TYPE, content_type);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "image read failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
