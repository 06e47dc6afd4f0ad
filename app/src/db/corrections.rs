//! Correction notes on published articles: added with a new version of
//! the article (`editorial::update`), never changed or removed.

use super::Db;
use crate::domain::lang::Lang;
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

/// `$1` the article: `article_corrections_article`.
pub const FOR_ARTICLE_SQL: &str = "SELECT id, article_id, version, note, created_at \
     FROM article_corrections WHERE article_id = $1 ORDER BY created_at, id";

/// An article's corrections, oldest first.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<CorrectionRow>, sqlx::Error> {
    sqlx::query_as(FOR_ARTICLE_SQL)
        .bind(article_id)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The newest corrections of `lang`'s articles readers can see, newest
/// first. `$1` now, `$2` how many: `article_corrections_recent` from its
/// newest end (the range on `created_at` makes it the one index to start
/// from), each article by its key. CROSS JOIN keeps SQLite from starting
/// at the articles' status index (every published article, then a sort).
/// The other edition's corrections are read and passed over: corrections
/// are few, and a page shows fifty.
pub fn recent_sql(lang: Lang) -> String {
    format!(
        "SELECT c.note, c.created_at, a.slug, a.title \
         FROM article_corrections c CROSS JOIN articles a \
         WHERE c.created_at <= $1 AND a.id = c.article_id \
           AND a.status = 'published' AND a.published_at <= $1 AND a.lang = {} \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
        crate::db::articles::edition_literal(lang)
    )
}

pub async fn recent(
    db: &Db,
    lang: Lang,
    now: i64,
    limit: i64,
) -> Result<Vec<RecentCorrection>, sqlx::Error> {
    sqlx::query_as(&recent_sql(lang))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}
