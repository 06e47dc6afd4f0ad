//! Static pages (migration 0007).

use super::imports::Provenance;
use super::{Db, Flag};
use crate::domain::lang::Lang;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PageRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub body_html: String,
    #[sqlx(try_from = "Flag")]
    pub published: bool,
    #[sqlx(try_from = "Flag")]
    pub in_footer: bool,
    pub updated_at: i64,
    /// Its edition: `/{slug}` or `/kk/{slug}`.
    #[sqlx(try_from = "String")]
    pub lang: Lang,
}

const COLUMNS: &str = "id, slug, title, body, body_html, published, in_footer, updated_at, lang";

/// A page's written columns.
#[derive(Clone, Copy, Debug)]
pub struct PageContent<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub published: bool,
    pub in_footer: bool,
    pub lang: Lang,
}

/// Every page, in footer order.
pub async fn list(db: &Db) -> Result<Vec<PageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM pages ORDER BY position, id"
    ))
    .fetch_all(&mut *db.conn().await?)
    .await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<PageRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM pages WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// `$1` the slug, `$2` the edition: the address's unique index.
pub fn by_slug_sql() -> String {
    format!("SELECT {COLUMNS} FROM pages WHERE slug = $1 AND lang = $2")
}

/// The page (published or not) at `slug` in `lang`'s edition.
pub async fn by_slug(db: &Db, lang: Lang, slug: &str) -> Result<Option<PageRow>, sqlx::Error> {
    sqlx::query_as(&by_slug_sql())
        .bind(slug)
        .bind(lang.code())
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Writes a new page. An imported one records where it came from in the
/// same transaction (its "version" there is its `updated_at`).
pub async fn insert(
    db: &Db,
    page: &PageContent<'_>,
    now: i64,
    imported: Option<&Provenance<'_>>,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = sqlx::query_scalar(
        "INSERT INTO pages (slug, title, body, body_html, published, in_footer, position, \
                            created_at, updated_at, lang) \
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM pages), \
                 $7, $7, $8) RETURNING id",
    )
    .bind(page.slug)
    .bind(page.title)
    .bind(page.body)
    .bind(page.body_html)
    .bind(i64::from(page.published))
    .bind(i64::from(page.in_footer))
    .bind(now)
    .bind(page.lang.code())
    .fetch_one(&mut *tx)
    .await?;
    if let Some(imported) = imported {
        imported.record(&mut tx, id, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Writes page `id`; false when there is no such page. A published
/// page's old address leads to its new one.
pub async fn update(
    db: &Db,
    id: i64,
    page: &PageContent<'_>,
    now: i64,
    imported: Option<&Provenance<'_>>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let old: Option<(String, Flag, String)> =
        sqlx::query_as("SELECT slug, published, lang FROM pages WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((old_slug, was_published, old_lang)) = old else {
        return Ok(false);
    };
    let old_lang = Lang::from_code(&old_lang).unwrap_or_default();
    sqlx::query(
        "UPDATE pages SET slug = $2, title = $3, body = $4, body_html = $5, published = $6, \
                          in_footer = $7, updated_at = $8, lang = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(page.slug)
    .bind(page.title)
    .bind(page.body)
    .bind(page.body_html)
    .bind(i64::from(page.published))
    .bind(i64::from(page.in_footer))
    .bind(now)
    .bind(page.lang.code())
    .execute(&mut *tx)
    .await?;
    let (from, to) = (
        old_lang.path(&format!("/{old_slug}")),
        page.lang.path(&format!("/{}", page.slug)),
    );
    if from != to && bool::from(was_published) {
        super::redirects::set(&mut tx, &from, &to, now).await?;
    }
    if let Some(imported) = imported {
        imported.record(&mut tx, id, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM pages WHERE id = $1")
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Published pages marked for the footer, of both editions: (slug,
/// title, edition).
pub const FOOTER_SQL: &str = "SELECT slug, title, lang FROM pages \
     WHERE published = 1 AND in_footer = 1 ORDER BY position, id";

pub async fn footer(db: &Db) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(FOOTER_SQL)
        .fetch_all(&mut *db.conn().await?)
        .await
}
