//! Signing in and out (`/admin/login`, `/admin/logout`).

use super::{see_other, FormFields};
use crate::error::HttpError;
use crate::state::AppState;
use app::error::AppError;
use app::server::accounts::sessions::{self, SignInError};
use app::text::url::{encode_component, workspace_return};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/login", post(sign_in))
        .route("/admin/logout", post(sign_out))
}

async fn sign_in(State(state): State<AppState>, request: Request<Body>) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let headers = request.headers().clone();
    let fields = match FormFields::from_request(request, &()).await {
        Ok(fields) => fields,
        Err(refusal) => return refusal,
    };
    let login = fields.get("login");
    // Back where the editor was when the session ended (a workspace page).
    let next = workspace_return(&fields.get("next")).to_string();
    let client = crate::client::client_address(state.client_ip_header.as_ref(), &headers, peer);
    let db = &state.site.db;
    let now = state.site.now();
    match sessions::sign_in(db, &login, &fields.get("password"), &client, now).await {
        Ok((user, token)) => {
            // A new session id at every sign-in; the old one (if any) ends.
            if let Some(old) = sessions::token_from_headers(&headers) {
                if let Err(error) = sessions::sign_out(db, &old).await {
                    tracing::warn!(%error, "could not end the previous session");
                }
            }
            tracing::info!(login = %user.login, "signed in");
            let mut response = see_other(&next);
            if let Ok(cookie) =
                HeaderValue::from_str(&sessions::session_cookie(&token, &state.site.sessions))
            {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) => match error.refusal() {
            Some(refusal) => {
                let code = refusal.code();
                tracing::info!(%client, "sign-in refused: {code}");
                let counter = match error {
                    SignInError::Throttled { .. } => "qalam_sign_in_throttled_total",
                    _ => "qalam_sign_in_failures_total",
                };
                metrics::counter!(counter).increment(1);
                // The page to return to rides along, unless it is the list.
                let back = if next == "/admin" {
                    String::new()
                } else {
                    format!("&next={}", encode_component(&next))
                };
                see_other(&format!(
                    "/admin/login?login={}&e_login={code}{back}",
                    encode_component(login.trim())
                ))
            }
            None => HttpError(AppError::Unavailable).into_response(),
        },
    }
}

async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    if let Some(token) = sessions::token_from_headers(&headers) {
        sessions::sign_out(&state.site.db, &token).await?;
    }
    let mut response = see_other("/admin/login?bye=1");
    if let Ok(cookie) = HeaderValue::from_str(&sessions::cleared_cookie(&state.site.sessions)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
