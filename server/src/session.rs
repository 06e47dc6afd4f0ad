//! Who is asking: the session extractors and the middleware that looks
//! the session up once per workspace request. The lookup is the app's
//! (`app::server::accounts::request::user_of_request`), and so is the
//! rule for what the workspace is (`app::is_workspace`), so server
//! functions and plain form handlers agree on who is signed in.

use crate::error::HttpError;
use crate::state::AppState;
use app::server::accounts::request::user_of_request;
use app::server::accounts::{RequestUser, User};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The request's user, if signed in.
pub struct MaybeSignedIn(pub Option<User>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        user_of_request(&state.site, parts)
            .await
            .map(MaybeSignedIn)
            .map_err(|error| HttpError(error).into_response())
    }
}

/// The signed-in user, as an extractor: without a valid session the
/// request is answered with a redirect to the sign-in page.
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match MaybeSignedIn::from_request_parts(parts, state).await? {
            MaybeSignedIn(Some(user)) => Ok(SignedIn(user)),
            MaybeSignedIn(None) => Err(Redirect::to("/admin/login").into_response()),
        }
    }
}

/// Resolves the session of workspace requests (pages, form posts and
/// `/api/admin/…`) once and passes it on in the request's extensions, for
/// the handler and every server function of the request. Every workspace
/// page but the sign-in page needs a session: without one, the browser is
/// sent to sign in.
pub async fn resolve_session(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !app::is_workspace(path) {
        return next.run(request).await;
    }
    let workspace = !path.starts_with("/api/");
    let guarded = workspace && request.method() == Method::GET && path != "/admin/login";
    let (mut parts, body) = request.into_parts();
    let user = match user_of_request(&state.site, &parts).await {
        Ok(user) => user,
        Err(error) => return HttpError(error).into_response(),
    };
    if guarded && user.is_none() {
        // Signing in brings the editor back to this page.
        let here = parts.uri.path_and_query().map_or("/admin", |p| p.as_str());
        let next = app::text::url::workspace_return(here);
        return Redirect::to(&format!(
            "/admin/login?next={}",
            app::text::url::encode_component(next)
        ))
        .into_response();
    }
    parts.extensions.insert(RequestUser(user));
    next.run(Request::from_parts(parts, body)).await
}
