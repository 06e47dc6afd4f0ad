//! The admins' reach forms: Telegram channels added and removed, the AI
//! crawlers' policy (docs/reach.md).

use super::{parse_id, see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::server::telegram::{add_channel, remove_channel, set_ai_crawlers};
use app::text::url::encode_component;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/telegram", post(add))
        .route("/admin/telegram/{id}/delete", post(remove))
        .route("/admin/telegram/ai-crawlers", post(ai_crawlers))
}

async fn ai_crawlers(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let now = state.site.now();
    set_ai_crawlers(&state.site.db, &user, &fields.get("policy"), now).await?;
    Ok(see_other("/admin/telegram?notice=ai-crawlers"))
}

async fn add(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let (lang, category, chat) = (
        fields.get("lang"),
        fields.get("category"),
        fields.get("chat"),
    );
    let now = state.site.now();
    Ok(
        match add_channel(&state.site.db, &user, &lang, &category, &chat, now).await? {
            None => see_other("/admin/telegram?notice=channel"),
            // Everything typed comes back, with the message at the field.
            Some(refusal) => see_other(&format!(
                "/admin/telegram?lang={}&category={}&chat={}&e_chat={}",
                encode_component(&lang),
                encode_component(&category),
                encode_component(&chat),
                refusal.code()
            )),
        },
    )
}

async fn remove(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    remove_channel(&state.site.db, &user, id).await?;
    Ok(see_other("/admin/telegram?notice=channel-removed"))
}
