//! The server's one way to answer with an error. Handlers return
//! `Result<Response, HttpError>` and use `?`; [`HttpError`] carries the
//! app's [`AppError`] (whose status and words are the app's) and renders
//! it as a small page. Middleware refusals (429, 503, 413, a cross-origin
//! post) use the same [`message_page`].

use app::domain::refusal::Refusal;
use app::error::AppError;
use app::messages::{self, HttpRefusal};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// An [`AppError`] on its way to the browser.
#[derive(Debug)]
pub struct HttpError(pub AppError);

impl From<AppError> for HttpError {
    fn from(error: AppError) -> Self {
        HttpError(error)
    }
}

impl From<Refusal> for HttpError {
    fn from(refusal: Refusal) -> Self {
        HttpError(AppError::Refused(refusal))
    }
}

/// Database trouble: logged (by `AppError`'s conversion), never shown.
impl From<sqlx::Error> for HttpError {
    fn from(error: sqlx::Error) -> Self {
        HttpError(error.into())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let error = self.0;
        let mut page = message_page(
            error.status(),
            messages::error_title(&error),
            &error.to_string(),
        );
        if error == AppError::Unavailable {
            // Clients and CDNs may try again soon (a database restart).
            page.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        page
    }
}

/// The page of a refusal made by the HTTP layer itself.
pub fn refusal_page(status: StatusCode, refusal: HttpRefusal) -> Response {
    let (title, text) = messages::http_refusal(refusal);
    message_page(status, title, &text)
}

/// A small page for answers that are not Leptos pages (refusals from
/// middleware and plain form handlers).
pub fn message_page(status: StatusCode, title: &str, text: &str) -> Response {
    let title = app::text::html::escape_text(title);
    let text = app::text::html::escape_text(text);
    let html = format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — Qalam</title></head><body><main>\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/admin\">В редакцию</a> · \
         <a href=\"/\">На главную</a></p></main></body></html>"
    );
    let mut response = (status, Html(html)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
