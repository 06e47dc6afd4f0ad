//! The static pages' form (`/admin/pages/new`, `/admin/pages/{id}`) and
//! their deletion. Refused, the form comes back at once with everything
//! typed (the text is too long for a URL).

use super::{parse_id, render_again, see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::domain::pages::PageForm;
use app::server::pages::{delete_page, save_page, PageReplay, PageSaved};
use axum::body::Body;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/pages/new", post(save))
        .route("/admin/pages/{id}", post(save))
        .route("/admin/pages/{id}/delete", post(delete))
}

async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    id: Option<Path<String>>,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let id = match id {
        Some(Path(id)) if id != "new" => Some(parse_id(&id)?),
        _ => None,
    };
    let (parts, body) = request.into_parts();
    let fields =
        match FormFields::from_request(Request::from_parts(parts.clone(), body), &state).await {
            Ok(fields) => fields,
            Err(refused) => return Ok(refused),
        };
    let form = PageForm::from_fields(id, |name| fields.0.get(name).cloned());
    match save_page(&state.site.db, &user, &form, state.site.now()).await? {
        PageSaved::Saved(id) => Ok(see_other(&format!("/admin/pages/{id}?notice=page"))),
        PageSaved::Invalid(errors) => {
            let replay = PageReplay { form, errors };
            Ok(render_again(&state, parts, StatusCode::UNPROCESSABLE_ENTITY, replay).await)
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    delete_page(&state.site.db, &user, id).await?;
    Ok(see_other("/admin/pages?notice=page-deleted"))
}
