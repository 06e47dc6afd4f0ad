//! What sitemaps read of the articles.

use super::SitemapRow;
use crate::db::Db;

/// Visible articles fall into blocks of `size` consecutive ids, one
/// sitemap file each: (block number, newest change in it), for the index.
/// It reads every visible article once (the sitemap index is fetched by
/// crawlers, not readers; see docs/architecture.md, "Hot queries").
pub async fn sitemap_blocks(db: &Db, now: i64, size: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT (id - 1) / $2 AS block, MAX(updated_at) AS lastmod FROM articles \
         WHERE status = 'published' AND published_at <= $1 GROUP BY (id - 1) / $2 ORDER BY block",
    )
    .bind(now)
    .bind(size)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// The visible articles of sitemap block `block` (ids `block*size+1 ..=
/// (block+1)*size`), by id.
pub async fn sitemap_block(
    db: &Db,
    now: i64,
    block: i64,
    size: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT lang, slug, title, published_at, updated_at FROM articles \
         WHERE id > $2 AND id <= $3 AND status = 'published' AND published_at <= $1 ORDER BY id",
    )
    .bind(now)
    .bind(block * size)
    .bind((block + 1) * size)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// Articles published since `since`, newest first (the news sitemap).
pub async fn published_since(
    db: &Db,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT lang, slug, title, published_at, updated_at FROM articles \
         WHERE status = 'published' AND published_at <= $1 AND published_at > $2 \
         ORDER BY published_at DESC, id DESC LIMIT $3",
    )
    .bind(now)
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *db.conn().await?)
    .await
}
