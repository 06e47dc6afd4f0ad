//! Categories: few rows, read on every page for the navigation.

use super::Db;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

/// All categories in the editors' order.
pub async fn list(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, name, position FROM categories ORDER BY position, id")
        .fetch_all(db.pool())
        .await
}

pub async fn insert(db: &Db, slug: &str, name: &str, position: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(position)
    .fetch_one(db.pool())
    .await
}
