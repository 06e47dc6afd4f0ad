//! Reads per article per hour ("Самое читаемое"). Every server adds its
//! own counts; adding is how counts from several servers merge.

use super::Db;

/// The hour `at` falls in (its first second).
pub fn hour_of(at: i64) -> i64 {
    at - at.rem_euclid(3600)
}

/// `$1` the article, `$2` the hour, `$3` reads: the primary key.
pub const ADD_SQL: &str =
    "INSERT INTO article_views (article_id, hour, views) VALUES ($1, $2, $3) \
     ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views";

/// Adds `counts` (article id, reads) to the hour starting at `hour`, in
/// one transaction.
pub async fn add(db: &Db, hour: i64, counts: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    if counts.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for (article_id, views) in counts {
        sqlx::query(ADD_SQL)
            .bind(*article_id)
            .bind(hour)
            .bind(*views)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// `$1` the first hour, `$2` how many: the most read articles' ids and
/// reads, from the hours' range of `article_views_hour` alone (the
/// articles are looked up by id after). Materialised first: left to
/// itself, SQLite without statistics read the whole table in key order to
/// spare the grouping its sort.
pub fn most_read_sql() -> &'static str {
    "WITH recent AS MATERIALIZED \
       (SELECT article_id, views FROM article_views WHERE hour >= $1) \
     SELECT article_id, CAST(SUM(views) AS BIGINT) AS total FROM recent \
     GROUP BY article_id ORDER BY total DESC, article_id DESC LIMIT $2"
}

/// The `limit` most read articles since `since` (an hour's start): (id,
/// reads), most read first; whether each is still visible is not known
/// here.
pub async fn most_read(db: &Db, since: i64, limit: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(most_read_sql())
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
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

/// `$1` the first hour kept: `article_views_hour`.
pub const FORGET_BEFORE_SQL: &str = "DELETE FROM article_views WHERE hour < $1";

/// Forgets hours before `before` (the block reads a week at most).
pub async fn forget_before(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(FORGET_BEFORE_SQL)
        .bind(before)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected())
}
