//! The user of the request being handled, for server functions and
//! server-rendered pages (the server crate's extractors use the same
//! lookup).

use super::sessions::{token_from_headers, user_for_token, RequestUser};
use super::User;
use crate::error::AppError;
use crate::server::site::{site, Site};

/// The signed-in user of the request being handled (server functions and
/// server-rendered pages), if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let site = site()?;
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    user_of_request(&site, &parts).await
}

/// The user of a request: the one the session middleware resolved (in
/// the request's extensions), or else a lookup of the session cookie.
/// The server crate's extractors and middleware call this too.
pub async fn user_of_request(
    site: &Site,
    parts: &http::request::Parts,
) -> Result<Option<User>, AppError> {
    if let Some(RequestUser(user)) = parts.extensions.get::<RequestUser>() {
        return Ok(user.clone());
    }
    let Some(token) = token_from_headers(&parts.headers) else {
        return Ok(None);
    };
    Ok(user_for_token(&site.db, &token, site.now(), &site.sessions).await?)
}

/// The signed-in user, or 401.
pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}
