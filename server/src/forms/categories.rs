//! The admins' category forms: add, rename, move up and down.

use super::{parse_id, see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::domain::refusal::Refusal;
use app::server::categories::{
    add_category, move_category, name_category_in_kazakh, rename_category,
};
use app::text::url::encode_component;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/categories", post(add))
        .route("/admin/categories/{id}", post(change))
}

async fn add(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let name = fields.get("name");
    Ok(match add_category(&state.site.db, &user, &name).await? {
        None => see_other("/admin/categories?notice=category"),
        Some(refusal) => see_other(&format!(
            "/admin/categories?name={}&e_name={}",
            encode_component(&name),
            refusal.code()
        )),
    })
}

async fn change(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    let db = &state.site.db;
    let name = fields.get("name");
    let action = fields.get("do");
    let refused = match action.as_str() {
        "up" => move_category(db, &user, id, -1).await.map(|_| None),
        "down" => move_category(db, &user, id, 1).await.map(|_| None),
        "rename" => rename_category(db, &user, id, &name).await,
        "kazakh" => name_category_in_kazakh(db, &user, id, &name).await,
        _ => Err(Refusal::UnknownAction.into()),
    }?;
    Ok(match refused {
        None => see_other("/admin/categories?notice=category"),
        Some(refusal) if action == "kazakh" => see_other(&format!(
            "/admin/categories?kazakh={id}&kazakh_name={}&e_kazakh={}",
            encode_component(&name),
            refusal.code()
        )),
        // The refused name comes back in its own row.
        Some(refusal) => see_other(&format!(
            "/admin/categories?rename={id}&rename_name={}&e_rename={}",
            encode_component(&name),
            refusal.code()
        )),
    })
}
