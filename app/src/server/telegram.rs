//! The admins' Telegram channels (docs/reach.md): each edition's, and a
//! category's in an edition. Channels named by `QALAM_TELEGRAM_CHANNELS`
//! are listed and cannot be removed here (the environment owns them).

use crate::db::{categories, outbox, settings, Db};
use crate::domain::lang::Lang;
use crate::domain::refusal::Refusal;
use crate::domain::telegram::{plausible_chat, plausible_token};
use crate::domain::workspace::{BotToken, ChannelLine, Choice};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::require_admin;

/// Every channel, and the categories a new one may be for.
pub async fn channel_lines(
    db: &Db,
    user: &User,
) -> Result<(Vec<ChannelLine>, Vec<Choice>), AppError> {
    require_admin(user)?;
    let categories = categories::list(db).await?;
    let lines = outbox::channels(db)
        .await?
        .into_iter()
        .map(|c| ChannelLine {
            id: c.id,
            lang: c.lang,
            category: c
                .category_id
                .and_then(|id| categories.iter().find(|cat| cat.id == id))
                .map(|cat| cat.name.clone()),
            chat: c.chat,
            from_env: c.from_env,
        })
        .collect();
    let choices = categories
        .into_iter()
        .map(|c| Choice {
            value: c.slug,
            label: c.name,
        })
        .collect();
    Ok((lines, choices))
}

/// Adds a channel: `lang` "ru" or "kk", `category` a category's slug or
/// empty (the whole edition), `chat` "@name" or a numeric id.
/// `Ok(Some(refusal))` says what is wrong with what was typed.
pub async fn add_channel(
    db: &Db,
    user: &User,
    lang: &str,
    category: &str,
    chat: &str,
    now: i64,
) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    let Some(lang) = Lang::from_code(lang.trim()) else {
        return Ok(Some(Refusal::UnknownAction));
    };
    let chat = chat.trim();
    if !plausible_chat(chat) {
        return Ok(Some(Refusal::TelegramChat));
    }
    let category_id = match category.trim() {
        "" => None,
        slug => match categories::list(db)
            .await?
            .into_iter()
            .find(|c| c.slug == slug)
        {
            Some(found) => Some(found.id),
            None => return Ok(Some(Refusal::CategoryUnknown)),
        },
    };
    if outbox::add_channel(db, lang, category_id, chat, now).await? {
        Ok(None)
    } else {
        Ok(Some(Refusal::TelegramChannelTaken))
    }
}

/// Where the bot's token comes from.
pub async fn bot_token(db: &Db) -> Result<BotToken, sqlx::Error> {
    if settings::get(db, settings::TELEGRAM_TOKEN_IN_ENV)
        .await?
        .as_deref()
        == Some("1")
    {
        return Ok(BotToken::FromServer);
    }
    Ok(
        match settings::get(db, settings::TELEGRAM_BOT_TOKEN).await? {
            Some(_) => BotToken::Entered,
            None => BotToken::Missing,
        },
    )
}

/// Keeps the bot's token entered by an admin; `Ok(Some(refusal))` when
/// it does not look like one. The senders pick it up within 10 seconds.
pub async fn set_bot_token(
    db: &Db,
    user: &User,
    token: &str,
    now: i64,
) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    let token = token.trim();
    if !plausible_token(token) {
        return Ok(Some(Refusal::TelegramToken));
    }
    settings::put(db, settings::TELEGRAM_BOT_TOKEN, token, now).await?;
    Ok(None)
}

/// Forgets the token entered here (deliveries then wait).
pub async fn remove_bot_token(db: &Db, user: &User) -> Result<(), AppError> {
    require_admin(user)?;
    settings::delete(db, settings::TELEGRAM_BOT_TOKEN).await?;
    Ok(())
}

/// What the admins' page shows of the search engines' settings.
pub struct SearchEngineSettings {
    pub refuse_ai_crawlers: bool,
    pub indexnow_key: String,
}

pub async fn search_engine_settings(db: &Db) -> Result<SearchEngineSettings, AppError> {
    Ok(SearchEngineSettings {
        refuse_ai_crawlers: refuses_ai_crawlers(db).await?,
        indexnow_key: settings::get(db, settings::INDEXNOW_KEY)
            .await?
            .unwrap_or_default(),
    })
}

/// Whether `robots.txt` shuts out AI training crawlers (the default is to
/// let them in).
pub async fn refuses_ai_crawlers(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(settings::get(db, settings::AI_CRAWLERS).await?.as_deref() == Some(REFUSE))
}

const REFUSE: &str = "refuse";

/// The admins' choice for AI training crawlers: `policy` "allow" or
/// "refuse".
pub async fn set_ai_crawlers(db: &Db, user: &User, policy: &str, now: i64) -> Result<(), AppError> {
    require_admin(user)?;
    let value = match policy {
        "allow" => "allow",
        REFUSE => REFUSE,
        _ => return Err(Refusal::UnknownAction.into()),
    };
    settings::put(db, settings::AI_CRAWLERS, value, now).await?;
    Ok(())
}

/// Removes a channel added here; `NotFound` for one of the environment's
/// or none.
pub async fn remove_channel(db: &Db, user: &User, id: i64) -> Result<(), AppError> {
    require_admin(user)?;
    if outbox::remove_channel(db, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
