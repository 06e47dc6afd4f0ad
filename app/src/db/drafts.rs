//! Autosaved drafts (`article_drafts`): one slot per article and editor.

use crate::db::Db;

/// A slot: the form as JSON, the version it was typed over, when saved.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DraftRow {
    pub form: String,
    pub base_version: i64,
    pub saved_at: i64,
}

/// Writes `user`'s slot for `article`, replacing what was there.
pub async fn put(
    db: &Db,
    article: i64,
    user: i64,
    form: &str,
    base_version: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO article_drafts (article_id, user_id, form, base_version, saved_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (article_id, user_id) DO UPDATE SET \
         form = excluded.form, base_version = excluded.base_version, saved_at = excluded.saved_at",
    )
    .bind(article)
    .bind(user)
    .bind(form)
    .bind(base_version)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// `user`'s slot for `article`, if any.
pub async fn get(db: &Db, article: i64, user: i64) -> Result<Option<DraftRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT form, base_version, saved_at FROM article_drafts \
         WHERE article_id = $1 AND user_id = $2",
    )
    .bind(article)
    .bind(user)
    .fetch_optional(&mut *db.conn().await?)
    .await
}

/// Empties `user`'s slot for `article` (after a save, or when declined).
pub async fn discard(db: &Db, article: i64, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM article_drafts WHERE article_id = $1 AND user_id = $2")
        .bind(article)
        .bind(user)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}
