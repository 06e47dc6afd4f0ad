//! What the site makes once and keeps (`site_settings`): the IndexNow
//! key, the VAPID key pair, the admins' choices. Read where used; none
//! is on a reader page's path.

use super::Db;

/// IndexNow's key: its file is served at `/{key}.txt`.
pub const INDEXNOW_KEY: &str = "indexnow_key";
/// The VAPID key pair (RFC 8292): the private scalar, base64url.
pub const VAPID_PRIVATE_KEY: &str = "vapid_private_key";
/// `robots.txt`: "refuse" shuts out the AI training crawlers.
pub const AI_CRAWLERS: &str = "ai_crawlers";
/// The Telegram bot's token entered in the workspace (a secret: never
/// shown again, never logged). `QALAM_TELEGRAM_BOT_TOKEN` wins over it.
pub const TELEGRAM_BOT_TOKEN: &str = "telegram_bot_token";
/// "1" when the nodes run with `QALAM_TELEGRAM_BOT_TOKEN` (set at start):
/// the workspace then says the token is the server's.
pub const TELEGRAM_TOKEN_IN_ENV: &str = "telegram_token_in_env";

/// The setting `name`, if set.
pub async fn get(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM site_settings WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Sets `name` to `value`.
pub async fn put(db: &Db, name: &str, value: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO site_settings (name, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(value)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// Forgets the setting `name`.
pub async fn delete(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM site_settings WHERE name = $1")
        .bind(name)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

/// The setting `name`, made by `make` the first time. Nodes starting
/// together agree: the first insert wins and every node reads it back.
pub async fn get_or_make(
    db: &Db,
    name: &str,
    make: impl FnOnce() -> String,
    now: i64,
) -> Result<String, sqlx::Error> {
    if let Some(value) = get(db, name).await? {
        return Ok(value);
    }
    sqlx::query(
        "INSERT INTO site_settings (name, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(make())
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    get(db, name).await?.ok_or_else(|| sqlx::Error::RowNotFound)
}
