//! Correction notes on published articles: added with a new version of
//! the article (`editorial::update`), never changed or removed.

use super::Db;
use sqlx::AnyConnection;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub article_id: i64,
    pub version: i64,
    pub note: String,
    pub created_at: i64,
}

/// A correction that the `/corrections` page lists, with its article.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RecentCorrection {
    pub note: String,
    pub created_at: i64,
    pub slug: String,
    pub title: String,
}

/// Call inside the transaction that writes version `version`.
pub async fn insert(
    conn: &mut AnyConnection,
    article_id: i64,
    version: i64,
    note: &str,
    created_by: Option<i64>,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO article_corrections (article_id, version, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(article_id)
    .bind(version)
    .bind(note)
    .bind(created_by)
    .bind(created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An article's corrections, oldest first.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<CorrectionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, article_id, version, note, created_at FROM article_corrections \
         WHERE article_id = $1 ORDER BY created_at, id",
    )
    .bind(article_id)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// The newest corrections of articles readers can see, newest first.
pub async fn recent(db: &Db, now: i64, limit: i64) -> Result<Vec<RecentCorrection>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.note, c.created_at, a.slug, a.title FROM article_corrections c \
         JOIN articles a ON a.id = c.article_id \
         WHERE a.status = 'published' AND a.published_at <= $1 \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *db.conn().await?)
    .await
}
