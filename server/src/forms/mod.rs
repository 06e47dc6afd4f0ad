//! The editors' plain form posts: everything the workspace does works
//! without JavaScript. One file per form family, each with its own
//! `router()`; the rules live in `app::server`, the words in
//! `app::messages`.
//!
//! Short forms answer with a 303 redirect (Post/Redirect/Get), carrying
//! refusal codes and typed values in the query when something is wrong.
//! The article form, too long for a URL, is rendered again on the spot
//! with everything typed.

mod accounts;
mod articles;
mod categories;
mod live;
mod pages;
mod sign_in;
mod telegram;

pub use articles::{docx_router, DOCX_UPLOAD_MAX_BYTES, UPLOAD_MAX_BYTES};

use crate::error::HttpError;
use crate::state::AppState;
use app::domain::refusal::Refusal;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, request::Parts, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Router};
use leptos::prelude::provide_context;
use std::collections::HashMap;

/// Every form post but the ones that carry images.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(sign_in::router())
        .merge(articles::router())
        .merge(categories::router())
        .merge(telegram::router())
        .merge(accounts::router())
        .merge(pages::router())
        .merge(live::router())
}

/// The forms that carry images (the app's router gives them their own
/// body limit and timeout).
pub fn upload_router() -> Router<AppState> {
    articles::upload_router().merge(accounts::upload_router())
}

/// Renders the page a form post came from again, with `replay` (what was
/// typed and what was wrong) in the context its page reads, under
/// `status` (422 for field errors, 409 for a conflict).
async fn render_again<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: Parts,
    status: StatusCode,
    replay: T,
) -> Response {
    let site = state.site.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(site.clone());
            provide_context(replay.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut parts = parts;
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

/// An id from the path; anything but a number is a 404.
pub(crate) fn parse_id(text: &str) -> Result<i64, HttpError> {
    text.parse::<i64>()
        .map_err(|_| HttpError(app::error::AppError::NotFound))
}

/// The fields of a urlencoded form post; a body that is not one gets our
/// page with a 400, not the framework's English text.
pub struct FormFields(pub HashMap<String, String>);

impl FormFields {
    /// A field as typed, empty when absent.
    fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = Response;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Response> {
        match Form::<HashMap<String, String>>::from_request(request, state).await {
            Ok(Form(fields)) => Ok(FormFields(fields)),
            // Over the body limit while it was read (no Content-Length).
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(crate::limits::too_large())
            }
            Err(_) => Err(HttpError::from(Refusal::BrokenForm).into_response()),
        }
    }
}
