//! Uploaded images, stored in the database so every app server has them.

use super::Db;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ImageFile {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub async fn insert(
    db: &Db,
    content_type: &str,
    width: i64,
    height: i64,
    bytes: &[u8],
    uploaded_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO images (content_type, width, height, bytes, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(content_type)
    .bind(width)
    .bind(height)
    .bind(bytes)
    .bind(uploaded_by)
    .bind(now)
    .fetch_one(&mut *db.conn().await?)
    .await
}

pub async fn file(db: &Db, id: i64) -> Result<Option<ImageFile>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, bytes FROM images WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// (width, height) of an image, if it exists.
pub async fn size(db: &Db, id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT width, height FROM images WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The sizes of the stored images `ids`, for figures in an article's body.
pub async fn sizes(
    db: &Db,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, (i64, i64)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let list = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT id, width, height FROM images WHERE id IN ({list})");
    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&mut *db.conn().await?).await?;
    Ok(rows.into_iter().map(|(id, w, h)| (id, (w, h))).collect())
}
