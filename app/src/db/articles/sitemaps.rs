//! What sitemaps read of the articles: per edition, each article with its
//! published translation's address (the sitemaps' `hreflang`).

use super::sql::edition;
use super::SitemapRow;
use crate::db::Db;
use crate::domain::lang::Lang;

/// The columns of a [`SitemapRow`] for the article `a` and its published
/// translation `t` (at most one: two editions), as of `$1`.
fn select_with_translation(lang: Lang) -> String {
    format!(
        "SELECT a.lang, a.slug, a.title, a.published_at, a.updated_at, t.slug AS translation_slug \
         FROM articles a LEFT JOIN articles t ON t.translation_group = a.translation_group \
           AND t.lang = {other} AND t.status = 'published' AND t.published_at <= $1 \
         WHERE a.lang = {lang} AND a.status = 'published' AND a.published_at <= $1",
        lang = edition(lang),
        other = edition(lang.other()),
    )
}

/// `lang`'s visible articles fall into blocks of `size` consecutive ids,
/// one sitemap file each: (block number, newest change in it), for the
/// index. It reads every visible article of the edition once (the sitemap
/// index is fetched by crawlers, not readers; see docs/architecture.md,
/// "Hot queries").
pub async fn sitemap_blocks(
    db: &Db,
    lang: Lang,
    now: i64,
    size: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT (id - 1) / $2 AS block, MAX(updated_at) AS lastmod FROM articles \
         WHERE lang = {} AND status = 'published' AND published_at <= $1 \
         GROUP BY (id - 1) / $2 ORDER BY block",
        edition(lang)
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(size)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// `lang`'s visible articles of sitemap block `block` (ids
/// `block*size+1 ..= (block+1)*size`), by id.
pub async fn sitemap_block(
    db: &Db,
    lang: Lang,
    now: i64,
    block: i64,
    size: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    let sql = format!(
        "{} AND a.id > $2 AND a.id <= $3 ORDER BY a.id",
        select_with_translation(lang)
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(block * size)
        .bind((block + 1) * size)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// `lang`'s articles published since `since`, newest first (the edition's
/// news sitemap).
pub async fn published_since(
    db: &Db,
    lang: Lang,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    let sql = format!(
        "{} AND a.published_at > $2 ORDER BY a.published_at DESC, a.id DESC LIMIT $3",
        select_with_translation(lang)
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}
