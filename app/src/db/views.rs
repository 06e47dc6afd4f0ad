//! Reads per article per hour ("Самое читаемое"). Every server adds its
//! own counts; adding is how counts from several servers merge.

use super::Db;

/// The hour `at` falls in (its first second).
pub fn hour_of(at: i64) -> i64 {
    at - at.rem_euclid(3600)
}

/// Adds `counts` (article id, reads) to the hour starting at `hour`, in
/// one transaction.
pub async fn add(db: &Db, hour: i64, counts: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    if counts.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for (article_id, views) in counts {
        sqlx::query(
            "INSERT INTO article_views (article_id, hour, views) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views",
        )
        .bind(*article_id)
        .bind(hour)
        .bind(*views)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Reads of article `id` since `since` (tests and the editors' figures).
pub async fn total(db: &Db, id: i64, since: i64) -> Result<i64, sqlx::Error> {
    let total: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(views) AS BIGINT) FROM article_views WHERE article_id = $1 AND hour >= $2",
    )
    .bind(id)
    .bind(since)
    .fetch_one(&mut *db.conn().await?)
    .await?;
    Ok(total.unwrap_or(0))
}

/// Forgets hours before `before` (the block reads a week at most).
pub async fn forget_before(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM article_views WHERE hour < $1")
        .bind(before)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected())
}
