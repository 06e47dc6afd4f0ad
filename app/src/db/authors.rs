//! Authors of articles (bylines).

use super::Db;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub photo_id: Option<i64>,
}

const COLUMNS: &str = "id, slug, name, bio, photo_id";

pub async fn insert(db: &Db, slug: &str, name: &str, bio: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO authors (slug, name, bio) VALUES ($1, $2, $3) RETURNING id")
        .bind(slug)
        .bind(name)
        .bind(bio)
        .fetch_one(&mut *db.conn().await?)
        .await
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Author>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM authors WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

pub async fn list(db: &Db) -> Result<Vec<Author>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM authors ORDER BY id"))
        .fetch_all(&mut *db.conn().await?)
        .await
}
