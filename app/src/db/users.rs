//! Editors' accounts.

use super::Db;
use crate::domain::accounts::Role;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub author_id: i64,
}

const COLUMNS: &str = "id, login, name, role, password_hash, author_id";

pub async fn insert(
    db: &Db,
    login: &str,
    name: &str,
    role: Role,
    password_hash: &str,
    author_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (login, name, role, password_hash, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(login)
    .bind(name)
    .bind(role)
    .bind(password_hash)
    .bind(author_id)
    .bind(now)
    .fetch_one(&mut *db.conn().await?)
    .await
}

pub async fn by_login(db: &Db, login: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE login = $1"))
        .bind(login)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

pub async fn list(db: &Db) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users ORDER BY name, id"))
        .fetch_all(&mut *db.conn().await?)
        .await
}

pub async fn set_password(db: &Db, id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

pub async fn set_role(db: &Db, id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}
