//! An article page's row: the article with its category, its author's
//! name and its image's size.

use super::ArticleRow;
use crate::db::Db;

/// What an article page reads. `published_at` is the expression for the
/// publish time (a draft has none).
fn article_page_select(published_at: &str) -> String {
    format!(
        "SELECT a.id, a.category_id, au.slug AS author_slug, a.slug, a.title, a.lead, a.body_html, \
                c.slug AS category_slug, c.name AS category_name, \
                au.name AS author_name, {published_at} AS published_at, a.updated_at, a.breaking, \
                a.image_id, a.image_alt, i.width AS image_width, i.height AS image_height, \
                a.image_caption, a.image_credit, a.credit_line, a.live_started_at, a.live_ended_at \
         FROM articles a \
         JOIN categories c ON c.id = a.category_id \
         JOIN authors au ON au.id = a.author_id \
         LEFT JOIN images i ON i.id = a.image_id"
    )
}

/// `$1` the slug, `$2` now: the slug's unique index.
pub fn published_by_slug_sql() -> String {
    format!(
        "{} WHERE a.slug = $1 AND a.status = 'published' AND a.published_at <= $2",
        article_page_select("a.published_at")
    )
}

/// A visible article by its slug, with its category and author's name.
pub async fn published_by_slug(
    db: &Db,
    slug: &str,
    now: i64,
) -> Result<Option<ArticleRow>, sqlx::Error> {
    sqlx::query_as(&published_by_slug_sql())
        .bind(slug)
        .bind(now)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Article `id` in any status, as its page would show it (the editors'
/// preview); an article without a publish time reads as published `now`.
pub async fn any_by_id(db: &Db, id: i64, now: i64) -> Result<Option<ArticleRow>, sqlx::Error> {
    let sql = format!(
        "{} WHERE a.id = $1",
        article_page_select("COALESCE(a.published_at, $2)")
    );
    sqlx::query_as(&sql)
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *db.conn().await?)
        .await
}
