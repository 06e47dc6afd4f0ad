//! Old addresses that answer 301 (migration 0007). Paths are stored as
//! `server::redirects::key` makes them; targets are always our own paths.

use super::Db;
use sqlx::AnyConnection;

/// Where the old path `key` now lives, if it moved.
pub const TARGET_SQL: &str = "SELECT target FROM redirects WHERE path = $1";

pub async fn target(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(TARGET_SQL)
        .bind(key)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Records that `key` moved to `target`, replacing what it pointed to
/// before. Redirects that led to `key` now lead to `target` at once (no
/// chains), and a redirect away from `target` is dropped: that path is
/// live again.
pub async fn set(
    conn: &mut AnyConnection,
    key: &str,
    target: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM redirects WHERE path = $1")
        .bind(target)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE redirects SET target = $1 WHERE target = $2")
        .bind(target)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    if key == target {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO redirects (path, target, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (path) DO UPDATE SET target = excluded.target",
    )
    .bind(key)
    .bind(target)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Many redirects (`(key, target)`) in one transaction: an import's
/// hundreds of thousands would otherwise be as many commits.
pub async fn save_many(db: &Db, pairs: &[(String, String)], now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (key, target) in pairs {
        set(&mut tx, key, target, now).await?;
    }
    tx.commit().await
}

/// [`set`] on a connection of its own.
pub async fn save(db: &Db, key: &str, target: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    set(&mut tx, key, target, now).await?;
    tx.commit().await
}

/// How many redirects there are (the importer's summary).
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM redirects")
        .fetch_one(&mut *db.conn().await?)
        .await
}
