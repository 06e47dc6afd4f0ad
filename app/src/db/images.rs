//! Uploaded images, stored in the database so every app server has them.

use super::Db;
use crate::domain::images::Format;

/// One responsive size of a stored image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub width: i64,
    pub height: i64,
    pub format: Format,
    pub bytes: Vec<u8>,
}

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
    uploaded_by: Option<i64>,
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

pub const FILE_SQL: &str = "SELECT content_type, bytes FROM images WHERE id = $1";

pub async fn file(db: &Db, id: i64) -> Result<Option<ImageFile>, sqlx::Error> {
    sqlx::query_as(FILE_SQL)
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The newest `limit` uploads: (id, width, height), newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, width, height FROM images ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// (width, height) of an image, if it exists.
pub const SIZE_SQL: &str = "SELECT width, height FROM images WHERE id = $1";

pub async fn size(db: &Db, id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(SIZE_SQL)
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

/// Stores one size of image `image_id`; a size already there stays (two
/// servers making a missing size at once both succeed).
pub async fn insert_variant(db: &Db, image_id: i64, variant: &Variant) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO image_variants (image_id, width, format, height, bytes) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(image_id)
    .bind(variant.width)
    .bind(variant.format.extension())
    .bind(variant.height)
    .bind(variant.bytes.as_slice())
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// The bytes of one size of an image, if it was made.
pub const VARIANT_SQL: &str =
    "SELECT bytes FROM image_variants WHERE image_id = $1 AND width = $2 AND format = $3";

pub async fn variant(
    db: &Db,
    image_id: i64,
    width: i64,
    format: Format,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar(VARIANT_SQL)
        .bind(image_id)
        .bind(width)
        .bind(format.extension())
        .fetch_optional(&mut *db.conn().await?)
        .await
}
