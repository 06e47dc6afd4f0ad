//! Tags: free-form topics editors attach to articles ("выборы-2026").

use super::Db;
use crate::domain::lang::Lang;
use crate::text::slugify;
use sqlx::AnyConnection;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// Replaces the tags of article `article_id` by `names`, in that order,
/// creating tags that do not exist yet (matched by slug, so "Выборы" and
/// "выборы" are one tag). Call inside the transaction that writes the
/// article.
pub async fn set_for_article(
    conn: &mut AnyConnection,
    article_id: i64,
    names: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    for (position, name) in names.iter().enumerate() {
        let slug = slugify(name);
        sqlx::query("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
            .bind(&slug)
            .bind(name)
            .execute(&mut *conn)
            .await?;
        // The article's publish time while it is published (migration
        // 0009) and its edition (0013): tag pages read the link table
        // alone, newest first.
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id, position, published_at, lang) \
             SELECT $1, t.id, $2, \
                    (SELECT CASE WHEN a.status = 'published' THEN a.published_at END \
                     FROM articles a WHERE a.id = $1), \
                    (SELECT a.lang FROM articles a WHERE a.id = $1) \
             FROM tags t WHERE t.slug = $3 ON CONFLICT DO NOTHING",
        )
        .bind(article_id)
        .bind(position as i64)
        .bind(&slug)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The names of an article's tags, in the editor's order; on the pool or
/// inside a transaction.
pub async fn names<'e, E>(executor: E, article_id: i64) -> Result<Vec<String>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_scalar(
        "SELECT t.name FROM article_tags atg JOIN tags t ON t.id = atg.tag_id \
         WHERE atg.article_id = $1 ORDER BY atg.position",
    )
    .bind(article_id)
    .fetch_all(executor)
    .await
}

/// A new tag (its slug made from the name); returns its id.
pub async fn create(db: &Db, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO tags (slug, name) VALUES ($1, $2) RETURNING id")
        .bind(slugify(name))
        .bind(name)
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// `$1` the article: its links' key, then each tag's.
pub const FOR_ARTICLE_SQL: &str = "SELECT t.id, t.slug, t.name \
     FROM article_tags atg JOIN tags t ON t.id = atg.tag_id \
     WHERE atg.article_id = $1 ORDER BY atg.position";

/// The tags of an article, in the editor's order.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<Tag>, sqlx::Error> {
    sqlx::query_as(FOR_ARTICLE_SQL)
        .bind(article_id)
        .fetch_all(&mut *db.conn().await?)
        .await
}

pub const BY_SLUG_SQL: &str = "SELECT id, slug, name FROM tags WHERE slug = $1";

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Tag>, sqlx::Error> {
    sqlx::query_as(BY_SLUG_SQL)
        .bind(slug)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Tags that readers can see an article of `lang`'s edition under, for
/// its sitemap (each tag's `article_tags_published` range).
pub async fn in_use(db: &Db, lang: Lang, now: i64, limit: i64) -> Result<Vec<Tag>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.slug, t.name FROM tags t WHERE EXISTS ( \
             SELECT 1 FROM article_tags l \
             WHERE l.tag_id = t.id AND l.lang = $3 AND l.published_at <= $1) \
         ORDER BY t.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .bind(lang.code())
    .fetch_all(&mut *db.conn().await?)
    .await
}
