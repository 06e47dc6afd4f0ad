//! Authors of articles (bylines).

use super::Db;
use crate::domain::lang::Lang;
use sqlx::AnyConnection;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub photo_id: Option<i64>,
    /// The bio on the author's Kazakh page ("" until written).
    pub bio_kk: String,
}

impl Author {
    /// The bio `lang`'s edition shows.
    pub fn bio_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.bio,
            Lang::Kk => &self.bio_kk,
        }
    }
}

const COLUMNS: &str = "id, slug, name, bio, photo_id, bio_kk";

pub async fn insert(db: &Db, slug: &str, name: &str, bio: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO authors (slug, name, bio) VALUES ($1, $2, $3) RETURNING id")
        .bind(slug)
        .bind(name)
        .bind(bio)
        .fetch_one(&mut *db.conn().await?)
        .await
}

pub fn by_slug_sql() -> String {
    format!("SELECT {COLUMNS} FROM authors WHERE slug = $1")
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Author>, sqlx::Error> {
    sqlx::query_as(&by_slug_sql())
        .bind(slug)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Authors with an article readers can see in `lang`'s edition, for its
/// sitemap (each author's `article_authors_published` range).
pub async fn in_edition(db: &Db, lang: Lang, now: i64) -> Result<Vec<Author>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM authors au WHERE EXISTS ( \
             SELECT 1 FROM article_authors l \
             WHERE l.author_id = au.id AND l.lang = $1 AND l.published_at <= $2) \
         ORDER BY id"
    ))
    .bind(lang.code())
    .bind(now)
    .fetch_all(&mut *db.conn().await?)
    .await
}

pub async fn list(db: &Db) -> Result<Vec<Author>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM authors ORDER BY id"))
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// Sets the byline of article `article_id`: `author_id` first, then
/// `coauthor_ids` in order (repeats of an author dropped). Call inside the
/// transaction that writes the article.
pub async fn set_for_article(
    conn: &mut AnyConnection,
    article_id: i64,
    author_id: i64,
    coauthor_ids: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM article_authors WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    let mut byline = vec![author_id];
    for id in coauthor_ids {
        if !byline.contains(id) {
            byline.push(*id);
        }
    }
    for (position, id) in byline.iter().enumerate() {
        // With the article's publish time while it is published
        // (migration 0009) and its edition (0013): author pages read the
        // link table alone.
        sqlx::query(
            "INSERT INTO article_authors (article_id, author_id, position, published_at, lang) \
             SELECT $1, $2, $3, CASE WHEN status = 'published' THEN published_at END, lang \
             FROM articles WHERE id = $1",
        )
        .bind(article_id)
        .bind(*id)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The co-authors of an article (everyone in its byline but the first),
/// in order; on the pool or inside a transaction.
pub async fn coauthor_ids<'e, E>(executor: E, article_id: i64) -> Result<Vec<i64>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_scalar(
        "SELECT author_id FROM article_authors WHERE article_id = $1 AND position > 0 \
         ORDER BY position",
    )
    .bind(article_id)
    .fetch_all(executor)
    .await
}

/// `$1` the article: its links' key, then each author's.
pub const FOR_ARTICLE_SQL: &str = "SELECT au.id, au.slug, au.name, au.bio, au.photo_id, au.bio_kk \
     FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
     WHERE aa.article_id = $1 ORDER BY aa.position";

/// An article's byline in order, first author first.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<Author>, sqlx::Error> {
    sqlx::query_as(FOR_ARTICLE_SQL)
        .bind(article_id)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// `$1…` the `n` articles: their links' key, then each author's.
pub fn names_for_articles_sql(n: usize) -> String {
    let list = (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT aa.article_id, au.name FROM article_authors aa \
         JOIN authors au ON au.id = aa.author_id \
         WHERE aa.article_id IN ({list}) ORDER BY aa.article_id, aa.position"
    )
}

/// The bylines of several articles: (article id, author name) in byline
/// order, for feeds.
pub async fn names_for_articles(
    db: &Db,
    article_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if article_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = names_for_articles_sql(article_ids.len());
    let mut query = sqlx::query_as(&sql);
    for id in article_ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// Sets an author's bios and photo (the staff page and the profile).
pub async fn set_profile(
    db: &Db,
    id: i64,
    bio: &str,
    bio_kk: &str,
    photo_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE authors SET bio = $2, photo_id = $3, bio_kk = $4 WHERE id = $1")
        .bind(id)
        .bind(bio)
        .bind(photo_id)
        .bind(bio_kk)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<Author>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM authors WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Co-author ids as a revision keeps them: "3,7".
pub fn ids_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The ids a revision kept; anything else in the text is ignored.
pub fn ids_from_text(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}
