//! Forms posted after their session ended (`form_stash`), kept until the
//! editor signs in again (`server::articles::stash` says the rules).

use crate::db::Db;

/// A kept form: the article it was for (none for a new one) and the
/// form as JSON.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StashRow {
    pub article_id: Option<i64>,
    pub form: String,
}

pub async fn put(
    db: &Db,
    token_hash: &str,
    article: Option<i64>,
    form: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO form_stash (token_hash, article_id, form, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(article)
    .bind(form)
    .bind(form.len() as i64)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// The form kept under `token_hash`, if it was kept after `since`.
pub async fn get(db: &Db, token_hash: &str, since: i64) -> Result<Option<StashRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT article_id, form FROM form_stash WHERE token_hash = $1 AND created_at > $2",
    )
    .bind(token_hash)
    .bind(since)
    .fetch_optional(&mut *db.conn().await?)
    .await
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM form_stash WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

/// Drops what was kept before `before`; the bytes still kept after that.
pub async fn sweep(db: &Db, before: i64) -> Result<i64, sqlx::Error> {
    let mut conn = db.conn().await?;
    sqlx::query("DELETE FROM form_stash WHERE created_at <= $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    // PostgreSQL's SUM of a BIGINT is a NUMERIC: cast it back.
    let (bytes,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM form_stash")
            .fetch_one(&mut *conn)
            .await?;
    Ok(bytes)
}
