//! Categories: few rows, read on every page for the navigation.

use super::Db;
use crate::domain::lang::Lang;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
    /// The Kazakh name, "" until an editor gives one.
    pub name_kk: String,
    pub slug_kk: Option<String>,
}

impl Category {
    /// Its name and address in `lang`'s edition; `None` where it has none
    /// (it is not shown there).
    pub fn in_edition(&self, lang: Lang) -> Option<(&str, &str)> {
        match (lang, &self.slug_kk) {
            (Lang::Ru, _) => Some((&self.slug, &self.name)),
            (Lang::Kk, Some(slug)) if !self.name_kk.is_empty() => Some((slug, &self.name_kk)),
            (Lang::Kk, _) => None,
        }
    }
}

/// All categories in the editors' order.
pub const LIST_SQL: &str =
    "SELECT id, slug, name, position, name_kk, slug_kk FROM categories ORDER BY position, id";

pub async fn list(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    sqlx::query_as(LIST_SQL)
        .fetch_all(&mut *db.conn().await?)
        .await
}

pub async fn insert(db: &Db, slug: &str, name: &str, position: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(position)
    .fetch_one(&mut *db.conn().await?)
    .await
}

/// Names category `id` in Kazakh ("" takes it off Kazakh pages).
pub async fn name_in_kazakh(
    db: &Db,
    id: i64,
    name: &str,
    slug: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE categories SET name_kk = $1, slug_kk = $2 WHERE id = $3")
        .bind(name)
        .bind(slug)
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn rename(db: &Db, id: i64, name: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE categories SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a new order: `ids` from first to last.
pub async fn reorder(db: &Db, ids: &[i64]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (position, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE categories SET position = $1 WHERE id = $2")
            .bind(position as i64)
            .bind(*id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Articles of any status per category id, for the editors' overview.
pub async fn article_counts(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT category_id, COUNT(*) FROM articles GROUP BY category_id")
        .fetch_all(&mut *db.conn().await?)
        .await
}
