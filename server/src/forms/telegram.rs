//! The admins' reach forms: Telegram channels added and removed, the AI
//! crawlers' policy (docs/reach.md).

use super::{parse_id, see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::server::telegram::{
    add_channel, remove_bot_token, remove_channel, set_ai_crawlers, set_bot_token,
};
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
        .route("/admin/telegram/token", post(token))
        .route("/admin/telegram/token/delete", post(remove_token))
}

/// The bot's token. Refused, the form comes back with the message but
/// without what was typed: a secret never travels in an address.
async fn token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let now = state.site.now();
    Ok(
        match set_bot_token(&state.site.db, &user, &fields.get("token"), now).await? {
            None => see_other("/admin/telegram?notice=bot-token#bot"),
            Some(refusal) => see_other(&format!("/admin/telegram?e_token={}#bot", refusal.code())),
        },
    )
}

async fn remove_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, HttpError> {
    remove_bot_token(&state.site.db, &user).await?;
    Ok(see_other("/admin/telegram?notice=bot-token-removed#bot"))
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
