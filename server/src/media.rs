//! `GET /media/{id}` and `GET /media/{id}/{width}.{webp|jpg}`: the images
//! editors uploaded, and their responsive sizes. Images never change (a
//! new upload is a new id), so browsers and CDNs may keep them a year.
//!
//! A size that was never made (an image stored before sizes existed) is
//! made from the original on its first request and stored, once for all
//! servers.

use crate::state::AppState;
use app::db::images;
use app::domain::images::{served_width, Format};
use app::server::media::make_sizes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/media/{id}", get(original))
        .route("/media/{id}/{file}", get(sized))
}

fn image_response(content_type: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(content_type) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    // An image opened on its own: the browser's viewer styles itself
    // inline, which the site's default policy would refuse (an error in
    // the reader's console). An image runs nothing, so its inline styles
    // are allowed here and nothing else is.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

fn unavailable(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "image read failed");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

async fn original(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match images::file(&state.site.db, id).await {
        Ok(Some(file)) => image_response(&file.content_type, file.bytes),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(&error),
    }
}

/// "800.webp" → (800, WebP); anything else is no file of ours.
fn parse_file(file: &str) -> Option<(i64, Format)> {
    let (width, extension) = file.split_once('.')?;
    if width.starts_with('0') || !width.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((width.parse().ok()?, Format::from_extension(extension)?))
}

async fn sized(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let (Ok(id), Some((requested, format))) = (id.parse::<i64>(), parse_file(&file)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let db = &state.site.db;
    // Only the sizes the original has are served (or made), and asking
    // for any other costs no decoding.
    let width = match images::size(db, id).await {
        Ok(Some((original_width, _))) => match served_width(requested, original_width) {
            Some(width) => width,
            None => return StatusCode::NOT_FOUND.into_response(),
        },
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return unavailable(&error),
    };
    match images::variant(db, id, width, format).await {
        Ok(Some(bytes)) => return image_response(format.content_type(), bytes),
        Ok(None) => {}
        Err(error) => return unavailable(&error),
    }
    // Not made yet (stored before sizes were): made now, once.
    let original = match images::file(db, id).await {
        Ok(Some(file)) => file,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return unavailable(&error),
    };
    let made = tokio::task::spawn_blocking(move || make_sizes(&original.bytes)).await;
    let Ok(Ok(sizes)) = made else {
        tracing::warn!(id, "a stored image could not be resized");
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut wanted = None;
    for variant in sizes.variants {
        if let Err(error) = images::insert_variant(db, id, &variant).await {
            return unavailable(&error);
        }
        if variant.width == width && variant.format == format {
            wanted = Some(variant.bytes);
        }
    }
    match wanted {
        Some(bytes) => image_response(format.content_type(), bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_file_names() {
        assert_eq!(parse_file("800.webp"), Some((800, Format::WebP)));
        assert_eq!(parse_file("1600.jpg"), Some((1600, Format::Jpeg)));
        for bad in [
            "800", "800.png", "0800.jpg", "+800.jpg", "-1.jpg", "x.webp", ".webp",
        ] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
    }
}
