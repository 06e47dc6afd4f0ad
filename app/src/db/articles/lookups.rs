//! Articles by address or id, and how many there are.

use super::FoundRow;
use crate::db::Db;
use crate::domain::lang::Lang;

/// The id of the article (of any status) that has `slug` in `lang`'s
/// edition, if any.
pub async fn id_by_slug(db: &Db, lang: Lang, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1 AND lang = $2")
        .bind(slug)
        .bind(lang.code())
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Article `id`'s edition, if it exists.
pub async fn edition_of(db: &Db, id: i64) -> Result<Option<Lang>, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar("SELECT lang FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await?;
    Ok(code.as_deref().and_then(Lang::from_code))
}

/// `$1` the edition, `$2…` the `n` slugs: one lookup on the address's
/// unique index for the lot.
pub fn holders_sql(n: usize) -> String {
    let params: Vec<String> = (2..=n + 1).map(|i| format!("${i}")).collect();
    format!(
        "SELECT id, slug FROM articles WHERE slug IN ({}) AND lang = $1",
        params.join(", ")
    )
}

/// Which of `slugs` articles of `lang`'s edition hold, as (id, slug)
/// (equality only, so no collation can change the answer).
pub async fn holders(
    db: &Db,
    lang: Lang,
    slugs: &[String],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let sql = holders_sql(slugs.len());
    let mut query = sqlx::query_as(&sql).bind(lang.code());
    for slug in slugs {
        query = query.bind(slug);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// `$1…` the `n` ids: primary-key lookups.
pub fn by_ids_sql(n: usize) -> String {
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT id, lang, slug, title, lead, body, category_id, published_at, image_id, \
                image_alt \
         FROM articles WHERE id IN ({})",
        params.join(", ")
    )
}

/// Articles by id, in no particular order (search results).
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<FoundRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = by_ids_sql(ids.len());
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// Number of articles of any status.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// Every article's address and body markup, oldest first (for
/// `qalam markup export`, never a page).
pub async fn bodies(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, body FROM articles ORDER BY id")
        .fetch_all(&mut *db.conn().await?)
        .await
}
