//! Server-side sessions and the sign-in failure counters.

use super::Db;
use crate::domain::accounts::Role;

/// A session with the user it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub author_id: i64,
}

pub async fn insert(db: &Db, token_hash: &str, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $3)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.created_at, s.last_seen_at, u.id AS user_id, u.login, u.name, u.role, \
                u.author_id \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *db.conn().await?)
    .await
}

pub async fn touch(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change).
pub async fn delete_for_user(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected())
}

/// Removes sessions idle since before `idle_before` or created before
/// `created_before`; returns how many.
pub const DELETE_EXPIRED_SQL: &str =
    "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2";

pub async fn delete_expired(
    db: &Db,
    idle_before: i64,
    created_before: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(DELETE_EXPIRED_SQL)
        .bind(idle_before)
        .bind(created_before)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected())
}

/// (failures, last failure time) for a throttling key.
pub async fn failures(db: &Db, key: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT failures, last_failure_at FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

pub async fn record_failure(db: &Db, key: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE \
         SET failures = sign_in_failures.failures + 1, last_failure_at = excluded.last_failure_at",
    )
    .bind(key)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

pub async fn clear_failures(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}
