//! A live story's update forms without JavaScript: add, change, delete.
//! Refused, the article's workspace page comes back at once with what
//! was typed (an update can be too long for a URL).

use super::{parse_id, render_again, see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::domain::live::{UpdateForm, UpdateReplay};
use app::server::live::{add_update, delete_update, edit_update};
use axum::body::Body;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/articles/{id}/updates", post(add))
        .route("/admin/articles/{id}/updates/{update}", post(change))
        .route("/admin/articles/{id}/updates/{update}/delete", post(delete))
}

/// The posted update form, and the request's parts to render it again.
async fn posted(
    state: &AppState,
    request: Request<Body>,
) -> Result<(axum::http::request::Parts, UpdateForm), Response> {
    let (parts, body) = request.into_parts();
    let fields = FormFields::from_request(Request::from_parts(parts.clone(), body), state).await?;
    Ok((
        parts,
        UpdateForm::from_fields(|name| fields.0.get(name).cloned()),
    ))
}

async fn add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    let (parts, form) = match posted(&state, request).await {
        Ok(posted) => posted,
        Err(refused) => return Ok(refused),
    };
    let now = state.site.now();
    Ok(
        match add_update(&state.site.db, &user, id, &form, now).await? {
            Ok(_) => see_other(&format!("/admin/articles/{id}?notice=update#live")),
            Err(errors) => {
                let replay = UpdateReplay {
                    update: None,
                    form,
                    errors,
                };
                render_with_article(&state, parts, id, replay).await
            }
        },
    )
}

async fn change(
    State(state): State<AppState>,
    Path((id, update)): Path<(String, String)>,
    SignedIn(user): SignedIn,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let (id, update) = (parse_id(&id)?, parse_id(&update)?);
    let (parts, form) = match posted(&state, request).await {
        Ok(posted) => posted,
        Err(refused) => return Ok(refused),
    };
    let now = state.site.now();
    Ok(
        match edit_update(&state.site.db, &user, id, update, &form, now).await? {
            None => see_other(&format!("/admin/articles/{id}?notice=update-saved#live")),
            Some(errors) => {
                let replay = UpdateReplay {
                    update: Some(update),
                    form,
                    errors,
                };
                render_with_article(&state, parts, id, replay).await
            }
        },
    )
}

async fn delete(
    State(state): State<AppState>,
    Path((id, update)): Path<(String, String)>,
    SignedIn(user): SignedIn,
) -> Result<Response, HttpError> {
    let (id, update) = (parse_id(&id)?, parse_id(&update)?);
    delete_update(&state.site.db, &user, id, update, state.site.now()).await?;
    Ok(see_other(&format!(
        "/admin/articles/{id}?notice=update-deleted#live"
    )))
}

/// The article's workspace page with the refused update form, 422.
async fn render_with_article(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    id: i64,
    replay: UpdateReplay,
) -> Response {
    // Rendered as the article's page, whose section shows the form.
    if let Ok(uri) = format!("/admin/articles/{id}").parse() {
        parts.uri = uri;
    }
    render_again(state, parts, StatusCode::UNPROCESSABLE_ENTITY, replay).await
}
